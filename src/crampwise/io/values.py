"""Cells of number, yes/no, category, multi-value and text columns, checked and converted.

Decimal commas are read where the file's delimiter allows them; units are
converted to the canonical ones; vocabularies accept their synonyms. Validation
is vectorised: each column is checked with pandas operations over the whole
column; Python loops only run over distinct values or over rows already known
to be bad.
"""

from __future__ import annotations

import re
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crampwise import schema
from crampwise.io.problems import _Problems
from crampwise.schema import Field


def _number(
    col: pd.Series,
    f: Field,
    name: str,
    unit: schema.UnitAlias | None,
    decimal_comma: bool,
    problems: _Problems,
) -> pd.Series:
    empty = col == ""
    values = _fast_float(col)
    if values is None:
        text = col.str.replace(",", ".", regex=False) if decimal_comma else col
        values = _careful_float(text.where(~empty, None))
    bad = values.isna() & ~empty
    if decimal_comma and col.str.contains(",", regex=False).any():
        # The column uses decimal commas, so "1.500" may mean 1500: refuse to guess.
        thousands = col.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+")
        problems.add(
            thousands & ~bad,
            name,
            col,
            "could mean a decimal or a thousands separator; write it without a "
            "thousands separator (1500, or 1,5)",
        )
    if bad.any():
        reason = pd.Series("is not a number", index=col.index)
        reason = reason.mask(
            col.str.contains(",", regex=False) & col.str.contains(".", regex=False),
            "mixes commas and dots; write it without a thousands separator (1234.5)",
        )
        if not decimal_comma:
            reason = reason.mask(
                col.str.contains(",", regex=False) & ~col.str.contains(".", regex=False),
                "uses a comma for decimals, but commas separate the columns "
                "of this file; write it with a dot (1.5)",
            )
        problems.add(bad, name, col, reason)
    finite = np.isfinite(values) | values.isna()
    problems.add(~finite, name, col, "is not a finite number")
    if unit is not None:
        values = cast(pd.Series, unit.to_canonical(values)).round(unit.decimals)
    ok = values.notna() & finite
    lo, hi = f.min, f.max
    src_lo: float | None
    src_hi: float | None
    if unit is not None and lo is not None and hi is not None:
        src_lo, src_hi = sorted((unit.from_canonical(lo), unit.from_canonical(hi)))
        suffix_lo = "" if _round_limit(src_lo) == schema._fmt(lo) else f" ({schema._fmt(lo)} {f.unit})"
        suffix_hi = "" if _round_limit(src_hi) == schema._fmt(hi) else f" ({schema._fmt(hi)} {f.unit})"
    else:
        src_lo, src_hi, suffix_lo, suffix_hi = lo, hi, "", ""
    if lo is not None:
        if f.min_exclusive:
            problems.add(
                ok & (values <= lo), name, col, f"must be more than {schema._fmt(src_lo)}{suffix_lo}"
            )
        else:
            problems.add(ok & (values < lo), name, col, f"is below {_round_limit(src_lo)}{suffix_lo}")
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
    bad_unique = np.array([m is None and bool(u) for m, u in zip(mapped, uniques, strict=True)] + [False])
    values = pd.Categorical.from_codes(
        codes=np.array([f.vocabulary.index(m) if m else -1 for m in mapped] + [-1])[codes],
        categories=list(f.vocabulary),
    )
    series = pd.Series(values, index=col.index)
    problems.add(
        pd.Series(bad_unique[codes], index=col.index),
        name,
        col,
        f"is not a known {f.label.lower()}; use one of: {', '.join(f.vocabulary)}",
    )
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
        unknown = [p for p, m in zip(items, mapped, strict=True) if m is None]
        if unknown:
            out.append(None)
            reasons.append(
                f"has {', '.join(repr(p) for p in unknown)}, which "
                f"{'is' if len(unknown) == 1 else 'are'} not known; "
                f"use one or more of: {', '.join(f.vocabulary)}, separated by ';'"
            )
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
            problems.add(
                too_long[too_long],
                name,
                preview,
                "is "
                + lengths[too_long].map("{:,}".format)
                + f" characters long; the most is {f.max_length:,}",
            )
    # A leading apostrophe we wrote on export to defuse a formula is removed again.
    quoted = col.str.startswith("'")
    if quoted.any():  # the regex runs only on the few cells that start with '
        quoted[quoted] = col[quoted].str.match(r"'+[=+\-@\t\r]")
    if quoted.any():
        col = col.where(~quoted, col.str[1:])
    return col.where(col != "", None)
