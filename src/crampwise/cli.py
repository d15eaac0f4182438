"""Command line: ``python -m crampwise convert|analyze|weather|template|data-format|triage-doc ...``.

Subcommands:

- ``convert INPUT``: read any accepted CSV and write the canonical CSV.
- ``analyze --daily D.csv [--episodes E.csv] [--day-starts HH:MM] [--json]``:
  read a daily log (and an episodes journal) through the same importer and
  print what goes with the spasms; an episode before ``--day-starts`` (default
  06:00) counts with the day before (:func:`crampwise.stats.analysis.analyze`): a plain-text summary, or with
  ``--json`` exactly ``json.dumps(to_json(result), indent=2)``
  (:func:`crampwise.words.summary.to_json`). The numbers are explained in
  docs/analysis.md.
- ``weather DAILY.csv --place PLACE [--from D] [--to D] [--yes]``: fill the blank
  temperatures and humidities of a daily log with the weather of those days
  (:mod:`crampwise.weather`). It first prints exactly what will be sent (coordinates
  rounded to about 10 km and the date range) and sends it only after "y" at the
  prompt, or with ``--yes``; without a terminal and without ``--yes`` it sends
  nothing and exits 2.
- ``template KIND``: print a CSV template; ``data-format``: print the data
  format reference; ``triage-doc``: print which sign gets which answer and
  the sources behind it (docs/triage.md).

The contract our tests and notebooks rely on: exit 0 when every row was
accepted, exit 2 when a file cannot be read or any row was refused (one
line per problem on stderr; accepted rows are still written). Never a
traceback. ``analyze`` follows the same rule: when rows are refused it still
analyses the accepted rows and prints the result, then exits 2; its stderr
lines start with the file they are about (``daily.csv: row 9, water_l: ...``),
because it reads two files. When a file cannot be read at all, nothing is
analysed (one ``crampwise: error:`` line, exit 2).

This module imports neither streamlit nor plotly, and imports the statistics
(scipy, statsmodels, slow to load) only inside ``analyze``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsFloat

from crampwise import schema
from crampwise.errors import CrampwiseError

if TYPE_CHECKING:  # the heavy modules load only in the commands that use them
    from crampwise.io import DateOrder, ImportResult
    from crampwise.stats import Analysis

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_PROBLEMS = 2


def _date_order_flags(parser: argparse.ArgumentParser, note: str = "") -> None:
    """--dayfirst / --monthfirst: settle dates such as 03/04/2025 when the data cannot."""
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        action="store_const",
        const="dmy",
        dest="date_order",
        help=f"read dates such as 03/04/2025 as 3 April{note}",
    )
    order.add_argument(
        "--monthfirst",
        action="store_const",
        const="mdy",
        dest="date_order",
        help=f"read dates such as 03/04/2025 as March 4{note}",
    )


def _day_starts(text: str) -> time:
    """argparse type of ``--day-starts``: 24-hour HH:MM from 00:00 to 12:00."""
    from crampwise.stats.daily import parse_day_starts  # light: pandas and numpy only

    try:
        return parse_day_starts(text)
    except CrampwiseError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _zone(text: str) -> str:
    """An IANA time zone name, checked (``argparse`` turns the error into a usage message)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time zone name; use one such as Europe/London, America/Chicago or UTC"
        ) from None
    return text


