"""An app's export as one canonical table, for ``convert``, ``analyze`` and a loaded file.

Why through the CSV importer: the export's days and episodes are written as a
canonical CSV and read back with :func:`~crampwise.io.reader.read_csv`, so an app's
values meet exactly the limits, vocabularies, dtypes and messages a person's own
file meets (a 30-litre day from a typo in Apple Health is refused the same way).
"""

from __future__ import annotations

import pandas as pd

from crampwise import schema
from crampwise.errors import AppKindError
from crampwise.io.apps.base import AppExport, article
from crampwise.io.export import to_csv_bytes
from crampwise.io.reader import read_csv
from crampwise.io.result import PROBLEM_COLUMNS, ImportResult

_KIND_WORDS = {"daily": "days", "episodes": "episodes"}


def pick_kind(export: AppExport, kind: str | None) -> str:
    """The table to read: ``kind`` when the export has it, else the only one it has."""
    kinds = export.kinds()
    if kind is not None:
        if kind not in ("daily", "episodes"):
            raise AppKindError(f'the kind must be "daily" or "episodes", not {kind!r}.')
        if kind not in kinds and kinds:
            raise AppKindError(
                f"this {export.app} export has no {_KIND_WORDS[kind]}; it holds "
                f"{' and '.join(_KIND_WORDS[k] for k in kinds)}. Import it as "
                f"{' or '.join(repr(k) for k in kinds)}."
            )
        return kind
    if len(kinds) == 1:
        return kinds[0]
    if not kinds:
        return "daily"
    raise AppKindError(
        f"this {export.app} export holds both days ({len(export.daily):,}) and episodes "
        f"({len(export.episodes):,}). Read it once for each: --kind daily and --kind episodes "
        "(the app's Import page adds both at once)."
    )


def to_result(export: AppExport, kind: str | None) -> ImportResult:
    """The export's days or episodes as an :class:`ImportResult`, checked like a CSV file."""
    kind = pick_kind(export, kind)
    table = schema.table(kind)
    frame = export.daily if kind == "daily" else export.episodes
    key = "date" if kind == "daily" else "start"
    frame = frame.sort_values(key, kind="stable").reset_index(drop=True) if not frame.empty else frame
    if frame.empty:
        result = ImportResult(
            table=table,
            data=pd.DataFrame({f.name: pd.Series(dtype="object") for f in table.fields if f.required}),
            problems=pd.DataFrame(columns=PROBLEM_COLUMNS),
            refused=pd.DataFrame(columns=["row", *table.names, "problems"]),
        )
    else:
        result = read_csv(to_csv_bytes(frame, table), kind)
        result.problems = _on_their_day(result.problems, frame, key)
        result.columns = {}
    result.problems = pd.concat(
        [p for p in (export.problems.reindex(columns=PROBLEM_COLUMNS), result.problems) if not p.empty]
        or [pd.DataFrame(columns=PROBLEM_COLUMNS)],
        ignore_index=True,
    )
    result.app = export.app
    result.export = export
    result.left_out = list(export.left_out)
    result.notes = [f"This is {article(export.app)} {export.app} export.", *export.notes, *result.notes]
    result.rows_read = len(frame) + len(export.problems)
    return result


def _on_their_day(problems: pd.DataFrame, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Problems of the re-read table, named by their day rather than a row of a file nobody saw."""
    if problems.empty:
        return problems
    out = problems.copy()
    when = frame[key].reset_index(drop=True)
    fmt = "%Y-%m-%d" if key == "date" else "%Y-%m-%d %H:%M"
    days = [
        when.iloc[int(r) - 2].strftime(fmt) if 2 <= int(r) < len(when) + 2 else str(r) for r in out["row"]
    ]
    out["message"] = [
        f"{day}, {c}: {v} {reason}"
        for day, c, v, reason in zip(days, out["column"], out["value"], out["reason"], strict=True)
    ]
    return out
