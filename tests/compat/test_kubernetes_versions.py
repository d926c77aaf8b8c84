"""Strict validation of every scenario for each Kubernetes minor from 1.30 to 1.37 (kubernetes-validate's newest)."""
import pytest
from support.kube import problems_all
from support.render import SCENARIOS, render_scenario

pytestmark = pytest.mark.compat

MINORS = [f"1.{minor}" for minor in range(30, 38)]


@pytest.mark.parametrize("minor", MINORS)
def test_every_scenario_is_strictly_valid(minor):
    problems = {name: problems_all(render_scenario(name), minor) for name in SCENARIOS}
    assert {name: found for name, found in problems.items() if found} == {}
