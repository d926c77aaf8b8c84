"""chart-testing's own lint (the pinned Go `ct`) over the chart and every chart/ci scenario,
with our lintconf.yaml and chart_schema.yaml."""
import os
import shutil
import subprocess

import pytest
from support.render import ROOT, SCENARIOS, TOOLS_BIN

pytestmark = pytest.mark.compat


def run_ct(*args, cwd=ROOT):
    venv_bin = ROOT / ".venv" / "bin"  # yamllint and yamale, which ct runs
    env = {**os.environ, "PATH": f"{TOOLS_BIN}:{venv_bin}:{os.environ['PATH']}"}
    return subprocess.run([str(TOOLS_BIN / "ct"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_ct_lint_chart_with_every_ci_scenario():
    result = run_ct("lint", "--config", "tools/ct/ct.yaml", "--charts", "chart")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "All charts linted successfully" in output
    # ct lints once per values file in chart/ci: every scenario must have been linted.
    for name in SCENARIOS:
        assert f"{name}-values.yaml" in output, f"ct did not lint {name}"


def test_ct_lint_fails_on_a_broken_chart(tmp_path):
    broken = tmp_path / "chart"
    shutil.copytree(ROOT / "chart", broken)
    chart_yaml = broken / "Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text().replace("version: 0.1.0", "version: not-semver"))
    shutil.copytree(ROOT / "tools" / "ct", tmp_path / "tools" / "ct")
    result = run_ct("lint", "--config", "tools/ct/ct.yaml", "--charts", "chart", cwd=tmp_path)
    assert result.returncode != 0
