"""AK117 airflow-config-keys: airflow.config holds options this Airflow version knows."""
from .conftest import docstring_examples, findings

RULE = "AK117"


def test_failing_example_is_reported():
    _, failing = docstring_examples(RULE)
    problems = findings(RULE, failing)
    assert [p.path for p in problems] == ["airflow.config.scheduler.dag_dir_list_interval"]
    assert "dag_processor.refresh_interval" in problems[0].message


def test_misspelt_option_gets_a_suggestion():
    problems = findings(RULE, 'airflow:\n  config: {core: {paralelism: 3}}\n')
    assert [p.path for p in problems] == ["airflow.config.core.paralelism"]
    assert "Did you mean `parallelism`?" in problems[0].message
    assert problems[0].line == 2


def test_airflow3_section_on_airflow2():
    problems = findings(RULE, 'airflow: {version: "2.10.4", config: {dag_processor: {refresh_interval: 30}}}\n'
                              'webserver: {}\n')
    assert "no [dag_processor] section" in problems[0].message
    assert "scheduler.dag_dir_list_interval" in problems[0].message


def test_provider_sections_pass():
    assert findings(RULE, "airflow: {config: {my_plugin: {anything: 1}}}\n") == []
