"""The `airkube` command: parse the arguments, run the subcommand (cli/commands.py)."""

from __future__ import annotations

import sys

from .parser import EXIT_OK, EXIT_USAGE, build_parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        from . import commands

        return getattr(commands, f"run_{args.command}")(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
