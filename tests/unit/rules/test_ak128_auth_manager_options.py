"""AK128 auth-manager-options: settings of an auth manager that is not the one in use."""
from .conftest import findings

RULE = "AK128"


def test_webserver_config_without_fab():
    problems = findings(RULE, "auth: {web_config_map: my-config}\n")  # dev on Airflow 3: simple
    assert [p.path for p in problems] == ["auth.web_config_map"]
    assert "simple" in problems[0].message


def test_keycloak_settings_without_keycloak():
    problems = findings(RULE, "auth: {manager: fab, keycloak: {realm: airflow}}\n")
    assert [p.path for p in problems] == ["auth.keycloak"]


def test_fab_by_default_on_airflow2_and_in_production():
    assert findings(RULE, 'airflow: {version: "2.10.4"}\nauth: {web_config: "AUTH_TYPE = 1"}\n') == []
    assert findings(RULE, "profile: production\ndatabase: {embedded: false, metadata_secret: db}\n"
                          'auth: {web_config: "AUTH_TYPE = 1"}\n') == []


def test_admin_password_secret_with_keycloak():
    problems = findings(RULE, "auth: {manager: keycloak}\napi_server: {default_user: {password_secret: admin-pw}}\n")
    assert [p.path for p in problems] == ["api_server.default_user.password_secret"]


def test_webserver_config_given_twice():
    problems = findings(RULE, 'auth: {manager: fab, web_config: "AUTH_TYPE = 1", web_config_map: my-config}\n')
    assert [p.path for p in problems] == ["auth.web_config"]
