"""One date style per context (crampwise.words.dates), and the places that use it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from crampwise.words import charts, dates, standout, takeaways

SRC = Path(__file__).resolve().parents[2]


def test_each_context_has_one_style_without_zero_padded_days_in_sentences():
    day = dt.date(2025, 3, 2)
    assert dates.iso(day) == "2025-03-02"
    assert dates.in_sentence(day) == "2 Mar 2025"
    assert dates.in_sentence(pd.Timestamp("2025-03-02 11:35")) == "2 Mar 2025"
    assert dates.with_weekday(dt.date(2026, 12, 2)) == "Wednesday 2 December"
    assert dates.INPUT_FORMAT == "YYYY-MM-DD"
    assert dates.HOVER_FORMAT == "%-d %b %Y"


def test_no_other_module_or_page_spells_out_a_date_format():
    """The styles "01 Mar 2025" and "Wednesday 02 December" are gone from code people read."""
    padded = re.compile(r"%d %b|%A %d|%a %d")
    files = [
        *SRC.joinpath("src", "crampwise", "words").glob("*.py"),
        *SRC.joinpath("src", "crampwise", "ui").glob("*.py"),
    ]
    files += [*SRC.joinpath("pages").glob("*.py")]
    offenders = [str(f) for f in files if padded.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_sentences_use_the_sentence_style():
    assert takeaways._day("2025-03-04") == "4 Mar 2025"
    assert standout.dates is dates and charts.in_sentence is dates.in_sentence


def test_the_guide_pointers_and_the_date_order_question_read_dates_the_sentence_way():
    from crampwise.guide import patterns
    from crampwise.ui import widgets

    for day in ("2025-03-02", "2025-09-30", "2026-05-01"):
        assert patterns._day_text(pd.Timestamp(day)) == dates.in_sentence(day)
    assert widgets._reads_as(["02/03/2025"], "%d/%m/%Y") == "02/03/2025 is 2 Mar 2025"
