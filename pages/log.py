"""Log: record an episode in three taps, or the day's check-in, straight into the journal."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import datetime as dt

import streamlit as st

from crampwise import schema, units
from crampwise.errors import EntryRefusedError, TwinEntryError
from crampwise.journal.store import JournalError
from crampwise.ui import journal as uj
from crampwise.ui import session
from crampwise.ui import units as units_ui
from crampwise.words import dates
from crampwise.ui import widgets

st.title("Log", anchor=False)

with widgets.friendly_errors():
    decision = session.current_mode()
    journal = session.get_journal()
    owner = session.current_owner()

uj.where_it_lives(decision, journal)
uj.mode_notice(decision)

if owner is None:  # accounts mode, signed out: store nothing
    st.info("Sign in to keep your own journal. Nothing is saved until you do.", icon=":material/login:")
    st.button("Sign in", key="log_login", on_click=st.login, icon=":material/login:")
    st.stop()

# One-tap choices; "more" reveals every muscle the data model knows.
QUICK = ("calf", "foot", "quadriceps", "hamstring", "back", "neck", "eyelid", "more")
QUICK_LABELS = {"more": "more…"}
STARTED = ("now", "minutes ago", "pick a time")
# The episode form's widgets: "Log another" sets them back to their defaults.
FORM_KEYS = (
    "log_muscle",
    "log_muscle_more",
    "log_side",
    "log_severity",
    "log_started",
    "log_minutes_ago",
    "log_pick_day",
    "log_pick_time",
    "log_duration",
    "log_activity",
    "log_relief",
    "log_notes",
)

episode_tab, day_tab = st.tabs(["Episode", "Daily check-in"])

with episode_tab:
    quick = st.pills(
        "Where?", QUICK, key="log_muscle", format_func=lambda m: QUICK_LABELS.get(m) or schema.muscle_name(m)
    )
    muscle = quick
    if quick == "more":
        muscle = st.selectbox(
            "Muscle",
            schema.MUSCLES,
            index=None,
            key="log_muscle_more",
            placeholder="Choose a muscle",
            format_func=schema.muscle_name,
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
        minutes_ago = st.number_input("Minutes ago", value=10, step=5, key="log_minutes_ago")
    elif started == "pick a time":
        with st.container(horizontal=True):
            picked_day = st.date_input(
                "Day", value=session.now().date(), key="log_pick_day", format=dates.INPUT_FORMAT
            )
            picked_time = st.time_input("Time", value=session.now().time(), key="log_pick_time")
    duration = st.number_input(  # no min or max: an out-of-range value is refused, not clamped
        "Duration (minutes)",
        value=1.0,
        step=0.5,
        key="log_duration",
        help=schema.EPISODES.field("duration_min").help,
    )
    with st.expander("More details (optional)"):
        activity = st.text_input(
            "What were you doing?", key="log_activity", max_chars=schema.EPISODES.field("activity").max_length
        )
        relief = st.multiselect(
            "What did you do about it?", schema.RELIEFS, key="log_relief", format_func=schema.relief_name
        )
        notes = st.text_area("Notes", key="log_notes", max_chars=schema.EPISODES.field("notes").max_length)

    form = tuple(st.session_state.get(k) for k in FORM_KEYS)
    just_saved = uj.already_saved(form)
    # Off while the form holds what was just saved; Streamlit discards a tap on a disabled
    # button even when it was made on the page drawn before (a double tap).
    if st.button(
        "Save",
        key="log_save",
        type="primary",
        icon=":material/save:",
        disabled=muscle in (None, "more") or just_saved,
        help="Already saved: change something, or tap Log another." if just_saved else None,
    ):
        if started == "now":
            start = session.now()
        elif started == "minutes ago":
            start = session.now() - dt.timedelta(minutes=minutes_ago)
        else:
            start = dt.datetime.combine(picked_day, picked_time)
        values = dict(
            start=start,
            muscle=muscle,
            side=side,
            severity=severity,
            duration_min=duration,
            activity=activity or None,
            relief=relief or None,
            notes=notes or None,
        )
        try:
            new_id = uj.save_episode(journal, owner, values, session.now())
        except TwinEntryError as exc:
            uj.hold_twin(form, values, str(exc))
        except EntryRefusedError as exc:
            for line in exc.lines:
                st.error(widgets.md_text(line), icon=":material/error:")
        except JournalError as exc:
            st.error(widgets.md_text(str(exc)), icon=":material/error:")
        else:
            uj.remember_saved(new_id, uj.episode_summary(values), form)
            st.rerun()  # draw the form again as saved: Save off, "Log another?"
    if (twin := uj.held_twin(form)) is not None:
        st.warning(widgets.md_text(twin), icon=":material/content_copy:")
        with st.container(horizontal=True):
            st.button("Save it anyway", key="log_twin_save", on_click=uj.save_twin, args=(journal, owner))
            st.button("Don't save", key="log_twin_drop", type="tertiary", on_click=uj.drop_twin)
    if (toast := uj.saved_toast()) is not None:
        st.toast(toast, icon=":material/check_circle:")

    saved = uj.last_saved()
    if saved is not None:
        with st.container(horizontal=True, vertical_alignment="center"):
            if uj.undone_token() is None:
                st.caption(
                    f"Saved: {widgets.md_text(saved[1])}."
                    + (" Log another? Change something, or start again:" if just_saved else "")
                )
                if just_saved:
                    st.button(
                        "Log another",
                        key="log_another",
                        icon=":material/add:",
                        type="tertiary",
                        on_click=uj.log_another,
                        args=(FORM_KEYS,),
                    )
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
    day = st.date_input("Day", value=session.now().date(), key="log_day", format=dates.INPUT_FORMAT)
    uj.prefill_day(journal, owner, day, system)
    water_key = uj.checkin_key("water_l", day, system)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.number_input(
            water_q.column_label,
            value=None,
            step=water_q.step,
            format=water_q.input_format,
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
        st.number_input(
            f"Highest temperature ({temp_q.symbol})",
            value=None,
            step=temp_q.step,
            format=temp_q.input_format,
            key=uj.checkin_key("temp_c", day, system),
            help=temp_q.help,
        )
        st.number_input(
            "Humidity (%)",
            value=None,
            step=5.0,
            key=uj.checkin_key("humidity_pct", day),
            help=schema.DAILY.field("humidity_pct").help,
        )
        st.number_input(
            "Sleep (hours)",
            value=None,
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
    st.caption("Empty fields are left as they are. A value out of range is refused, never changed.")
    if st.button("Save the day", key="log_day_save", type="primary", icon=":material/save:"):
        try:
            new = uj.save_checkin(journal, owner, day, session.now(), system)
        except EntryRefusedError as exc:
            for line in exc.lines:
                st.error(widgets.md_text(line), icon=":material/error:")
        except JournalError as exc:
            st.error(widgets.md_text(str(exc)), icon=":material/error:")
        else:
            uj.saved_to_journal()
            st.toast(
                f"{'Saved' if new else 'Updated'} {dates.with_weekday(day)}.", icon=":material/check_circle:"
            )
