"""What every app reader gives back, and how a file is matched to its app.

One shape for all sources (:class:`AppExport`) lets the journal, ``convert`` and
the Import page treat an Apple Health export and a Strava CSV alike: days in
the canonical daily columns, episodes in the canonical episode columns, and the
single workouts behind each day's exercise minutes (the journal needs them to
count a workout recorded by two apps once).
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, cast

import pandas as pd

from crampwise.io.encoding import _read_bytes, detect_encoding
from crampwise.io.result import PROBLEM_COLUMNS, Source

#: Columns of :attr:`AppExport.workouts`, in order.
#: ``source_id``: stable id of the workout inside its export (re-importing finds it again);
#: ``start``/``end``: naive local wall-clock datetimes; ``start_utc``: naive UTC or NaT when
#: the export does not say; ``minutes``: float; ``activity``: the app's own activity type;
#: ``device``: the recording device or app when the export names one (Apple's sourceName), else None;
#: ``date``: the local day (``start`` normalised) the minutes count on.
WORKOUT_COLUMNS: tuple[str, ...] = (
    "source_id",
    "start",
    "end",
    "start_utc",
    "minutes",
    "activity",
    "device",
    "date",
)

#: Bytes read from the start of a file to recognise it.
HEAD_BYTES = 65536


@dataclass
class AppExport:
    """Everything read from one app's export, in canonical columns."""

    #: The app's name as people know it ("Apple Health", "Strava", ...).
    app: str
    #: One row per day: ``date`` plus only the daily columns this source knows
    #: (water_l, exercise_min, sleep_h, temp_c, humidity_pct, stress...). Never a guessed value.
    daily: pd.DataFrame
    #: Canonical episode rows (start, muscle, side, severity, ...) when the source has cramps/spasms.
    episodes: pd.DataFrame
    #: The single workouts counted in ``daily.exercise_min`` (:data:`WORKOUT_COLUMNS`).
    workouts: pd.DataFrame
    #: Refused rows: row (or record number), column, value, reason, message.
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(PROBLEM_COLUMNS)))
    #: What a person should know about this import (mappings applied, time zone assumed...).
    notes: list[str] = field(default_factory=list)
    #: What the export had that Crampwise does not read (e.g. "steps", "heart rate").
    left_out: list[str] = field(default_factory=list)

    def kinds(self) -> list[str]:
        """The tables this export fills: ``"daily"`` and/or ``"episodes"``."""
        return [k for k, f in (("daily", self.daily), ("episodes", self.episodes)) if not f.empty]


def article(app: str) -> str:
    """ "a" or "an" before an app's name in a sentence ("an Apple Health export")."""
    return "an" if app[:1].upper() in "AEIOU" else "a"


class Problems:
    """The refused rows of one export: where each is, its column, value and reason."""

    def __init__(self) -> None:
        self._rows: list[dict[str, object]] = []

    def add(self, row: int, column: str, value: object, reason: str, *, where: str = "row") -> None:
        """Refuse one row (``where`` names the numbering: "row", "line", "Sleep row"...)."""
        self._rows.append(
            {
                "row": row,
                "column": column,
                "value": value,
                "reason": reason,
                "message": f"{where} {row}, {column}: {value} {reason}",
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self._rows, columns=PROBLEM_COLUMNS)


def read_text(source: Source) -> str:
    """An export's text, in its own encoding (UTF-8, UTF-16, cp1252...), without a BOM."""
    raw = _read_bytes(source, None)
    return raw.decode(detect_encoding(raw), errors="replace").lstrip("\ufeff")


def read_rows(text: str) -> list[list[str]]:
    """The CSV rows of ``text``, split at semicolons when its first line has more of them than commas."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def workouts_frame(rows: Sequence[dict[str, object]]) -> pd.DataFrame:
    """Single workouts as :data:`WORKOUT_COLUMNS` with their dtypes (empty rows: empty frame)."""
    frame = pd.DataFrame(list(rows), columns=list(WORKOUT_COLUMNS))
    for column in ("start", "end", "start_utc", "date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    frame["minutes"] = frame["minutes"].astype("float64")
    return frame


def no_episodes() -> pd.DataFrame:
    """The episodes table of a source that records none."""
    return pd.DataFrame({"start": pd.Series(dtype="datetime64[us]")})


class _Reader(Protocol):
    APP: str

    def recognise(self, head: bytes, names: Sequence[str] | None) -> bool: ...

    def read(self, source: Source, *, timezone: str | None = None) -> AppExport: ...

    def document(self) -> str: ...


@dataclass(frozen=True)
class AppSpec:
    """One supported app: its key, the name people know and its reader module."""

    key: str
    app: str
    module: str

    def reader(self) -> _Reader:
        return cast(_Reader, importlib.import_module(self.module))


#: Every supported source, declared once (docs/data-format.md has a section per key).
APPS: tuple[AppSpec, ...] = (
    AppSpec("apple_health", "Apple Health", "crampwise.io.apps.apple_health"),
    AppSpec("strava", "Strava", "crampwise.io.apps.strava"),
    AppSpec("garmin", "Garmin Connect", "crampwise.io.apps.garmin"),
    AppSpec("google_fit", "Google Fit", "crampwise.io.apps.google_fit"),
    AppSpec("fitbit", "Fitbit", "crampwise.io.apps.fitbit"),
    AppSpec("bearable", "Bearable", "crampwise.io.apps.bearable"),
    AppSpec("flaredown", "Flaredown", "crampwise.io.apps.flaredown"),
)


def _head(source: Source) -> tuple[bytes, list[str] | None]:
    """The first bytes of ``source`` (and a zip's member names), leaving a stream where it was."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        head = data[:HEAD_BYTES]
        return head, _zip_names(head, io.BytesIO(data))
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as f:
            head = f.read(HEAD_BYTES)
            return head, _zip_names(head, f)
    pos = source.tell()
    try:
        raw = source.read(HEAD_BYTES)
        head = raw.encode("utf-8") if isinstance(raw, str) else raw
        source.seek(pos)
        return head, _zip_names(head, source)
    finally:
        source.seek(pos)


def _zip_names(head: bytes, stream: BinaryIO) -> list[str] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(stream) as z:
            return z.namelist()
    except zipfile.BadZipFile:
        return None


def recognise(source: Source) -> AppSpec | None:
    """The app whose export ``source`` is, decided by its content; ``None`` for anything else."""
    head, names = _head(source)
    for spec in APPS:
        if spec.reader().recognise(head, names):
            return spec
    return None


def read_export(source: Source, *, timezone: str | None = None) -> AppExport | None:
    """Read ``source`` with its app's reader; ``None`` when it is no app's export."""
    spec = recognise(source)
    if spec is None:
        return None
    return spec.reader().read(source, timezone=timezone)
