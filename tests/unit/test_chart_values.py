"""The settings' `chart_values:` overlay: merged over the generated values last, checked against the
chart's own values.schema.json with errors at the settings file's lines."""
import json
from pathlib import Path

import jsonschema
import yaml

import airkube
from airkube.settings.schema import Validator, unsupported_keywords
from airkube.values import overlay
from airkube.values.common import merge

ROOT = Path(__file__).resolve().parents[2]
CHART_SCHEMA = json.loads((ROOT / "chart" / "values.schema.json").read_text())


def values_of(text: str) -> dict:
    files = airkube.generate(airkube.load_settings("s.yaml", text=text), pod_templates=False)
    return yaml.safe_load(files["values.yaml"])


def errors_of(text: str) -> list:
    return airkube.validate(airkube.load_settings("s.yaml", text=text)).errors


def test_merge_maps_key_by_key_lists_and_scalars_replace():
    base = {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": "x"}
    merged = merge(base, {"a": {"c": [3], "d": {"g": 2}}, "f": None, "h": {"i": 1}})
    assert merged == {"a": {"b": 1, "c": [3], "d": {"e": 1, "g": 2}}, "f": None, "h": {"i": 1}}
    assert base == {"a": {"b": 1, "c": [1, 2], "d": {"e": 1}}, "f": "x"}  # untouched


def test_overlay_wins_over_generated_values_and_adds_keys():
    values = values_of("scheduler: {replicas: 2}\n"
                       "chart_values:\n  scheduler:\n    replicas: 3\n    podAnnotations: {team: data}\n"
                       "  statsd: {extraMappings: [{match: a.b, name: ab}]}\n")
    assert values["scheduler"]["replicas"] == 3
    assert values["scheduler"]["podAnnotations"] == {"team": "data"}
    assert values["scheduler"]["resources"]["requests"]["cpu"] == "500m"  # generated, kept
    assert values["statsd"] == {"enabled": False, "extraMappings": [{"match": "a.b", "name": "ab"}]}


def test_without_overlay_the_values_are_unchanged():
    assert values_of("{}\n") == values_of("chart_values: {}\n")


def test_unknown_key_wrong_type_and_missing_sibling_at_their_lines():
    text = ("profile: dev\n"            # 1
            "chart_values:\n"           # 2
            "  scheduler:\n"            # 3
            "    replicas: two\n"       # 4
            "    podAnotations: {}\n"   # 5
            "  dags:\n"                 # 6
            "    gitSync:\n"            # 7
            "      enabled: true\n")    # 8
    errors = {e.path: e for e in errors_of(text)}
    assert sorted(errors) == ["chart_values.dags.gitSync.repo", "chart_values.scheduler.podAnotations",
                              "chart_values.scheduler.replicas"]
    assert (errors["chart_values.scheduler.replicas"].line, errors["chart_values.scheduler.replicas"].column) == (4, 5)
    assert "whole number" in errors["chart_values.scheduler.replicas"].message
    unknown = errors["chart_values.scheduler.podAnotations"]
    assert unknown.line == 5 and "Did you mean `podAnnotations`?" in unknown.message
    # gitSync.enabled needs a repo (the chart schema's if/then): shown where gitSync is written.
    assert errors["chart_values.dags.gitSync.repo"].line == 7
    assert all(e.source == "s.yaml" for e in errors.values())


def test_a_sibling_from_the_settings_satisfies_the_chart():
    assert errors_of("dags: {git_sync: {enabled: true, repo: 'https://g/r.git'}}\n"
                     "chart_values: {dags: {gitSync: {depth: 2}}}\n") == []


def test_null_removes_a_chart_default_as_in_helm():
    assert errors_of("chart_values: {scheduler: {resources: {limits: null}}}\n") == []
    assert values_of("chart_values: {scheduler: {resources: {limits: null}}}\n")["scheduler"]["resources"] == {
        "requests": {"cpu": "500m", "memory": "1Gi"}, "limits": None}


def test_not_a_mapping_is_a_settings_schema_error():
    [error] = errors_of("chart_values: [1]\n")
    assert error.path == "chart_values" and error.line == 1 and "mapping" in error.message


def test_generate_refuses_what_validate_refuses(tmp_path):
    bad = "chart_values: {scheduler: {replicas: -1}}\n"
    [error] = errors_of(bad)
    assert error.path == "chart_values.scheduler.replicas" and "at least 0" in error.message
    try:
        airkube.generate(airkube.load_settings("s.yaml", text=bad))
    except airkube.SettingsError as exc:
        assert exc.result.errors == [error]
    else:
        raise AssertionError("generate accepted values the chart refuses")


def test_the_package_reads_the_charts_own_schema():
    assert overlay.chart_schema() == CHART_SCHEMA
    assert (overlay.CHART / "values.schema.json").resolve() == (ROOT / "chart" / "values.schema.json").resolve()


def test_the_checker_implements_every_keyword_of_the_chart_schema():
    assert unsupported_keywords(CHART_SCHEMA) == set()


def test_the_checker_agrees_with_jsonschema_on_chart_values():
    reference, mine = jsonschema.Draft202012Validator(CHART_SCHEMA), Validator(CHART_SCHEMA)
    defaults = overlay.chart_defaults()
    for change in ({}, {"dags": {"gitSync": {"enabled": True}}}, {"dags": {"gitSync": {"enabled": True, "repo": ""}}},
                   {"scheduler": {"replicas": "2", "x": 1}}, {"env": [{"value": "a"}]},
                   {"workers": {"resources": {"limits": {"memory": "512K"}}}}, {"executor": "Sequential"}):
        values = merge(defaults, change)
        places = lambda errors: sorted(tuple(map(str, e.absolute_path)) for e in errors)  # noqa: E731
        assert places(mine.iter_errors(values)) == places(reference.iter_errors(values)), change


def test_keys_the_chart_refuses_by_name_are_refused_at_their_lines():
    """The chart's schema lets some keys past only for the chart to refuse them naming the replacement
    (chart/files/refused-keys.yaml, inline keys): validate reports them before helm runs."""
    text = ("chart_values:\n"               # 1
            "  pools: {default: 8}\n"       # 2
            "  redis:\n"                    # 3
            "    auth: {enabled: true}\n"   # 4
            "  fernetKey: abc\n")           # 5
    errors = {e.path: e for e in errors_of(text)}
    assert sorted(errors) == ["chart_values.fernetKey", "chart_values.pools", "chart_values.redis.auth"]
    pools, auth = errors["chart_values.pools"], errors["chart_values.redis.auth"]
    assert pools.line == 2 and "airflow pools import" in pools.message
    assert auth.line == 4 and "passwordSecretName" in auth.message
    assert "fernetKeySecretName" in errors["chart_values.fernetKey"].message


def test_a_refused_key_of_a_shared_component_block_is_refused_at_its_line():
    """podDisruptionBudget is declared once ($defs) for several components; its refused key is found there."""
    text = ("chart_values:\n"
            "  triggerer:\n"
            "    podDisruptionBudget: {enabled: true, config: {minAvailable: 1}}\n"
            "  workers:\n"
            "    celery:\n"
            "      podDisruptionBudget:\n"
            "        maxUnavailable: 2\n")  # 7
    errors = {e.path: e for e in errors_of(text)}
    refused = errors.pop("chart_values.workers.celery.podDisruptionBudget.maxUnavailable")
    assert errors == {} and refused.line == 7 and "podDisruptionBudget.config.maxUnavailable" in refused.message
