"""Render ``docs/data-format.md`` from the schema, so the doc cannot drift.

``python -m crampwise data-format > docs/data-format.md`` regenerates it;
``tests/io/test_docs.py`` fails when the committed file differs.
"""

from __future__ import annotations

from crampwise import schema
from crampwise.io.result import MAX_COLUMNS, MAX_REFUSED_ROWS, MAX_UPLOAD_MB
from crampwise.schema import Field, Table

_KIND_WORDS = {
    "datetime": "date and time",
    "date": "date",
    "number": "number",
    "integer": "whole number",
    "boolean": "yes/no",
    "category": "one word from a list",
    "multi": "words from a list, separated by ';'",
    "text": "free text",
}


def _range(f: Field) -> str:
    if f.max_length is not None:
        return f"at most {f.max_length:,} characters"
    return schema.limits_text(f)


def _headers(f: Field) -> str:
    return ", ".join(f"`{a}`" for a in (f.name, *f.aliases))


def _table_section(t: Table) -> list[str]:
    out = [f"## `{t.name}`: {t.description}", ""]
    if t.unique:
        out += [
            f"`{t.unique}` must be unique: identical duplicate rows are merged, rows that "
            "share a date but differ are refused (all of them, with the rows they clash with).",
            "",
        ]
    out += [
        "| column | type | unit | allowed | required | also read from headers | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in t.fields:
        out.append(
            f"| `{f.name}` | {_KIND_WORDS[f.kind]} | {f.unit or ''} | {_range(f)} | "
            f"{'yes' if f.required else ''} | {_headers(f)} | {f.help} |"
        )
    out.append("")
    for f in t.fields:
        if f.vocabulary:
            out.append(f"**`{f.name}` values:** " + ", ".join(f"`{v}`" for v in f.vocabulary) + ".")
            out.append("")
            if f.synonyms:
                by_target: dict[str, list[str]] = {}
                for word, target in f.synonyms.items():
                    by_target.setdefault(target, []).append(word)
                out.append(f"Also understood for `{f.name}` (upper or lower case):")
                out.append("")
                for target in f.vocabulary:
                    if target in by_target:
                        words = ", ".join(f'"{w}"' for w in by_target[target])
                        out.append(f"- `{target}`: {words}")
                out.append("")
    if t.unit_aliases:
        out += [
            "**Other units**, converted on import:",
            "",
            "| header | unit | becomes | conversion | rounded to |",
            "|---|---|---|---|---|",
        ]
        for u in t.unit_aliases:
            becomes = t.field(u.target)
            conv = f"× {u.scale:.10g}" + (
                f" {'+' if u.offset >= 0 else '−'} {abs(u.offset):.10g}" if u.offset else ""
            )
            headers = ", ".join(f"`{a}`" for a in (u.name, *u.aliases))
            out.append(
                f"| {headers} | {u.unit} | `{becomes.name}` ({becomes.unit}) | {conv} | "
                f"{u.decimals} decimals |"
            )
        out.append("")
    unitless = [(f, a) for f in t.fields for a in f.unitless]
    if unitless:
        listed = ", ".join(f"`{a}` ({f.unit})" for f, a in unitless)
        out += [
            f"**Headers without a unit** are read in the column's own unit: {listed}. "
            "The import says so each time, so a column in another unit can be renamed "
            "(for example `Water (ml)`, `Temp (°F)`).",
            "",
        ]
    if t.custom_factors:
        out += [
            "**Custom factors.** Any other column with numbers in it (for example "
            "`caffeine_mg` or `alcohol_units`) is kept as a custom factor under its "
            "snake-case header name. Every non-empty cell in it must be a number.",
            "",
        ]
    out += [
        "Template (`python -m crampwise template " + t.name + "`):",
        "",
        "```csv",
        _template(t).rstrip("\n"),
        "```",
        "",
    ]
    return out


def _template(t: Table) -> str:
    from crampwise.io.export import template_csv

    return template_csv(t)


def render_data_format() -> str:
    """The full text of ``docs/data-format.md``."""
    yes = ", ".join(f"`{w}`" for w in schema.YES)
    no = ", ".join(f"`{w}`" for w in schema.NO)
    lines = [
        "# Crampwise data format",
        "",
        "<!-- Generated from src/crampwise/schema.py by `python -m crampwise data-format`. "
        "Do not edit by hand: tests/io/test_docs.py fails when this file and the schema differ. -->",
        "",
        "Crampwise keeps two tables. You can import either from a CSV file exported by Excel, "
        "Google Sheets, LibreOffice or a phone app, and export them back as canonical CSV.",
        "",
        "## Reading files",
        "",
        "- **Headers** are matched without regard to case, spaces or punctuation: "
        "`Water (L)` reads as `water_l`, `Temp (°F)` as `temp_f`, `Humidity (%)` as "
        "`humidity_pct`. Accents are folded, not dropped: `Température (°C)` reads as "
        "`temperature_c`, `Größe` as `grosse`. Common German, French, Spanish, Italian, Dutch "
        "and Portuguese headers are understood (for example `Wasser (L)`, `Eau (L)`, "
        "`Training (min)`, `Humidité (%)`): they are listed with each column below. "
        "The header is row 1; problems name rows the way a spreadsheet numbers them.",
        "- **Separators**: comma, semicolon or tab, detected from the header row.",
        "- **Encodings**: UTF-8 (with or without BOM), UTF-16 with BOM, Windows cp1252 and latin-1.",
        "- **Line ends**: LF or CRLF. Blank and all-empty rows are skipped (and counted).",
        "- **Numbers** use a dot for decimals. In semicolon- or tab-separated files a decimal "
        "comma (`1,5`) is read too. Thousands separators are not read: write `1500`, not `1,500` "
        "or `1.500`.",
        "- **Dates**: `2025-03-14`, `2025/03/14`, `14.03.2025` (always day-first), and "
        "`14/03/2025` or `03/14/2025`. For slash or dash dates with the year last, the data "
        "decides the order (a value such as `25/03/2025` can only be day-first). When every date "
        "could be read both ways, Crampwise refuses to guess and asks: in the app you choose; "
        "on the command line add `--dayfirst` or `--monthfirst`.",
        "- **Times** follow the date after a space or `T`: `22:15`, `22:15:00`, `10:15 PM`. "
        "Time zones (`Z`, `+01:00`) are refused: write local time.",
        "- **Yes/no** cells accept " + yes + " and " + no + " (any case).",
        "- **Episodes with separate date and time columns**: when there is no `start` column, a "
        "date column (and a time column, if present) are put together into `start`. Date headers: "
        + ", ".join(f"`{h}`" for h in schema.EPISODE_DATE_HEADERS)
        + "; time headers: "
        + ", ".join(f"`{h}`" for h in schema.EPISODE_TIME_HEADERS)
        + ".",
        f"- **Size**: the app accepts files up to {MAX_UPLOAD_MB} MB. The command line has no limit.",
        f"- **Columns**: at most {MAX_COLUMNS}. A log has tens; a file with more is refused as a "
        "whole, before any row is read, so one upload cannot stall a shared server.",
        "- **Text cells** have a limit per column (below); a longer cell refuses its row (the "
        "problem quotes its start), and is never cut.",
        "",
        "A row with any problem is refused as a whole and listed with its row number, column, "
        "value and reason, for example `row 9, water_l: -1.5 is below 0`. The other rows are "
        "kept. Nothing is clipped or guessed: an unknown muscle is refused, not turned into "
        "`other`. When more than " + f"{MAX_REFUSED_ROWS:,}" + " rows have problems, the file "
        "is refused as a whole instead, quoting its first problems: that many usually means a "
        "wrong file or a wrong column, and nothing is imported until it is fixed.",
        "",
        "Whole files are refused when they are empty, have a header but no rows, have more "
        "columns than the limit, are not CSV text, lack a required column, have two columns for "
        "the same thing (for example `water_l` and `water_ml`), or have a quote that is never "
        "closed. A file that is not CSV is named, with what to do instead: an Excel or "
        "OpenDocument workbook, an old `.xls`, a zip archive (with the CSV files inside it), a "
        "compressed `.gz`, `.bz2`, `.xz`, `.7z` or `.rar` file, a PDF, an image (PNG, JPEG, GIF, "
        "BMP, TIFF, WebP, HEIC), a database file, JSON, XML or a web page (HTML).",
        "",
    ]
    for t in (schema.EPISODES, schema.DAILY):
        lines += _table_section(t)
    lines += _apps_section()
    lines += [
        "## Writing files",
        "",
        "Export (and `python -m crampwise convert`) writes UTF-8 without BOM, comma-separated, "
        "with canonical headers in the order above (custom factors last), ISO dates "
        "(`YYYY-MM-DD`) and date-times (`YYYY-MM-DD HH:MM`, with `:SS` only when some time has "
        "seconds), rows sorted by date, and yes/no as `yes`/`no`. Text cells that start with "
        "`=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'` so a spreadsheet shows "
        "them as text instead of running them as a formula (a plain signed number such as `-1` "
        "is left as it is); importing the file again removes that `'`.",
        "",
    ]
    lines += _units_section()
    return "\n".join(lines)


def _units_section() -> list[str]:
    """What the app's units setting changes, from ``schema.UNIT_SYMBOLS``."""
    out = [
        "## Units in the app",
        "",
        "The app's **Units** setting (sidebar) changes what forms ask for and what tables, "
        "charts and sentences show. Files, backups, the journal's storage and the command "
        "line always use the canonical units above; the import reads either unit.",
        "",
        "| column | "
        + " | ".join(schema.UNIT_SYSTEMS[s] for s in schema.UNIT_SYSTEMS)
        + " | read from headers |",
        "|---|" + "---|" * len(schema.UNIT_SYSTEMS) + "---|",
    ]
    first = next(iter(schema.UNIT_SYMBOLS.values()))
    for name in first:
        cells, headers = [], [f"`{name}`"]
        for system in schema.UNIT_SYSTEMS:
            symbol, alias = schema.UNIT_SYMBOLS[system][name]
            cells.append(symbol)
            if alias:
                headers.append(f"`{alias}`")
        out.append(f"| `{name}` | " + " | ".join(cells) + " | " + ", ".join(headers) + " |")
    out.append("")
    return out


def _apps_section() -> list[str]:
    """A section per other app's export, each written by its reader's ``document()``.

    Each reader builds its section from the same constants it reads with (which
    activity types count as exercise, how a severity word maps onto 0-10...), so
    the doc cannot drift from what the import does.
    """
    from crampwise.io.apps import APPS

    out = [
        "## Exports of other apps",
        "",
        "`convert` and the Import page recognise these exports by their content (not their "
        "file name) and say which app a file came from. What a source does not record stays "
        "blank; nothing is guessed. How their values enter the journal (where each came from, "
        "the same workout from two apps, the person's own values winning) is in docs/importing-apps.md.",
        "",
    ]
    for spec in APPS:
        out += [spec.reader().document().rstrip(), ""]
    return out
