"""Problems found in a settings file, and the result of checking one."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or risky) in a settings file.

    ``rule`` is an airkube rule id (``AK101``), a JSON Schema keyword
    (``schema:type``) or ``yaml`` for a syntax error.
    """

    path: str
    rule: str
    severity: str
    message: str
    source: str | None = None
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        where = self.source or "<settings>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "column": self.column,
        }


@dataclass
class ValidationResult:
    """Every problem found, plus the settings with defaults filled in (when they parsed).

    ``ignored`` holds the warnings the settings' own `ignore:` list silenced.
    """

    source: str | None
    problems: list[Problem] = field(default_factory=list)
    settings: dict | None = None
    ignored: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "ignored": sorted({p.rule for p in self.ignored}),
            "problems": [p.as_dict() for p in self.problems],
        }


class SettingsError(Exception):
    """Raised by the library API when settings are invalid; carries the result."""

    def __init__(self, result: ValidationResult):
        self.result = result
        first = result.errors[0] if result.errors else None
        summary = f"{len(result.errors)} error(s) in {result.source or 'settings'}"
        if first:
            summary += f"; first: {first.path}: {first.message}"
        super().__init__(summary)
