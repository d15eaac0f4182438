"""A file's headers matched to the canonical columns.

Decides which table a file holds (episodes or daily) when it is not said,
which column each header gives (canonical name, unit alias or custom factor),
whether episodes come as separate date and time columns, and which headers
are left out; refuses a file that lacks a required column or gives one twice.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from crampwise import schema
from crampwise.errors import DuplicateColumnError, MissingColumnsError, UnknownKindError
from crampwise.io.result import SKIP
from crampwise.schema import Table


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


def _plan_columns(
    table: Table,
    headers: list[str],
    frame: pd.DataFrame,
    mapping: Mapping[str, str | None] | None,
    decimal_comma: bool,
) -> _Plan:
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
                    target = _factor_name(norm, pos)
                    custom.append(pos)
                else:
                    raise DuplicateColumnError(f"cannot map column {header!r} to unknown column {target!r}.")
        else:
            target = lookup.get(norm)
        if target is None:
            if not header.strip() and not frame[pos].str.strip().ne("").any():
                continue  # trailing delimiter: an empty, unnamed column
            if table is schema.EPISODES and norm in schema.EPISODE_DATE_HEADERS:
                date_pos = pos
                continue
            if table is schema.EPISODES and norm in schema.EPISODE_TIME_HEADERS:
                time_pos = pos
                continue
            if table.custom_factors and _looks_numeric(frame[pos], decimal_comma):
                target = _factor_name(norm, pos)
                custom.append(pos)
            else:
                unmapped.append(header)
                continue
        alias = table.unit_alias(target)
        canonical = alias.target if alias else target
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
            missing,
            table=table.name,
            headers=[h for h in headers if h.strip()],
        )
    return _Plan(table, targets, custom, unmapped, date_time, bookkeeping=bookkeeping)


#: Names a custom factor cannot take: ``row`` is the name of every table's row number.
_RESERVED = frozenset({"row"})


def _factor_name(norm: str, pos: int) -> str:
    """A custom factor's name: its normalised header, or ``column_N`` when that is empty
    or reserved (a column headed "Row" would clash with the row numbers)."""
    return norm if norm and norm not in _RESERVED else f"column_{pos + 1}"


def _looks_numeric(col: pd.Series, decimal_comma: bool) -> bool:
    sample = col.str.strip()
    sample = sample[sample != ""].head(1000)
    if sample.empty:
        return False
    if decimal_comma:
        sample = sample.str.replace(",", ".", regex=False)
    return bool(pd.to_numeric(sample, errors="coerce").notna().any())


def guess_column(table: Table, header: str, allowed: Collection[str] | None = None) -> str | None:
    """The column (canonical or unit alias) a header most likely means, or None.

    Used to preselect a choice the person confirms, never to read a file: a close
    spelling of a known header (``Wassser (L)``), else the longest known header of
    four or more letters inside it (``Trinkwasser (L)`` -> ``wasser_l``). Only
    targets in ``allowed`` (when given) are returned.
    """
    norm = schema.normalise_header(header)
    if not norm:
        return None
    lookup = {a: t for a, t in table.header_lookup().items() if allowed is None or t in allowed}
    close = difflib.get_close_matches(norm, list(lookup), n=1, cutoff=0.8)
    if close:
        return lookup[close[0]]
    inside = [a for a in lookup if len(a) >= 4 and a in norm]
    return lookup[max(inside, key=len)] if inside else None
