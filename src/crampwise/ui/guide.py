"""Widgets for showing the guide: sections, passages beside the data, the hold timer.

The words come from :mod:`crampwise.guide` (Markdown files); this module only
lays them out, so every page shows a passage the same way, with its sources.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from importlib import resources

import pandas as pd
import streamlit as st

from crampwise import guide, units
from crampwise.guide import (
    Passage,
    Section,
    StepList,
    checker,
    hydration,
    patterns,
    right_now,
    triage,
)
from crampwise.ui import journal as uj
from crampwise.ui import navigation, state
from crampwise.ui import units as units_ui
from crampwise.words.takeaways import counted

#: Session key of the running hold timer: (started at, seconds).
_TIMER = "crampwise.hold_timer"
#: Session key of the current cramp: (first hold started at, last hold started at).
CRAMP = "crampwise.cramp_started"

#: How each triage level (and Home's "info" pointers) is shown: the box and its icon.
LEVEL_STYLE: dict[str, tuple[Callable[..., object], str]] = {
    "emergency": (st.error, ":material/emergency:"),
    "today": (st.warning, ":material/schedule:"),
    "doctor": (st.info, ":material/stethoscope:"),
    "self-care": (st.success, ":material/check_circle:"),
    "info": (st.info, ":material/lightbulb:"),
}

#: The guide passage that explains each level.
LEVEL_TOPIC = {"emergency": "emergency", "today": "today", "doctor": "see-a-doctor"}


def touch_targets() -> None:
    """Load the app's one stylesheet (``ui/touch.css``): 44 px tap targets and the phone layout.

    ``app.py`` calls it once per run, so it holds on every page. Streamlit has no
    theme option for control height; a CSS-only ``st.html`` takes no space on the page.
    """
    css = resources.files("crampwise.ui").joinpath("touch.css").read_text(encoding="utf-8")
    st.html(f"<style>{css}</style>")


def sources(items: tuple[str, ...]) -> None:
    """The short "Sources" line every section and passage carries."""
    st.caption("Sources: " + "; ".join(items))


def disclaimer() -> None:
    """The guide-wide "general information, not medical advice" note."""
    st.info(guide.disclaimer(), icon=":material/info:")


def contents(sections: Sequence[Section], current: Section) -> None:
    """A link to every section of the guide, the open one marked."""
    for s in sections:
        st.page_link(
            navigation.GUIDE.path,
            label=s.title,
            query_params={"section": s.id},
            icon=":material/chevron_right:" if s.id == current.id else None,
        )


def section_body(section: Section) -> None:
    """One guide section: title, text and sources."""
    st.header(section.title, anchor=section.id)
    st.markdown(section.body)
    sources(section.sources)


def passage(p: Passage, *, title: bool = True, link: bool = True) -> None:
    """A passage beside the data, with its sources and a link to the whole section."""
    if title:
        st.markdown(f"**{p.heading}**")
    st.markdown(p.markdown)
    sources(p.sources)
    if link:
        st.page_link(
            navigation.GUIDE.path,
            label=f"Read more: {p.section_title}",
            icon=navigation.GUIDE.icon,
            query_params={"section": p.section_id},
        )


def passage_expander(topic: str, label: str | None = None, *, expanded: bool = False) -> None:
    """An expander (closed unless ``expanded``) with the guide's passage for ``topic``."""
    p = guide.passage(topic)
    with st.expander(
        label or f"What the guide says: {p.heading}", icon=":material/menu_book:", expanded=expanded
    ):
        passage(p, title=False)


def big_steps(items: list[str] | tuple[str, ...]) -> None:
    """Steps in large type, one per line, for reading mid-cramp.

    Level-4 headings: large and bold, yet small enough that a stretch's steps
    and its hold timer fit on a phone's first screen.
    """
    for i, step in enumerate(items, start=1):
        st.markdown(f"#### {i}. {step}")


