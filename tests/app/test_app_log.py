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
    assert_where_in_plain_words(at, "kept on this computer")


def assert_where_in_plain_words(at, says: str) -> None:
    """The journal's place in a person's words, and its file only under "Where exactly"."""
    (details,) = [e for e in at.expander if e.label == "Where exactly"]
    main = [c for c in texts(at.caption) if c not in texts(details.caption)]
    assert any(says in c for c in main), main
    for word in ("/tmp", ".sqlite3", "listens", "Mode:", "CRAMPWISE"):
        assert not any(word in c for c in main), (word, main)
    assert any("journal.sqlite3" in c for c in texts(details.caption))  # there for who wants it
    assert any(c.startswith("Why: ") for c in texts(details.caption))


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


def test_refused_duration_is_not_clamped_and_the_message_names_the_title(personal):
    at = open_app(LOG)
    assert at.number_input(key="log_duration").min is None  # typing 0 or 2000 is not changed
    run(at.number_input(key="log_duration").set_value(0.0))
    at = three_taps(at)
    errors = texts(at.error)
    assert any("This episode: Duration 0 must be more than 0 minutes." in e for e in errors), errors
    assert not any("duration_min" in e for e in errors)
    assert len(stored(personal)[0]) == 0
    assert not at.toast
    assert at.number_input(key="log_duration").value == 0.0  # still there to fix


def test_pick_a_time_later_today_is_refused_as_in_the_future(personal):
    now = dt.datetime.now().replace(second=0, microsecond=0)
    later = now + dt.timedelta(minutes=30)
    if later.date() != now.date():  # near midnight: a time later today does not exist
        later = now + dt.timedelta(days=1)
    at = open_app(LOG)
    run(at.radio(key="log_started").set_value("pick a time"))
    run(at.date_input(key="log_pick_day").set_value(later.date()))
    run(at.time_input(key="log_pick_time").set_value(later.time()))
    at = three_taps(at)
    errors = texts(at.error)
    assert any("This episode: Start" in e and "is in the future" in e and "5 minutes" in e for e in errors)
    assert len(stored(personal)[0]) == 0
    run(at.time_input(key="log_pick_time").set_value(now.time()))  # a time that has been: saved
    run(button(at, "Save").click())
    assert not at.error and len(stored(personal)[0]) == 1


def test_minutes_ago_below_zero_is_refused_not_clamped(personal):
    at = open_app(LOG)
    run(at.radio(key="log_started").set_value("minutes ago"))
    run(at.number_input(key="log_minutes_ago").set_value(-60))
    at = three_taps(at)
    assert any("is in the future" in e for e in texts(at.error))
    assert len(stored(personal)[0]) == 0


def test_a_second_tap_on_save_stores_nothing_until_log_another(personal):
    at = three_taps(open_app(LOG))
    assert len(stored(personal)[0]) == 1
    assert button(at, "Save").disabled  # the form still holds what was saved
    assert any("Log another?" in c for c in texts(at.caption))
    # A second tap made on the page drawn before Save turned off (Streamlit discards it):
    stale = button(at, "Save")
    stale.proto.disabled = False
    run(stale.click())
    assert len(stored(personal)[0]) == 1
    assert button(at, "Save").disabled
    assert len(stored(personal)[0]) == 1
    run(at.slider(key="log_severity").set_value(7))  # something changed: Save is on again
    assert not button(at, "Save").disabled
    run(at.slider(key="log_severity").set_value(5))  # and back: the same as saved, off again
    assert button(at, "Save").disabled
    run(button(at, "Log another").click())  # a second cramp just like the first
    assert at.pills(key="log_muscle").value is None and button(at, "Save").disabled
    at = three_taps(at)
    assert len(stored(personal)[0]) == 2


