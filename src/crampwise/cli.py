"""Command line: ``python -m crampwise convert INPUT ...``.

The contract our tests and notebooks rely on: exit 0 when every row was
accepted, exit 2 when the file cannot be read or any row was refused (one
line per problem on stderr; accepted rows are still written). Never a
traceback. This module imports neither streamlit nor plotly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import schema
from .errors import CrampwiseError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_PROBLEMS = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crampwise",
        description="Crampwise: read spasm journals and daily logs into canonical CSV.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    convert = sub.add_parser(
        "convert", help="read any accepted CSV and write the canonical CSV",
        description="Read a CSV of episodes or daily rows (comma, semicolon or tab; UTF-8, "
                    "UTF-16, cp1252 or latin-1) and write the canonical CSV. Exit 0 when "
                    "every row was accepted, 2 when the file cannot be read or a row was "
                    "refused (one line per problem on stderr).",
    )
    convert.add_argument("input", help="CSV file to read, or - for standard input")
    convert.add_argument("--kind", choices=["episodes", "daily"],
                         help="what the file holds (detected from the headers when left out)")
    order = convert.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_const", const="dmy", dest="date_order",
                       help="read dates such as 03/04/2025 as 3 April")
    order.add_argument("--monthfirst", action="store_const", const="mdy", dest="date_order",
                       help="read dates such as 03/04/2025 as March 4")
    convert.add_argument("-o", "--output", help="where to write the canonical CSV (default: stdout)")
    convert.add_argument("--refused", metavar="FILE",
                         help="also write the refused rows, as they were, with their problems")
    convert.add_argument("-v", "--verbose", action="store_true",
                         help="also print notes (detected encoding, date order, conversions)")

    template = sub.add_parser("template", help="print a CSV template for a table")
    template.add_argument("kind", choices=["episodes", "daily"])

    sub.add_parser("data-format", help="print the data format reference (docs/data-format.md)")
    return parser


def _convert(args: argparse.Namespace) -> int:
    from .export import refused_csv_bytes, write_csv
    from .importer import read_file

    source = sys.stdin.buffer.read() if args.input == "-" else Path(args.input)
    if isinstance(source, Path) and not source.is_file():
        print(f"crampwise: error: {args.input}: no such file", file=sys.stderr)
        return EXIT_PROBLEMS
    result = read_file(source, args.kind, date_order=args.date_order)
    if args.output:
        write_csv(result.data, result.table, Path(args.output))
    else:
        sys.stdout.flush()
        write_csv(result.data, result.table, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    if args.refused:
        Path(args.refused).write_bytes(refused_csv_bytes(result.refused))
    for line in result.messages():
        print(line, file=sys.stderr)
    for header in result.unmapped:
        print(f"warning: column {header!r} matches no {result.table.name} column and was left "
              "out; rename it to import its values", file=sys.stderr)
    if args.verbose:
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        print(f"note: {len(result.data)} {result.table.name} rows accepted, "
              f"{len(result.refused)} refused", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args)
        if args.command == "template":
            from .export import template_csv

            sys.stdout.write(template_csv(schema.table(args.kind)))
            return EXIT_OK
        if args.command == "data-format":
            from .datadoc import render_data_format

            sys.stdout.write(render_data_format())
            return EXIT_OK
    except CrampwiseError as exc:
        print(f"crampwise: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (OSError, MemoryError) as exc:
        print(f"crampwise: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # noqa: BLE001 - the contract is "never a traceback"
        print(f"crampwise: internal error ({type(exc).__name__}: {exc}). Please report it at "
              "https://github.com/crampwise/crampwise/issues with the command you ran "
              "(not your data).", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_INTERNAL  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
