"""The validation pipeline: YAML, then the schema, then the cross-field rules.

Every stage runs that can, so one pass reports every problem.
"""

from __future__ import annotations

from . import loader, schema_check
from .result import ERROR, Problem, ValidationResult
from .rules import RuleContext, all_rules
from .schema import with_defaults


def validate_document(document: loader.SettingsDocument) -> ValidationResult:
    result = ValidationResult(source=document.source)
    result.problems.extend(document.problems)
    data = document.data
    if data is None:
        return result  # the YAML did not parse; nothing more to check
    if not isinstance(data, dict):
        result.problems.append(Problem(
            "$", "schema:type", ERROR,
            f"settings must be a mapping of keys (profile:, airflow:, ...), got {type(data).__name__}. "
            "Run `airkube init` for a starter file.",
            document.source, *document.position("$")))
        return result

    result.problems.extend(schema_check.check(data, document))
    resolved = with_defaults(data)
    result.settings = resolved
    context = RuleContext(resolved, data)
    for rule in all_rules():
        try:
            findings = list(rule.check(context))
        except Exception as exc:  # noqa: BLE001 - a rule tripping on malformed settings
            if any(p.severity == ERROR for p in result.problems):
                continue  # the schema already explains what is malformed
            findings = []
            result.problems.append(Problem("$", rule.ID, ERROR,
                                           f"internal error in rule {rule.ID}: {exc!r}; please report it.",
                                           document.source))
        for finding in findings:
            line, column = document.position(finding.path)
            result.problems.append(Problem(finding.path, rule.ID, finding.severity, finding.message,
                                           document.source, line, column))
    return result
