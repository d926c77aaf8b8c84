"""Every rule module follows the convention: id matches its file, docstring examples, its own test."""
from pathlib import Path

import pytest

from airkube.settings.rules import RULE_MODULES, all_rules

from .conftest import docstring_examples, findings

HERE = Path(__file__).parent


@pytest.mark.parametrize("module", all_rules(), ids=lambda m: m.ID)
def test_rule_convention(module):
    filename = Path(module.__file__).stem
    assert filename.startswith(module.ID.lower() + "_")
    assert filename.endswith(module.NAME.replace("-", "_"))
    assert "Passing example::" in module.__doc__ and "Failing example::" in module.__doc__
    assert (HERE / f"test_{filename}.py").exists()


def test_ids_are_unique_and_ordered():
    ids = [m.ID for m in all_rules()]
    assert ids == sorted(set(ids)) and len(ids) == len(RULE_MODULES)


@pytest.mark.parametrize("rule", [m.ID for m in all_rules()])
def test_docstring_examples(rule):
    """The docstring's passing example is clean and its failing example is reported, with a path and a message."""
    passing, failing = docstring_examples(rule)
    assert findings(rule, passing) == []
    problems = findings(rule, failing)
    assert problems, "the docstring's failing example must trigger the rule"
    assert all(problem.path and problem.message for problem in problems)
    if rule.startswith("AK2"):  # AK2xx rules flag what is legal but risky: warnings, exit 0
        assert {problem.severity for problem in problems} == {"warning"}
