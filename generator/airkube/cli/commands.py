"""What each CLI subcommand does, in terms of the library; settings are validated once per command."""

from __future__ import annotations

import os
import sys

from .. import api
from ..settings.result import SettingsError
from . import report
from .parser import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

STARTERS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")


def _err(message: str) -> None:
    sys.stderr.write(f"airkube: {message}\n")


def _report(result, stream=sys.stderr) -> None:
    stream.write(report.format_text(result, report.use_colour(stream)))


def _load(args):
    if getattr(args, "default", False):
        return api.load_settings(None)
    if not os.path.isfile(args.settings):
        _err(f"{args.settings}: no such file")
        return None
    return api.load_settings(args.settings)


def _checked(args):
    """(document, result, exit code) of the command's settings; a non-zero code once reported."""
    document = _load(args)
    if document is None:
        return None, None, EXIT_USAGE
    result = api.validate(document)
    if result.problems:
        _report(result)
    return document, result, EXIT_OK if result.ok else EXIT_PROBLEMS


def run_validate(args) -> int:
    results = []
    for path in args.settings:
        if not os.path.isfile(path):
            _err(f"{path}: no such file")
            return EXIT_USAGE
        results.append(api.validate(api.load_settings(path)))
    if args.format == "json":
        sys.stdout.write(report.format_json(results))
    else:
        for result in results:
            _report(result, sys.stdout)
    failed = any(not r.ok or (args.strict and r.warnings) for r in results)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _source_label(args, document) -> str:
    """How the generated files' header names the settings: relative to the output when near it."""
    if args.default:
        return document.source
    label = os.path.relpath(os.path.abspath(args.settings), os.path.abspath(args.output))
    return os.path.basename(args.settings) if label.startswith(".." + os.sep + "..") else label


def _generate_into(output: str, document, result, label: str | None) -> tuple[dict | None, int]:
    import warnings

    from ..output.helm import HelmNotFound
    from ..output.write import write_atomically

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", HelmNotFound)
            files = api.generate_checked(document, result, label)
        for warning in caught:
            if issubclass(warning.category, HelmNotFound):
                _err(str(warning.message))
    except SettingsError as exc:
        _report(exc.result)
        _err(f"nothing written to {output}")
        return None, EXIT_PROBLEMS
    try:
        write_atomically(output, files)
    except OSError as exc:
        _err(f"could not write {output}: {exc}; nothing changed")
        return None, EXIT_PROBLEMS
    return files, EXIT_OK


def run_generate(args) -> int:
    document, result, code = _checked(args)
    if code:
        if code == EXIT_PROBLEMS:
            _err(f"nothing written to {args.output}")
        return code
    files, code = _generate_into(args.output, document, result, _source_label(args, document))
    for path in sorted(files or ()):
        sys.stdout.write(f"wrote {os.path.join(args.output, path)}\n")
    return code


def run_explain(args) -> int:
    from .explain import explain_text

    _, result, code = _checked(args)
    if code:
        return code
    sys.stdout.write(explain_text(result.settings, summary_only=args.summary_only))
    return EXIT_OK


def run_schema(args) -> int:
    from ..settings.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def run_init(args) -> int:
    with open(os.path.join(STARTERS, f"starter-{args.profile}.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    output = args.output
    if output is None:  # `airkube init > settings.yaml` must give a settings file, not a sentence
        output = "airkube.yaml" if sys.stdout.isatty() else "-"
    if output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if os.path.exists(output) and not args.force:
        _err(f"{output} exists; use --force to overwrite it")
        return EXIT_USAGE
    from ..output.write import write_file_atomically

    write_file_atomically(output, text)
    sys.stdout.write(f"wrote {output} ({args.profile} profile); next: airkube validate {output}\n")
    return EXIT_OK


def run_demo(args) -> int:
    from .explain import explain_text

    document = api.load_settings(None)
    result = api.validate(document)
    files, code = _generate_into(args.output, document, result, None)
    if files is None:
        return code
    sys.stdout.write(explain_text(result.settings, summary_only=True))
    sys.stdout.write(f"\nGenerated {len(files)} files in {args.output}:\n")
    for path in sorted(files):
        sys.stdout.write(f"  {path}\n")
    sys.stdout.write("Install: helm install airflow chart/ -n airflow --create-namespace "
                     f"-f {os.path.join(args.output, 'values.yaml')}\n")
    return EXIT_OK


def run_import(args) -> int:
    from ..importer import convert, report
    from ..importer.reader import InputError, MissingInput

    if os.path.exists(os.path.join(args.output, "settings.yaml")) and not args.force:
        _err(f"{os.path.join(args.output, 'settings.yaml')} exists; use --force to overwrite it; nothing written")
        return EXIT_USAGE
    try:
        result = convert.import_values(args.values, args.official_defaults)
    except InputError as exc:
        _err(f"{exc}; nothing written")
        return EXIT_USAGE if isinstance(exc, MissingInput) else EXIT_PROBLEMS
    text = report.format_json(result) if args.format == "json" else report.format_text(result)
    report_name = "import-report.json" if args.format == "json" else "import-report.txt"
    files = {"settings.yaml": convert.settings_text(result), report_name: text}
    try:
        _write_beside(args.output, files)
    except OSError as exc:
        _err(f"could not write {args.output}: {exc}; nothing changed")
        return EXIT_PROBLEMS
    sys.stdout.write(text)
    if args.format == "text":
        sys.stdout.write(f"\nwrote {os.path.join(args.output, 'settings.yaml')}; next: airkube validate it, "
                         "then airkube generate\n")
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _write_beside(output: str, files: dict[str, str]) -> None:
    """All files at once (a sibling copy swapped in); for the working directory itself, which can't be
    swapped, one file at a time, settings.yaml last."""
    from ..output.write import write_atomically, write_file_atomically

    here = os.path.abspath(os.getcwd())
    target = os.path.abspath(output)
    if here == target or here.startswith(target.rstrip(os.sep) + os.sep):
        for name in sorted(files, key=lambda n: n == "settings.yaml"):
            write_file_atomically(os.path.join(target, name), files[name])
    else:
        write_atomically(output, files)
