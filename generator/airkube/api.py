"""The library API: load_settings, validate, generate."""

from __future__ import annotations

import os

from .settings.loader import SettingsDocument, load_default, load_file, load_text
from .settings.result import ERROR, Problem, SettingsError, ValidationResult


def load_settings(source: str | os.PathLike | None = None, *, text: str | None = None) -> SettingsDocument:
    """Read settings from a file, from ``text``, or (both None) the built-in dev settings."""
    if text is not None:
        return load_text(text, str(source) if source is not None else "<text>")
    if source is None:
        return load_default()
    return load_file(source)


def _document(settings) -> SettingsDocument:
    if isinstance(settings, SettingsDocument):
        return settings
    if isinstance(settings, dict):
        return SettingsDocument(data=settings, source="<dict>")
    return load_settings(settings)


def validate(settings=None) -> ValidationResult:
    """Check settings (a path, a dict, a loaded document, or None for the defaults)."""
    from .settings.check import validate_document
    from .values.overlay import overlay_problems

    document = _document(settings)
    result = validate_document(document)
    result.problems.extend(overlay_problems(document, result))
    return result


def generate(settings=None, *, source_name: str | None = None, pod_templates: bool = True) -> dict[str, str]:
    """Validate, then return the generated files as {relative path: text}: values.yaml, and the
    chart's render of the worker pod templates (pod-templates/<name>.yaml) unless ``pod_templates``
    is False or there is no helm (a HelmNotFound warning then says so).

    Raises SettingsError (carrying the ValidationResult) when there are errors.
    """
    document = _document(settings)
    result = validate(document)
    if not result.ok:
        raise SettingsError(result)
    return generate_checked(document, result, source_name, pod_templates)


def generate_checked(document: SettingsDocument, result: ValidationResult,
                     source_name: str | None = None, pod_templates: bool = True) -> dict[str, str]:
    """The files of settings that ``validate`` already passed (the CLI validates once per command)."""
    from .output.files import render_files
    from .output.helm import ChartRenderError

    try:
        return render_files(result.settings, source_name or _source_label(document.source), pod_templates)
    except ChartRenderError as exc:
        result.problems.append(Problem("$", "chart", ERROR,
                                       f"the chart refused the generated values: {exc}. Unless this names a "
                                       "setting to change, it is an airkube bug: please report it.",
                                       document.source))
        raise SettingsError(result) from exc


def _source_label(source: str | None) -> str:
    if not source:
        return "<settings>"
    if source.startswith("<"):
        return source
    return os.path.basename(source)
