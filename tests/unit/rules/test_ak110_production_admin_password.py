"""AK110 production-admin-password: no well-known admin password in production."""
from .conftest import findings

RULE = "AK110"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'profile: production\nairflow: {version: "2.10.4"}\n'
                              'database: {embedded: false, metadata_secret: db}\n'
                              'webserver: {default_user: {password: changeme}}\n')
    assert [p.path for p in problems] == ['webserver.default_user.password']
    assert 'changeme' in problems[0].message
    assert problems[0].line == 4
