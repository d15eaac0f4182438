"""Write the canonical CSV: UTF-8, ISO dates, canonical column order.

Free-text cells that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe;
the importer removes it again, so an export re-imports unchanged.
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from crampwise import schema
from crampwise.io.result import FORMULA_PREFIXES
from crampwise.schema import Table


def canonical_frame(data: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Columns in canonical order (custom factors after), as strings ready to write."""
    known = [f.name for f in table.fields if f.name in data.columns]
    extra = [c for c in data.columns if c not in table.names] if table.custom_factors else []
    return data[known + extra]


def _datetime_strings(values: pd.Series, kind: str) -> pa.Array:
    """ISO text via Arrow casts (much faster than strftime on a million rows)."""
    arr = pa.array(values.astype("datetime64[us]"), from_pandas=True)
    if kind == "date":
        return pc.cast(pc.cast(arr, pa.date32()), pa.string())
    clean = values.dropna()
    fraction = bool((clean.dt.microsecond != 0).any())
    if fraction:
        return pc.cast(arr, pa.string())  # 2025-03-14 22:15:30.250000
    text = pc.cast(arr.cast(pa.timestamp("s")), pa.string())  # 2025-03-14 22:15:30
    if bool((clean.dt.second != 0).any()):
        return text
    return pc.utf8_slice_codeunits(text, 0, 16)  # 2025-03-14 22:15


#: A cell a spreadsheet would run: optional apostrophes, then a formula character.
_RISKY = "^'*[" + "".join(re.escape(c) for c in FORMULA_PREFIXES) + "]"


def _defuse(values: pd.Series) -> pa.Array:
    """Prefix ``'`` to cells a spreadsheet would run as a formula (OWASP CSV injection).

    A cell that already starts with ``'`` before a formula character gets one
    more, because the importer strips exactly one: the round trip is exact.
    """
    arr = pa.array(values.astype("str"), from_pandas=True, type=pa.string())
    first = pc.utf8_slice_codeunits(arr, 0, 1)
    if not pc.any(pc.is_in(first, value_set=pa.array([*FORMULA_PREFIXES, "'"]))).as_py():
        return arr  # the usual case: nothing to defuse, no regular expressions run
    risky = pc.match_substring_regex(arr, _RISKY)
    # A plain signed number ("-1", "+49") is not a formula risk and stays as typed.
    plain = pc.match_substring_regex(arr, "^[+-][0-9]+(?:[.,][0-9]+)?$")
    risky = pc.fill_null(pc.and_not(risky, plain), False)
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def _strings(values: pd.Series) -> pa.Array:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pc.cast(pa.array(values, from_pandas=True), pa.string())
    return pa.array(values.astype("str"), from_pandas=True, type=pa.string())


def _table(data: pd.DataFrame, table: Table) -> pa.Table:
    frame = canonical_frame(data, table)
    columns: dict[str, pa.Array] = {}
    for name in frame.columns:
        values = frame[name]
        f = table.field(name) if name in table.names else None
        kind = f.kind if f else "number"
        if kind in ("date", "datetime"):
            columns[name] = _datetime_strings(values, kind)
        elif kind == "text":
            columns[name] = _defuse(values)
        elif kind == "boolean":
            columns[name] = pa.array(values.map({True: "yes", False: "no"}).astype("str"), from_pandas=True)
        elif kind == "integer":
            columns[name] = pa.array(values.astype("Int64"), from_pandas=True)
        elif kind == "number":
            columns[name] = pa.array(values.astype("float64"), from_pandas=True)
        else:
            columns[name] = _strings(values)
    if not columns:
        return pa.table({n: pa.array([], pa.string()) for n in frame.columns})
    return pa.table(columns)


def _free_text(table: Table, names: list[str]) -> list[str]:
    """Columns whose cells may hold commas, quotes or line breaks (vocabulary words cannot)."""
    return [n for n in names if n not in table.names or table.field(n).kind == "text"]


def _write(batch: pa.Table, sink: pa.NativeFile | str, free_text: list[str] | None = None) -> None:
    """Write a header we quote ourselves, then the rows with as little quoting as possible.

    Arrow quotes every string when any quoting is on; when no cell holds a
    comma, quote or line break, the rows are written without quotes, so the
    common file is as plain as a hand-made one. Either way it is valid RFC 4180.
    """
    structural = False
    check = batch.column_names if free_text is None else free_text
    for column in (batch.column(n) for n in check):
        if pa.types.is_string(column.type):
            for char in (",", '"', "\n", "\r"):
                if pc.any(pc.match_substring(column, char)).as_py():
                    structural = True
                    break
        if structural:
            break
    header = (",".join(_quote(name) for name in batch.column_names) + "\n").encode("utf-8")
    options = pacsv.WriteOptions(
        include_header=False, delimiter=",", quoting_style="needed" if structural else "none"
    )
    if isinstance(sink, str):
        with pa.OSFile(sink, "wb") as handle:
            handle.write(header)
            pacsv.write_csv(batch, handle, write_options=options)
    else:
        sink.write(header)
        pacsv.write_csv(batch, sink, write_options=options)


def write_csv(data: pd.DataFrame, table: Table, destination: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the canonical CSV straight to a path or binary stream (no copy in memory)."""
    if isinstance(destination, str | os.PathLike):
        _write(_table(data, table), str(destination), _free_text(table, list(data.columns)))
    else:
        _write(
            _table(data, table), pa.PythonFile(destination, mode="w"), _free_text(table, list(data.columns))
        )


def to_csv_bytes(data: pd.DataFrame, table: Table) -> bytes:
    """Encode accepted rows as the canonical CSV (UTF-8, no BOM, LF line ends)."""
    sink = pa.BufferOutputStream()
    _write(_table(data, table), sink, _free_text(table, list(data.columns)))
    return sink.getvalue().to_pybytes()


def refused_csv_bytes(refused: pd.DataFrame) -> bytes:
    """The refused rows as they were, plus ``row`` and ``problems``, for fixing in a spreadsheet.

    Cells are defused like free text (they are exactly what the person typed),
    and the file starts with a UTF-8 BOM so Excel opens accents correctly.
    Importing the fixed file ignores the ``row`` and ``problems`` columns.
    """
    columns = {
        name: (
            pa.array(refused[name].astype("int64"))
            if name == "row"
            else _defuse(refused[name].fillna("").astype("str"))
        )
        for name in refused.columns
    }
    sink = pa.BufferOutputStream()
    if columns:
        _write(pa.table(columns), sink)
    return b"\xef\xbb\xbf" + sink.getvalue().to_pybytes()


def template_csv(table: Table) -> str:
    """A ready-to-fill CSV template with two example rows, derived from the schema."""
    names = list(table.names)
    rows = [[f.example for f in table.fields], [f.example2 for f in table.fields]]
    lines = [",".join(names)] + [",".join(_quote(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    if any(c in value for c in ',"\n;'):
        return '"' + value.replace('"', '""') + '"'
    return value


__all__ = ["canonical_frame", "to_csv_bytes", "template_csv", "schema"]
