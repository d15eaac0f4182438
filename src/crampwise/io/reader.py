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

This module holds :func:`read_file`, which runs a file through the steps
(bytes and encoding, rows, headers, values, dates, problems) and puts the
accepted rows, the refused rows and the notes together.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crampwise import schema
from crampwise.errors import EmptyFileError, HeaderOnlyError, TooManyColumnsError
from crampwise.io.dates import _parse_dates
from crampwise.io.encoding import (
    _header_and_delimiter,
    _read_bytes,
    _utf16_to_utf8,
    check_size,
    detect_encoding,
)
from crampwise.io.frame import _read_frame
from crampwise.io.headers import _detect_table, _plan_columns
from crampwise.io.problems import _check_problem_count, _problem_frame, _Problems, _too_many_problems
from crampwise.io.result import (
    FIRST_PROBLEMS,
    MAX_COLUMNS,
    MAX_COPY_NOTES,
    MAX_REFUSED_ROWS,
    DateOrder,
    ImportResult,
    Source,
)
from crampwise.io.values import _boolean, _category, _custom_number, _multi, _number, _text
from crampwise.schema import Field, Table


def read_file(
    source: Source,
    kind: str | None = None,
    *,
    date_order: DateOrder | None = None,
    mapping: Mapping[str, str | None] | None = None,
    max_bytes: int | None = None,
    timezone: str | None = None,
) -> ImportResult:
    """Read a CSV file of episodes or daily rows, or another app's export, into the canonical table.

    Another app's export (Apple Health, Strava, ... see :mod:`crampwise.io.apps`) is
    recognised by its content and read by that app's reader; ``timezone`` (an IANA
    name) places exports that keep times in UTC on the person's own days. Everything
    else below is about a person's own spreadsheet.

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
    from crampwise.io import apps

    spec = apps.recognise(source)
    if spec is not None:
        # Apple's export streams and has its own, larger limit; the others are CSV-sized.
        if spec.key != "apple_health":
            check_size(source, max_bytes)
        return apps.to_result(spec.reader().read(source, timezone=timezone), kind)
    return read_csv(source, kind, date_order=date_order, mapping=mapping, max_bytes=max_bytes)


def read_csv(
    source: Source,
    kind: str | None = None,
    *,
    date_order: DateOrder | None = None,
    mapping: Mapping[str, str | None] | None = None,
    max_bytes: int | None = None,
) -> ImportResult:
    """Read a person's own CSV file (what :func:`read_file` does for anything not an app's export)."""
    raw = _read_bytes(source, max_bytes)
    if not raw.strip():
        raise EmptyFileError(
            "the file is empty. Export your sheet again, with a header row and at least one row of data."
        )
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
            "import again."
        )
    problem_frames: list[pd.DataFrame] = []
    frame = _read_frame(raw, encoding, delimiter, leading, len(headers), problem_frames)
    n_ragged = sum(len(p) for p in problem_frames)
    # One new frame, not one insert per column (which pandas warns is slow when there are many).
    frame = pd.DataFrame({pos: frame[pos].str.strip() for pos in frame.columns}, index=frame.index)
    blank = (frame == "").all(axis=1)
    n_blank = int(blank.sum())
    if n_blank:
        frame = frame[~blank]
    if frame.empty and not problem_frames:
        raise HeaderOnlyError(
            "the file has a header row but no data rows. Add at least one "
            "row under the header and import again."
        )
    decimal_comma = delimiter != ","
    table = schema.table(kind) if kind else _detect_table([schema.normalise_header(h) for h in headers])
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
        notes.append(
            f"start was put together from the {headers[date_pos]!r}"
            + (f" and {headers[time_pos]!r} columns." if time_pos is not None else " column.")
        )
        out["start"], inferred = _parse_dates(
            start_text, table.field("start"), "start", date_order, problems, notes
        )
        used_order = used_order or inferred
        problems.add(start_text == "", "start", start_text, "is empty, but every row needs a value")
    for pos, target in plan.targets.items():
        col = frame[pos]
        if pos in plan.custom:
            out[target] = _custom_number(col, target, decimal_comma, problems)
            notes.append(
                f"{headers[pos]!r} matches no {table.name} column and holds numbers, "
                f"so it was kept as a custom factor ({target})."
            )
            continue
        unit = table.unit_alias(target)
        f = table.field(unit.target if unit else target)
        if f.kind in ("number", "integer"):
            out[f.name] = _number(col, f, target, unit, decimal_comma, problems)
            if unit is None and schema.normalise_header(headers[pos]) in f.unitless:
                notes.append(_unitless_note(table, f, headers[pos]))
            if unit:
                notes.append(f"{headers[pos]!r} was converted from {unit.unit} to {f.unit} ({f.name}).")
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
        notes.append(
            "this looks like a Crampwise refused-rows file: its 'row' and 'problems' columns were left out."
        )
    if n_blank:
        notes.append(f"{n_blank} blank row{'s' if n_blank > 1 else ''} skipped.")
    if plan.unmapped:
        notes.append(
            "left out column"
            + ("s " if len(plan.unmapped) > 1 else " ")
            + ", ".join(repr(h) for h in plan.unmapped)
            + ": no matching column. Rename or map "
            + ("them" if len(plan.unmapped) > 1 else "it")
            + " to import the values."
        )
    refused = _refused(frame, headers, problem_df, problem_frames)
    columns = {headers[p]: t for p, t in plan.targets.items()}
    if plan.date_time is not None:
        columns[headers[plan.date_time[0]]] = "start"
        if plan.date_time[1] is not None:
            columns[headers[plan.date_time[1]]] = "start"
    return ImportResult(
        table=table,
        data=data,
        problems=problem_df,
        refused=refused,
        notes=notes,
        unmapped=plan.unmapped,
        columns=columns,
        custom_factors=custom_names,
        encoding=file_encoding,
        delimiter=delimiter,
        date_order=used_order,
        rows_read=len(frame) + n_ragged,
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
        _too_many_problems(
            [
                f"row {r}, {key}: also appears on another row with different values"
                for r in dups.index[~same][:FIRST_PROBLEMS]
            ],
            len(data),
            int((~same).sum()),
        )
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
                frames.append(
                    {
                        "row": r,
                        "column": key,
                        "value": day,
                        "reason": f"also appears on row {_and(others)} with different "
                        "values; keep one row per date",
                    }
                )
    if len(copies) > MAX_COPY_NOTES:  # one line, not thousands, when many dates repeat
        copies = [
            f"{len(copies):,} dates appear more than once with identical values; each "
            f"was kept once (the first: {copies[0].removesuffix('; kept once.')})."
        ]
    notes.extend(copies)
    data = data.drop(index=drop)
    return data, pd.DataFrame(frames, columns=["row", "column", "value", "reason"]), notes


def _and(items: list[int]) -> str:
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _refused(
    frame: pd.DataFrame, headers: list[str], problems: pd.DataFrame, ragged: list[pd.DataFrame]
) -> pd.DataFrame:
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
        joined = pc.binary_join_element_wise(
            joined, pc.take(messages, picks), separator, null_handling="skip"
        )
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
