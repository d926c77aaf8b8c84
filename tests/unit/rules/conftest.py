"""Helpers for the per-rule tests: run settings text through the whole validator."""
import re
import textwrap

import pytest

import airkube
from airkube.settings.rules import rule_by_id


def findings(rule_id: str, text: str):
    """Problems the rule reports for these settings (schema must be clean, so examples stay honest)."""
    result = airkube.validate(airkube.load_settings("example.yaml", text=textwrap.dedent(text)))
    schema_errors = [p for p in result.problems if p.rule.startswith(("schema:", "yaml"))]
    assert not schema_errors, schema_errors
    return [p for p in result.problems if p.rule == rule_id]


def docstring_examples(rule_id: str) -> tuple[str, str]:
    """The passing and failing examples from the rule's docstring."""
    doc = rule_by_id(rule_id).__doc__
    blocks = re.findall(r"(Passing|Failing) example::\n\n((?:    .*\n|\n)+)", doc + "\n")
    found = {kind: textwrap.dedent(body) for kind, body in blocks}
    return found["Passing"], found["Failing"]


@pytest.fixture
def check():
    return findings
