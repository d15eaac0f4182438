"""What one import gives back, and the limits its messages quote.

The importer never loses anything silently: every refused row is reported
with its spreadsheet row number (the header is row 1), the column, the value
and the reason, and the valid rows are kept. :class:`ImportResult` carries
all of that. The limits live here, beside it, so the importer, the data-format
doc and the app's Import page quote the same numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal

import pandas as pd

from crampwise.schema import Table

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
    #: The app whose export this was ("Strava", ...), or None for a spreadsheet of one's own.
    app: str | None = None
    #: What that app's export had that Crampwise does not read ("steps (1,204 records)", ...).
    left_out: list[str] = field(default_factory=list)
    #: The whole :class:`~crampwise.io.apps.AppExport` it was read from (its workouts and
    #: other table go to the journal together), or None.
    export: Any = None

    @property
    def ok(self) -> bool:
        """True when every row was accepted."""
        return self.problems.empty

    def messages(self) -> list[str]:
        """The problems as lines such as ``row 9, water_l: -1.5 is below 0``."""
        return self.problems["message"].tolist()
