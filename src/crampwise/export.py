"""Write the canonical CSV: UTF-8, ISO dates, canonical column order.

Free-text cells that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe;
the importer removes it again, so an export re-imports unchanged.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import schema
from .importer import FORMULA_PREFIXES
from .schema import Table


def canonical_frame(data: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Columns in canonical order (custom factors after), as strings ready to write."""
    known = [f.name for f in table.fields if f.name in data.columns]
    extra = [c for c in data.columns if c not in table.names] if table.custom_factors else []
    return data[known + extra]


def _datetime_strings(values: pd.Series, kind: str) -> pa.Array:
    arr = pa.array(values.astype("datetime64[us]"), from_pandas=True)
    if kind == "date":
        return pc.strftime(arr, format="%Y-%m-%d")
    fraction = bool((values.dropna().dt.microsecond != 0).any())
    with_seconds = fraction or bool((values.dropna().dt.second != 0).any())
    if not with_seconds:
        return pc.strftime(arr, format="%Y-%m-%d %H:%M")
    if not fraction:
        # pyarrow's %S prints microseconds (``30.000000``) for a microsecond timestamp.
        arr = arr.cast(pa.timestamp("s"))
    return pc.strftime(arr, format="%Y-%m-%d %H:%M:%S")


def _defuse(values: pd.Series) -> pa.Array:
    arr = pa.array(values.astype("str"), from_pandas=True, type=pa.string())
    risky = pc.starts_with(arr, FORMULA_PREFIXES[0])
    for prefix in FORMULA_PREFIXES[1:]:
        risky = pc.or_(risky, pc.starts_with(arr, prefix))
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def to_csv_bytes(data: pd.DataFrame, table: Table) -> bytes:
    """Encode accepted rows as the canonical CSV (UTF-8, no BOM, LF line ends)."""
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
            columns[name] = pa.array(values.map({True: "yes", False: "no"}).astype("str"),
                                     from_pandas=True)
        elif kind == "integer":
            columns[name] = pa.array(values.astype("Int64"), from_pandas=True)
        elif kind == "number":
            columns[name] = pa.array(values.astype("float64"), from_pandas=True)
        else:
            columns[name] = pa.array(values.astype("str"), from_pandas=True)
    batch = pa.table(columns) if columns else pa.table({n: pa.array([], pa.string())
                                                         for n in frame.columns})
    sink = pa.BufferOutputStream()
    pacsv.write_csv(batch, sink, write_options=pacsv.WriteOptions(
        include_header=True, quoting_style="needed", delimiter=","))
    return sink.getvalue().to_pybytes()


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