def step_lists(lists: list[StepList], *, key: str) -> None:
    """A passage's steps; when it gives several ways (standing, sitting), a choice of way.

    One way at a time keeps the steps and the hold timer on a phone's first
    screen, and each way is numbered on its own, so steps never mix.
    """
    chosen = lists[0]
    if len(lists) > 1:
        labels = [lst.label or f"Way {i}" for i, lst in enumerate(lists, start=1)]
        picked = st.segmented_control(
            "Which way?", labels, default=labels[0], required=True, key=key, width="stretch"
        )
        chosen = lists[labels.index(picked)] if picked in labels else lists[0]
    big_steps(chosen.steps)


def triage_box(sign_ids: list[str] | tuple[str, ...], *, full: bool = True) -> None:
    """What to do about these signs, one box per level, most serious first.

    Every sentence comes from the triage source; ``full`` adds the level's
    whole message (the emergency numbers, where to call) under the sentence.
    """
    for level_id, text in triage.advice(sign_ids):
        show, icon = LEVEL_STYLE[level_id]
        if full:
            text += "\n\n" + triage.level(level_id).message
        show(text, icon=icon)


def cramp_minutes() -> float | None:
    """Minutes since the first hold of the current cramp (None: no cramp going on)."""
    first, last = st.session_state.get(CRAMP, (None, None))
    return right_now.cramp_minutes(first, last, time.monotonic())


def _note_hold_started(now: float) -> None:
    first, last = st.session_state.get(CRAMP, (None, None))
    if right_now.cramp_minutes(first, last, now) is None:
        first = now  # the first hold of a new cramp
    st.session_state[CRAMP] = (first, now)


def long_cramp_notice() -> None:
    """Once a cramp has lasted too long, say what to do and offer "Cramp or clot?".

    Re-checks by itself every 15 seconds while a cramp is going on, so it
    appears even if nobody touches the page.
    """
    s = right_now.settings()

    @st.fragment(run_every=15 if cramp_minutes() is not None else None)
    def _notice() -> None:
        minutes = cramp_minutes()
        if right_now.is_long(minutes):
            st.markdown(f"**{s.long_cramp_text.format(minutes=f'{minutes:.0f}')}**")
            triage_box([s.long_cramp_sign])
            passage_expander("cramp-or-clot", expanded=True)

    _notice()


def hold_timer(seconds: int = 30, *, key: str = "hold") -> None:
    """A simple hold timer: start, watch the seconds count down, stop any time."""
    started = st.session_state.get(_TIMER)
    running = started is not None and time.monotonic() - started[0] < started[1]

    @st.fragment(run_every=1 if running else None)
    def _face() -> None:
        current = st.session_state.get(_TIMER)
        left = 0 if current is None else max(0.0, current[1] - (time.monotonic() - current[0]))
        if current is not None and left > 0:
            st.metric("Hold the stretch", f"{left:.0f} s")
            st.progress(1 - left / current[1])
            if st.button("Stop", key=f"{key}_stop", icon=":material/stop:"):
                st.session_state.pop(_TIMER, None)
                st.rerun()
        else:
            if running:
                st.rerun()  # time is up: redraw once without the one-second refresh
            if current is not None:
                st.success(
                    "Done. Let go slowly. Repeat if the cramp comes back.", icon=":material/check_circle:"
                )
            if st.button(
                f"Start a {seconds}-second hold", key=f"{key}_start", type="primary", icon=":material/timer:"
            ):
                now = time.monotonic()
                st.session_state[_TIMER] = (now, seconds)
                _note_hold_started(now)
                st.rerun()

    _face()


# --------------------------------------------------------------------------- checker


def checker_questions(groups: list, flags: list) -> list[str]:
    """One tick box per sign under its group's heading; returns the ids ticked.

    The boxes are not in a form: every tick reruns the page, so the answer
    always follows the boxes. A ticked emergency sign also shows what to do
    right under its group, where the person is looking.
    """
    ticked: list[str] = []
    for group in groups:
        st.subheader(group.title, anchor=False)
        st.caption(group.intro)
        in_group = []
        for f in (f for f in flags if f.group == group.id):
            if st.checkbox(f.label, key=f"checker_{f.id}"):
                in_group.append(f.id)
        if in_group and group.level == "emergency":
            triage_box(in_group)
        ticked += in_group
    return ticked


