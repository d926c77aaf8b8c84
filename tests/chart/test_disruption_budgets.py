"""PodDisruptionBudgets in the official chart's shape, <component>.podDisruptionBudget {enabled, config:
{maxUnavailable, minAvailable, unhealthyPodEvictionPolicy}}: the bound given lands in the budget
(maxUnavailable 1 unless minAvailable is set), both at once are refused as the API server would, and
podDisruptionBudget.maxUnavailable, this chart's key before the official shape, is refused naming its
replacement. Both helm versions."""
from __future__ import annotations

import pytest
from support.kube import problems_all
from support.render import HELMS, RELEASE, find, helm_template, kinds, parse

# values key -> the PodDisruptionBudget it renders (workers: the Celery workers').
BUDGETS = {"scheduler": "scheduler", "apiServer": "api-server", "triggerer": "triggerer",
           "dagProcessor": "dag-processor", "pgbouncer": "pgbouncer", "workers": "worker"}
# Celery workers and PgBouncer, so that every budget renders.
ALL_ON = ("--set", "executor=CeleryExecutor", "--set", "pgbouncer.enabled=true")


def _set(bounds: dict[str, dict]) -> list[str]:
    """--set arguments enabling each component's budget with the config given."""
    args = list(ALL_ON)
    for key, config in bounds.items():
        args += ["--set", f"{key}.podDisruptionBudget.enabled=true"]
        args += [a for bound, value in config.items()
                 for a in ("--set" if isinstance(value, int) else "--set-string",
                           f"{key}.podDisruptionBudget.config.{bound}={value}")]
    return args


def _bounds(objs: list[dict], name: str) -> dict:
    spec = find(objs, "PodDisruptionBudget", f"{RELEASE}-{name}")["spec"]
    return {k: v for k, v in spec.items() if k != "selector"}


def _render(args, helm) -> list[dict]:
    result = helm_template(*args, helm=helm)
    assert result.returncode == 0, result.stderr
    return parse(result.stdout)


# Each component's own value: integers, and percentages for minAvailable (the official chart's IntOrString).
GIVEN = {"maxUnavailable": lambda index: index + 2,
         "minAvailable": lambda index: index if index % 2 else f"{10 * index}%"}


@pytest.mark.parametrize("bound", GIVEN)
@pytest.mark.parametrize("helm", HELMS)
def test_the_config_bound_given_lands_in_each_budget(bound, helm):
    given = {key: {bound: GIVEN[bound](index)} for index, key in enumerate(BUDGETS)}
    objs = _render(_set(given), helm)
    for key, name in BUDGETS.items():
        assert _bounds(objs, name) == given[key], key
    assert problems_all(kinds(objs, "PodDisruptionBudget"), "1.37") == []


@pytest.mark.parametrize("helm", HELMS)
def test_enabled_alone_gives_the_official_default_and_overrides_apply(helm):
    # The official values' way to give minAvailable: maxUnavailable: null beside it (here also not needed).
    values = ("--set", "scheduler.podDisruptionBudget.config.maxUnavailable=null",
              "--set", "scheduler.podDisruptionBudget.config.minAvailable=1",
              "--set", "workers.podDisruptionBudget.config.maxUnavailable=3",
              "--set", "workers.celery.podDisruptionBudget.config.maxUnavailable=null",
              "--set", "workers.celery.podDisruptionBudget.config.minAvailable=2",
              "--set", "dagProcessor.podDisruptionBudget.config.unhealthyPodEvictionPolicy=AlwaysAllow")
    objs = _render([*_set({key: {} for key in BUDGETS}), *values], helm)
    assert _bounds(objs, "triggerer") == {"maxUnavailable": 1}
    assert _bounds(objs, "scheduler") == {"minAvailable": 1}
    assert _bounds(objs, "worker") == {"minAvailable": 2}
    assert _bounds(objs, "dag-processor") == {"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow"}
    assert problems_all(kinds(objs, "PodDisruptionBudget"), "1.30") == []
    # Airflow 2: the webserver's budget, webserver.* over apiServer.*.
    airflow2 = _render(("--set", "images.airflow.tag=2.10.4", "--set", "apiServer.podDisruptionBudget.enabled=true",
                        "--set", "webserver.podDisruptionBudget.config.maxUnavailable=2"), helm)
    assert _bounds(airflow2, "webserver") == {"maxUnavailable": 2}


@pytest.mark.parametrize("helm", HELMS)
def test_both_bounds_at_once_are_refused_naming_the_field(helm):
    result = helm_template(*_set({key: {"maxUnavailable": 2, "minAvailable": 1} for key in BUDGETS}), helm=helm)
    assert result.returncode != 0
    for key in BUDGETS:
        assert (f"{key}.podDisruptionBudget.config: maxUnavailable (2) and minAvailable (1) are both set, and a "
                "PodDisruptionBudget takes one of them; remove one, or set it to null") in result.stderr, key


@pytest.mark.parametrize("helm", HELMS)
def test_the_never_official_max_unavailable_is_refused_naming_the_replacement(helm):
    args = list(ALL_ON)
    for key in (*BUDGETS, "workers.celery"):
        args += ["--set", f"{key}.podDisruptionBudget.maxUnavailable=1"]
    result = helm_template(*args, helm=helm)
    assert result.returncode != 0
    for key in (*BUDGETS, "workers.celery"):
        assert (f"{key}.podDisruptionBudget.maxUnavailable: not a key of the official chart; use "
                f"{key}.podDisruptionBudget.config.maxUnavailable") in result.stderr, key