def test_an_episode_just_like_one_saved_minutes_ago_waits_for_confirmation(personal):
    with open_journal(personal) as journal:  # saved a minute ago, e.g. in another tab
        start = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
        journal.add_episode(LOCAL_OWNER, start=start, muscle="calf", side="right", severity=5, duration_min=1)
    at = three_taps(open_app(LOG))
    warnings = texts(at.warning)
    assert any("just like this one (calf, right, 5/10)" in w and f"{start:%H:%M}" in w for w in warnings)
    assert len(stored(personal)[0]) == 1 and not at.toast  # held back, not stored
    run(button(at, "Don't save").click())
    assert not at.warning and len(stored(personal)[0]) == 1
    run(button(at, "Save").click())
    run(button(at, "Save it anyway").click())  # a second cramp indeed
    assert len(stored(personal)[0]) == 2
    assert any("Saved: calf, right, 5/10" in str(t.value) for t in at.toast)
    assert button(at, "Save").disabled and not at.warning


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
    today = dt.date.today()
    day = f"{today.day} {today:%b %Y}"
    errors = texts(at.error)
    assert any(f"The day {day}: Exercise 2000 is above 1440 minutes." in e for e in errors), errors
    assert not any("exercise_min" in e for e in errors)
    assert len(stored(personal)[1]) == 0
    assert at.number_input(key=key).value == 2000.0  # not clamped, still there to fix


def test_checkin_refuses_a_day_in_the_future_and_out_of_range_values_unclamped(personal):
    at = open_app(LOG)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    run(at.date_input(key="log_day").set_value(tomorrow))
    key = checkin_key("humidity_pct", tomorrow)
    assert at.number_input(key=key).max is None
    run(at.number_input(key=key).set_value(120.0))
    run(button(at, "Save the day").click())
    errors = texts(at.error)
    assert any("is in the future" in e and "Date" in e for e in errors), errors
    assert any("Humidity 120 is above 100%." in e for e in errors), errors
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


@pytest.mark.parametrize(
    ("mode", "says", "file_shown"),
    [
        ("personal", "kept on this computer and is not sent anywhere", True),
        ("session", "stays in this browser session only", False),
    ],
)
def test_where_the_journal_is_kept_is_said_in_plain_words_in_each_mode(
    db_url, monkeypatch, mode, says, file_shown
):
    monkeypatch.setenv("CRAMPWISE_MODE", mode)
    at = open_app(LOG)
    (details,) = [e for e in at.expander if e.label == "Where exactly"]
    in_details = texts(details.caption)
    main = [c for c in texts(at.caption) if c not in in_details]
    assert any(says in c for c in main), main
    assert not any("/tmp" in c or ".sqlite3" in c or "listens" in c for c in main)
    assert any("journal.sqlite3" in c for c in in_details) is file_shown
    assert any(c.startswith("Why: ") for c in in_details)


def test_the_day_input_is_iso_and_the_saved_toast_names_the_day_unpadded(personal):
    from crampwise.words import dates

    at = open_app(LOG)
    assert at.date_input(key="log_day").proto.format == "YYYY-MM-DD"
    day = dt.date(2026, 12, 2)
    run(at.date_input(key="log_day").set_value(day))
    run(button(at, "Save the day").click())
    toasts = [str(t.value) for t in at.toast]
    assert any("Wednesday 2 December" in t for t in toasts), toasts
    assert not any("Wednesday 02 December" in t for t in toasts)
    assert dates.with_weekday(day) == "Wednesday 2 December"


def test_the_fluids_field_shows_the_precision_of_the_total(personal):
    """1.5 L is 50.72 fl oz: the field shows it as the total does, "51 fl oz"."""
    today = dt.date.today()
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, today, water_l=1.5)
    at = open_app(LOG, units="us")
    field = at.number_input(key=checkin_key("water_l", today, "us"))
    assert field.proto.format == "%.0f"  # no longer the default "%.2f", which showed 50.72
    assert f"{field.value:.0f}" == "51"
    assert any("Total today: 51 fl oz" in c for c in texts(at.caption))
    assert at.number_input(key=checkin_key("temp_c", today, "us")).proto.format == "%.0f"
    metric = open_app(LOG, units="metric")
    assert metric.number_input(key=checkin_key("water_l", today)).proto.format == "%.2f"
    assert any("Total today: 1.5 L" in c for c in texts(metric.caption))
