"""AppTest: the Log page (episode in three taps, undo/restore, check-in, modes, isolation).

Each test gets its own temporary database through $CRAMPWISE_DB_URL and its
mode through $CRAMPWISE_MODE (``at.secrets`` does not reach ``st.connection``).
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from app_helpers import button, open_app, run, stored, texts

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.ui import navigation
from crampwise.ui.journal import checkin_key

LOG = navigation.LOG.path


def three_taps(at, muscle="calf", side="right"):
    """Tap a muscle, tap a side, tap Save."""
    run(at.pills(key="log_muscle").set_value(muscle))
    run(at.segmented_control(key="log_side").set_value(side))
    return run(button(at, "Save").click())


def test_log_page_renders_with_defaults(personal):
    at = open_app(LOG)
    assert at.title[0].value == "Log"
    assert [t.label for t in at.tabs] == ["Episode", "Daily check-in"]
    assert at.slider(key="log_severity").value == 5
    assert at.number_input(key="log_duration").value == 1.0
    assert at.segmented_control(key="log_side").value == "left"
    assert button(at, "Save").disabled  # no muscle chosen yet
    assert any("saved on this computer" in c and "journal.sqlite3" in c for c in texts(at.caption))


def test_three_taps_save_exactly_one_episode_for_the_local_owner(personal):
    at = three_taps(open_app(LOG))
    assert not at.error
    episodes, _ = stored(personal)
    assert len(episodes) == 1
    row = episodes.iloc[0]
    assert (row["muscle"], row["side"], row["severity"], row["duration_min"]) == ("calf", "right", 5.0, 1.0)
    assert abs(row["start"] - dt.datetime.now()) < dt.timedelta(minutes=2)
    assert any("Saved: calf, right, 5/10" in str(t.value) for t in at.toast)
    assert len(at.dataframe[0].value) == 1
    assert len(stored(personal, owner="someone-else")[0]) == 0


def test_more_reveals_every_muscle_and_details_are_saved(personal):
    at = open_app(LOG)
    run(at.pills(key="log_muscle").set_value("more"))
    assert button(at, "Save").disabled
    run(at.selectbox(key="log_muscle_more").select("shoulder"))
    run(at.radio(key="log_started").set_value("minutes ago"))
    run(at.number_input(key="log_minutes_ago").set_value(30))
    run(at.text_input(key="log_activity").set_value("swimming"))
    run(at.multiselect(key="log_relief").select("stretch").select("heat"))
    run(button(at, "Save").click())
    row = stored(personal)[0].iloc[0]
    assert row["muscle"] == "shoulder" and row["side"] == "left"
    assert row["activity"] == "swimming" and row["relief"] == "stretch;heat"
    assert abs(row["start"] - (dt.datetime.now() - dt.timedelta(minutes=30))) < dt.timedelta(minutes=2)


def test_undo_moves_to_trash_and_restore_brings_it_back(personal):
    at = three_taps(open_app(LOG))
    run(button(at, "Undo").click())
    assert len(stored(personal)[0]) == 0
    with open_journal(personal) as journal:
        assert len(journal.trash(LOCAL_OWNER, "episodes")) == 1
    assert any("Undone" in c for c in texts(at.caption))
    run(button(at, "Restore").click())
    episodes, _ = stored(personal)
    assert len(episodes) == 1 and episodes.iloc[0]["muscle"] == "calf"
    assert button(at, "Undo")  # back to the saved state


def test_refused_duration_shows_library_message_and_saves_nothing(personal):
    at = open_app(LOG)
    run(at.number_input(key="log_duration").set_value(0.0))
    at = three_taps(at)
    assert any("duration_min" in e and "0" in e for e in texts(at.error))
    assert len(stored(personal)[0]) == 0
    assert not at.toast


def test_checkin_saves_a_day_and_reopening_shows_it(personal):
    at = open_app(LOG)
    today = at.date_input(key="log_day").value
    assert today == dt.date.today()
    key = functools.partial(checkin_key, day=today)
    run(button(at, "+500 mL").click())
    run(button(at, "+250 mL").click())
    assert at.number_input(key=key("water_l")).value == 0.75
    assert any("0.75 L" in c for c in texts(at.caption))
    run(at.number_input(key=key("exercise_min")).set_value(30.0))
    run(at.slider(key=key("exercise_rpe")).set_value(7))
    run(at.segmented_control(key=key("warmup")).set_value("no"))
    run(at.number_input(key=key("temp_c")).set_value(31.0))
    run(at.number_input(key=key("stress")).set_value(6))
    run(at.number_input(key=key("sleep_h")).set_value(6.5))
    run(button(at, "Save the day").click())
    assert not at.error
    _, daily = stored(personal)
    assert len(daily) == 1
    row = daily.iloc[0]
    assert row["date"].date() == today
    assert (
        row["water_l"],
        row["exercise_min"],
        row["exercise_rpe"],
        row["temp_c"],
        row["stress"],
        row["sleep_h"],
    ) == (0.75, 30.0, 7.0, 31.0, 6.0, 6.5)
    assert not row["warmup"] and row["humidity_pct"] != row["humidity_pct"]  # NaN: left empty

    # A new session opening the same date sees the saved values, and editing updates the day.
    again = open_app(LOG)
    assert again.number_input(key=key("water_l")).value == 0.75
    assert again.segmented_control(key=key("warmup")).value == "no"
    assert again.number_input(key=key("stress")).value == 6
    assert again.slider(key=key("exercise_rpe")).value == 7
    run(button(again, "+250 mL").click())
    run(button(again, "Save the day").click())
    _, daily = stored(personal)
    assert len(daily) == 1 and daily.iloc[0]["water_l"] == 1.0 and daily.iloc[0]["sleep_h"] == 6.5


def test_checkin_in_us_units_stores_litres_and_celsius_and_the_choice_is_kept(personal):
    at = open_app(LOG, units="us")
    today = at.date_input(key="log_day").value
    key = functools.partial(checkin_key, day=today, system="us")
    assert [b.label for b in at.button if b.label.startswith("+")] == ["+8 fl oz", "+16 fl oz"]
    assert at.number_input(key=key("water_l")).label == "Fluids (fl oz)"
    assert at.number_input(key=key("temp_c")).label == "Highest temperature (°F)"
    run(button(at, "+16 fl oz").click())
    run(button(at, "+8 fl oz").click())
    assert any("24 fl oz" in c for c in texts(at.caption))
    run(at.number_input(key=key("temp_c")).set_value(86.0))
    run(button(at, "Save the day").click())
    assert not at.error
    row = stored(personal)[1].iloc[0]
    assert (row["water_l"], row["temp_c"]) == (0.71, 30.0)  # 24 fl oz = 0.7098 L

    # The choice is saved in the journal: a new session opens in US units, prefilled.
    assert open_app().sidebar.segmented_control(key="units_choice").value == "us"
    again = open_app(LOG)
    assert again.number_input(key=key("water_l")).value == pytest.approx(24.0, abs=0.02)
    assert again.number_input(key=key("temp_c")).value == pytest.approx(86.0)
    # Switching back shows the same day in metric.
    metric = open_app(LOG, units="metric")
    assert metric.number_input(key=checkin_key("water_l", today)).value == pytest.approx(0.71)
    assert metric.number_input(key=checkin_key("temp_c", today)).value == pytest.approx(30.0)


def test_switching_units_mid_entry_keeps_the_unsaved_value(personal):
    at = open_app(LOG)
    today = at.date_input(key="log_day").value
    run(button(at, "+500 mL").click())
    run(at.number_input(key=checkin_key("temp_c", today)).set_value(20.0))
    # What the sidebar control does (AppTest shows no sidebar after the first run).
    at.session_state["crampwise.units"] = "us"
    at = run(at)
    assert at.number_input(key=checkin_key("water_l", today, "us")).value == pytest.approx(16.9, abs=0.01)
    assert at.number_input(key=checkin_key("temp_c", today, "us")).value == pytest.approx(68.0)
    run(button(at, "Save the day").click())
    row = stored(personal)[1].iloc[0]
    assert (row["water_l"], row["temp_c"]) == (0.5, 20.0)


def test_checkin_refused_value_shows_message_and_saves_nothing(personal):
    at = open_app(LOG)
    key = checkin_key("exercise_min", dt.date.today())
    run(at.number_input(key=key).set_value(2000.0))
    run(button(at, "Save the day").click())
    assert any("exercise_min" in e and "2000" in e for e in texts(at.error))
    assert len(stored(personal)[1]) == 0


def test_session_mode_keeps_each_session_private(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    first = three_taps(open_app(LOG), muscle="neck")
    second = open_app(LOG)
    assert not second.dataframe
    assert any("this browser session only" in c for c in texts(second.caption))
    three_taps(second, muscle="foot")
    assert (
        first.session_state["crampwise.journal.session_owner"]
        != second.session_state["crampwise.journal.session_owner"]
    )
    run(first)
    assert list(first.dataframe[0].value["muscle"]) == ["neck"]
    assert list(second.dataframe[0].value["muscle"]) == ["foot"]
    # Nothing reached the shared database.
    with open_journal(db_url) as journal:
        for owner in (LOCAL_OWNER, first.session_state["crampwise.journal.session_owner"]):
            assert len(journal.episodes(owner)) == 0


def test_accounts_mode_signed_out_asks_to_sign_in_and_stores_nothing(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    at = AppTest_signed_out()
    assert any("Sign in" in i for i in texts(at.info))
    assert button(at, "Sign in")
    assert not at.tabs


def AppTest_signed_out():  # noqa: N802 - reads like the state it builds
    at = open_app()
    at.user = {"is_logged_in": False}
    at.switch_page(LOG)
    return run(at)


def test_accounts_mode_signed_in_uses_the_identity_as_owner(db_url, monkeypatch):
    from crampwise.journal.privacy import owner_for_identity

    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    at = open_app()
    at.user = {"is_logged_in": True, "iss": "https://issuer.example", "sub": "abc"}
    run(at.switch_page(LOG))
    three_taps(at)
    owner = owner_for_identity("https://issuer.example", "abc")
    assert len(stored(db_url, owner)[0]) == 1
    assert len(stored(db_url, LOCAL_OWNER)[0]) == 0


def test_accounts_mode_sidebar_says_who_is_signed_in_and_offers_sign_out(db_url, monkeypatch):
    from app_helpers import APP, TIMEOUT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": True, "iss": "https://issuer.example", "sub": "abc", "name": "Ada *Lovelace*"}
    run(at)
    assert "Signed in as Ada \\*Lovelace\\*." in texts(at.sidebar.caption)  # a name, not Markdown
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": False}
    run(at)
    assert [b.label for b in at.sidebar.button] == ["Sign in"]
    assert not any("Signed in" in c for c in texts(at.sidebar.caption))


def test_personal_mode_has_no_account_controls(personal):
    at = open_app()
    assert not [b for b in at.sidebar.button if b.label in ("Sign in", "Sign out")]


def test_text_fields_stop_at_the_schema_limits(personal):
    from crampwise import schema

    at = open_app(LOG)
    assert at.text_input(key="log_activity").proto.max_chars == schema.EPISODES.field("activity").max_length
    assert at.text_area(key="log_notes").proto.max_chars == schema.EPISODES.field("notes").max_length
    [day_notes] = [t for t in at.text_input if t.key.startswith("log_day_notes_")]
    assert day_notes.proto.max_chars == schema.DAILY.field("notes").max_length