def _date(text: str) -> date:
    """argparse type of ``--from``/``--to``: an ISO date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2025-06-01") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crampwise",
        description="Crampwise: read spasm journals and daily logs into canonical CSV, and "
        "show what goes with the spasms.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    convert = sub.add_parser(
        "convert",
        help="read any accepted CSV and write the canonical CSV",
        description="Read a CSV of episodes or daily rows (comma, semicolon or tab; UTF-8, "
        "UTF-16, cp1252 or latin-1), or another app's export (Apple Health export.zip or "
        "export.xml, Strava activities.csv, Garmin Connect Activities.csv, Google Fit Daily "
        "Summaries.csv; "
        "recognised by content), and write the canonical CSV. Exit 0 when "
        "every row was accepted, 2 when the file cannot be read or a row was "
        "refused (one line per problem on stderr).",
    )
    convert.add_argument("input", help="CSV file to read, or - for standard input")
    convert.add_argument(
        "--kind",
        choices=["episodes", "daily"],
        help="what the file holds (detected from the headers when left out); for an app's "
        "export that holds both, which of its tables to write",
    )
    convert.add_argument(
        "--timezone",
        metavar="ZONE",
        type=_zone,
        help="your time zone, e.g. Europe/Berlin, for exports that keep times in UTC (Strava); "
        "without it their days are UTC days",
    )
    _date_order_flags(convert)
    convert.add_argument("-o", "--output", help="where to write the canonical CSV (default: stdout)")
    convert.add_argument(
        "--refused", metavar="FILE", help="also write the refused rows, as they were, with their problems"
    )
    convert.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print notes (detected encoding, date order, conversions)",
    )

    analyze = sub.add_parser(
        "analyze",
        help="show what goes with your spasms (statistics over a daily log)",
        description="Read a daily log (and optionally an episodes journal) with the same "
        "importer as convert and print, for each factor, how it goes with the "
        "number of episodes per day (Spearman rho with a 95% CI, p, q), an "
        "adjusted model and the caveats. docs/analysis.md explains every number. "
        "Exit 0 when every row was accepted, 2 when a file cannot be read or a "
        "row was refused (one line per problem on stderr, each starting with the "
        "file's name; the accepted rows are still analysed and printed).",
    )
    analyze.add_argument(
        "--daily", required=True, metavar="FILE", help="the daily log (CSV), or - for standard input"
    )
    analyze.add_argument(
        "--episodes",
        metavar="FILE",
        help="the episodes journal (CSV), or - for standard input; without "
        "it, the daily log's episodes column is used",
    )
    analyze.add_argument(
        "--day-starts",
        type=_day_starts,
        default=None,
        metavar="HH:MM",
        help="when a day starts (24-hour, default 06:00): an episode before it counts with "
        "the day before, so a 02:00 cramp goes with the evening before; 00:00 gives "
        "calendar days",
    )
    analyze.add_argument("--json", action="store_true", help="print the result as JSON instead of a summary")
    _date_order_flags(analyze, " (in both files)")

    weather = sub.add_parser(
        "weather",
        help="fill a daily log's blank temperatures and humidities with the weather of those days",
        description="Read a daily log with the same importer as convert, and fill its BLANK "
        "temperature (the day's highest, °C) and humidity (the day's mean, %%) with the weather "
        "of those days from Open-Meteo's historical weather API; values already there are kept. "
        "Before anything is sent, it prints exactly what will be: coordinates rounded to about "
        "10 km and the date range, nothing else (a town's name is looked up on this computer). "
        "It sends only after you answer y, or with --yes. Answers are cached in your cache folder. "
        "Exit 0 when filled (or nothing to fill), 2 when nothing was sent or a row was refused.",
    )
    weather.add_argument("input", help="the daily log (CSV)")
    weather.add_argument(
        "--place",
        required=True,
        help='a town ("Berlin", "Springfield, Illinois") or coordinates ("52.52, 13.41")',
    )
    weather.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="first day to fill")
    weather.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="last day to fill")
    weather.add_argument("--yes", action="store_true", help="send without asking (after printing what)")
    weather.add_argument("--no-cache", action="store_true", help="keep no copy of the answer on disk")
    weather.add_argument("-o", "--output", help="where to write the filled log (default: stdout)")
    _date_order_flags(weather)

    template = sub.add_parser("template", help="print a CSV template for a table")
    template.add_argument("kind", choices=["episodes", "daily"])

    sub.add_parser("data-format", help="print the data format reference (docs/data-format.md)")
    sub.add_parser("triage-doc", help="print the guide's triage signs, levels and sources (docs/triage.md)")
    return parser


def _convert(args: argparse.Namespace) -> int:
    from crampwise.io import read_file
    from crampwise.io.apps import article
    from crampwise.io.export import refused_csv_bytes, write_csv

    source = sys.stdin.buffer.read() if args.input == "-" else Path(args.input)
    if isinstance(source, Path) and not source.is_file():
        print(f"crampwise: error: {args.input}: no such file", file=sys.stderr)
        return EXIT_PROBLEMS
    result = read_file(source, args.kind, date_order=args.date_order, timezone=args.timezone)
    if result.app is not None:
        print(
            f"note: read as {article(result.app)} {result.app} export "
            f"({len(result.data):,} {'days' if result.table.name == 'daily' else 'episodes'})",
            file=sys.stderr,
        )
        if result.left_out:
            print(
                f"note: not read (Crampwise has no column for it): {'; '.join(result.left_out)}",
                file=sys.stderr,
            )
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
        print(
            f"warning: column {header!r} matches no {result.table.name} column and was left "
            "out; rename it to import its values",
            file=sys.stderr,
        )
    if args.verbose:
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        print(
            f"note: {len(result.data)} {result.table.name} rows accepted, {len(result.refused)} refused",
            file=sys.stderr,
        )
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _weather(args: argparse.Namespace) -> int:
    from crampwise import weather as w
    from crampwise.io import read_file
    from crampwise.io.export import write_csv
    from crampwise.weather.openmeteo import cache_dir
    from crampwise.words import weather as words

    source = Path(args.input)
    if not source.is_file():
        raise CrampwiseError(f"{args.input}: no such file")
    places = w.resolve(args.place)
    place = places[0]
    if len(places) > 1:
        print(
            f"note: {len(places)} towns match {args.place.strip()!r}; using {place.label}. Add the "
            'state or country (--place "Springfield, Illinois") or give coordinates for another.',
            file=sys.stderr,
        )
    result = read_file(source, "daily", date_order=args.date_order)
    for line in result.messages():
        print(line, file=sys.stderr)
    if not w.blank_days(result.data, start=args.start, end=args.end):
        print(
            "note: every day in that range already has its temperature and humidity; nothing "
            "was sent, and the log is written as it was.",
            file=sys.stderr,
        )
        filled, line = result.data, ""
    else:
        request = w.plan(result.data, place, start=args.start, end=args.end)
        print(_what_leaves(request, place), file=sys.stderr)
        if not _agreed(args.yes):
            return EXIT_PROBLEMS
        session = w.weather_session(None if args.no_cache else cache_dir())
        try:
            report = w.fetch_weather(request, w.Consent(request), session=session)
        finally:
            session.close()
        filled, counts = w.fill_frame(result.data, report)
        line = words.filled(counts, from_cache=report.from_cache)
    if args.output:
        write_csv(filled, result.table, Path(args.output))
    else:
        sys.stdout.flush()
        write_csv(filled, result.table, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    if line:
        print(line, file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _what_leaves(request: Any, place: Any) -> str:
    """What the weather request sends, in full, before it is sent."""
    from crampwise.words import weather as words

    return "\n".join(
        [
            f"Crampwise will send this to {request.host}, and nothing else:",
            *(f"  {line}" for line in words.what_leaves(request, place)),
            f"  {request.url()}",
            words.nothing_else(),
        ]
    )


def _agreed(yes: bool) -> bool:
    """The person's yes: ``--yes``, or "y" typed at a terminal. Says why when there is none."""
    if yes:
        return True
    if not sys.stdin.isatty():
        print(
            "crampwise: nothing was sent: add --yes to send it (there is no terminal to ask you).",
            file=sys.stderr,
        )
        return False
    try:
        answer = input("Send it? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("crampwise: nothing was sent.", file=sys.stderr)
    return False


def _read_input(name: str, kind: str, date_order: DateOrder | None, stdin_used: list[bool]) -> ImportResult:
    """Read one ``analyze`` input like ``convert`` does; problems go to stderr, prefixed."""
    from crampwise.io import read_file

    if name == "-":
        if stdin_used:
            raise CrampwiseError("only one of --daily and --episodes can be read from standard input (-)")
        stdin_used.append(True)
        source: bytes | Path = sys.stdin.buffer.read()
    else:
        source = Path(name)
        if not source.is_file():
            raise CrampwiseError(f"{name}: no such file")
    try:
        result = read_file(source, kind, date_order=date_order)
    except CrampwiseError as exc:
        raise CrampwiseError(f"{name}: {exc}") from None
    for line in result.messages():
        print(f"{name}: {line}", file=sys.stderr)
    for header in result.unmapped:
        print(
            f"{name}: warning: column {header!r} matches no {result.table.name} column and "
            "was left out; rename it to import its values",
            file=sys.stderr,
        )
    return result


def _analyze(args: argparse.Namespace) -> int:
    stdin_used: list[bool] = []
    daily = _read_input(args.daily, "daily", args.date_order, stdin_used)
    episodes = _read_input(args.episodes, "episodes", args.date_order, stdin_used) if args.episodes else None
    if daily.data.empty:
        raise CrampwiseError(
            f"{args.daily}: no daily row was accepted, so there is nothing "
            "to analyse; fix the rows listed above and try again"
        )

    from crampwise.stats import analysis  # scipy and statsmodels: slow to import, so only here
    from crampwise.words import summary

    result = analysis.analyze(
        daily.data,
        episodes.data if episodes is not None else None,
        **({} if args.day_starts is None else {"day_starts": args.day_starts}),
    )
    refused = [(args.daily, len(daily.refused))]
    if episodes is not None:
        refused.append((args.episodes, len(episodes.refused)))
    if args.json:
        print(json.dumps(summary.to_json(result), indent=2))
    else:
        print(_summary(result, [(n, k) for n, k in refused if k]))
    ok = daily.ok and (episodes is None or episodes.ok)
    return EXIT_OK if ok else EXIT_PROBLEMS


def _finite(x: object) -> float | None:
    if not isinstance(x, SupportsFloat | str):  # None, pd.NA, text that is not a number...
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _num(x: object, decimals: int = 2) -> str:
    """A number for the summary; missing values (None, NaN) as "-"."""
    value = _finite(x)
    return "-" if value is None else f"{value:.{decimals}f}"


def _p(x: object) -> str:
    """A p or q value: 3 decimals, "<0.001" below 0.001."""
    value = _finite(x)
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _ratio_decimals(*values: object) -> int:
    """Decimals (2 to 6) that keep a ratio and its CI apart and off a false 1.00.

    A rate ratio per unit of a fine-grained factor (per mg of caffeine, per
    minute of exercise) sits close to 1; with two decimals its interval would
    read [1.00, 1.00] even when it excludes 1.
    """
    finite = [v for v in map(_finite, values) if v is not None]
    for decimals in range(2, 7):
        shown = [round(v, decimals) for v in finite]
        apart = len(set(shown)) == len(shown)
        no_false_one = all(r != 1 or abs(v - 1) < 1e-9 for r, v in zip(shown, finite, strict=True))
        if apart and no_false_one:
            return decimals
    return 6


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows as aligned columns (first column left-aligned, the others right-aligned)."""
    widths = [max(len(c) for c in col) for col in zip(header, *rows, strict=True)]
    lines = []
    for row in [header, *rows]:
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _day_line(a: Analysis) -> str:
    """Where the days begin, said beside the window."""
    if a.day_starts == time(0, 0):
        return "Days: calendar days (00:00 to midnight); each episode counts on the date it started."
    at = f"{a.day_starts:%H:%M}"
    return f"Days start at {at}: an episode before {at} counts with the day before."


def _summary(a: Analysis, refused: list[tuple[str, int]]) -> str:
    """The plain-text report of an :class:`~crampwise.stats.analysis.Analysis` (docs/analysis.md)."""
    out: list[str] = []
    first = a.first.isoformat() if a.first is not None else "-"
    last = a.last.isoformat() if a.last is not None else "-"
    out.append(f"Window: {first} to {last} ({a.days} day{'s' if a.days != 1 else ''} logged)")
    out.append(_day_line(a))
    out.append(f"Episodes in the window: {a.episodes}")
    for name, count in refused:
        out.append(
            f"Refused: {count} row{'s' if count != 1 else ''} of {name} (listed on "
            "stderr); the analysis uses the accepted rows only."
        )
    if a.enough_data:
        out.append("Enough data: yes")
    else:
        out.append("Enough data: not yet. To see statistics:")
        out.extend(f"  - {line}" for line in a.missing)
    out.append("")

    out.append(
        "Each factor on its own (Spearman rho with episodes per day; lag 0 = same day, "
        "lag 1 = the day before; * = derived). The 95% CI, p and q are for the rank "
        "correlation after the time trend and the week (rho adj.), counting the days as "
        "n_eff independent ones, because one day is like the next:"
    )
    if not a.enough_data:
        out.append("  (shown once there is enough data)")
    elif a.factors is None or len(a.factors) == 0:
        out.append("  (no factor has enough complete days; see the warnings)")
    else:
        rows = [
            [
                r.factor + ("*" if getattr(r, "derived", False) else ""),
                str(int(r.lag)),
                str(int(r.n)),
                _num(r.rho),
                _num(getattr(r, "rho_detrended", float("nan"))),
                f"[{_num(r.ci_low)}, {_num(r.ci_high)}]",
                _p(r.p),
                _p(r.q),
                _num(getattr(r, "n_eff", float("nan")), 0),
            ]
            for r in a.factors.itertuples(index=False)
        ]
        out.extend(_table(["factor", "lag", "n", "rho", "rho adj.", "95% CI", "p", "q", "n_eff"], rows))
    out.append("")

    from crampwise.stats.thresholds import SERIAL_LAG
    from crampwise.words import contrasts, summary

    model = a.model
    if model is None:
        out.append(
            "Adjusted model: not fitted"
            + (" (see the warnings)." if a.enough_data else " until there is enough data.")
        )
    else:
        method = model.method[:1].upper() + model.method[1:]
        out.append(
            f"Adjusted model: {method} regression of episodes per day on every logged "
            f"factor at once, n = {model.n} complete days"
        )
        serial = "-" if model.serial_p is None else _p(model.serial_p)
        out.append(
            f"  overdispersion test p = {_p(model.dispersion_p)} (Pearson dispersion "
            f"{_num(model.dispersion)}); standard errors {model.covariance}; "
            f"Ljung-Box p (lag {SERIAL_LAG}) = {serial}"
        )
        rows = []
        for t in model.terms.itertuples(index=False):
            d = _ratio_decimals(t.irr, t.ci_low, t.ci_high)
            rows.append([t.factor, _num(t.irr, d), f"[{_num(t.ci_low, d)}, {_num(t.ci_high, d)}]", _p(t.p)])
        out.extend(_table(["factor", "IRR per unit", "95% CI", "p"], rows))
    out.append("")

    if a.enough_data:
        out.extend(_findings(a))
        out.append("")
    if a.contrasts:
        out.append("Where the adjusted and one-at-a-time views disagree:")
        out.extend(f"  - {contrasts.sentence(c)}" for c in a.contrasts)
        out.append("")
    if a.warnings:
        out.append("Warnings:")
        out.extend(f"  - {w}" for w in a.warnings)
        out.append("")
    out.append(summary.CAVEAT)
    out.append("What every number means: docs/analysis.md")
    return "\n".join(out)


def _findings(a: Analysis) -> list[str]:
    """The links the app would tell a person about (docs/analysis.md, "Findings"), one a line."""
    f = a.findings
    out = ["Findings (what the app tells you; q corrected over every row and model term together):"]
    if not f.findings:
        out.append("  none: no factor passed the family-wide test")
    for x in f.findings:
        when = "same day" if x.lag == 0 else "day before"
        if x.view == "adjusted":
            d = _ratio_decimals(x.estimate, x.ci_low, x.ci_high)
            what = f"rate ratio per unit {_num(x.estimate, d)} [{_num(x.ci_low, d)}, {_num(x.ci_high, d)}]"
        else:
            what = f"rho {_num(x.estimate)} [{_num(x.ci_low)}, {_num(x.ci_high)}]"
        out.append(
            f"  - {x.factor} ({when}, {'combined model' if x.view == 'adjusted' else 'on its own'}): "
            f"{x.direction} episodes, {what}, q = {_p(x.q)}"
        )
    for u in f.unsupported:
        when = "same day" if u.lag == 0 else "day before"
        out.append(
            f"  not a finding: {u.factor} on its own ({when}, q = {_p(u.q)}); "
            "the combined model does not support it"
        )
    for d in f.one_day:
        out.append(
            f"  not a finding: {d.factor} is driven by one day ({d.day.isoformat()}, {d.episodes} episodes)"
        )
    for o in f.overlaps:
        out.append(
            f"  {o.first} and {o.second} move together (r = {_num(o.r)}): their effects cannot be told apart"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "convert":
            return _convert(args)
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "weather":
            return _weather(args)
        if args.command == "template":
            from crampwise.io.export import template_csv

            sys.stdout.write(template_csv(schema.table(args.kind)))
            return EXIT_OK
        if args.command == "data-format":
            from crampwise.io.datadoc import render_data_format

            sys.stdout.write(render_data_format())
            return EXIT_OK
        if args.command == "triage-doc":
            from crampwise.guide.triage import render_doc

            sys.stdout.write(render_doc())
            return EXIT_OK
    except CrampwiseError as exc:
        print(f"crampwise: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (OSError, MemoryError) as exc:
        print(f"crampwise: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # noqa: BLE001 - the contract is "never a traceback"
        print(
            f"crampwise: internal error ({type(exc).__name__}: {exc}). Please report it at "
            "https://github.com/crampwise/crampwise/issues with the command you ran "
            "(not your data).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return EXIT_INTERNAL  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
