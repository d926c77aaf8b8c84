"""AK127 production-simple-auth: the simple auth manager is for development only."""
from .conftest import findings

RULE = "AK127"
PRODUCTION = "profile: production\ndatabase: {embedded: false, metadata_secret: db}\n"


def test_refused_in_production_with_the_fix_named():
    problems = findings(RULE, PRODUCTION + "auth: {manager: simple}\n")
    assert [p.path for p in problems] == ["auth.manager"]
    assert problems[0].severity == "error"
    assert "fab" in problems[0].message and "keycloak" in problems[0].message
    assert problems[0].line == 3


def test_production_default_is_fab_and_dev_keeps_simple():
    assert findings(RULE, PRODUCTION) == []
    assert findings(RULE, "auth: {manager: simple}\n") == []
