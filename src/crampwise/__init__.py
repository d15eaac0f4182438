"""Crampwise: a plain-language guide to muscle spasms and a private tracker.

The library works without Streamlit: the app's pages, the command line
(``python -m crampwise``) and notebooks all call it. A notebook needs only
``import crampwise``; the names in ``__all__`` are its public API, and each
has an example below (run by ``tests/api/test_public_api.py``, from the
repository's root, where the sample data lives).

``read_file`` reads a CSV file of episodes or daily rows (the kind and the
date order are detected) into an ``ImportResult``: the accepted rows in
canonical columns, and one line per refused value.

>>> import crampwise
>>> daily = crampwise.read_file("data/sample_daily.csv")
>>> daily.table.name, daily.ok, daily.data.shape
('daily', True, (179, 11))
>>> episodes = crampwise.read_file("data/sample_episodes.csv", "episodes")
>>> isinstance(episodes, crampwise.ImportResult), episodes.data.shape
(True, (86, 8))

``analyze`` joins the two logs day by day and returns an ``Analysis``: the
window, whether there is enough data, each factor's link with spasms, the
adjusted model and the caveats.

>>> analysis = crampwise.analyze(daily.data, episodes.data)
>>> isinstance(analysis, crampwise.Analysis)
True
>>> analysis.days, analysis.episodes, analysis.enough_data
(179, 85, True)
>>> str(analysis.first), str(analysis.last)
('2025-03-01', '2025-08-30')

``to_json`` gives an analysis in plain Python, exactly as
``python -m crampwise analyze --json`` prints it (documented in docs/analysis.md),
with the sentences for factors whose adjusted and one-at-a-time views disagree.
``CAVEAT`` is what every statistic here can and cannot say.

>>> report = crampwise.to_json(analysis)
>>> report["window"]["days"], report["enough_data"], len(report["factors"]) > 0
(179, True, True)
>>> crampwise.CAVEAT.startswith("These are patterns in your own log, not proof of cause.")
True

``open_journal`` opens (creating it if needed) the journal database, a
``Journal``; here a SQLite file in a new temporary folder.

>>> import tempfile
>>> journal = crampwise.open_journal(f"sqlite:///{tempfile.mkdtemp()}/journal.sqlite3")
>>> isinstance(journal, crampwise.Journal)
True
>>> journal.save_day("me", "2025-06-01", water_l=2.5)
True
>>> journal.daily("me")[["date", "water_l"]].to_dict("records")
[{'date': Timestamp('2025-06-01 00:00:00'), 'water_l': 2.5}]
>>> journal.close()

``passage`` is the guide's passage to show beside a factor, a muscle or a
situation.

>>> crampwise.passage("heat").section_title, crampwise.passage("heat").heading
('What causes them', 'Heat')

Everything the library raises on bad input is a ``CrampwiseError``, with a
message written for the person who gave the input.

>>> try:
...     crampwise.read_file(b"")
... except crampwise.CrampwiseError as exc:
...     print(exc)
the file is empty. Export your sheet again, with a header row and at least one row of data.

``__version__`` is the release (the one place it is written; the package
metadata reads it from here).

>>> import re
>>> bool(re.fullmatch(r"\\d+\\.\\d+\\.\\d+", crampwise.__version__))
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from crampwise.errors import CrampwiseError

__all__ = [
    "CAVEAT",
    "Analysis",
    "CrampwiseError",
    "ImportResult",
    "Journal",
    "analyze",
    "open_journal",
    "passage",
    "read_file",
    "to_json",
]
__version__ = "0.1.0"

# Loaded on first use (PEP 562): ``python -m crampwise`` imports this package first, and
# its quick commands must not pay for pandas, scipy, statsmodels or SQLAlchemy.
# Only the rooms' own re-exports are used, never the modules inside them.
_LAZY = {
    "ImportResult": "crampwise.io",
    "read_file": "crampwise.io",
    "Analysis": "crampwise.stats",
    "analyze": "crampwise.stats",
    "Journal": "crampwise.journal",
    "open_journal": "crampwise.journal",
    "passage": "crampwise.guide",
    "CAVEAT": "crampwise.words",
    "to_json": "crampwise.words",
}

if TYPE_CHECKING:  # type checkers and editors see the real objects
    from crampwise.guide import passage
    from crampwise.io import ImportResult, read_file
    from crampwise.journal import Journal, open_journal
    from crampwise.stats import Analysis, analyze
    from crampwise.words import CAVEAT, to_json


def __getattr__(name: str) -> Any:
    room = _LAZY.get(name)
    if room is None:
        raise AttributeError(f"module 'crampwise' has no attribute {name!r}")
    value = getattr(importlib.import_module(room), name)
    globals()[name] = value  # the next look-up is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
