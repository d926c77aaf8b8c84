"""Checking settings: YAML problems, then the schema, then the cross-field rules, then `ignore:`.

Every stage runs that can, so one pass reports every problem.  Schema errors become plain
messages that name the path, what was found and the fix.
"""

from __future__ import annotations

from . import paths
from .defaults import with_defaults
from .loader import SettingsDocument
from .result import ERROR, WARNING, Problem, ValidationResult
from .rules import RuleContext, all_rules, can_warn
from .schema import subschema_at, validator
from .secrets import is_secret
from .suggest import did_you_mean

_TYPE_WORDS = {
    "string": "a string", "integer": "a whole number", "number": "a number",
    "boolean": "true or false", "object": "a mapping (key: value)", "array": "a list",
    "null": "null",
}


def validate_document(document: SettingsDocument) -> ValidationResult:
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

    result.problems.extend(schema_problems(data, document))
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
    _apply_ignore(data.get("ignore"), document, result)
    return result


def _apply_ignore(ignore, document: SettingsDocument, result: ValidationResult) -> None:
    """`ignore: [AK203]` drops that rule's warnings; errors can't be ignored."""
    if not isinstance(ignore, list):
        return  # the schema reported it
    rules = {rule.ID: rule for rule in all_rules()}
    warning_ids = sorted(i for i, r in rules.items() if can_warn(r))
    silenced = set()
    for index, rule_id in enumerate(ignore):
        where = f"ignore[{index}]"
        rule = rules.get(rule_id) if isinstance(rule_id, str) else None
        if rule is None:
            if isinstance(rule_id, str) and _looks_like_rule_id(rule_id):
                message = (f"`{where}` is {rule_id!r}, which is not an airkube rule. Rules that report "
                           f"warnings: {', '.join(warning_ids)}.{did_you_mean(rule_id, warning_ids)}")
                result.problems.append(Problem(where, "ignore", ERROR, message, document.source,
                                               *document.position(where)))
            continue
        if not can_warn(rule):
            result.problems.append(Problem(
                where, "ignore", ERROR,
                f"`{where}` is {rule_id} ({rule.NAME}), which reports errors: errors can't be ignored, fix "
                f"what it names instead. Only rules that report warnings can be ignored: {', '.join(warning_ids)}.",
                document.source, *document.position(where)))
            continue
        silenced.add(rule_id)
    kept = []
    for problem in result.problems:
        (result.ignored if problem.severity == WARNING and problem.rule in silenced else kept).append(problem)
    result.problems = kept


def _looks_like_rule_id(rule_id: str) -> bool:
    """An id the schema's pattern accepts (otherwise the schema already reported it)."""
    return len(rule_id) == 5 and rule_id.startswith("AK") and rule_id[2:].isdigit()


_HIDDEN = object()


def schema_problems(data, document) -> list[Problem]:
    """The schema's findings as plain messages, in path order."""
    problems: list[Problem] = []
    errors = validator().iter_errors(data)
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        problems.extend(_describe(error, document))
    return problems


def _got(value) -> str:
    if value is _HIDDEN:
        return "a value not shown here (it may be a secret)"
    kind = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = repr(value) if isinstance(value, str) else str(value)
        return f"{kind} {text[:40]}"
    return kind


def describe_schema_error(error, document, prefix: tuple = (), root: dict | None = None) -> list[Problem]:
    """Plain messages for one error of a schema checking the part of the settings at ``prefix``
    (``root``: that schema, default the settings schema); e.g. `chart_values` and the chart's schema."""
    return _describe(error, document, prefix, root)


def _hint(parts, prefix: tuple = (), root: dict | None = None) -> str:
    node = subschema_at(list(parts)[len(prefix):], root) or {}
    desc = node.get("description")
    return f" ({desc.rstrip('.')})" if desc else ""


def _problem(parts, keyword, message, document) -> Problem:
    dotted = paths.join(parts)
    line, column = document.position(dotted) if document else (None, None)
    return Problem(dotted, f"schema:{keyword}", ERROR, message,
                   document.source if document else None, line, column)


