"""Row problems: collected, counted and worded.

Every refused row is reported with its spreadsheet row number (the header is
row 1), the column, the value and the reason. Problems are collected as small
frames, never one object per row, and the messages are built for the whole
list at once. A file with more than :data:`~crampwise.io.result.MAX_REFUSED_ROWS`
problem rows is refused as a whole with its first problems.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crampwise.errors import TooManyProblemsError
from crampwise.io.result import FIRST_PROBLEMS, MAX_REFUSED_ROWS, PROBLEM_COLUMNS


class _Problems:
    """Collects problems as small frames (vectorised, no per-row objects)."""

    def __init__(self, frames: list[pd.DataFrame]):
        self.frames = frames

    def add(self, mask: pd.Series, column: str, values: pd.Series, reason: str | pd.Series) -> None:
        if not mask.any():
            return
        bad = values[mask]
        reasons = reason[mask] if isinstance(reason, pd.Series) else reason
        self.frames.append(
            pd.DataFrame(
                {
                    "row": bad.index.to_numpy(),
                    "column": column,
                    "value": bad.astype(str).to_numpy(),
                    "reason": reasons.to_numpy() if isinstance(reasons, pd.Series) else reasons,
                }
            )
        )


def _too_many_problems(
    first: list[str],
    total_rows: int | None,
    refused: int | None = None,
    hint: str = "Check that this is the file you meant and that its columns "
    "are matched to the right ones, fix these, and import "
    "again.",
) -> None:
    lines = first[:FIRST_PROBLEMS]
    count = (
        f"{refused:,} of its {total_rows:,} rows"
        if refused and total_rows
        else f"more than {MAX_REFUSED_ROWS:,} rows"
    )
    raise TooManyProblemsError(
        f"{count} have problems (the most Crampwise lists is {MAX_REFUSED_ROWS:,}), so nothing "
        f"was imported. The first: {'; '.join(lines)}. {hint}",
        lines,
    )


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
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in PROBLEM_COLUMNS})
    df = pd.concat(frames, ignore_index=True)
    df["row"] = df["row"].astype("int64")
    df = df.sort_values("row", kind="stable").reset_index(drop=True)
    df["column"] = df["column"].fillna("").astype("str")
    df["value"] = df["value"].fillna("").astype("str")
    prefix = "row " + df["row"].astype(str)
    prefix = prefix.where(df["column"] == "", prefix + ", " + df["column"])
    shown = df["value"].where(df["column"] != "", "")
    df["message"] = prefix + ": " + shown.where(shown == "", shown + " ") + df["reason"]
    return df[PROBLEM_COLUMNS]
