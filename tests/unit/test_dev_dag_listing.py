"""The dev profile lists the DAG folder every few seconds (the seed 003 lab waited about
4 minutes for its DAG with Airflow's 300 s default); production keeps Airflow's default;
a value the user sets wins. Airflow 3 and 2 name the option differently."""
import pytest
import yaml

import airkube


@pytest.mark.parametrize(("version", "section", "key"), [
    ("3.3.2", "dag_processor", "refresh_interval"),
    ("2.10.4", "scheduler", "dag_dir_list_interval"),
])
def test_dev_profile_lists_dags_every_few_seconds(version, section, key):
    values = yaml.safe_load(airkube.generate(airkube.load_settings(
        "s.yaml", text=f"profile: dev\nairflow: {{version: '{version}'}}\n"), pod_templates=False)["values.yaml"])
    assert values["config"][section][key] == "10"


def test_production_keeps_airflows_default():
    text = ("profile: production\ndatabase: {embedded: false, metadata_secret: db, pgbouncer: {enabled: false}}\n"
            "airflow: {fernet_key_secret: f}\n")
    values = yaml.safe_load(airkube.generate(airkube.load_settings("s.yaml", text=text),
                                             pod_templates=False)["values.yaml"])
    assert "refresh_interval" not in values["config"].get("dag_processor", {})


def test_the_users_value_wins():
    values = yaml.safe_load(airkube.generate(airkube.load_settings(
        "s.yaml", text="profile: dev\nairflow: {config: {dag_processor: {refresh_interval: 60}}}\n"),
        pod_templates=False)["values.yaml"])
    assert values["config"]["dag_processor"]["refresh_interval"] == "60"