def checker_result(result: checker.Result, *, texts: Mapping[str, str]) -> None:
    """The checker's answer: a coloured box with what to do, then why, then more to read."""
    show, icon = LEVEL_STYLE[result.level]
    show(f"**{result.title}**\n\n{result.message}", icon=icon)
    if result.reasons:
        st.markdown(f"**{texts['reasons_heading']}**")
        st.markdown("\n".join(f"- {r}" for r in result.reasons))
    if result.reassurance:
        st.markdown(f"**{texts['reassure_heading']}**")
        for line in result.reassurance:
            st.success(line, icon=":material/sentiment_satisfied:")
    topics = list(
        dict.fromkeys(([LEVEL_TOPIC[result.level]] if result.level in LEVEL_TOPIC else []) + result.topics)
    )
    for topic in topics:
        passage_expander(topic)
    if result.level == "self-care":
        st.page_link(
            navigation.CRAMP_NOW.path,
            label="What to do for a cramp right now",
            icon=navigation.CRAMP_NOW.icon,
        )


# --------------------------------------------------------------------------- hydration


class HydrationInputs:
    """What the hydration form asked, split into the person and today's conditions.

    ``temp_c`` is canonical (°C) whatever units the form was shown in.
    """

    def __init__(self, person: dict, temp_c: float | None, exercise_min: float):
        self.person = person
        self.today = {**person, "temp_c": temp_c, "exercise_min": exercise_min}


def _temp_key(key: str, system: str) -> str:
    """The temperature input's key: one per system, so a typed 30 °C never reads as 30 °F."""
    return f"{key}_temp" if system == units.DEFAULT else f"{key}_temp_{system}"


def _seed_temperature(key: str, system: str) -> None:
    """Carry a temperature typed in the other system over, converted, when units change."""
    mine = _temp_key(key, system)
    if st.session_state.get(mine) is not None:
        return
    celsius = units_ui.carried_over("temp_c", lambda other: _temp_key(key, other), system)
    if celsius is not None:
        temp_q = units.converting("temp_c", system)
        low, high = temp_q.limits()
        st.session_state[mine] = float(min(max(round(float(temp_q.show(celsius))), low), high))


def hydration_inputs(*, key: str, system: str | None = None) -> HydrationInputs:
    """The form: who the goal is for, and today's heat (in ``system``'s units) and exercise."""
    system = units.check(system or units_ui.current())
    temp_q = units.converting("temp_c", system)
    left, right = st.columns(2)
    with left:
        sex = st.segmented_control(
            "Goal for",
            ["female", "male"],
            default="female",
            required=True,
            key=f"{key}_sex",
            format_func=lambda s: {"female": "A woman", "male": "A man"}[s],
        )
        situation = st.radio(
            "Right now",
            ["neither", "pregnant", "breastfeeding"],
            key=f"{key}_situation",
            horizontal=True,
            disabled=sex == "male",
            format_func=lambda s: {
                "neither": "Neither",
                "pregnant": "Pregnant",
                "breastfeeding": "Breastfeeding",
            }[s],
        )
        reference = st.segmented_control(
            "Reference",
            ["EFSA", "NAM"],
            default="EFSA",
            required=True,
            key=f"{key}_reference",
            format_func=lambda r: {"EFSA": "Europe (EFSA)", "NAM": "US (National Academies)"}[r],
        )
    with right:
        low, high = temp_q.limits()
        _seed_temperature(key, system)
        temp = st.number_input(
            f"Today's highest temperature ({temp_q.symbol})",
            min_value=low,
            max_value=high,
            value=None,
            step=temp_q.step,
            format=temp_q.input_format,
            key=_temp_key(key, system),
            placeholder="Leave empty if not known",
        )
        exercise = st.number_input(
            "Minutes of exercise today", min_value=0, max_value=1440, value=0, step=10, key=f"{key}_exercise"
        )
    is_female = sex != "male"
    person = {
        "sex": sex or "female",
        "reference": reference or "EFSA",
        "pregnant": is_female and situation == "pregnant",
        "breastfeeding": is_female and situation == "breastfeeding",
    }
    return HydrationInputs(person, temp_q.store(temp), float(exercise))


