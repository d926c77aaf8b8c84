"""AK126 keycloak-client: the keycloak auth manager needs its realm, client and client Secret."""
from .conftest import findings

RULE = "AK126"


def test_each_missing_setting_is_named():
    problems = findings(RULE, "auth: {manager: keycloak}\n")
    assert [p.path for p in problems] == [
        "auth.keycloak.server_url", "auth.keycloak.realm", "auth.keycloak.client_id",
        "auth.keycloak.client_secret_secret", "airflow.config.api.base_url"]
    assert "client-secret" in problems[3].message


def test_only_for_keycloak():
    assert findings(RULE, "auth: {manager: fab}\n") == []
