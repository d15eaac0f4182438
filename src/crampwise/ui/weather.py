"""My journal's "Fill in the weather": the blank days, the place, exactly what will be sent,
and a button that sends it; then what was filled, and Undo.

Nothing is sent until the person presses "Send and fill in the weather" under the list
of what leaves; the :class:`~crampwise.weather.Consent` is made in that button's
callback, for the request the page showed. Looking up a town happens on this machine.

Session keys (all under ``crampwise.weather.``)
-----------------------------------------------
``notice``
    ``(level, text)`` of the last fill, shown once.
``undo``
    ``(token, text)``: the journal's undo token of the last fill, and what it filled.
``session``
    The memory-cached HTTP session of a shared server (one per browser session).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import streamlit as st

from crampwise import weather
from crampwise.errors import CrampwiseError, WeatherError
from crampwise.journal.privacy import Mode
from crampwise.journal.store import Journal
from crampwise.ui import widgets
from crampwise.weather.openmeteo import cache_dir
from crampwise.weather.places import MIN_POPULATION
from crampwise.words import dates
from crampwise.words import weather as words

log = logging.getLogger(__name__)

_PREFIX = "crampwise.weather."
NOTICE = _PREFIX + "notice"
UNDO = _PREFIX + "undo"
SESSION = _PREFIX + "session"

SEND = "Send and fill in the weather"
__all__ = ["SEND", "weather_section"]


def _http(mode: Mode) -> tuple[Any, bool]:
    """The HTTP session for this viewer, and whether the caller should close it.

    On a person's own computer answers are cached on disk in their cache folder; on a
    shared server only in this browser session's memory.
    """
    if mode == "personal":
        return weather.weather_session(cache_dir()), True
    if SESSION not in st.session_state:
        st.session_state[SESSION] = weather.weather_session(None)
    return st.session_state[SESSION], False


def _fill(journal: Journal, owner: str, request: weather.WeatherRequest, mode: Mode) -> None:
    """Button callback: the person said yes to ``request``; send it and fill the blank cells."""
    st.session_state.pop(UNDO, None)
    http, own = _http(mode)
    try:
        report = weather.fetch_weather(request, weather.Consent(request), session=http)
        daily = journal.daily(owner)  # as stored now, not as the page was drawn
        values = weather.values_to_fill(daily, report)
        counts = weather.counts(daily, values, report)
        result = journal.fill_blanks(owner, values, source=weather.SOURCE)
    except CrampwiseError as exc:  # offline, refused, a journal error: nothing was written
        st.session_state[NOTICE] = ("error", widgets.md_text(str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - never a traceback for a person
        log.warning("filling in the weather failed: %s", type(exc).__name__)
        st.session_state[NOTICE] = ("error", widgets.GENERIC_ERROR)
        return
    finally:
        if own:
            http.close()
    text = words.filled(counts, from_cache=report.from_cache)
    if result.token is not None:
        st.session_state[UNDO] = (result.token, text)
    else:
        st.session_state[NOTICE] = ("info", text)


def _undo(journal: Journal, owner: str) -> None:
    """Button callback: clear exactly the cells the last fill wrote (edited ones stay)."""
    token, _ = st.session_state.pop(UNDO)
    try:
        n = journal.undo_fill(owner, token)
    except CrampwiseError as exc:
        st.session_state[NOTICE] = ("error", widgets.md_text(str(exc)))
    else:
        st.session_state[NOTICE] = (
            "success",
            f"Removed the {n:,} weather {'value' if n == 1 else 'values'} filled in; "
            "those days are blank again.",
        )


def _notices(journal: Journal, owner: str) -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        widgets.notice(*notice)
    undo = st.session_state.get(UNDO)
    if undo is not None:
        widgets.notice("success", undo[1])
        widgets.undo_button(key="weather_undo", on_click=_undo, args=(journal, owner))


def _place() -> weather.Place | None:
    """The place the person typed (and chose, when a name has several), or None."""
    text = st.text_input(
        "Where were you on those days?",
        key="weather_place",
        placeholder="a town, e.g. Leeds, or coordinates, e.g. 53.80, -1.55",
        help=f"A town is looked up on this computer (towns of {MIN_POPULATION:,} people or more). "
        "Only its coordinates, rounded to about 10 km, are sent.",
    )
    if not text.strip():
        return None
    try:
        places = weather.resolve(text)
    except WeatherError as exc:
        st.warning(widgets.md_text(str(exc)), icon=":material/location_off:")
        return None
    if len(places) == 1:
        return places[0]
    labels = [p.label for p in places]
    chosen = st.selectbox(f"{len(places)} towns have that name. Which one?", labels, key="weather_choice")
    return places[labels.index(chosen)] if chosen in labels else places[0]


def _range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    if first == last:
        return first, last
    picked = st.date_input(
        "Days to fill",
        value=(first, last),
        min_value=first,
        max_value=last,
        format=dates.INPUT_FORMAT,
        key="weather_days",
    )
    if isinstance(picked, tuple) and len(picked) == 2:
        return picked[0], picked[1]
    return None  # the person is choosing the second end


def weather_section(journal: Journal, owner: str, mode: Mode) -> None:
    """Fill blank temperatures and humidities with the weather, after showing what leaves."""
    _notices(journal, owner)
    daily = journal.daily(owner)
    blanks = weather.blank_days(daily)
    if daily.empty:
        st.caption("Once your journal has days, their weather can be filled in here.")
        return
    if not blanks:
        st.caption("Every day in your journal has its temperature and humidity.")
        return
    st.caption(
        words.blank_days(len(blanks), blanks[0], blanks[-1])
        + " Crampwise can fill in each day's highest temperature and mean humidity from the "
        "Open-Meteo weather archive, only where they are blank; values you typed stay. "
        "Nothing is sent until you press the button below."
    )
    place = _place()
    if place is None:
        return
    span = _range(blanks[0], blanks[-1])
    if span is None:
        return
    try:
        request = weather.plan(daily, place, start=span[0], end=span[1])
    except WeatherError as exc:
        st.info(widgets.md_text(str(exc)), icon=":material/info:")
        return
    with st.container(border=True):
        st.markdown(f"**What will be sent** to {widgets.md_text(request.host)}, and nothing else:")
        st.markdown("\n".join(f"- {widgets.md_text(line)}" for line in words.what_leaves(request, place)))
        st.caption(words.nothing_else())
        with st.expander("The exact address"):
            st.code(request.url(), language=None, wrap_lines=True)
        st.button(
            SEND,
            key="weather_send",
            type="primary",
            icon=":material/cloud_download:",
            on_click=_fill,
            args=(journal, owner, request, mode),
        )
