import subprocess
import sys

import pytest
from support.render import CHART, HELMS, helm_bin


@pytest.mark.parametrize("helm", HELMS)
def test_helm_lint_strict(helm):
    result = subprocess.run([helm_bin(helm), "lint", "--strict", str(CHART)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 chart(s) failed" in result.stdout


def test_schema_and_readme_are_generated_from_values():
    result = subprocess.run([sys.executable, "tools/gen_chart_schema.py", "--check"], cwd=CHART.parent,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_value_is_documented_where_declared():
    sys.path.insert(0, str(CHART.parent / "tools"))
    import yaml
    from gen_chart_schema import VALUES, descriptions, leaves

    docs = descriptions(VALUES.read_text())
    undocumented = [path for path, _ in leaves(yaml.safe_load(VALUES.read_text())) if path not in docs]
    assert undocumented == []
