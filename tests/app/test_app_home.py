"""AppTest: the entry point and the Home page."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from app_helpers import DATA, HOME, IMPORT, button, load_sample_via_home, open_app, texts

from crampwise import schema
from crampwise.errors import AnalysisInputError
from crampwise.guide import patterns
from crampwise.io import read_file
from crampwise.io.export import to_csv_bytes
from crampwise.io.sample import generate, load_sample
from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.stats import analysis
from crampwise.stats.analysis import analyze
from crampwise.ui import state


def test_home_renders_with_disclaimer_and_links():
    at = open_app()
    assert not at.exception
    assert at.title[0].value == "Crampwise"
    assert any("not medical advice" in c for c in texts(at.caption))
    assert "Import your own spreadsheet" in [link.value for link in at.page_link]
    assert button(at, "Try it with sample data").proto.type == "primary"


def test_sidebar_footer_says_not_medical_advice():
    at = open_app()
    from crampwise import guide

    assert guide.disclaimer_short() in texts(at.sidebar.caption)
    assert "not medical advice" in guide.disclaimer_short()


def test_every_page_renders_without_data():
    at = open_app()
    for page in (IMPORT, DATA):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])


def test_sample_button_loads_both_tables_and_opens_insights_on_them():
    daily, episodes = load_sample()
    at = load_sample_via_home()

    assert at.title[0].value == "Insights"  # what the app finds, not the table
    every = analyze(daily.data, episodes.data)
    logged = next(m for m in at.metric if m.label == "Logged days")
    assert logged.value == str(every.days)  # the sample is what is analysed
    # The tables are still there to look at, on the Loaded files page.
    at.switch_page(DATA).run()
    episodes_tab, daily_tab = at.tabs
    assert len(episodes_tab.dataframe[0].value) == len(episodes.data) > 0
    assert len(daily_tab.dataframe[0].value) == len(daily.data) > 0
    loaded = at.session_state["crampwise.loaded.daily"]
    assert isinstance(loaded, state.Loaded)
    assert loaded.source == "the sample data"
    assert loaded.custom_factors == tuple(daily.custom_factors)


def test_sample_over_loaded_data_can_be_undone():
    at = load_sample_via_home()
    at.switch_page(DATA).run()
    episodes_tab = at.tabs[0]
    button(at, "Remove loaded data", within=episodes_tab).click().run()
    assert at.tabs[0].info  # "No episodes loaded yet."
    # Home again: loading the sample replaces nothing now, but stays undoable.
    at.switch_page(HOME).run()
    button(at, "Try it with sample data").click().run()
    assert not at.exception
    assert at.title[0].value == "Insights"
    # AppTest reruns the page last chosen with at.switch_page; pin the Data page.
    at.switch_page(DATA).run()
    assert len(at.tabs[0].dataframe[0].value) > 0
    assert any("Loaded" in c for c in texts(at.tabs[0].caption))
    button(at, "Undo", within=at.tabs[0]).click().run()
    assert at.title[0].value == "Loaded files"
    assert not at.tabs[0].dataframe  # undoing the load leaves no episodes, as before it
    assert len(at.tabs[1].dataframe[0].value) > 0  # daily was replaced, not touched by that undo


def test_home_says_who_can_see_logged_data_in_each_mode(monkeypatch, db_url):
    for mode, expected in (
        ("session", "stays in this browser session only"),
        ("personal", "saved on this computer only"),
    ):
        monkeypatch.setenv("CRAMPWISE_MODE", mode)
        at = open_app()
        assert any(expected in t for t in texts(at.markdown)), mode
    monkeypatch.setenv("CRAMPWISE_MODE", "shared")  # a typo must not break Home
    at = open_app()
    assert any("storage setting needs fixing" in t for t in texts(at.markdown))


def test_home_compares_days_only_with_a_finding():
    """Hot-day and low-fluid pointers claim a link, so they follow the analysis' findings.

    The sample has no finding (its heat pointer used to appear on a share rule of its own);
    the US-units wording of those pointers is tested in tests/guide/test_patterns.py.
    """
    daily, episodes = load_sample()
    found = analyze(daily.data, episodes.data).findings
    assert not found.findings
    at = load_sample_via_home()
    at.switch_page(HOME).run()
    assert not at.exception
    shown = texts(at.info) + texts(at.warning) + texts(at.error)
    assert not any("Insights finds" in t or "°C or more" in t or "drank less" in t for t in shown)
    expected = patterns.find(episodes.data, daily.data, findings=found)
    assert expected and all(any(p.message in t for t in shown) for p in expected)


def _heat_linked_log():
    """The sample's days with episodes that really follow the heat: two cramps on each day
    of 25 °C or more, one on every sixth other day, so the analysis finds heat."""
    daily, _ = generate()
    starts = [
        day + pd.Timedelta(hours=14)
        for i, (day, temp) in enumerate(daily.set_index("date")["temp_c"].items())
        for _ in range(2 if temp >= 25 else (1 if i % 6 == 0 else 0))
    ]
    episodes = pd.DataFrame({"start": [f"{t:%Y-%m-%d %H:%M}" for t in starts], "muscle": "calf"})
    return (
        read_file(to_csv_bytes(daily, schema.DAILY), "daily"),
        read_file(episodes.to_csv(index=False).encode(), "episodes"),
    )


def _into_journal(url, *results) -> None:
    with open_journal(url) as journal:
        for result in results:
            journal.apply_import(LOCAL_OWNER, journal.preview_import(LOCAL_OWNER, result))


def test_home_shows_the_hot_days_pointer_when_the_analysis_finds_heat_in_both_units(personal):
    daily, episodes = _heat_linked_log()
    found = analyze(daily.data, episodes.data)
    assert any(f.factor == "temp_c" and f.direction == "more" for f in found.findings.findings)
    _into_journal(personal, daily, episodes)

    at = open_app()
    hot = [t for t in texts(at.info) if "Insights finds more episodes on hotter days" in t]
    assert len(hot) == 1 and "25 °C or more" in hot[0]

    at = open_app(units="us")
    hot = [t for t in texts(at.info) if "Insights finds more episodes on hotter days" in t]
    assert len(hot) == 1 and "77 °F or more" in hot[0] and "°C" not in hot[0]


@pytest.mark.parametrize("error", [AnalysisInputError("bad window"), RuntimeError("a bug")])
def test_home_renders_its_other_pointers_when_the_analysis_fails(personal, monkeypatch, error):
    """A failing analysis means no findings (so no day-comparing pointer), never an error on Home."""
    daily, episodes = _heat_linked_log()
    _into_journal(personal, daily, episodes)

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(analysis, "analyze", broken)
    # Every AppTest runs as "test session id", so the session-scoped cache may hold this
    # log's analysis from another test: clear it so the page really calls the broken one.
    st.cache_data.clear()
    at = open_app()
    assert not at.exception and not at.error
    shown = texts(at.info) + texts(at.warning) + texts(at.error)
    assert not any("Insights finds" in t for t in shown)
    assert any(p.message in t for p in patterns.find(episodes.data, daily.data) for t in shown)


def test_home_pointers_read_the_journal_when_nothing_is_loaded(personal):
    daily, episodes = load_sample()
    with open_journal(personal) as journal:
        for result in (daily, episodes):
            journal.apply_import(LOCAL_OWNER, journal.preview_import(LOCAL_OWNER, result))
    at = open_app()
    assert "From your journal." in texts(at.caption)
    shown = texts(at.info) + texts(at.warning) + texts(at.error)
    expected = patterns.find(episodes.data, daily.data, findings=analyze(daily.data, episodes.data).findings)
    assert expected and all(any(p.message in t for t in shown) for p in expected)


def test_home_links_to_log_and_my_journal():
    at = open_app()
    links = [link.value for link in at.page_link]
    assert "Log a cramp or today's check-in" in links and "My journal" in links
