"""AppTest: "Add to my journal" on the Import page (preview, choose, confirm, one transaction).

Each test gets its own temporary database through $CRAMPWISE_DB_URL and its
mode through $CRAMPWISE_MODE, as in tests/app/test_app_log.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_helpers import IMPORT, button, open_app, run, stored, texts, upload

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal

DAILY_THREE = b"""date,water_l,sleep_h
2025-03-01,1.5,7
2025-03-02,2.0,8
2025-03-03,2.5,6.5
"""

EPISODES_TWO = b"""start,muscle,side,severity
2025-03-01 22:15,calf,left,7
2025-03-02 06:40,foot,right,4
"""


def counts_line(at) -> str:
    return next(t for t in texts(at.markdown) if "already there (skipped)" in t)


def add_button(at):
    found = [b for b in at.button if b.key and b.key.startswith("import_journal_add_")]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def uploaded(name: str, content: bytes, units: str | None = None):
    at = open_app(IMPORT, units=units)
    return upload(at, name, content)


def test_preview_then_confirm_adds_the_rows_in_one_go(personal):
    at = uploaded("daily.csv", DAILY_THREE)
    assert counts_line(at) == "**3** new · **0** already there (skipped) · **0** conflicting"
    assert "Add to my journal" in [s.value for s in at.subheader]
    assert add_button(at).label == "Add 3 daily rows to my journal"
    assert add_button(at).proto.type == "primary"
    assert len(stored(personal)[1]) == 0  # nothing written before confirm

    run(add_button(at).click())
    daily = stored(personal)[1]
    assert daily["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert daily["water_l"].tolist() == [1.5, 2.0, 2.5]
    assert texts(at.success) == ["Added 3 daily rows to your journal."]
    assert "Log" in [link.value for link in at.page_link]
    # The preview now sees them: nothing more to add.
    assert counts_line(at) == "**0** new · **3** already there (skipped) · **0** conflicting"
    assert add_button(at).disabled
    # "Use these rows" still works beside it, and the journal rows are not touched by it.
    run(button(at, "Use these 3 rows").click())
    assert at.session_state["crampwise.loaded.daily"].rows == 3
    assert len(stored(personal)[1]) == 3


def test_importing_the_same_file_twice_adds_nothing(personal):
    first = uploaded("daily.csv", DAILY_THREE)
    stale = uploaded("daily.csv", DAILY_THREE)  # another tab, previewed before the first confirm
    assert add_button(stale).label == "Add 3 daily rows to my journal"
    run(add_button(first).click())
    assert len(stored(personal)[1]) == 3

    again = uploaded("daily.csv", DAILY_THREE)  # the same file, uploaded again
    assert counts_line(again) == "**0** new · **3** already there (skipped) · **0** conflicting"
    assert add_button(again).label == "Add 0 daily rows to my journal"
    assert add_button(again).disabled
    assert any("already in your journal" in c for c in texts(again.caption))
    # A confirm from a preview made before the first import writes nothing twice.
    run(add_button(stale).click())
    assert len(stored(personal)[1]) == 3
    assert texts(stale.success) == ["Added 0 daily rows to your journal, skipped 3 already there."]


@pytest.fixture
def with_conflict(personal):
    """The journal already has 2025-03-02 with other values."""
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, "2025-03-02", water_l=1.0, sleep_h=8)
    at = uploaded("daily.csv", DAILY_THREE)
    assert counts_line(at) == "**2** new · **0** already there (skipped) · **1** conflicting"
    table = at.dataframe[-1].value
    assert table.columns.tolist() == ["Row in file", "Row", "Column", "In the file", "In your journal"]
    assert len(table) == 1
    line = table.iloc[0]
    assert (line["Row in file"], line["Row"], line["In the file"], line["In your journal"]) == (
        3,
        "2025-03-02",
        "2",
        "1",
    )
    assert line["Column"] == "Fluids (litres)"
    choice = at.radio(key=next(r.key for r in at.radio if r.key.startswith("import_journal_")))
    assert choice.value == "keep"
    assert choice.options == ["Keep what is in my journal", "Replace with the file's values"]
    return at


def test_conflicts_are_shown_in_the_chosen_units(personal):
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, "2025-03-02", water_l=1.0, sleep_h=8)
    at = uploaded("daily.csv", DAILY_THREE, units="us")
    line = at.dataframe[-1].value.iloc[0]
    assert (line["Column"], line["In the file"], line["In your journal"]) == (
        "Fluids (fl oz)",
        "67.6 fl oz",
        "33.8 fl oz",
    )  # 2.0 L and 1.0 L


def day(url: str, date: str) -> pd.Series:
    daily = stored(url)[1]
    return daily[daily["date"] == pd.Timestamp(date)].iloc[0]


def test_conflict_keep_leaves_the_journal_row(with_conflict, personal):
    at = with_conflict
    assert add_button(at).label == "Add 2 daily rows to my journal"
    run(add_button(at).click())
    assert len(stored(personal)[1]) == 3
    assert day(personal, "2025-03-02")["water_l"] == 1.0
    assert texts(at.success) == ["Added 2 daily rows to your journal, kept 1 as they were in your journal."]


def test_conflict_replace_takes_the_file_values(with_conflict, personal):
    at = with_conflict
    run(
        at.radio(key=next(r.key for r in at.radio if r.key.startswith("import_journal_"))).set_value(
            "replace"
        )
    )
    assert add_button(at).label == "Add 2 daily rows and replace 1 in my journal"
    assert day(personal, "2025-03-02")["water_l"] == 1.0  # still nothing written
    run(add_button(at).click())
    assert len(stored(personal)[1]) == 3
    assert day(personal, "2025-03-02")["water_l"] == 2.0
    assert texts(at.success) == ["Added 2 daily rows to your journal, replaced 1 with the file's values."]
    assert counts_line(at) == "**0** new · **3** already there (skipped) · **0** conflicting"


def test_episodes_are_added_too(personal):
    at = uploaded("episodes.csv", EPISODES_TWO)
    assert counts_line(at) == "**2** new · **0** already there (skipped) · **0** conflicting"
    run(add_button(at).click())
    episodes = stored(personal)[0]
    assert episodes["muscle"].tolist() == ["calf", "foot"]
    assert texts(at.success) == ["Added 2 episodes to your journal."]


def test_session_mode_keeps_the_rows_private_to_that_session(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    at = uploaded("daily.csv", DAILY_THREE)
    assert any("this browser session only" in c for c in texts(at.caption))
    run(add_button(at).click())
    assert texts(at.success) == ["Added 3 daily rows to your journal."]
    owner = at.session_state["crampwise.journal.session_owner"]
    private = at.session_state["crampwise.journal.session_db"].journal
    assert len(private.daily(owner)) == 3
    # Nothing reached the shared database, for anyone.
    assert len(stored(db_url)[1]) == 0 and len(stored(db_url, owner)[1]) == 0
    # Another session sees an empty journal: all three rows are new to it.
    other = uploaded("daily.csv", DAILY_THREE)
    assert counts_line(other) == "**3** new · **0** already there (skipped) · **0** conflicting"


def test_removing_the_file_clears_the_message(personal):
    at = uploaded("daily.csv", DAILY_THREE)
    run(add_button(at).click())
    assert at.session_state["crampwise.journal_import.done"] is not None
    run(at.file_uploader(key="import_file").set_value(None))
    assert "crampwise.journal_import.done" not in at.session_state
    assert not at.success


def test_conflicting_episode_lists_only_what_differs(personal):
    with open_journal(personal) as journal:
        journal.add_episode(LOCAL_OWNER, start="2025-03-01 22:15", muscle="calf", side="left", severity=5)
    at = uploaded("episodes.csv", EPISODES_TWO)
    assert counts_line(at) == "**1** new · **0** already there (skipped) · **1** conflicting"
    table = at.dataframe[-1].value
    assert table[["Row in file", "Row", "In the file", "In your journal"]].values.tolist() == [
        [2, "2025-03-01 22:15 · calf · left", "7", "5"]
    ]
    run(add_button(at).click())
    episodes = stored(personal)[0]
    assert sorted(episodes["severity"].tolist()) == [4.0, 5.0]


def test_accounts_mode_signed_out_asks_to_sign_in_and_writes_nothing(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    at = uploaded("daily.csv", DAILY_THREE)
    assert any("Sign in to add these rows" in i for i in texts(at.info))
    assert not [b for b in at.button if b.key and b.key.startswith("import_journal_add_")]
    assert button(at, "Use these 3 rows")  # the session-only path still works


def test_insights_starts_on_what_the_import_page_filled_last(personal):
    """ "Use these rows" then "Add to my journal": Insights starts on the journal; the other
    way round, on the loaded file."""
    from crampwise.ui import navigation

    at = uploaded("daily.csv", DAILY_THREE)
    run(button(at, "Use these 3 rows").click())
    run(add_button(at).click())
    assert "Added 3 daily rows to your journal." in texts(at.success)
    at.switch_page(navigation.INSIGHTS.path).run()
    assert at.radio(key="insights_source").value == "My journal"

    at = uploaded("episodes.csv", EPISODES_TWO)  # a new session: the journal first, then the file
    run(add_button(at).click())
    run(button(at, "Use these 2 rows").click())
    at.switch_page(navigation.INSIGHTS.path).run()
    assert at.radio(key="insights_source").value == "Loaded files"


# A person's own sheet (issue 13): German headers, and a column only they name that way.
OWN_SHEET = """Datum;Trinkwasser (L);Training (min);Stress\r
01.03.2025;1,5;30;4\r
02.03.2025;2,0;0;6\r
03.03.2025;2,5;45;3\r
""".encode("cp1252")


def test_own_sheet_matched_once_is_read_the_same_way_and_adds_nothing_in_a_new_session(personal):
    at = uploaded("Tagebuch.csv", OWN_SHEET)
    water = next(s for s in at.selectbox if s.label == "Column “Trinkwasser (L)”")
    assert water.value == "water_l"  # the best guess, chosen up front
    run(button(at, "Apply mapping").click())
    assert counts_line(at) == "**3** new · **0** already there (skipped) · **0** conflicting"
    run(add_button(at).click())
    assert stored(personal)[1]["water_l"].tolist() == [1.5, 2.0, 2.5]

    # A new session: the matching is remembered in the journal, and nothing is new.
    again = uploaded("Tagebuch.csv", OWN_SHEET)
    assert any("same columns before" in i for i in texts(again.info))
    # Read as fluids, not as a custom factor named after the header.
    assert any("water_l" in d.value.columns for d in again.dataframe)
    assert not any("trinkwasser_l" in d.value.columns for d in again.dataframe)
    assert counts_line(again) == "**0** new · **3** already there (skipped) · **0** conflicting"
    assert add_button(again).disabled
    assert len(stored(personal)[1]) == 3
