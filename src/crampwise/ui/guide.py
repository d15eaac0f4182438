"""Widgets for showing the guide: sections, passages beside the data, the hold timer.

The words come from :mod:`crampwise.guide` (Markdown files); this module only
lays them out, so every page shows a passage the same way, with its sources.
"""

from __future__ import annotations

import time

import streamlit as st

from crampwise import guide
from crampwise.guide import Passage, Section

GUIDE_PAGE = "pages/guide.py"
CHECKER_PAGE = "pages/checker.py"
CRAMP_NOW_PAGE = "pages/cramp_now.py"
HYDRATION_PAGE = "pages/hydration.py"

#: Session key of the running hold timer: (started at, seconds).
_TIMER = "crampwise.hold_timer"


def sources(items: tuple[str, ...]) -> None:
    """The short "Sources" line every section and passage carries."""
    st.caption("Sources: " + "; ".join(items))


def disclaimer() -> None:
    """The guide-wide "general information, not medical advice" note."""
    st.info(guide.disclaimer(), icon=":material/info:")


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
        st.page_link(GUIDE_PAGE, label=f"Read more: {p.section_title}",
                     icon=":material/menu_book:", query_params={"section": p.section_id})


def passage_expander(topic: str, label: str | None = None) -> None:
    """A closed expander with the guide's passage for ``topic``."""
    p = guide.passage(topic)
    with st.expander(label or f"What the guide says: {p.heading}", icon=":material/menu_book:"):
        passage(p, title=False)


def big_steps(items: list[str]) -> None:
    """Steps in large type, one per line, for reading mid-cramp."""
    for i, step in enumerate(items, start=1):
        st.subheader(f"{i}. {step}", anchor=False)


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
                st.success("Done. Let go slowly. Repeat if the cramp comes back.",
                           icon=":material/check_circle:")
            if st.button(f"Start a {seconds}-second hold", key=f"{key}_start", type="primary",
                         icon=":material/timer:"):
                st.session_state[_TIMER] = (time.monotonic(), seconds)
                st.rerun()

    _face()


# --------------------------------------------------------------------------- checker

def checker_questions(groups: list, flags: list) -> list[str]:
    """One tick box per flag under its group's heading; returns the ids ticked."""
    ticked: list[str] = []
    for group in groups:
        st.markdown(f"**{group.title}**")
        if group.intro:
            st.caption(group.intro)
        for f in (f for f in flags if f.group == group.id):
            if st.checkbox(f.label, key=f"checker_{f.id}"):
                ticked.append(f.id)
    return ticked


def checker_result(result, *, reasons_heading: str) -> None:
    """The checker's answer: a coloured box with what to do, then why."""
    show = {"urgent": st.error, "doctor": st.warning}.get(result.level, st.success)
    icon = {"urgent": ":material/emergency:", "doctor": ":material/stethoscope:"}.get(
        result.level, ":material/check_circle:")
    show(f"**{result.title}**\n\n{result.message}", icon=icon)
    if result.reasons:
        st.markdown(f"**{reasons_heading}**")
        st.markdown("\n".join(f"- {r}" for r in result.reasons))
    topic = {"urgent": "urgent", "doctor": "see-a-doctor"}.get(result.level)
    if topic:
        passage_expander(topic)
    else:
        st.page_link(CRAMP_NOW_PAGE, label="What to do for a cramp right now",
                     icon=":material/emergency:")


# --------------------------------------------------------------------------- hydration


class HydrationInputs:
    """What the hydration form asked, split into the person and today's conditions."""

    def __init__(self, person: dict, temp_c: float | None, exercise_min: float):
        self.person = person
        self.today = {**person, "temp_c": temp_c, "exercise_min": exercise_min}


def hydration_inputs(*, key: str) -> HydrationInputs:
    """The form: who the goal is for, and today's heat and exercise."""
    left, right = st.columns(2)
    with left:
        sex = st.segmented_control("Goal for", ["female", "male"], default="female",
                                   required=True, key=f"{key}_sex",
                                   format_func=lambda s: {"female": "A woman",
                                                          "male": "A man"}[s])
        situation = st.radio("Right now", ["neither", "pregnant", "breastfeeding"],
                             key=f"{key}_situation", horizontal=True,
                             disabled=sex == "male",
                             format_func=lambda s: {"neither": "Neither",
                                                    "pregnant": "Pregnant",
                                                    "breastfeeding": "Breastfeeding"}[s])
        reference = st.segmented_control(
            "Reference", ["EFSA", "NAM"], default="EFSA", required=True, key=f"{key}_reference",
            format_func=lambda r: {"EFSA": "Europe (EFSA)", "NAM": "US (National Academies)"}[r])
    with right:
        temp = st.number_input("Today's highest temperature (°C)", min_value=-60.0,
                               max_value=60.0, value=None, step=1.0, key=f"{key}_temp",
                               placeholder="Leave empty if not known")
        exercise = st.number_input("Minutes of exercise today", min_value=0, max_value=1440,
                                   value=0, step=10, key=f"{key}_exercise")
    is_female = sex != "male"
    person = {"sex": sex or "female", "reference": reference or "EFSA",
              "pregnant": is_female and situation == "pregnant",
              "breastfeeding": is_female and situation == "breastfeeding"}
    return HydrationInputs(person, temp, float(exercise))


def hydration_target(target) -> None:
    """The goal in large numbers, then where each part comes from."""
    low, high = target.drinks_low_l, target.drinks_high_l
    drinks = f"{low:.1f} L" if abs(high - low) < 0.05 else f"{low:.1f}–{high:.1f} L"
    with st.container(horizontal=True):
        st.metric("From drinks", drinks, border=True)
        st.metric("Reference total, drinks and food (mild day, no exercise)",
                  f"{target.total_l:.1f} L", border=True)
    st.markdown("\n".join(f"- {line}" for line in target.basis))


def hydration_summary(compared) -> None:
    """How many logged days were below, within or above their goal."""
    counts = compared["status"].value_counts()
    with st.container(horizontal=True):
        for status, label in (("below", "Days below the goal"), ("within", "Days within"),
                              ("above", "Days above"), ("no data", "Days with no water logged")):
            st.metric(label, int(counts.get(status, 0)), border=True)


# --------------------------------------------------------------------------- pointers


def pointer(p) -> None:
    """A pattern found in the person's own log, with the guide passage it points to."""
    show = {"urgent": st.error, "doctor": st.warning}.get(p.severity, st.info)
    icon = {"urgent": ":material/emergency:", "doctor": ":material/stethoscope:"}.get(
        p.severity, ":material/lightbulb:")
    show(f"{p.message} {p.advice}", icon=icon)
    passage_expander(p.topic)
