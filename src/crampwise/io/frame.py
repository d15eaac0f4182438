"""Every data row of a CSV file, read as text.

A fast path (pyarrow's multi-threaded CSV reader) takes well-formed UTF-8
files; anything else (another encoding, a ragged row, a quote never closed, a
cell spanning lines) goes to a careful path that walks the records with the
csv module and says exactly which rows do not fit. Both paths give the same
result on every file the fast one accepts.
"""

from __future__ import annotations

import csv
import io
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from crampwise.errors import CsvFormatError
from crampwise.io.problems import _too_many_problems
from crampwise.io.result import MAX_REFUSED_ROWS


def _read_frame(
    raw: bytes, encoding: str, delimiter: str, leading: int, ncols: int, problems: list[pd.DataFrame]
) -> pd.DataFrame:
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
                io.BytesIO(raw),
                sep=delimiter,
                header=None,
                names=list(range(ncols)),
                skiprows=leading + 1,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
                encoding=encoding,
                engine="c",
                quotechar='"',
                doublequote=True,
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
                        [
                            f"row {r}: has {n} fields but the header has {ncols}"
                            for r, n in zip(ragged_rows, ragged_counts, strict=True)
                        ],
                        None,
                        hint="Check the separator: a cell probably contains an unquoted "
                        f"{_delimiter_name(delimiter)}.",
                    )
                continue
            rows.append(record + [""] * (ncols - len(record)))
            numbers.append(number)
    except csv.Error as exc:
        raise CsvFormatError(
            f"row {len(numbers) + len(ragged_rows) + leading + 2}: the CSV structure is broken "
            f'({exc}). Usually a quote (") is opened and never closed; fix that cell and try again.'
        ) from None
    if ragged_rows:
        problems.append(
            pd.DataFrame(
                {
                    "row": ragged_rows,
                    "column": "",
                    "value": ragged_text,
                    "reason": [
                        f"has {n} fields but the header has {ncols}; a cell probably contains "
                        f"an unquoted {_delimiter_name(delimiter)}"
                        for n in ragged_counts
                    ],
                }
            )
        )
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


def _read_frame_arrow(
    raw: bytes, encoding: str, delimiter: str, leading: int, ncols: int
) -> pd.DataFrame | None:
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
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
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
