"""AppTest: sessions cannot read each other's rows, by any page.

Two deployments are simulated on ONE shared temporary database URL
($CRAMPWISE_DB_URL, as in test_app_log.py):

* ``accounts`` mode: two signed-in identities (``AppTest.user``, the technique of
  test_app_log.py). A logs episodes and a day; B then opens every page of app.py and
  must see none of A's rows, and B's own writes must land under B's owner key only.
* ``session`` mode (a shared deployment with no login): two anonymous sessions. The
  first logs rows and adds the sample to its journal; the second opens every page and
  sees none of it; nothing at all reaches the shared database.

Every page's whole element tree is dumped to text (values, labels, tables, chart specs),
and the distinctive canary strings only one side entered are looked for in it. Each
"must not see" check is paired with a "does see" check on the writer's own session, so
the assertions are known to be able to fail.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
from app_helpers import APP, ROOT, button, open_app, run, texts

from crampwise.journal.privacy import LOCAL_OWNER, owner_for_identity
from crampwise.journal.store import open_journal
from crampwise.ui import navigation
from crampwise.ui.journal import checkin_key

LOG = navigation.LOG.path
JOURNAL = navigation.JOURNAL.path
HOME = navigation.HOME.path
DATA = navigation.DATA.path
INSIGHTS = navigation.INSIGHTS.path

#: Every page the app registers (app.py builds its navigation from the same list).
PAGES = tuple(spec.path for spec in navigation.PAGES)

ISS = "https://issuer.example"
A_SUB, B_SUB = "isolation-sub-a", "isolation-sub-b"
CANARY_A = "isolation-canary-A-ep1"  # notes of A's first episode
CANARY_A_ACT = "isolation-activity-A"  # activity of A's first episode
CANARY_A_DAY = "isolation-canary-A-day"  # notes of A's day (today)
CANARY_A2 = "isolation-canary-A-ep2"  # notes of A's second episode (written directly)
CANARY_B = "isolation-canary-B"
CANARY_S1 = "isolation-canary-S1-ep"
CANARY_S1_DAY = "isolation-canary-S1-day"
POINTERS = "What the guide says about your log"


# --------------------------------------------------------------------------- helpers


def go(at, page: str):
    return run(at.switch_page(page))


def _dump(node, out: list[str]) -> None:
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            _dump(child, out)
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))  # labels, markdown, chart specs, widget defaults
    for attr in ("value", "label"):
        try:
            value = getattr(node, attr, None)
        except Exception:  # noqa: BLE001 - some elements have no readable value
            continue
        if isinstance(value, pd.DataFrame):
            out.append(value.to_csv())
        elif value is not None:
            out.append(str(value))


def page_text(at) -> str:
    """Everything the current page shows, as one string."""
    out: list[str] = []
    _dump(at._tree, out)
    return "\n".join(out)


def visit_all(at) -> dict[str, str]:
    """Open every page in turn; page -> its dumped text."""
    return {page: page_text(go(at, page)) for page in PAGES}


def signed_in(sub: str):
    at = open_app()
    at.user = {"is_logged_in": True, "iss": ISS, "sub": sub, "email": f"{sub}@example.com"}
    return run(at)


def journal_editors(at) -> list:
    return [e for e in at.data_editor if e.key and e.key.startswith("journal_editor_")]


def day_key(name: str, day: dt.date) -> str:
    return checkin_key(name, day)


def log_episode(at, *, muscle: str, notes: str, activity: str | None = None):
    """On the Log page: choose a muscle, fill the details, Save."""
    run(at.pills(key="log_muscle").set_value(muscle))
    run(at.segmented_control(key="log_side").set_value("right"))
    if activity:
        run(at.text_input(key="log_activity").input(activity))
    run(at.text_area(key="log_notes").input(notes))
    run(button(at, "Save").click())
    assert not at.error, texts(at.error)
    return at


def log_today(at, *, notes: str, water: float):
    today = at.date_input(key="log_day").value
    run(at.number_input(key=day_key("water_l", today)).set_value(water))
    run(at.number_input(key=day_key("sleep_h", today)).set_value(4.5))
    run(at.text_input(key=day_key("notes", today)).input(notes))
    run(button(at, "Save the day").click())
    assert not at.error, texts(at.error)
    return today


def stored(url: str, owner: str):
    with open_journal(url) as journal:
        return journal.episodes(owner), journal.daily(owner)


def all_notes(url: str, owner: str) -> set[str]:
    episodes, daily = stored(url, owner)
    return set(episodes["notes"].dropna()) | set(daily["notes"].dropna())


def assert_sees_nothing(pages: dict[str, str], *canaries: str) -> None:
    for page, shown in pages.items():
        for canary in canaries:
            assert canary not in shown, f"{canary!r} shown on {page}"


# --------------------------------------------------------------------------- the page list


def assert_every_page_empty(at, today) -> None:
    """Page by page, with each page's own widgets: this session shows no rows at all."""
    for page in PAGES:
        go(at, page)
        if page == JOURNAL:
            assert not journal_editors(at), [e.key for e in at.data_editor]
            assert any("No episodes" in i for i in texts(at.info))
            assert any("No days" in i for i in texts(at.info))
            assert any("trash is empty" in c for c in texts(at.caption))
        elif page == LOG:
            assert not at.dataframe  # no "Last saved" table
            assert at.number_input(key=day_key("water_l", today)).value is None
            assert at.number_input(key=day_key("sleep_h", today)).value is None
            assert at.text_input(key=day_key("notes", today)).value == ""
        elif page == INSIGHTS:
            assert any("Load your daily log and your episodes" in i for i in texts(at.info))
            assert not at.metric and not at.get("plotly_chart") and not at.dataframe
        elif page == HOME:
            assert POINTERS not in texts(at.subheader)
        elif page == DATA:
            assert not at.dataframe
            assert any("No episodes loaded yet" in i for i in texts(at.info))
            assert any("No daily rows loaded yet" in i for i in texts(at.info))


