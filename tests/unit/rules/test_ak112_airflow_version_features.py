"""AK112 airflow-version-features: settings that exist in only one Airflow major version."""
from .conftest import findings

RULE = "AK112"


def test_names_the_field_and_the_fix():
    problems = findings(RULE, 'airflow: {version: "3.3.2", jwt_secret: x}\ndag_processor: {enabled: false}\n')
    assert [p.path for p in problems] == ['dag_processor.enabled']
    assert 'always' in problems[0].message
    assert problems[0].line == 2


def test_airflow2_refuses_api_server_and_lists():
    text = 'airflow: {version: "2.10.4"}\napi_server: {replicas: 2}\nexecutor: [KubernetesExecutor, CeleryExecutor]\n'
    assert sorted(p.path for p in findings(RULE, text)) == ["api_server", "executor"]


def test_hybrid_executor_on_airflow3_suggests_a_list():
    problems = findings(RULE, "executor: CeleryKubernetesExecutor\n")
    assert "executor: [CeleryExecutor, KubernetesExecutor]" in problems[0].message
