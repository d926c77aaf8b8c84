"""What each CLI subcommand does, in terms of the library modules."""

from __future__ import annotations

import os
import sys

from . import api, reporter
from .cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def _err(message: str) -> None:
    sys.stderr.write(f"airkube: {message}\n")


def _load(args):
    if getattr(args, "default", False):
        return api.load_settings(None)
    if not os.path.isfile(args.settings):
        _err(f"{args.settings}: no such file")
        return None
    return api.load_settings(args.settings)


def run_validate(args) -> int:
    results = []
    for path in args.settings:
        if not os.path.isfile(path):
            _err(f"{path}: no such file")
            return EXIT_USAGE
        results.append(api.validate(api.load_settings(path)))
    if args.format == "json":
        sys.stdout.write(reporter.format_json(results))
    else:
        colour = reporter.use_colour(sys.stdout)
        for result in results:
            sys.stdout.write(reporter.format_text(result, colour))
    failed = any(not r.ok or (args.strict and r.warnings) for r in results)
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_generate(args) -> int:
    from .result import SettingsError
    from .writer import write_atomically

    document = _load(args)
    if document is None:
        return EXIT_USAGE
    label = document.source
    if not args.default:
        label = os.path.relpath(os.path.abspath(args.settings), os.path.abspath(args.output))
        if label.startswith(".." + os.sep + ".."):
            label = os.path.basename(args.settings)
    try:
        files = api.generate(document, source_name=label)
    except SettingsError as exc:
        sys.stderr.write(reporter.format_text(exc.result, reporter.use_colour(sys.stderr)))
        _err(f"nothing written to {args.output}")
        return EXIT_PROBLEMS
    result = api.validate(document)
    if result.warnings:
        sys.stderr.write(reporter.format_text(result, reporter.use_colour(sys.stderr)))
    try:
        write_atomically(args.output, files)
    except OSError as exc:
        _err(f"could not write {args.output}: {exc}; nothing changed")
        return EXIT_PROBLEMS
    for path in sorted(files):
        sys.stdout.write(f"wrote {os.path.join(args.output, path)}\n")
    return EXIT_OK


def run_explain(args) -> int:
    from .explain import explain_text

    document = _load(args)
    if document is None:
        return EXIT_USAGE
    result = api.validate(document)
    if not result.ok:
        sys.stderr.write(reporter.format_text(result, reporter.use_colour(sys.stderr)))
        return EXIT_PROBLEMS
    sys.stdout.write(explain_text(result.settings, summary_only=args.summary_only))
    return EXIT_OK


def run_schema(args) -> int:
    from .schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def run_init(args) -> int:
    from .starter import starter_text

    text = starter_text(args.profile)
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    if os.path.exists(args.output) and not args.force:
        _err(f"{args.output} exists; use --force to overwrite it")
        return EXIT_USAGE
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    sys.stdout.write(f"wrote {args.output} ({args.profile} profile); next: airkube validate {args.output}\n")
    return EXIT_OK


def run_demo(args) -> int:
    from .explain import explain_text
    from .writer import write_atomically

    document = api.load_settings(None)
    files = api.generate(document)
    write_atomically(args.output, files)
    result = api.validate(document)
    sys.stdout.write(explain_text(result.settings, summary_only=True))
    sys.stdout.write(f"\nGenerated {len(files)} files in {args.output}:\n")
    for path in sorted(files):
        sys.stdout.write(f"  {path}\n")
    sys.stdout.write(f"Install: helm install airflow chart/ -n airflow --create-namespace -f {os.path.join(args.output, 'values.yaml')}\n")
    return EXIT_OK