def _describe(error, document, prefix: tuple = (), root: dict | None = None) -> list[Problem]:
    parts = list(prefix) + list(error.absolute_path)
    where = paths.join(parts)
    hint = lambda at: _hint(at, prefix, root)  # noqa: E731 - the description of what is at a path
    keyword = error.validator
    value = error.instance
    if is_secret(parts) and keyword not in ("additionalProperties", "required"):
        value = _HIDDEN
    schema = error.schema if isinstance(error.schema, dict) else {}

    if "propertyNames" in error.relative_schema_path and keyword != "propertyNames":
        # The check ran on a key name: report it as a bad key of this mapping.
        if keyword == "enum":
            choices = schema.get("enum", [])
            msg = (f"unknown key {value!r} in `{where}`; allowed: {', '.join(choices)}."
                   f"{did_you_mean(value, choices)}")
        elif keyword == "not":
            msg = f"`{where}` can't use the name {value!r}: it is reserved (for the default pod template)."
        else:
            rule = schema.get("pattern") or schema.get("maxLength")
            msg = (f"`{where}` has a key {value!r} that is not allowed ({keyword} {rule!r}); "
                   f"use lowercase letters, digits and '-', e.g. {str(value).lower().replace('_', '-')!r}.")
        return [_problem(parts, "propertyNames", msg, document)]
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        out = []
        for key in sorted(k for k in value if k not in schema.get("properties", {})):
            hint = did_you_mean(key, allowed) or (
                f" Allowed keys: {', '.join(allowed)}." if len(allowed) <= 12 else
                " The chart's keys are listed in chart/README.md." if prefix else
                " Run `airkube schema` for the allowed keys.")
            out.append(_problem(parts + [key], keyword,
                                f"unknown key `{key}` in `{where}`.{hint}", document))
        return out
    if keyword in ("anyOf", "oneOf"):
        # Report the branch that fits the value's type (e.g. the enum behind a string).
        context = [e for e in error.context if e.validator != "type"] or list(error.context)
        if context:
            deepest = max(context, key=lambda e: len(e.absolute_path))
            return _describe(deepest, document, prefix, root)
    if keyword == "type":
        wanted = schema.get("type")
        wanted = wanted if isinstance(wanted, list) else [wanted]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        fix = ""
        numeric = isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit()
        if numeric and ("integer" in wanted or "number" in wanted):
            fix = f" Write {value.strip()} without quotes."
        elif isinstance(value, (int, float, bool)) and "string" in wanted:
            fix = f" Quote it: \"{str(value).lower() if isinstance(value, bool) else value}\"."
        msg = f"`{where}` must be {words}, got {_got(value)}.{fix}{hint(parts)}"
    elif keyword == "enum":
        choices = [c for c in schema.get("enum", []) if c is not None]
        msg = (f"`{where}` is {_got(value)}, which is not one of: {', '.join(map(str, choices))}."
               f"{did_you_mean(value, choices) if isinstance(value, str) else ''}")
    elif keyword == "const":
        msg = f"`{where}` must be {schema.get('const')!r}."
    elif keyword == "pattern":
        msg = (f"`{where}` is {_got(value)}, which has the wrong form "
               f"(expected to match {schema.get('pattern')}).{hint(parts)}")
    elif keyword == "propertyNames":
        bad = error.instance
        msg = f"`{where}` has a key {bad!r} that is not allowed: {error.message}.{hint(parts)}"
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = schema.get(keyword)
        side = "at least" if "inimum" in keyword else "at most"
        msg = f"`{where}` is {value}; it must be {side} {bound}.{hint(parts)}"
    elif keyword in ("minLength", "maxLength"):
        size = "short" if keyword == "minLength" else "long"
        msg = f"`{where}` is too {size} ({error.message}).{hint(parts)}"
    elif keyword in ("minItems", "maxItems", "uniqueItems"):
        msg = f"`{where}`: {error.message}.{hint(parts)}"
    elif keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        msg = f"`{where}` needs the key `{missing}`.{hint(parts + [missing])}"
    elif keyword in ("minProperties", "maxProperties"):
        amount = "too few" if keyword == "minProperties" else "too many"
        msg = f"`{where}` has {amount} keys: {error.message}.{hint(parts)}"
    else:
        msg = f"`{where}`: {error.message}"
    return [_problem(parts, keyword, msg, document)]
