"""Log: record an episode in three taps, or the day's check-in, straight into the journal."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import datetime as dt

import streamlit as st

from crampwise import schema, units
from crampwise.journal.store import JournalError
from crampwise.ui import journal as uj
from crampwise.ui import session
from crampwise.ui import units as units_ui
from crampwise.ui import widgets

st.title("Log", anchor=False)

with widgets.friendly_errors():
    decision = session.current_mode()
    journal = session.get_journal()
    owner = session.current_owner()

st.caption(f"{uj.location_text(decision, journal)} (Why: {widgets.md_text(decision.reason)}.)")
uj.mode_notice(decision)

if owner is None:  # accounts mode, signed out: store nothing
    st.info("Sign in to keep your own journal. Nothing is saved until you do.", icon=":material/login:")
    st.button("Sign in", key="log_login", on_click=st.login, icon=":material/login:")
    st.stop()

# One-tap choices; "more" reveals every muscle the data model knows.
QUICK = ("calf", "foot", "quadriceps", "hamstring", "back", "neck", "eyelid", "more")
QUICK_LABELS = {
    "quadriceps": "thigh front (quadriceps)",
    "hamstring": "thigh back (hamstring)",
    "more": "more…",
}
STARTED = ("now", "minutes ago", "pick a time")

episode_tab, day_tab = st.tabs(["Episode", "Daily check-in"])

with episode_tab:
    quick = st.pills("Where?", QUICK, key="log_muscle", format_func=lambda m: QUICK_LABELS.get(m, m))
    muscle = quick
    if quick == "more":
        muscle = st.selectbox(
            "Muscle", schema.MUSCLES, index=None, key="log_muscle_more", placeholder="Choose a muscle"
        )
    side = st.segmented_control("Side", schema.SIDES, default="left", required=True, key="log_side")
    severity = st.slider(
        "How bad (0 = no pain, 10 = worst)",
        0,
        10,
        5,
        key="log_severity",
        help=schema.EPISODES.field("severity").help,
    )
    started = st.radio("Started", STARTED, horizontal=True, key="log_started")
    if started == "minutes ago":
        minutes_ago = st.number_input(
            "Minutes ago", min_value=0, max_value=24 * 60, value=10, step=5, key="log_minutes_ago"
        )
    elif started == "pick a time":
        with st.container(horizontal=True):
            picked_day = st.date_input("Day", value=session.now().date(), key="log_pick_day")
            picked_time = st.time_input("Time", value=session.now().time(), key="log_pick_time")
    duration = st.number_input(
        "Duration (minutes)",
        min_value=0.0,
        max_value=1440.0,
        value=1.0,
        step=0.5,
        key="log_duration",
        help=schema.EPISODES.field("duration_min").help,
    )
    with st.expander("More details (optional)"):
        activity = st.text_input(
            "What were you doing?", key="log_activity", max_chars=schema.EPISODES.field("activity").max_length
        )
        relief = st.multiselect("What did you do about it?", schema.RELIEFS, key="log_relief")
        notes = st.text_area("Notes", key="log_notes", max_chars=schema.EPISODES.field("notes").max_length)

    if st.button(
        "Save", key="log_save", type="primary", icon=":material/save:", disabled=muscle in (None, "more")
    ):
        if started == "now":
            start = session.now()
        elif started == "minutes ago":
            start = session.now() - dt.timedelta(minutes=minutes_ago)
        else:
            start = dt.datetime.combine(picked_day, picked_time)
        try:
            new_id = journal.add_episode(
                owner,
                start=start,
                muscle=muscle,
                side=side,
                severity=severity,
                duration_min=duration,
                activity=activity or None,
                relief=relief or None,
                notes=notes or None,
            )
        except JournalError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            summary = f"{muscle}, {side}, {severity}/10 at {start:%H:%M}"
            uj.remember_saved(new_id, summary)
            st.toast(f"Saved: {summary}", icon=":material/check_circle:")

    saved = uj.last_saved()
    if saved is not None:
        with st.container(horizontal=True, vertical_alignment="center"):
            if uj.undone_token() is None:
                st.caption(f"Saved: {widgets.md_text(saved[1])}.")
                st.button(
                    "Undo",
                    key="log_undo",
                    icon=":material/undo:",
                    type="tertiary",
                    on_click=uj.undo_last,
                    args=(journal, owner),
                )
            else:
                st.caption("Undone: the episode is in the trash.")
                st.button(
                    "Restore",
                    key="log_restore",
                    icon=":material/restore:",
                    type="tertiary",
                    on_click=uj.restore_last,
                    args=(journal, owner),
                )

    recent = journal.episodes(owner).tail(5)
    if len(recent):
        st.subheader("Last saved", anchor=False)
        widgets.data_table(
            recent.drop(columns="id").iloc[::-1],
            schema.EPISODES,
            alt="Your last saved episodes, newest first",
            key="log_recent",
        )

with day_tab:
    system = units_ui.current()
    water_q, temp_q = units.quantity("water_l", system), units.quantity("temp_c", system)
    day = st.date_input("Day", value=session.now().date(), key="log_day")
    uj.prefill_day(journal, owner, day, system)
    water_key = uj.checkin_key("water_l", day, system)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.number_input(
            water_q.column_label,
            value=None,
            min_value=0.0,
            step=water_q.step,
            max_value=water_q.limits()[1],
            key=water_key,
            help=water_q.help,
        )
        for i, (label, amount) in enumerate(water_q.quick_adds()):
            st.button(label, key=f"log_water_{i}", on_click=uj.add_water, args=(day, amount, system))
    total = st.session_state.get(water_key) or 0.0
    st.caption(f"Total today: {water_q.format(water_q.store(total))}")
    with st.container(horizontal=True):
        st.number_input(
            "Exercise (minutes)",
            value=None,
            min_value=0.0,
            step=5.0,
            key=uj.checkin_key("exercise_min", day),
            help=schema.DAILY.field("exercise_min").help,
        )
        st.segmented_control("Warmed up", ("yes", "no"), key=uj.checkin_key("warmup", day))
    st.slider(
        "Effort (0 = rest, 10 = all-out)",
        0,
        10,
        key=uj.checkin_key("exercise_rpe", day),
        help="Saved only with exercise minutes.",
    )
    with st.container(horizontal=True):
        low, high = temp_q.limits()
        st.number_input(
            f"Highest temperature ({temp_q.symbol})",
            value=None,
            step=temp_q.step,
            min_value=low,
            max_value=high,
            key=uj.checkin_key("temp_c", day, system),
            help=temp_q.help,
        )
        st.number_input(
            "Humidity (%)",
            value=None,
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            key=uj.checkin_key("humidity_pct", day),
            help=schema.DAILY.field("humidity_pct").help,
        )
        st.number_input(
            "Sleep (hours)",
            value=None,
            min_value=0.0,
            max_value=24.0,
            step=0.5,
            key=uj.checkin_key("sleep_h", day),
            help=schema.DAILY.field("sleep_h").help,
        )
    # A number with - and + (44 px each), not eleven buttons: those wrap onto two rows on a phone.
    st.number_input(
        "Stress (0 = calm, 10 = extreme)",
        value=None,
        min_value=0,
        max_value=10,
        step=1,
        placeholder="0 to 10",
        key=uj.checkin_key("stress", day),
    )
    st.text_input("Notes", key=uj.checkin_key("notes", day), max_chars=schema.DAILY.field("notes").max_length)
    st.caption("Empty fields are left as they are.")
    if st.button("Save the day", key="log_day_save", type="primary", icon=":material/save:"):
        try:
            new = journal.save_day(owner, day, **uj.checkin_values(day, system))
        except JournalError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.toast(f"{'Saved' if new else 'Updated'} {day:%A %d %B}.", icon=":material/check_circle:")
