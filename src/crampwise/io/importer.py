"""Read people's real spreadsheets into the canonical tables.

The importer accepts what Excel, Google Sheets, LibreOffice and phone apps
export (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16,
cp1252/latin-1; CRLF; decimal commas; blank rows; several date styles) and
never loses anything silently: every refused row is reported with its
spreadsheet row number (the header is row 1), the column, the value and the
reason, and the valid rows are kept.

Validation is vectorised: each column is checked with pandas operations over
the whole column; Python loops only run over distinct values or over rows
already known to be bad.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crampwise.io import filekinds
from crampwise import schema
from crampwise.errors import (
    AmbiguousDateOrderError,
    CsvFormatError,
    DuplicateColumnError,
    EmptyFileError,
    FileTooLargeError,
    HeaderOnlyError,
    MissingColumnsError,
    NotCsvError,
    TooManyColumnsError,
    TooManyProblemsError,
    UnknownKindError,
)
from crampwise.schema import Field, Table

DateOrder = Literal["dmy", "mdy"]
Source = str | os.PathLike[str] | bytes | BinaryIO

#: Largest upload the app accepts, in megabytes (also ``server.maxUploadSize``).
MAX_UPLOAD_MB = 20

#: Most columns a file may have. A person's log has tens; thousands of columns
#: would cost a shared server seconds of CPU for nothing, so they are refused.
MAX_COLUMNS = 100

#: Most rows a file may have problems in. Above it the file is refused as a whole with
#: its first problems: a list of 100,000 refusals helps nobody, and building it would
#: cost a shared server seconds.
MAX_REFUSED_ROWS = 10_000
#: How many problem lines that refusal quotes.
FIRST_PROBLEMS = 3
#: Above this many dates kept once from identical copies, the notes say so in one line.
MAX_COPY_NOTES = 5

#: A mapping value that means "leave this column out".
SKIP = None

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Dates outside this window are typos (``0025`` for ``2025``), not history.
EARLIEST = pd.Timestamp("1900-01-01")
LATEST = pd.Timestamp("2100-12-31 23:59:59")

PROBLEM_COLUMNS = ["row", "column", "value", "reason", "message"]


@dataclass
class ImportResult:
    """What came out of one file: accepted rows, refused rows and why."""

    table: Table
    #: Accepted rows in canonical columns (then custom factors), sorted; index is the source row.
    data: pd.DataFrame
    #: One line per problem: row (spreadsheet numbering), column, value, reason, message.
    problems: pd.DataFrame
    #: The refused rows as they were in the file, with their row number and problems.
    refused: pd.DataFrame
    #: File-level information a person should know (inferred date order, conversions, ...).
    notes: list[str] = field(default_factory=list)
    #: Original headers that matched no column and were left out.
    unmapped: list[str] = field(default_factory=list)
    #: Original header -> the name it was read as.
    columns: dict[str, str] = field(default_factory=dict)
    #: Headers of custom-factor columns (daily only).
    custom_factors: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    date_order: DateOrder | None = None
    #: Non-blank data rows found in the file.
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        """True when every row was accepted."""
        return self.problems.empty

    def messages(self) -> list[str]:
        """The problems as lines such as ``row 9, water_l: -1.5 is below 0``."""
        return self.problems["message"].tolist()


# --------------------------------------------------------------------------- bytes


def _read_bytes(source: Source, max_bytes: int | None) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        raw = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise FileTooLargeError(_too_large(path.stat().st_size, max_bytes))
        raw = path.read_bytes()
    else:
        raw = source.read()
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
    if max_bytes is not None and len(raw) > max_bytes:
        raise FileTooLargeError(_too_large(len(raw), max_bytes))
    return raw


def _too_large(size: int, limit: int) -> str:
    return (f"the file is {_size(size, '.1f')}; the limit is {_size(limit, 'g')}. "
            "Split it into smaller files (for example one per year) and import each.")


def _size(n: int, fmt: str) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:{fmt}} MB"
    if n >= 1_000:
        return f"{n / 1e3:{fmt}} kB"
    return f"{n} bytes"


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def detect_encoding(raw: bytes) -> str:
    """Pick the text encoding, refusing empty, binary and HTML files.

    UTF-16 is recognised by its byte-order mark; otherwise UTF-8 (with or
    without BOM) is tried on the whole file, then cp1252, then latin-1 (which
    accepts any byte).
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        head = raw[:65536].decode("utf-16", errors="replace")
    else:
        head_bytes = raw[:65536]
        known = filekinds.refusal(head_bytes if not head_bytes.startswith(b"PK") else raw)
        if known is not None:
            raise NotCsvError(known)
        if b"\x00" in head_bytes or _CONTROL.search(head_bytes):
            raise NotCsvError("this is a binary file, not CSV text. "
                              "Export your sheet as CSV (comma, semicolon or tab separated) and import that.")
        encoding = ""
        head = ""
    if not encoding:
        try:
            raw.decode("utf-8")
            encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            try:
                raw.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                encoding = "latin-1"
        head = raw[:65536].decode(encoding, errors="replace")
    text = head.lstrip("\ufeff").strip()
    if not text.replace(",", "").replace(";", "").replace("\t", "").strip():
        raise EmptyFileError("the file is empty. Export your sheet again, with a header row "
                             "and at least one row of data.")
    lowered = text[:200].lower()
    if lowered.startswith(("<!doctype html", "<html", "<head", "<body")):
        raise NotCsvError("this is a web page (HTML), not CSV. If you downloaded it from a "
                          "website or Google Sheets, choose File > Download > CSV instead.")
    known = filekinds.text_refusal(text)
    if known is not None:
        raise NotCsvError(known)
    return encoding