def hydration_target(target: hydration.Target, system: str | None = None) -> None:
    """The goal in large numbers (in ``system``'s units), then where each part comes from."""
    system = units.check(system or units_ui.current())
    drinks = hydration.amount_range(target.drinks_low_l, target.drinks_high_l, system, sep="–")
    with st.container(horizontal=True):
        st.metric("From drinks", drinks, border=True)
        st.metric(
            "Reference total, drinks and food (mild day, no exercise)",
            hydration.amount(target.total_l, system),
            border=True,
        )
    st.markdown("\n".join(f"- {line}" for line in target.basis))


def _with_water(loaded: state.Loaded | None) -> state.Loaded | None:
    """``loaded`` when it has at least one day with fluids logged, else None."""
    if loaded is None or "water_l" not in loaded.data.columns:
        return None
    return loaded if loaded.data["water_l"].notna().any() else None


def hydration_log() -> state.Loaded | None:
    """The daily log to compare with the goal: the person's journal when it has days with
    fluids, the daily table loaded in this session, or a choice when both have them.

    The journal is read as Insights reads it (nothing when signed out in accounts mode).
    """
    journal_daily, _ = uj.journal_tables()
    journal_daily = _with_water(journal_daily)
    session_daily = _with_water(state.get_loaded("daily"))
    if journal_daily is None or session_daily is None:
        return journal_daily if journal_daily is not None else session_daily
    picked = st.radio(
        "Compare",
        [uj.JOURNAL_SOURCE, uj.SESSION_SOURCE],
        index=uj.source_index(True),
        key="hydration_source",
        on_change=uj.remember_source,
        args=("hydration_source",),
        horizontal=True,
        help="My journal: the fluids you logged or imported into your journal. Loaded files: "
        "the daily table opened on the Import page or the sample, for this browser tab "
        "only (not saved).",
    )
    return session_daily if picked == uj.SESSION_SOURCE else journal_daily


def hydration_stretch(compared: pd.DataFrame) -> pd.DataFrame | None:
    """The rows the chart shows: one stretch of days with fluids logged (the latest, or
    the one picked when there are several), said in a caption; ``None`` when no day has
    fluids."""
    found = hydration.stretches(compared)
    if not found:
        return None
    picked = found[0]
    if len(found) > 1:
        picked = st.selectbox(
            "Days shown",
            found,
            index=0,
            key=f"hydration_stretch_{len(compared)}_{found[0].end:%Y%m%d}",
            format_func=hydration.Stretch.label,
            help=f"Logged days more than {hydration.MAX_GAP_DAYS} days apart are shown "
            "separately, so the chart never stretches over months with nothing logged.",
        )
        others = sum(s.days for s in found) - picked.days
        st.caption(
            f"The chart shows {picked.label()}. {counted(others, 'other logged day')} "
            f"{'is' if others == 1 else 'are'} in other stretches: choose one above to see them."
        )
    return hydration.in_stretch(compared, picked)


def hydration_summary(compared: pd.DataFrame) -> None:
    """How many logged days were below, within or above their goal."""
    counts = compared["status"].value_counts()
    with st.container(horizontal=True):
        for status, label in (
            ("below", "Days below the goal"),
            ("within", "Days within"),
            ("above", "Days above"),
            ("no data", "Days with no water logged"),
        ):
            st.metric(label, int(counts.get(status, 0)), border=True)


# --------------------------------------------------------------------------- pointers


def pointer(p: patterns.Pointer) -> None:
    """A pattern found in the person's own log, with the guide passage it points to."""
    show, icon = LEVEL_STYLE[p.severity]
    show(f"{p.message} {p.advice}", icon=icon)
    passage_expander(p.topic)
