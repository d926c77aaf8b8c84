"""AK125 auth-manager-version: Airflow 2 logs in through FAB only."""
import pytest

from .conftest import findings

RULE = "AK125"


@pytest.mark.parametrize("manager", ["simple", "keycloak"])
def test_names_the_field_and_the_fix(manager):
    problems = findings(RULE, f'airflow: {{version: "2.10.4"}}\nauth: {{manager: {manager}}}\n')
    assert [p.path for p in problems] == ["auth.manager"]
    assert "Airflow 3" in problems[0].message and "web_config" in problems[0].message
    assert problems[0].line == 2


def test_airflow2_default_and_airflow3_keycloak_pass():
    assert findings(RULE, 'airflow: {version: "2.10.4"}\n') == []
    assert findings(RULE, "auth: {manager: simple}\n") == []