def _header_and_delimiter(head: str) -> tuple[int, str, list[str]]:
    """Return (blank lines before the header, delimiter, header cells)."""
    # Only CR and LF end a CSV record (str.splitlines also splits on \x0c, \x85, \u2028...).
    lines = re.split(r"\r\n|\r|\n", head.lstrip("\ufeff"))
    leading = 0
    for line in lines:
        if line.strip(" \t,;"):
            break
        leading += 1
    header_line = lines[leading] if leading < len(lines) else ""
    counts = {d: _count_outside_quotes(header_line, d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    cells = next(csv.reader([header_line], delimiter=delimiter))
    return leading, delimiter, cells


def _utf16_to_utf8(raw: bytes) -> bytes:
    try:
        return raw.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise NotCsvError("this file starts like UTF-16 text but is not valid UTF-16. "
                          "Export your sheet as CSV (UTF-8) and import that.") from None


def read_headers(source: Source) -> list[str]:
    """The header cells of a file, trimmed, as the importer sees them.

    Raises the same whole-file errors as :func:`read_file` (empty, binary, HTML).
    """
    raw = _read_bytes(source, None)
    encoding = detect_encoding(raw)
    if encoding == "utf-16":
        raw = _utf16_to_utf8(raw)
        encoding = "utf-8"
    _, _, cells = _header_and_delimiter(raw[:65536].decode(encoding, errors="replace"))
    return [c.strip() for c in cells]


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def _read_frame(raw: bytes, encoding: str, delimiter: str, leading: int, ncols: int,
                problems: list[pd.DataFrame]) -> pd.DataFrame:
    """Read every data row as text; rows with too many fields become problems."""
    first_row = leading + 2
    frame = _read_frame_arrow(raw, encoding, delimiter, leading, ncols)
    if frame is not None:
        return frame
    try:
        with warnings.catch_warnings():
            # pandas only *warns* (and drops the extra cells) when the first data
            # row is the long one: treat that like any other ragged row.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(raw), sep=delimiter, header=None, names=list(range(ncols)),
                skiprows=leading + 1, dtype=str, keep_default_na=False, na_filter=False,
                skip_blank_lines=False, index_col=False, encoding=encoding, engine="c",
                quotechar='"', doublequote=True,
            )
        frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
        # A cell with a line break (only possible inside quotes) is either a real
        # multi-line cell or a stray quote that swallowed the rows after it (pandas
        # accepts `"open ... "closed"`); let the strict reader below tell which.
        if b'"' not in raw or not _has_line_break(raw, leading + 1 + len(frame)):
            return frame
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        pass
    except (UnicodeDecodeError, ValueError) as exc:  # pragma: no cover - defensive
        raise CsvFormatError(f"the file could not be read as CSV ({exc}).") from None
    # Slow path: some rows are ragged, a quote is never closed or a cell spans lines.
    # Walk the records with the csv module so we can say exactly which rows.
    text = raw.decode(encoding, errors="strict").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    numbers: list[int] = []
    ragged_rows: list[int] = []
    ragged_counts: list[int] = []
    ragged_text: list[str] = []
    try:
        for i, record in enumerate(reader):
            number = i + 1
            if number <= leading + 1:
                continue
            if len(record) > ncols:
                ragged_rows.append(number)
                ragged_counts.append(len(record))
                ragged_text.append(delimiter.join(record))
                if len(ragged_rows) > MAX_REFUSED_ROWS:
                    _too_many_problems(
                        [f"row {r}: has {n} fields but the header has {ncols}"
                         for r, n in zip(ragged_rows, ragged_counts)], None,
                        hint="Check the separator: a cell probably contains an unquoted "
                             f"{_delimiter_name(delimiter)}.")
                continue
            rows.append(record + [""] * (ncols - len(record)))
            numbers.append(number)
    except csv.Error as exc:
        raise CsvFormatError(
            f"row {len(numbers) + len(ragged_rows) + leading + 2}: the CSV structure is broken "
            f"({exc}). Usually a quote (\") is opened and never closed; fix that cell and try again."
        ) from None
    if ragged_rows:
        problems.append(pd.DataFrame({
            "row": ragged_rows,
            "column": "",
            "value": ragged_text,
            "reason": [f"has {n} fields but the header has {ncols}; a cell probably contains "
                       f"an unquoted {_delimiter_name(delimiter)}" for n in ragged_counts],
        }))
    frame = pd.DataFrame(rows, columns=list(range(ncols)), dtype="str")
    frame.index = pd.Index(numbers, name="row", dtype="int64")
    return frame


def _has_line_break(raw: bytes, records: int) -> bool:
    """Whether some cell may hold a line break, so the careful reader must decide.

    True when the file has more line breaks than records, or an odd number of
    quote characters (a quote left open to the end of the file).

    ``records`` counts every line the reader turned into a row (blank lines
    before the header, the header and the data rows). Counting bytes is far
    cheaper than searching every cell.
    """
    if raw.count(b'"') % 2:
        return True  # a quote never closed swallowed the line breaks after it
    breaks = raw.count(b"\n")
    if b"\r" in raw:
        breaks += raw.count(b"\r") - raw.count(b"\r\n")
    return breaks > records


def _read_frame_arrow(raw: bytes, encoding: str, delimiter: str, leading: int,
                      ncols: int) -> pd.DataFrame | None:
    """Fast path for well-formed UTF-8 files: pyarrow's multi-threaded CSV reader.

    Returns ``None`` whenever the file needs the careful path (another
    encoding, a row with too few or too many fields, a cell spanning lines),
    so both paths give the same result on every file this one accepts.
    """
    if encoding not in ("utf-8", "utf-8-sig") or ncols == 0:
        return None
    names = [str(i) for i in range(ncols)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(raw),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=leading + 1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"',
                                             double_quote=True, escape_char=False,
                                             newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    frame = pd.DataFrame({i: _str_series(table.column(i)) for i in range(ncols)})
    frame.index = pd.RangeIndex(leading + 2, leading + 2 + len(frame), name="row")
    if b'"' in raw and _has_line_break(raw, leading + 1 + len(frame)):
        return None
    return frame


def _str_series(values: pa.ChunkedArray) -> pd.Series:
    """Wrap an Arrow string column as a pandas ``str`` Series without copying."""
    return pd.Series(pd.array(values, dtype="str"))


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]


# --------------------------------------------------------------------------- headers


@dataclass
class _Plan:
    table: Table
    #: position -> target name (canonical, unit alias or custom factor)
    targets: dict[int, str]
    custom: list[int]
    unmapped: list[str]
    #: episodes given as separate date and time columns
    date_time: tuple[int, int | None] | None = None
    #: the file is a Crampwise refused-rows file: its row/problems columns were skipped
    bookkeeping: bool = False


def _detect_table(norm: list[str]) -> Table:
    episodes = schema.EPISODES.header_lookup()
    daily = schema.DAILY.header_lookup()
    found_ep = {episodes.get(h) for h in norm}
    if {"start", "muscle"} & found_ep:
        return schema.EPISODES
    if "date" in {daily.get(h) for h in norm}:
        return schema.DAILY
    raise UnknownKindError(
        "cannot tell whether this file holds episodes or daily rows: it needs a 'start' or "
        "'muscle' column (episodes) or a 'date' column (daily). Rename the column, or say "
        "what the file holds (in the app: 'What is in the file?'; on the command line: "
        "--kind episodes or --kind daily)."
    )


def _plan_columns(table: Table, headers: list[str], frame: pd.DataFrame,
                  mapping: Mapping[str, str | None] | None, decimal_comma: bool) -> _Plan:
    lookup = table.header_lookup()
    targets: dict[int, str] = {}
    custom: list[int] = []
    unmapped: list[str] = []
    seen: dict[str, str] = {}
    mapping = dict(mapping or {})
    date_pos = time_pos = None
    norms = [schema.normalise_header(h) for h in headers]
    # A refused-rows file from Crampwise, fixed and imported again: its bookkeeping
    # columns are not data.
    bookkeeping = {"row", "problems"} <= set(norms)
    for pos, header in enumerate(headers):
        norm = norms[pos]
        if bookkeeping and norm in ("row", "problems") and header not in mapping:
            continue
        if header in mapping:
            target = mapping[header]
            if target is SKIP:
                continue
            if target not in lookup.values() and target is not None:
                if table.custom_factors and target == "custom":
                    target = norm or f"column_{pos + 1}"
                    custom.append(pos)
                else:
                    raise DuplicateColumnError(f"cannot map column {header!r} to unknown column {target!r}.")
        else:
            target = lookup.get(norm)
        if target is None:
            if not header.strip() and not frame[pos].str.strip().ne("").any():
                continue  # trailing delimiter: an empty, unnamed column
            if table is schema.EPISODES and norm in ("date", "day"):
                date_pos = pos
                continue
            if table is schema.EPISODES and norm in ("time", "time_of_day", "clock"):
                time_pos = pos
                continue
            if table.custom_factors and _looks_numeric(frame[pos], decimal_comma):
                target = norm or f"column_{pos + 1}"
                custom.append(pos)
            else:
                unmapped.append(header)
                continue
        canonical = table.unit_alias(target).target if table.unit_alias(target) else target
        if canonical in seen:
            raise DuplicateColumnError(
                f"columns {seen[canonical]!r} and {header!r} both give {canonical}; "
                "keep one of them (or rename the other) and import again."
            )
        seen[canonical] = header
        targets[pos] = target
    date_time = None
    if table is schema.EPISODES and "start" not in seen and date_pos is not None:
        date_time = (date_pos, time_pos)
        seen["start"] = headers[date_pos]
    elif date_pos is not None:
        unmapped.append(headers[date_pos])
    if date_time is None and time_pos is not None:
        unmapped.append(headers[time_pos])
    missing = [name for name in table.required if name not in seen]
    if missing:
        shown = ", ".join(repr(h) for h in headers if h.strip()) or "(none)"
        raise MissingColumnsError(
            f"the {table.name} file needs the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; found {shown}. Rename your column to match (see the template) "
            "or map it in the import step.",
            missing, table=table.name, headers=[h for h in headers if h.strip()],
        )
    return _Plan(table, targets, custom, unmapped, date_time, bookkeeping=bookkeeping)


def _looks_numeric(col: pd.Series, decimal_comma: bool) -> bool:
    sample = col.str.strip()
    sample = sample[sample != ""].head(1000)
    if sample.empty:
        return False
    if decimal_comma:
        sample = sample.str.replace(",", ".", regex=False)
    return bool(pd.to_numeric(sample, errors="coerce").notna().any())


# --------------------------------------------------------------------------- values


class _Problems:
    """Collects problems as small frames (vectorised, no per-row objects)."""

    def __init__(self, frames: list[pd.DataFrame]):
        self.frames = frames

    def add(self, mask: pd.Series, column: str, values: pd.Series, reason: str | pd.Series) -> None:
        if not mask.any():
            return
        bad = values[mask]
        reasons = reason[mask] if isinstance(reason, pd.Series) else reason
        self.frames.append(pd.DataFrame({
            "row": bad.index.to_numpy(), "column": column,
            "value": bad.astype(str).to_numpy(),
            "reason": reasons.to_numpy() if isinstance(reasons, pd.Series) else reasons,
        }))


def _number(col: pd.Series, f: Field, name: str, unit: schema.UnitAlias | None,
            decimal_comma: bool, problems: _Problems) -> pd.Series:
    empty = col == ""
    values = _fast_float(col)
    if values is None:
        text = col.str.replace(",", ".", regex=False) if decimal_comma else col
        values = _careful_float(text.where(~empty, None))
    bad = values.isna() & ~empty
    if decimal_comma and col.str.contains(",", regex=False).any():
        # The column uses decimal commas, so "1.500" may mean 1500: refuse to guess.
        thousands = col.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+")
        problems.add(thousands & ~bad, name, col,
                     "could mean a decimal or a thousands separator; write it without a "
                     "thousands separator (1500, or 1,5)")
    if bad.any():
        reason = pd.Series("is not a number", index=col.index)
        reason = reason.mask(col.str.contains(",", regex=False) & col.str.contains(".", regex=False),
                             "mixes commas and dots; write it without a thousands separator "
                             "(1234.5)")
        if not decimal_comma:
            reason = reason.mask(col.str.contains(",", regex=False)
                                 & ~col.str.contains(".", regex=False),
                                 "uses a comma for decimals, but commas separate the columns "
                                 "of this file; write it with a dot (1.5)")
        problems.add(bad, name, col, reason)
    finite = np.isfinite(values) | values.isna()
    problems.add(~finite, name, col, "is not a finite number")
    if unit is not None:
        values = unit.to_canonical(values).round(unit.decimals)
    ok = values.notna() & finite
    lo, hi = f.min, f.max
    if unit is not None and lo is not None and hi is not None:
        src_lo, src_hi = sorted((unit.from_canonical(lo), unit.from_canonical(hi)))
        suffix_lo = "" if _round_limit(src_lo) == schema._fmt(lo) else f" ({schema._fmt(lo)} {f.unit})"
        suffix_hi = "" if _round_limit(src_hi) == schema._fmt(hi) else f" ({schema._fmt(hi)} {f.unit})"
    else:
        src_lo, src_hi, suffix_lo, suffix_hi = lo, hi, "", ""
    if lo is not None:
        if f.min_exclusive:
            problems.add(ok & (values <= lo), name, col,
                         f"must be more than {schema._fmt(src_lo)}{suffix_lo}")
        else:
            problems.add(ok & (values < lo), name, col,
                         f"is below {_round_limit(src_lo)}{suffix_lo}")
    if hi is not None:
        problems.add(ok & (values > hi), name, col, f"is above {_round_limit(src_hi)}{suffix_hi}")
    if f.kind == "integer":
        problems.add(ok & (values % 1 != 0), name, col, "is not a whole number")
    return values


def _fast_float(col: pd.Series) -> pd.Series | None:
    """Arrow's strict string-to-float cast, when every non-empty cell is a plain number.

    Returns ``None`` if any cell needs the careful path (commas, words, ...).
    """
    try:
        arr = pa.array(col.array)
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
        values = pc.cast(arr, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, TypeError):
        return None
    return pd.Series(values.to_numpy(zero_copy_only=False), index=col.index, dtype="float64")


#: What a number cell may look like (after a decimal comma became a dot): the cells
#: ``pandas.to_numeric`` reads, matched in Arrow instead of one Python call per cell.
_NUMBER = r"(?i)^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)\s*$"


def _careful_float(text: pd.Series) -> pd.Series:
    """Numbers from text cells; a cell that is not a number becomes NaN (refused by the caller)."""
    arr = pa.array(text.astype("str"), from_pandas=True)
    ok = pc.fill_null(pc.match_substring_regex(arr, _NUMBER), False)
    mask = ok.to_numpy(zero_copy_only=False)
    values = pd.Series(np.nan, index=text.index, dtype="float64")
    if mask.any():
        values[mask] = pd.to_numeric(text[mask], errors="coerce").to_numpy(dtype="float64")
    return values


def _round_limit(x: float | None) -> str:
    return schema._fmt(None if x is None else round(x, 2))


def _custom_number(col: pd.Series, name: str, decimal_comma: bool, problems: _Problems) -> pd.Series:
    f = Field(name, "number", name, "custom factor")
    return _number(col, f, name, None, decimal_comma, problems)


def _boolean(col: pd.Series, name: str, problems: _Problems) -> pd.Series:
    lowered = col.str.lower()
    truth = {**{w: True for w in schema.YES}, **{w: False for w in schema.NO}}
    codes, uniques = pd.factorize(lowered)
    mapped = np.array([truth.get(u, None) for u in uniques] + [None], dtype=object)
    values = pd.Series(mapped[codes], index=col.index).astype("boolean")
    problems.add(values.isna() & (col != ""), name, col, "is not yes or no")
    return values


def _vocab_key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _category(col: pd.Series, f: Field, name: str, problems: _Problems) -> pd.Series:
    codes, uniques = pd.factorize(col)
    known = {v: v for v in f.vocabulary} | dict(f.synonyms)
    mapped = [known.get(_vocab_key(u)) if u else None for u in uniques]
    bad_unique = np.array([m is None and bool(u) for m, u in zip(mapped, uniques)] + [False])
    values = pd.Categorical.from_codes(
        codes=np.array([f.vocabulary.index(m) if m else -1 for m in mapped] + [-1])[codes],
        categories=list(f.vocabulary),
    )
    series = pd.Series(values, index=col.index)
    problems.add(pd.Series(bad_unique[codes], index=col.index), name, col,
                 f"is not a known {f.label.lower()}; use one of: {', '.join(f.vocabulary)}")
    return series


_MULTI_SPLIT = re.compile(r"\s*(?:[;,/+|&]|\band\b)\s*")


def _multi(col: pd.Series, f: Field, name: str, problems: _Problems) -> pd.Series:
    codes, uniques = pd.factorize(col)
    known = {v: v for v in f.vocabulary} | dict(f.synonyms)
    out: list[str | None] = []
    reasons: list[str | None] = []
    for u in uniques:
        items = [p for p in _MULTI_SPLIT.split(u.lower()) if p.strip()]
        mapped = [known.get(_vocab_key(p)) for p in items]
        unknown = [p for p, m in zip(items, mapped) if m is None]
        if unknown:
            out.append(None)
            reasons.append(f"has {', '.join(repr(p) for p in unknown)}, which "
                           f"{'is' if len(unknown) == 1 else 'are'} not known; "
                           f"use one or more of: {', '.join(f.vocabulary)}, separated by ';'")
        else:
            out.append(schema.RELIEF_SEPARATOR.join(dict.fromkeys(m for m in mapped if m)) or None)
            reasons.append(None)
    bad_unique = np.array([r is not None for r in reasons] + [False])
    bad = bad_unique[codes]
    if bad.any():
        reason_arr = np.array(reasons + [None], dtype=object)
        reason_series = pd.Series(reason_arr[codes], index=col.index)
        problems.add(reason_series.notna(), name, col, reason_series)
    # Expand through an Arrow dictionary: no per-row Python objects.
    indices = pa.array(codes, mask=codes < 0, type=pa.int32())
    expanded = pa.DictionaryArray.from_arrays(indices, pa.array(out, type=pa.string()))
    return pd.Series(pd.array(expanded.cast(pa.string()), dtype="str"), index=col.index)


#: How much of an over-long cell a problem message quotes.
PREVIEW_CHARS = 40


def _text(col: pd.Series, f: Field, name: str, problems: _Problems) -> pd.Series:
    if f.max_length is not None:
        lengths = col.str.len()
        too_long = lengths > f.max_length
        if too_long.any():  # quote the start of the cell, not megabytes of it
            preview = col[too_long].str.slice(0, PREVIEW_CHARS) + "…"
            problems.add(too_long[too_long], name, preview,
                         "is " + lengths[too_long].map("{:,}".format)
                         + f" characters long; the most is {f.max_length:,}")
    # A leading apostrophe we wrote on export to defuse a formula is removed again.
    quoted = col.str.startswith("'")
    if quoted.any():  # the regex runs only on the few cells that start with '
        quoted[quoted] = col[quoted].str.match(r"'+[=+\-@\t\r]")
    if quoted.any():
        col = col.where(~quoted, col.str[1:])
    return col.where(col != "", None)


# --------------------------------------------------------------------------- dates

_DATE_PART = re.compile(
    r"^(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})(?:(?:T|\s+)(?P<time>.*?))?\s*$")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I %p")
# No look-ahead, so pandas can hand the match to Arrow's RE2 instead of Python's re.
_ISO_FULL_DATE = r"^\d{4}(?:-\d{1,2}-\d{1,2}|\d{4})(?:[^\d-]|$)"
_TZ_SUFFIX = r"\d[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"


def _date_parts(values: pd.Series) -> pd.DataFrame:
    """``values`` split into ``date`` and ``time`` text by :data:`_DATE_PART` (NaN: no match).

    Arrow's RE2 does this in C++; pandas' ``str.extract`` would call Python's
    ``re`` once per cell (seconds for a large file).
    """
    found = pc.extract_regex(pa.array(values.astype("str")), pattern=_DATE_PART.pattern)
    parts = {}
    for name in ("date", "time"):
        field = pc.struct_field(found, name)
        parts[name] = pd.Series(pd.array(field, dtype="str"), index=values.index)
    return pd.DataFrame(parts)


def _date_example(kind: str) -> str:
    return "YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD HH:MM"


def _complete_iso_date(col: pd.Series) -> pd.Series:
    """Whether each cell starts with a whole ISO date (``2025`` or ``2025-03`` alone do not).

    A cheap LIKE test settles the usual ``YYYY-MM-DD...`` cells; only the rest
    go through the regular expression.
    """
    arr = pa.array(col.array)
    usual = pc.fill_null(pc.match_like(arr, "____-__-__%"), False).to_numpy(zero_copy_only=False)
    usual = pd.Series(usual, index=col.index)
    if usual.all():
        return usual
    others = ~usual
    usual[others] = col[others].str.contains(_ISO_FULL_DATE, regex=True)
    return usual


def _parse_dates(col: pd.Series, f: Field, name: str, order: DateOrder | None,
                 problems: _Problems, notes: list[str]) -> tuple[pd.Series, DateOrder | None]:
    """Parse a date or date-time column, inferring day/month order when needed."""
    empty = col == ""
    tz = None
    try:
        parsed = pd.to_datetime(col.where(~empty, None), format="ISO8601", errors="coerce")
        if getattr(parsed.dtype, "tz", None) is not None:
            tz = col.str.contains(_TZ_SUFFIX, regex=True)
    except (ValueError, TypeError, OverflowError):
        tz = col.str.contains(_TZ_SUFFIX, regex=True)
        parsed = pd.Series(pd.NaT, index=col.index, dtype="datetime64[us]")
    if tz is not None:
        problems.add(tz, name, col, "includes a time zone; write the local time without it "
                                    f"({_date_example(f.kind)})")
        plain = ~tz & ~empty
        parsed = pd.Series(pd.NaT, index=col.index, dtype="datetime64[us]")
        parsed[plain] = _iso_naive(col[plain]).to_numpy()
        empty = empty | tz
    parsed = parsed.astype("datetime64[us]")
    # ISO 8601 also reads "2025" and "2025-03" (as the 1st): a date must be complete.
    parsed = parsed.where(_complete_iso_date(col))
    rest = parsed.isna() & ~empty
    used_order: DateOrder | None = None
    if rest.any():
        values = col[rest]
        parts = _date_parts(values)
        no_match = parts["date"].isna()
        problems.add(no_match, name, values,
                     f"is not a date Crampwise can read; use {_date_example(f.kind)}")
        parts = parts[~no_match]
        dates = parts["date"].str.replace("-", "/", regex=False).str.replace(".", "/", regex=False)
        year_first = parts["date"].str.match(r"^\d{4}")
        dotted = parts["date"].str.contains(".", regex=False) & ~year_first
        slashed = ~year_first & ~dotted
        day = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
        if year_first.any():
            day[year_first] = pd.to_datetime(dates[year_first], format="%Y/%m/%d",
                                             errors="coerce").to_numpy()
        if dotted.any():
            day[dotted] = pd.to_datetime(dates[dotted], format="%d/%m/%Y",
                                         errors="coerce").to_numpy()
        if slashed.any():
            # Each reading once: together they decide the order, give the note and the dates.
            readings = {"dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y"}
            both = {o: pd.to_datetime(dates[slashed], format=fmt, errors="coerce")
                    for o, fmt in readings.items() if order is None or o == order}
            used_order = order or _infer_order(dates[slashed], both, name)
            if used_order is not None:
                day[slashed] = both[used_order].to_numpy()
                if order is None:
                    notes.append(_order_note(used_order, name, dates[slashed], both))
        problems.add(day.isna(), name, values[~no_match],
                     "is not a real date" if f.kind == "date" else "is not a real date and time")
        times = parts["time"].fillna("").str.strip()
        clock = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
        has_time = times != ""
        todo = has_time.copy()
        for fmt in _TIME_FORMATS:
            if not todo.any():
                break
            got = pd.to_datetime("2000-01-01 " + times[todo], format="%Y-%m-%d " + fmt,
                                 errors="coerce")
            clock[todo] = got.to_numpy()
            todo = todo & clock.isna()
        problems.add(day.notna() & todo, name, values[~no_match],
                     "has a time Crampwise cannot read; use 24-hour HH:MM (for example 22:15)")
        offset = (clock - pd.Timestamp("2000-01-01")).fillna(pd.Timedelta(0))
        # Positions, not labels: label alignment costs a hash lookup per row.
        at = np.flatnonzero(rest.to_numpy())[~no_match.to_numpy()]
        parsed.iloc[at] = (day + offset).to_numpy()
    implausible = parsed.notna() & ((parsed < EARLIEST) | (parsed > LATEST))
    problems.add(implausible, name, col, f"is outside the years {EARLIEST.year} to {LATEST.year}; "
                                         "check the year")
    if f.kind == "date":
        has_clock = parsed.notna() & (parsed != parsed.dt.normalize())
        problems.add(has_clock, name, col, "has a time of day; daily rows take a date only "
                                           "(YYYY-MM-DD)")
    return parsed, used_order


def _iso_naive(values: pd.Series) -> pd.Series:
    """ISO 8601 parse of values without a recognised time zone.

    pandas also reads offsets the time-zone pattern does not match (``"... -0"``);
    those values become NaT here and are then refused by the fallback parser.
    """
    try:
        got = pd.to_datetime(values, format="ISO8601", errors="coerce")
        if getattr(got.dtype, "tz", None) is None:
            return got
    except (ValueError, TypeError, OverflowError):
        pass
    found: dict[str, pd.Timestamp] = {}
    for value in values.unique():  # rare: only files with odd offsets get here
        try:
            one = pd.to_datetime(pd.Series([value]), format="ISO8601", errors="coerce")
        except (ValueError, TypeError, OverflowError):
            one = None
        naive = one is not None and getattr(one.dtype, "tz", None) is None
        found[value] = one.iloc[0] if naive else pd.NaT
    return values.map(found).astype("datetime64[us]")


def _infer_order(dates: pd.Series, both: Mapping[str, pd.Series], name: str) -> DateOrder | None:
    """The order the slash or dash dates must be read in (``both``: each reading of them)."""
    dmy, mdy = both["dmy"], both["mdy"]
    n_dmy, n_mdy = int(dmy.notna().sum()), int(mdy.notna().sum())
    if n_dmy == n_mdy == 0:
        return None  # no date is real either way: each row is refused as not a real date
    if n_dmy > n_mdy:
        return "dmy"
    if n_mdy > n_dmy:
        return "mdy"
    differ = dmy.notna() & mdy.notna() & (dmy != mdy)
    if not differ.any() and dmy.notna().equals(mdy.notna()):
        return "dmy"  # every real date has day == month: the order makes no difference
    examples = dates[differ].drop_duplicates().head(3).tolist()
    if not examples:  # as many dates read only day-first as only month-first
        examples = dates[dmy.notna() != mdy.notna()].drop_duplicates().head(3).tolist()
    raise AmbiguousDateOrderError(
        f"the dates in {name} could be day-first or month-first (for example "
        f"{', '.join(examples)}), and Crampwise will not guess. Choose the order: "
        "day-first (DD/MM/YYYY) or month-first (MM/DD/YYYY); on the command line add "
        "--dayfirst or --monthfirst.",
        column=name, examples=examples,
    )


def _order_note(order: DateOrder, name: str, dates: pd.Series,
                both: Mapping[str, pd.Series]) -> str:
    other = "mdy" if order == "dmy" else "dmy"
    decisive = dates[both[other].isna() & both[order].notna()]
    style = "day-first (DD/MM/YYYY)" if order == "dmy" else "month-first (MM/DD/YYYY)"
    if decisive.empty:
        return f"{name}: read as {style}; every date reads the same either way."
    return (f"{name}: read as {style}, because {decisive.iloc[0]} (row {decisive.index[0]}) "
            "can only be read that way.")


# --------------------------------------------------------------------------- main


def read_file(
    source: Source,
    kind: str | None = None,
    *,
    date_order: DateOrder | None = None,
    mapping: Mapping[str, str | None] | None = None,
    max_bytes: int | None = None,
) -> ImportResult:
    """Read a CSV file of episodes or daily rows into the canonical table.

    ``kind`` is ``"episodes"`` or ``"daily"``; when ``None`` it is detected
    from the headers. ``date_order`` settles dates such as ``03/04/2025``
    (``"dmy"`` or ``"mdy"``); without it the order is inferred from the data
    and :class:`AmbiguousDateOrderError` is raised when the data cannot decide.
    ``mapping`` maps original headers to column names (``None`` leaves a
    column out; ``"custom"`` keeps a daily column as a custom factor).

    Raises a :class:`~crampwise.errors.FileRefused` subclass when the file
    as a whole cannot be read; problems with single rows are returned in
    :attr:`ImportResult.problems` and never raised.
    """
    raw = _read_bytes(source, max_bytes)
    if not raw.strip():
        raise EmptyFileError("the file is empty. Export your sheet again, with a header row "
                             "and at least one row of data.")
    encoding = detect_encoding(raw)
    file_encoding = encoding
    if encoding == "utf-16":
        raw = _utf16_to_utf8(raw)
        encoding = "utf-8"
    head = raw[:65536].decode(encoding, errors="replace")
    leading, delimiter, headers = _header_and_delimiter(head)
    headers = [h.strip() for h in headers]
    if len(headers) > MAX_COLUMNS:
        raise TooManyColumnsError(
            f"the file has {len(headers):,} columns; Crampwise reads at most {MAX_COLUMNS} (a "
            "log usually has fewer than 20). Keep only the columns you log, one per factor, and "
            "import again.")
    problem_frames: list[pd.DataFrame] = []
    frame = _read_frame(raw, encoding, delimiter, leading, len(headers), problem_frames)
    n_ragged = sum(len(p) for p in problem_frames)
    # One new frame, not one insert per column (which pandas warns is slow when there are many).
    frame = pd.DataFrame({pos: frame[pos].str.strip() for pos in frame.columns},
                         index=frame.index)
    blank = (frame == "").all(axis=1)
    n_blank = int(blank.sum())
    if n_blank:
        frame = frame[~blank]
    if frame.empty and not problem_frames:
        raise HeaderOnlyError("the file has a header row but no data rows. Add at least one "
                              "row under the header and import again.")
    decimal_comma = delimiter != ","
    table = schema.table(kind) if kind else _detect_table(
        [schema.normalise_header(h) for h in headers])
    plan = _plan_columns(table, headers, frame, mapping, decimal_comma)

    notes: list[str] = []
    problems = _Problems(problem_frames)
    out: dict[str, pd.Series] = {}
    used_order: DateOrder | None = date_order
    if plan.date_time is not None:
        date_pos, time_pos = plan.date_time
        start_text = frame[date_pos]
        if time_pos is not None:
            start_text = (start_text + " " + frame[time_pos]).str.strip()
        notes.append(f"start was put together from the {headers[date_pos]!r}"
                     + (f" and {headers[time_pos]!r} columns." if time_pos is not None else " column."))
        out["start"], inferred = _parse_dates(start_text, table.field("start"), "start",
                                              date_order, problems, notes)
        used_order = used_order or inferred
        problems.add(start_text == "", "start", start_text, "is empty, but every row needs a value")
    for pos, target in plan.targets.items():
        col = frame[pos]
        if pos in plan.custom:
            out[target] = _custom_number(col, target, decimal_comma, problems)
            notes.append(f"{headers[pos]!r} matches no {table.name} column and holds numbers, "
                         f"so it was kept as a custom factor ({target}).")
            continue
        unit = table.unit_alias(target)
        f = table.field(unit.target if unit else target)
        if f.kind in ("number", "integer"):
            out[f.name] = _number(col, f, target, unit, decimal_comma, problems)
            if unit is None and schema.normalise_header(headers[pos]) in f.unitless:
                notes.append(_unitless_note(table, f, headers[pos]))
            if unit:
                notes.append(f"{headers[pos]!r} was converted from {unit.unit} to {f.unit} "
                             f"({f.name}).")
        elif f.kind in ("date", "datetime"):
            out[f.name], inferred = _parse_dates(col, f, target, date_order, problems, notes)
            used_order = used_order or inferred
        elif f.kind == "boolean":
            out[f.name] = _boolean(col, target, problems)
        elif f.kind == "category":
            out[f.name] = _category(col, f, target, problems)
        elif f.kind == "multi":
            out[f.name] = _multi(col, f, target, problems)
        else:
            out[f.name] = _text(col, f, target, problems)
        if f.required:
            problems.add(col == "", target, col, "is empty, but every row needs a value")

    custom_names = [plan.targets[p] for p in plan.custom]
    order = [f.name for f in table.fields if f.name in out] + custom_names
    data = pd.DataFrame({name: out[name] for name in order}, index=frame.index)

    _check_problem_count(problems.frames, len(frame) + n_ragged)
    problem_df = _problem_frame(problems.frames)
    bad_rows = pd.Index(problem_df["row"].unique())
    data = data[~data.index.isin(bad_rows)]
    if table.unique:
        data, dup_problems, dup_notes = _dedupe(data, table.unique)
        notes.extend(dup_notes)
        if not dup_problems.empty:
            problem_df = _problem_frame([problem_df, dup_problems])
            data = data[~data.index.isin(dup_problems["row"])]
    data = data.sort_values(table.order_by, kind="stable")
    if plan.bookkeeping:
        notes.append("this looks like a Crampwise refused-rows file: its 'row' and 'problems' "
                     "columns were left out.")
    if n_blank:
        notes.append(f"{n_blank} blank row{'s' if n_blank > 1 else ''} skipped.")
    if plan.unmapped:
        notes.append("left out column" + ("s " if len(plan.unmapped) > 1 else " ")
                     + ", ".join(repr(h) for h in plan.unmapped)
                     + ": no matching column. Rename or map "
                     + ("them" if len(plan.unmapped) > 1 else "it") + " to import the values.")
    refused = _refused(frame, headers, problem_df, problem_frames)
    columns = {headers[p]: t for p, t in plan.targets.items()}
    if plan.date_time is not None:
        columns[headers[plan.date_time[0]]] = "start"
        if plan.date_time[1] is not None:
            columns[headers[plan.date_time[1]]] = "start"
    return ImportResult(
        table=table, data=data, problems=problem_df, refused=refused, notes=notes,
        unmapped=plan.unmapped, columns=columns,
        custom_factors=custom_names, encoding=file_encoding, delimiter=delimiter,
        date_order=used_order, rows_read=len(frame) + n_ragged,
    )


def _unitless_note(table: Table, f: Field, header: str) -> str:
    """Say which unit a header without one was read in, and how to name the others."""
    others = [u for u in table.unit_aliases if u.target == f.name]
    note = f"{header!r} gives no unit, so it was read in {f.unit} ({f.name})"
    if others:
        units = " or ".join(u.unit for u in others)
        names = " or ".join(u.name for u in others)
        note += f"; if it is in {units}, name the column {names}"
    return note + "."


def _too_many_problems(first: list[str], total_rows: int | None, refused: int | None = None,
                       hint: str = "Check that this is the file you meant and that its columns "
                                   "are matched to the right ones, fix these, and import "
                                   "again.") -> None:
    lines = first[:FIRST_PROBLEMS]
    count = (f"{refused:,} of its {total_rows:,} rows" if refused and total_rows
             else f"more than {MAX_REFUSED_ROWS:,} rows")
    raise TooManyProblemsError(
        f"{count} have problems (the most Crampwise lists is {MAX_REFUSED_ROWS:,}), so nothing "
        f"was imported. The first: {'; '.join(lines)}. {hint}", lines)


def _check_problem_count(frames: list[pd.DataFrame], total_rows: int) -> None:
    """Refuse the whole file when more than :data:`MAX_REFUSED_ROWS` rows have problems.

    Counted on the row numbers alone, before any message is built, so a file
    of nothing but bad rows is answered quickly.
    """
    frames = [f for f in frames if not f.empty]
    if not frames:
        return
    numbers = np.concatenate([f["row"].to_numpy(dtype="int64") for f in frames])
    seen = np.zeros(int(numbers.max()) + 1, dtype=bool)  # row numbers are small: mark, don't sort
    seen[numbers] = True
    rows = np.flatnonzero(seen)
    if len(rows) <= MAX_REFUSED_ROWS:
        return
    first_rows = set(rows[:FIRST_PROBLEMS].tolist())
    head = [f[f["row"].isin(first_rows)] for f in frames]
    first = _problem_frame(head)["message"].tolist()
    _too_many_problems(first, total_rows, len(rows))


def _problem_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str")
                             for c in PROBLEM_COLUMNS})
    df = pd.concat(frames, ignore_index=True)
    df["row"] = df["row"].astype("int64")
    df = df.sort_values("row", kind="stable").reset_index(drop=True)
    df["column"] = df["column"].fillna("").astype("str")
    df["value"] = df["value"].fillna("").astype("str")
    prefix = "row " + df["row"].astype(str)
    prefix = prefix.where(df["column"] == "", prefix + ", " + df["column"])
    shown = df["value"].where(df["column"] != "", "")
    df["message"] = (prefix + ": " + shown.where(shown == "", shown + " ") + df["reason"])
    return df[PROBLEM_COLUMNS]