def test_every_page_of_the_app_is_visited():
    assert "st.navigation(navigation.navigation())" in Path(APP).read_text()
    assert sorted(PAGES) == sorted(
        f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"
    )


# --------------------------------------------------------------------------- accounts mode


def test_accounts_two_identities_cannot_read_each_other(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    owner_a, owner_b = owner_for_identity(ISS, A_SUB), owner_for_identity(ISS, B_SUB)
    assert owner_a != owner_b

    # A logs an episode and today's check-in on the Log page, a second episode straight
    # into the journal, and adds the sample to the journal (so A's Insights has content).
    a = go(signed_in(A_SUB), LOG)
    log_episode(a, muscle="calf", notes=CANARY_A, activity=CANARY_A_ACT)
    today = log_today(a, notes=CANARY_A_DAY, water=3.35)
    with open_journal(db_url) as journal:
        journal.add_episode(
            owner_a,
            start=dt.datetime(2025, 3, 2, 6, 40),
            muscle="foot",
            side="left",
            severity=4,
            duration_min=1,
            notes=CANARY_A2,
        )
    go(a, JOURNAL)
    run(a.button(key="journal_sample_add").click())
    a_episodes, a_daily = stored(db_url, owner_a)
    assert {CANARY_A, CANARY_A2} <= set(a_episodes["notes"].dropna())
    assert CANARY_A_DAY in set(a_daily["notes"].dropna())

    # Control: A's own pages do show A's rows, so the checks below can fail.
    a_pages = visit_all(a)
    assert CANARY_A in a_pages[JOURNAL] and CANARY_A2 in a_pages[JOURNAL]
    assert CANARY_A_DAY in a_pages[JOURNAL] and CANARY_A_DAY in a_pages[LOG]
    assert CANARY_A_ACT in a_pages[LOG]
    go(a, INSIGHTS)
    assert not any(
        "no entries yet" in i or "Load your daily log and your episodes" in i for i in texts(a.info)
    )

    # B signs in (another browser session) and opens every page.
    b = signed_in(B_SUB)
    b_pages = visit_all(b)
    assert_sees_nothing(b_pages, CANARY_A, CANARY_A2, CANARY_A_DAY, CANARY_A_ACT, owner_a, A_SUB)
    assert_every_page_empty(b, today)

    # B's own writes land under B's owner only.
    go(b, LOG)
    log_episode(b, muscle="neck", notes=CANARY_B)
    b_today = log_today(b, notes=CANARY_B + "-day", water=1.25)
    assert b_today == today
    b_episodes, b_daily = stored(db_url, owner_b)
    assert list(b_episodes["notes"]) == [CANARY_B] and list(b_episodes["muscle"]) == ["neck"]
    assert list(b_daily["notes"]) == [CANARY_B + "-day"]
    assert list(b_daily["water_l"]) == [1.25] and list(b_daily["sleep_h"]) == [4.5]
    after_episodes, after_daily = stored(db_url, owner_a)  # A's rows untouched
    assert after_episodes.equals(a_episodes) and after_daily.equals(a_daily)
    assert a_daily.set_index("date").loc[pd.Timestamp(today), "water_l"] == 3.35
    assert all_notes(db_url, LOCAL_OWNER) == set() and stored(db_url, LOCAL_OWNER)[0].empty

    # Both directions, after both wrote: B still sees only B, A only A.
    b_pages = visit_all(b)
    assert CANARY_B in b_pages[JOURNAL]
    assert_sees_nothing(b_pages, CANARY_A, CANARY_A2, CANARY_A_DAY, CANARY_A_ACT)
    a_pages = visit_all(a)
    assert CANARY_A in a_pages[JOURNAL]
    assert_sees_nothing(a_pages, CANARY_B, owner_b, B_SUB)

    # Signed out, on the same shared database: nothing of either, on any page.
    out = open_app()
    out.user = {"is_logged_in": False}
    assert_sees_nothing(visit_all(run(out)), CANARY_A, CANARY_A2, CANARY_A_DAY, CANARY_B)


# --------------------------------------------------------------------------- session mode


def _rows_in_file(path: Path) -> dict[str, int]:
    """Row count of every table in the SQLite file (empty when the file does not exist)."""
    if not path.exists():
        return {}
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        return {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def test_session_mode_anonymous_sessions_cannot_read_each_other(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    from crampwise.io.sample import load_sample

    sample_daily, sample_episodes = load_sample()

    # Session 1 logs rows, adds the sample to its journal, and loads the sample for the session.
    first = go(open_app(), LOG)
    log_episode(first, muscle="calf", notes=CANARY_S1, activity=CANARY_S1 + "-act")
    today = log_today(first, notes=CANARY_S1_DAY, water=3.35)
    go(first, JOURNAL)
    run(first.button(key="journal_sample_add").click())
    assert len(journal_editors(first)) == 2
    go(first, HOME)
    run(button(first, "Try it with sample data").click())
    first_owner = first.session_state["crampwise.journal.session_owner"]
    private = first.session_state["crampwise.journal.session_db"].journal
    assert len(private.episodes(first_owner)) == len(sample_episodes.data) + 1
    assert CANARY_S1_DAY in set(private.daily(first_owner)["notes"].dropna())

    # Control: session 1 sees its own rows and pointers.
    first_pages = visit_all(first)
    assert CANARY_S1 in first_pages[JOURNAL] and CANARY_S1_DAY in first_pages[LOG]
    go(first, HOME)
    assert POINTERS in texts(first.subheader)
    go(first, DATA)
    assert first.dataframe

    # Session 2, anonymous too, opens every page.
    second = open_app()
    second_pages = visit_all(second)
    assert_sees_nothing(second_pages, CANARY_S1, CANARY_S1_DAY, CANARY_S1 + "-act", first_owner)
    second_owner = second.session_state["crampwise.journal.session_owner"]
    assert second_owner != first_owner
    assert (
        second.session_state["crampwise.journal.session_db"]
        is not first.session_state["crampwise.journal.session_db"]
    )
    assert_every_page_empty(second, today)
    second_private = second.session_state["crampwise.journal.session_db"].journal
    assert second_private.episodes(first_owner).empty  # not even by the other's owner key
    assert second_private.episodes(second_owner).empty and second_private.daily(second_owner).empty

    # Nothing reached the shared database: no rows in the file at all, for any owner.
    path = tmp_path / "shared.sqlite3"
    assert not any(_rows_in_file(path).values()), _rows_in_file(path)
    with open_journal(db_url) as journal:
        for owner in (LOCAL_OWNER, first_owner, second_owner):
            assert journal.episodes(owner).empty and journal.daily(owner).empty
            assert journal.trash(owner, "episodes").empty and journal.trash(owner, "daily").empty
