"""The `airkube` command line: subcommands, options, exit codes (the work is in commands.py)."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep that, with a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_settings_source(parser: argparse.ArgumentParser) -> None:
    """A settings file, or --default for the built-in dev settings."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("settings", nargs="?", metavar="SETTINGS", help="settings YAML file")
    source.add_argument("--default", action="store_true", help="use the built-in dev settings")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="airkube", description=(
        "Validate short Airflow-on-Kubernetes settings and generate the Helm chart's values.yaml "
        "and KubernetesExecutor pod templates."))
    parser.add_argument("--version", action="version", version=f"airkube {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help="check settings files; exit 0 ok, 1 problems, 2 usage",
                       description="Check settings: YAML, schema, then cross-field rules. Warnings do not fail.")
    p.add_argument("settings", nargs="+", metavar="SETTINGS", help="settings YAML file(s)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("generate", help="write values.yaml and pod-templates/ to a directory",
                       description="Validate, then write values.yaml and pod-templates/*.yaml atomically: "
                                   "on any error the output directory is left as it was.")
    _add_settings_source(p)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="output directory")

    p = sub.add_parser("explain", help="show resolved settings and what will run",
                       description="Print the settings with every default filled in, then a summary of "
                                   "the components, executors, pod templates and where DAGs and logs go.")
    _add_settings_source(p)
    p.add_argument("--summary-only", action="store_true", help="print only the summary")

    sub.add_parser("schema", help="print the settings JSON Schema",
                   description="Print schemas/settings.schema.json (draft 2020-12).")

    p = sub.add_parser("init", help="print or write a commented starter settings file",
                       description="A commented starter settings file for a profile: printed when the output "
                                   "is redirected (airkube init > settings.yaml), else written to airkube.yaml.")
    p.add_argument("--profile", choices=("dev", "production"), default="dev", help="profile (default dev)")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="file to write, or - for stdout (default: stdout when it is redirected, else airkube.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = sub.add_parser("import", help="turn a values file of the official Airflow chart into settings",
                       description="Read a values file written for the official Apache Airflow chart (or a Flux "
                                   "HelmRelease / Argo CD Application carrying one), write DIR/settings.yaml and "
                                   "DIR/import-report.txt, and print the report: every key path as mapped (to a "
                                   "setting, or to chart_values), dropped (with the reason) or needs attention. "
                                   "Exit 0 when nothing needs attention, 1 otherwise, 2 on usage errors.")
    p.add_argument("values", metavar="VALUES", help="values file of the official chart")
    p.add_argument("-o", "--output", default=".", metavar="DIR", help="output directory (default: .)")
    p.add_argument("--official-defaults", metavar="FILE",
                   help="the official chart's own values (`helm show values apache-airflow/airflow --version X` "
                        "of the version you ran): keys equal to them are dropped as defaults")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default text)")
    p.add_argument("--force", action="store_true", help="overwrite DIR/settings.yaml if it exists")

    p = sub.add_parser("demo", help="generate the built-in dev deployment and explain it",
                       description="Generate the built-in dev settings into a directory and print what would run.")
    p.add_argument("-o", "--output", default=os.path.join(".work", "demo"), metavar="DIR",
                   help="output directory (default .work/demo)")
    return parser