def _dedupe(data: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    dup = data[key].duplicated(keep=False) & data[key].notna()
    if not dup.any():
        return data, pd.DataFrame(columns=["row", "column", "value", "reason"]), []
    notes: list[str] = []
    frames: list[dict] = []
    drop: list[int] = []
    dups = data[dup]
    # One hash per row of all its values: a group is "identical copies" when it has one hash.
    # (Comparing each group with drop_duplicates cost minutes on files with many dates twice.)
    hashes = pd.util.hash_pandas_object(dups, index=False)
    same = hashes.groupby(dups[key]).transform("nunique") == 1
    if int((~same).sum()) > MAX_REFUSED_ROWS:
        _too_many_problems([f"row {r}, {key}: also appears on another row with different values"
                            for r in dups.index[~same][:FIRST_PROBLEMS]], len(data),
                           int((~same).sum()))
    copies: list[str] = []
    for value, rows in dups.index.to_series().groupby(dups[key], sort=True):
        rows = rows.tolist()
        day = pd.Timestamp(value).strftime("%Y-%m-%d")
        if same[rows[0]]:
            drop.extend(rows[1:])
            copies.append(f"rows {_and(rows)} are identical copies of {day}; kept once.")
        else:
            for r in rows:
                others = [o for o in rows if o != r]
                frames.append({"row": r, "column": key, "value": day,
                               "reason": f"also appears on row {_and(others)} with different "
                                         "values; keep one row per date"})
    if len(copies) > MAX_COPY_NOTES:  # one line, not thousands, when many dates repeat
        copies = [f"{len(copies):,} dates appear more than once with identical values; each "
                  f"was kept once (the first: {copies[0].removesuffix('; kept once.')})."]
    notes.extend(copies)
    data = data.drop(index=drop)
    return data, pd.DataFrame(frames, columns=["row", "column", "value", "reason"]), notes


def _and(items: list[int]) -> str:
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _refused(frame: pd.DataFrame, headers: list[str], problems: pd.DataFrame,
             ragged: list[pd.DataFrame]) -> pd.DataFrame:
    """Refused rows as they were in the file, so a person can fix and re-import them."""
    names = _unique_headers(headers)
    if problems.empty:
        return pd.DataFrame(columns=["row", *names, "problems"])
    reasons = _joined_by_row(problems)
    present = reasons.index[reasons.index.isin(frame.index)]
    rows = frame.loc[present].copy()
    rows.columns = names
    # Ragged rows are not in the frame: keep their raw text in the first column.
    missing = reasons.index[~reasons.index.isin(frame.index)]
    if len(missing):
        raw_text = problems[problems["column"] == ""].drop_duplicates("row").set_index("row")["value"]
        extra = pd.DataFrame({names[0]: raw_text.reindex(missing)}, index=missing)
        rows = pd.concat([rows, extra]).sort_index()
    rows.insert(0, "row", rows.index.astype("int64"))
    rows["problems"] = reasons.reindex(rows.index).to_numpy()
    return rows.reset_index(drop=True)


def _joined_by_row(problems: pd.DataFrame) -> pd.Series:
    """Each row's problem messages joined with " | ", indexed by row (sorted).

    Vectorised in Arrow: the k-th problem of every row is taken as one column
    and the columns are joined side by side, so a file with a problem on every
    row costs a few array operations instead of one Python call per row.
    """
    if problems.empty:
        return pd.Series([], index=pd.Index([], name="row", dtype="int64"), dtype="str")
    order = np.argsort(problems["row"].to_numpy(), kind="stable")
    rows = problems["row"].to_numpy()[order]
    messages = pc.take(pa.array(problems["message"].astype("str")), pa.array(order))
    separator = pa.scalar(" | ", type=messages.type)  # string or large_string, as the column
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    counts = np.diff(np.r_[starts, len(rows)])
    joined = pc.take(messages, pa.array(starts))
    for k in range(1, int(counts.max())):
        has = counts > k
        picks = pa.array(np.minimum(starts + k, len(rows) - 1), mask=~has)
        joined = pc.binary_join_element_wise(joined, pc.take(messages, picks), separator,
                                             null_handling="skip")
    return pd.Series(pd.array(joined, dtype="str"), index=pd.Index(rows[starts], name="row"))


def _unique_headers(headers: list[str]) -> list[str]:
    """Headers made unique, never clashing with the ``row`` and ``problems`` we add."""
    seen: dict[str, int] = {"row": 1, "problems": 1}
    out = []
    for i, h in enumerate(headers):
        name = h or f"column_{i + 1}"
        while name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        seen[name] = 1
        out.append(name)
    return out
