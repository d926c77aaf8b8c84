"""values-examples/*: regenerating from settings.yaml gives exactly the checked-in files (the pod
templates are the chart's render, so a chart change that alters a task pod shows up here).

AIRKUBE_UPDATE_GOLDEN=1 rewrites them instead.
"""
import os
from pathlib import Path

import pytest
import yaml

import airkube
from airkube.output.write import write_atomically

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "values-examples"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "settings.yaml").exists())


def generated_files(directory: Path) -> dict[str, str]:
    found = {}
    for path in [directory / "values.yaml", *sorted((directory / "pod-templates").glob("*.yaml"))]:
        if path.exists():
            found[str(path.relative_to(directory))] = path.read_text()
    return found


def test_all_examples_present():
    assert NAMES == ["airflow2", "celery", "dev-kind", "gpu-profiles", "production"]


@pytest.mark.parametrize("name", NAMES)
def test_example_is_up_to_date(name):
    directory = EXAMPLES / name
    expected = airkube.generate(directory / "settings.yaml", source_name="settings.yaml")
    if os.environ.get("AIRKUBE_UPDATE_GOLDEN"):
        write_atomically(directory, expected)
    assert generated_files(directory) == expected, (
        f"values-examples/{name} is stale: run AIRKUBE_UPDATE_GOLDEN=1 pytest {__file__}")


@pytest.mark.parametrize("name", NAMES)
def test_generation_is_deterministic(name):
    settings = EXAMPLES / name / "settings.yaml"
    assert airkube.generate(settings) == airkube.generate(settings)


def test_dev_kind_is_the_built_in_default():
    example = yaml.safe_load((EXAMPLES / "dev-kind" / "settings.yaml").read_text())
    default = airkube.load_settings(None).data
    assert example == default


def test_gpu_profiles_dag_uses_the_generated_templates():
    dag = (EXAMPLES / "gpu-profiles" / "dags" / "example.py").read_text()
    templates = generated_files(EXAMPLES / "gpu-profiles")
    for profile in ("gpu", "small"):
        assert f"/opt/airflow/pod_templates/{profile}.yaml" in dag
        assert f"pod-templates/{profile}.yaml" in templates
    values = yaml.safe_load(templates["values.yaml"])
    assert set(values["workers"]["profiles"]) == {"gpu", "small"}
    gpu = yaml.safe_load(templates["pod-templates/gpu.yaml"])
    assert gpu["spec"]["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert gpu["spec"]["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    compile(dag, "example.py", "exec")


def test_examples_pass_yamllint():
    from yamllint import config, linter

    conf = config.YamlLintConfig("{extends: default, rules: {line-length: {max: 160}, document-start: disable,"
                                 " indentation: {indent-sequences: whatever}}}")
    paths = [*EXAMPLES.glob("*/*.yaml"), *EXAMPLES.glob("*/pod-templates/*.yaml"),
             *(ROOT / "generator" / "airkube" / "data").glob("*.yaml")]
    found = [f"{path}:{p.line}: {p.message}" for path in paths
             for p in linter.run(path.read_text(), conf, str(path))]
    assert found == []
