"""AK109 production-inline-secrets: production settings hold Secret names, never passwords."""
from .conftest import findings

RULE = "AK109"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'profile: production\ndatabase: {embedded: false, metadata_secret: db}\n'
                              'airflow:\n  env: {DB_URL: "postgresql://u:hunter2@db/airflow"}\n')
    assert [p.path for p in problems] == ['airflow.env.DB_URL']
    assert 'user and password' in problems[0].message
    assert problems[0].line == 4


def test_dev_profile_allows_the_lab_password():
    assert findings(RULE, "database: {embedded: true, embedded_password: airflow}\n") == []


def test_secret_named_env_in_a_profile():
    text = ("profile: production\ndatabase: {embedded: false, metadata_secret: db}\n"
            "workers:\n  profiles:\n    gpu:\n      env: {API_TOKEN: abc}\n")
    assert [p.path for p in findings(RULE, text)] == ["workers.profiles.gpu.env.API_TOKEN"]


def test_secrets_in_chart_values():
    text = ("profile: production\ndatabase: {embedded: false, metadata_secret: db}\n"
            "chart_values:\n  data: {metadataConnection: {pass: abc}}\n  fernetKeySecretName: keys\n"
            "  dags: {gitSync: {credentialsSecret: git}}\n  redis: {password: hunter2}\n")
    assert [p.path for p in findings(RULE, text)] == ["chart_values.data.metadataConnection.pass",
                                                      "chart_values.redis.password"]
    assert findings(RULE, text.replace("production", "dev")) == []
