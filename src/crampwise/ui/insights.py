"""Widgets for the Insights page: the data source, filters, the cached analysis, tables,
takeaways, states.

Data source (:func:`choose_source`): the person's journal (what they logged
or imported into it, read with :func:`crampwise.ui.session.get_journal` for
:func:`crampwise.ui.session.current_owner` only) or the tables loaded into this
browser session (:mod:`crampwise.ui.state`). The choice is offered only when
something is loaded in the session; it starts on the one the person chose or
filled last (:func:`crampwise.ui.journal.source_index`: loading the sample or
a file -> the loaded files, logging or importing into the journal -> the
journal), else on the journal when it has rows.

The statistics come from :mod:`crampwise.stats.analysis`, the sentences from
:mod:`crampwise.words.takeaways` and the figures from :mod:`crampwise.words.charts`; this
module lays them out the same way everywhere (chart, its one-line takeaway,
the guide passage beside it).

Caching: :func:`analyze` and :func:`patterns` are ``st.cache_data`` with
``scope="session"``, keyed on the person's data and the filters. A
session-scoped entry is visible only to the session that made it and is
dropped when that session ends, so one person's data never reaches another.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crampwise import schema
from crampwise.errors import CrampwiseError
from crampwise.stats import analysis, filters
from crampwise.stats.daily import OUTCOMES
from crampwise.stats.episodes import episode_patterns
from crampwise.stats.findings import Findings
from crampwise.stats.thresholds import DAY_STARTS, MIN_DAYS, MIN_EPISODES
from crampwise.ui import guide as guide_ui
from crampwise.ui import journal as uj
from crampwise.ui import navigation, state, widgets
from crampwise.ui import units as units_ui
from crampwise.words import dates, takeaways
from crampwise.words.standout import Standout

log = logging.getLogger(__name__)


GENERIC_ERROR = (
    "Something went wrong while working out these statistics, so they are not "
    "shown. Try a different date range; if it keeps happening, please report it "
    "(without attaching your data)."
)

#: The tabs below "What stands out", in order. Only the chosen one runs (lazy tabs), so a
#: filter change redraws two charts, not eight.
TABS: tuple[str, ...] = ("Over time", "Factors one by one", "All factors together", "Episode patterns")
#: Session-state key of the chosen tab.
TAB_KEY = "insights_tab"

#: How many analyses (data x filters) one session keeps.
_CACHE_ENTRIES = 16


# --------------------------------------------------------------------------- computing


@st.cache_data(scope="session", max_entries=_CACHE_ENTRIES, show_spinner="Working out the statistics…")
def analyze(
    daily: pd.DataFrame,
    episodes: pd.DataFrame | None,
    start: date | None,
    end: date | None,
    muscles: tuple[str, ...],
    day_starts: time = DAY_STARTS,
) -> analysis.Analysis:
    """``analysis.analyze`` for this session's data and filters, cached for this session only."""
    return analysis.analyze(
        daily, episodes, start=start, end=end, muscles=list(muscles) or None, day_starts=day_starts
    )


def log_findings(daily: pd.DataFrame | None, episodes: pd.DataFrame | None) -> Findings | None:
    """The findings of the whole log (default day boundary), for Home's pointers that compare
    days; None when there is no daily log, too little data, or the analysis refuses the data."""
    if daily is None:
        return None
    try:
        found = analyze(daily, episodes, None, None, (), DAY_STARTS)
    except CrampwiseError:
        return None
    except Exception as exc:  # noqa: BLE001 - Home must render; it shows no statistics itself
        log.warning("unexpected %s in the analysis for Home", type(exc).__name__)  # type only: no data
        return None
    return found.findings if found.enough_data else None


@st.cache_data(scope="session", max_entries=_CACHE_ENTRIES, show_spinner=False)
def patterns(
    episodes: pd.DataFrame, start: date | None, end: date | None, muscles: tuple[str, ...]
) -> dict[str, pd.DataFrame]:
    """``episode_patterns`` of the episodes in the filters, cached for this session."""
    chosen = filters.filter_rows(
        episodes, schema.EPISODES, start=start, end=end, muscles=list(muscles) or None
    )
    return episode_patterns(chosen)


@contextmanager
def guarded() -> Iterator[None]:
    """Show library errors as their message and anything else as a generic one, then stop."""
    try:
        yield
    except CrampwiseError as exc:
        widgets.show_error(exc)
        st.stop()
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a person
        log.warning("unexpected %s in the insights", type(exc).__name__)  # type only: no data
        st.error(GENERIC_ERROR, icon=":material/error:")
        st.stop()


@contextmanager
def section() -> Iterator[None]:
    """Like :func:`guarded`, but the rest of the page still runs (one section fails alone)."""
    try:
        yield
    except CrampwiseError as exc:
        widgets.show_error(exc)
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a person
        log.warning("unexpected %s in an insights section", type(exc).__name__)
        st.error(GENERIC_ERROR, icon=":material/error:")


# --------------------------------------------------------------------------- data source


@dataclass(frozen=True)
class Source:
    """The tables the page analyses and where they come from."""

    #: :data:`uj.JOURNAL_SOURCE` or :data:`uj.SESSION_SOURCE`.
    name: str
    daily: state.Loaded | None
    episodes: state.Loaded | None
    #: Changes whenever the data (or the source) change: part of the filter widgets' keys.
    tag: str

    @property
    def empty(self) -> bool:
        return self.daily is None and self.episodes is None


def _tag(prefix: str, daily: state.Loaded | None, episodes: state.Loaded | None) -> str:
    bounds = _bounds(daily, episodes)
    rows = [0 if x is None else x.rows for x in (daily, episodes)]
    span = "" if bounds is None else f"{bounds[0]:%Y%m%d}{bounds[1]:%Y%m%d}"
    return f"{prefix}{rows[0]}_{rows[1]}_{span}"


def choose_source() -> Source:
    """The journal or this session's loaded tables (a choice only when both can apply)."""
    j_daily, j_episodes = uj.journal_tables()
    s_daily, s_episodes = state.get_loaded("daily"), state.get_loaded("episodes")
    in_journal = j_daily is not None or j_episodes is not None
    picked = uj.JOURNAL_SOURCE
    if s_daily is not None or s_episodes is not None:
        picked = st.radio(
            "Analyse",
            [uj.JOURNAL_SOURCE, uj.SESSION_SOURCE],
            index=uj.source_index(in_journal),
            key="insights_source",
            on_change=uj.remember_source,
            args=("insights_source",),
            horizontal=True,
            help="My journal: what you logged or imported into your journal. Loaded files: "
            "the tables opened on the Import page or the sample, for this browser tab "
            "only (not saved).",
        )
    if picked == uj.SESSION_SOURCE:
        tag = f"s{state.version('daily')}_{state.version('episodes')}"
        return Source(uj.SESSION_SOURCE, s_daily, s_episodes, tag)
    return Source(uj.JOURNAL_SOURCE, j_daily, j_episodes, _tag("j", j_daily, j_episodes))


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    start: date | None
    end: date | None
    muscles: tuple[str, ...]
    #: When a day starts: an episode before it counts with the day before.
    day_starts: time = DAY_STARTS


#: The day boundaries offered: every whole hour from midnight to noon
#: (:data:`crampwise.stats.daily.LATEST_DAY_START`).
DAY_START_CHOICES: tuple[time, ...] = tuple(time(h, 0) for h in range(13))


def day_starts_meaning(day_starts: time) -> str:
    """What the day boundary means, in one plain line."""
    if day_starts == time(0, 0):
        return "Each cramp counts on the date it happened (days run from midnight)."
    return f"An episode before {day_starts:%H:%M} counts with the day before."


def day_start_choice(*, key: str = "insights_day_starts") -> time:
    """When a day starts (default 06:00), with one line saying what it means.

    The key does not depend on the data, so the choice stays when the data change.
    """
    picked = st.selectbox(
        "Day starts at",
        DAY_START_CHOICES,
        index=DAY_START_CHOICES.index(DAY_STARTS),
        key=key,
        format_func=lambda t: f"{t:%H:%M}",
        help="Night cramps are counted with the day before them, so a 02:00 cramp is "
        "compared with that evening's drinks, exercise and heat. Choose 00:00 to use "
        "calendar days.",
    )
    st.caption(day_starts_meaning(picked))
    return picked


def _bounds(daily: state.Loaded | None, episodes: state.Loaded | None) -> tuple[date, date] | None:
    found = [
        b
        for x in (daily, episodes)
        if x is not None
        if (b := filters.date_bounds(x.data, x.table)) is not None
    ]
    if not found:
        return None
    return min(b[0] for b in found), max(b[1] for b in found)


def filter_bar(
    daily: state.Loaded | None, episodes: state.Loaded | None, *, tag: str | None = None
) -> Filters:
    """Date range (over both tables), muscles (when episodes are loaded) and when a day
    starts, side by side.

    ``tag`` (see :attr:`Source.tag`) goes into the widget keys, so other data start with
    fresh filters; by default the session's table versions.
    """
    versions = tag or f"{state.version('daily')}_{state.version('episodes')}"
    with st.container(horizontal=True):
        start, end = widgets.date_range_filter(_bounds(daily, episodes), key=f"insights_dates_{versions}")
        chosen: list[str] = []
        if episodes is not None:
            chosen = widgets.muscle_filter(episodes.data, key=f"insights_muscles_{versions}")
        day_starts = DAY_STARTS
        if episodes is not None and daily is not None:  # the day boundary joins the two
            with st.container():
                day_starts = day_start_choice()
    return Filters(start, end, tuple(chosen), day_starts)


# --------------------------------------------------------------------------- pieces


def empty_journal() -> None:
    """The journal was chosen but has no rows yet."""
    st.info(
        "Your journal has no entries yet. Log episodes and daily check-ins on the Log "
        f"page (or import your files), or choose “{uj.SESSION_SOURCE}” above.",
        icon=":material/info:",
    )


def empty_state() -> None:
    """Nothing loaded: say what the page does and where data comes from."""
    st.info(
        "Load your daily log and your episodes, or log them on the Log page, to see what "
        "goes with your spasms: heat, fluids, exercise, stress, sleep and any factor you "
        "log yourself.",
        icon=":material/info:",
    )
    with st.container(horizontal=True, vertical_alignment="center"):
        st.page_link(navigation.IMPORT.path, label="Import your files", icon=navigation.IMPORT.icon)
        widgets.sample_button(key="insights_sample")


def caveat(text: str) -> None:
    """The "patterns, not causes" box shown above every statistic."""
    st.info(f"{text}\n\n{takeaways.NOT_CAUSE}", icon=":material/psychology_alt:")


def takeaway(text: str) -> None:
    """One chart's takeaway, in words (escaped: factor names can come from a file's headers)."""
    st.markdown(f":material/lightbulb: {widgets.md_text(text)}")


#: Height of plotly's toolbar band at the top of a chart (px), and of a title line.
_MODEBAR_PX, _TITLE_LINE_PX = 40, 22
#: Most characters of a chart title on one line (plotly does not wrap titles).
_TITLE_CHARS = 40


def chart(fig: go.Figure, *, key: str, alt: str) -> None:
    """A plotly figure; ``alt`` (its accessible name) should be the chart's takeaway.

    A title is put below the band where plotly's toolbar shows on hover or tap, so
    the toolbar never covers it (on a phone the title spans the whole width), and a
    long one is broken into lines of at most :data:`_TITLE_CHARS` characters, which
    fit a 390 px phone.
    """
    title = fig.layout.title.text
    if title and "<br>" not in title and len(title) > _TITLE_CHARS:
        # plotly never wraps a title: on a phone a long one runs off the chart
        title = "<br>".join(textwrap.wrap(title, _TITLE_CHARS))
        fig.update_layout(title_text=title)
    if title:
        lines = str(title).count("<br>") + 1
        top = fig.layout.margin.t
        fig.update_layout(
            title={
                "yref": "container",
                "y": 1,
                "yanchor": "top",
                "pad": {"t": _MODEBAR_PX + _TITLE_LINE_PX * (lines - 1)},
            },
            margin={"t": max(top or 0, _MODEBAR_PX + _TITLE_LINE_PX * lines + 16)},
        )
    st.plotly_chart(fig, key=key, alt=alt, config={"displaylogo": False})


def explained_chart(fig: go.Figure, text: str, *, key: str, topic: str | None) -> None:
    """A chart, its takeaway in words beneath it, and the guide passage beside it."""
    chart(fig, key=key, alt=text)
    takeaway(text)
    passage(topic)


def period(a: analysis.Analysis) -> None:
    """Days and episodes in the window, as metrics."""
    with st.container(horizontal=True):
        st.metric("Logged days", a.days, border=True)
        st.metric("Episodes on those days", a.episodes, border=True)
        if a.first is not None:
            st.metric("From", dates.in_sentence(a.first), border=True)
            st.metric("To", dates.in_sentence(a.last), border=True)


def not_enough(a: analysis.Analysis) -> None:
    """Too little data for statistics: what is still needed, and nothing else."""
    needed = " and ".join(a.missing)
    st.warning(
        f"**Not enough data for statistics yet.** With fewer than "
        f"{MIN_DAYS} logged days or {MIN_EPISODES} episodes any pattern "
        f"would mostly be chance. To see them here, {needed} (or widen the dates).",
        icon=":material/hourglass_empty:",
    )


def notes(a: analysis.Analysis) -> None:
    """The analysis' notes about the data (left-out factors, episodes outside the days)."""
    if not a.warnings:
        return
    with st.expander(f"Notes on the data ({len(a.warnings)})", icon=":material/info:"):
        st.markdown("\n".join(f"- {widgets.md_text(w)}" for w in a.warnings))


def passage(factor_or_topic: str | None) -> None:
    """The guide passage for a factor (or a topic), if the guide has one."""
    topic = takeaways.topic(factor_or_topic) if factor_or_topic else None
    if topic is None and factor_or_topic:
        topic = factor_or_topic if _has_passage(factor_or_topic) else None
    if topic is not None:
        guide_ui.passage_expander(topic)


def hours_topic(muscles: pd.DataFrame) -> str | None:
    """The guide topic offered beside the hour chart: night leg cramps, only when leg
    muscles are in view (``episode_patterns()["muscle"]``); none for, say, eyelids."""
    from crampwise.guide import patterns

    seen = set(muscles.loc[muscles["episodes"] > 0, "muscle"].astype(str))
    return "night-cramps" if seen & set(patterns.leg_muscles()) else None


def _has_passage(topic: str) -> bool:
    from crampwise import guide

    try:
        guide.passage(topic)
    except Exception:  # noqa: BLE001 - unknown topics simply get no passage
        return False
    return True


def factor_picker(
    options: list[str], *, key: str, label: str = "Factor", default: str | None = None
) -> str | None:
    """A selectbox of factors shown with their friendly labels (units as the person chose).

    The choice is remembered under a key of its own, because a widget in a tab that is not
    shown (lazy tabs) loses its state; coming back to the tab shows the same factor.
    """
    if not options:
        return None
    kept = st.session_state.get(f"{key}_kept")
    choice = kept if kept in options else default
    index = options.index(choice) if choice in options else 0
    system = units_ui.current()
    picked = st.selectbox(
        label,
        options,
        index=index,
        key=key,
        format_func=lambda f: takeaways.label(f, system),
        help="The factors you log, plus a few worked out from them.",
    )
    st.session_state[f"{key}_kept"] = picked
    return picked


def factor_options(a: analysis.Analysis) -> list[str]:
    """Factors of the daily table that have values in this period."""
    skip = {"date", *OUTCOMES}
    return [c for c in a.table.columns if c not in skip and a.table[c].notna().any()]


def default_factor(a: analysis.Analysis) -> str:
    """The factor with the clearest link (smallest q), else temperature."""
    best = takeaways.top_factors(a.factors, 1) if len(a.factors) else a.factors
    return str(best["factor"].iloc[0]) if len(best) else "temp_c"


def compared_factors(a: analysis.Analysis) -> list[str]:
    """Factors with a row in the factor table, clearest first."""
    return list(dict.fromkeys(str(f) for f in a.factors["factor"]))


def factor_rows(a: analysis.Analysis, factor: str) -> list[pd.Series]:
    """The factor table's rows for ``factor`` (same day, then the day before)."""
    rows = a.factors[a.factors["factor"] == factor].sort_values("lag")
    return [r for _, r in rows.iterrows()]


def has_episodes(shapes: dict[str, pd.DataFrame] | None) -> bool:
    """Whether ``episode_patterns`` found any episode."""
    return shapes is not None and int(shapes["hour"]["episodes"].sum()) > 0


def factor_table(frame: pd.DataFrame, *, key: str) -> None:
    """One row per factor and lag: rho with its 95% CI, p, q, n and the rate ratio.

    Factor labels carry the units the person chose; every number here is unit-free.
    """
    system = units_ui.current()
    shown = pd.DataFrame(
        {
            "factor": [takeaways.label(f, system) for f in frame["factor"]],
            "when": frame["lag"].map({0: "same day", 1: "day before"}),
            "rho": frame["rho"],
            "ci": [f"{lo:.2f} to {hi:.2f}" for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)],
            "q": frame["q"],
            "p": frame["p"],
            "n": frame["n"],
            "rate_ratio": frame["rate_ratio"],
            "rr_ci": [_rr_ci(lo, hi) for lo, hi in zip(frame["rr_ci_low"], frame["rr_ci_high"], strict=True)],
            "clear": frame["finding"].astype(bool)
            if "finding" in frame.columns
            else frame["q"] < takeaways.CLEAR,
        }
    )
    st.dataframe(
        shown,
        placeholder=widgets.EMPTY_CELL,
        hide_index=True,
        key=key,
        alt="Each factor against daily episodes: Spearman's rho with its 95% CI, q, p, n and the rate ratio",
        column_config={
            "factor": st.column_config.TextColumn("Factor", pinned=True),
            "when": st.column_config.TextColumn(
                "When", help="The factor on the same day as the episodes, or on the day before."
            ),
            "rho": st.column_config.NumberColumn(
                "rho",
                format="%.2f",
                help="Spearman's rank correlation with episodes that day: "
                "-1 to 1, 0 = no link, above 0 = more episodes when the factor is higher.",
            ),
            "ci": st.column_config.TextColumn(
                "95% CI of rho", help="Values of rho the data are compatible with."
            ),
            "q": st.column_config.NumberColumn(
                "q",
                format="%.3f",
                help="The p value corrected for testing many factors at "
                "once (Benjamini-Hochberg). Below 0.05 counts as a clear link here.",
            ),
            "p": st.column_config.NumberColumn("p", format="%.3f", help="Before the correction (see q)."),
            "n": st.column_config.NumberColumn(
                "n", format="%d", help="Days with both the factor and episodes."
            ),
            "rate_ratio": st.column_config.NumberColumn(
                "Rate ratio",
                format="%.2f",
                help="Episodes a day on the factor's highest third "
                "of days divided by its lowest third (yes/no factors: yes against no).",
            ),
            "rr_ci": st.column_config.TextColumn("95% CI of the ratio"),
            "clear": st.column_config.CheckboxColumn(
                "Finding",
                help="q below 0.05, supported by the combined view and not resting on a single day.",
            ),
        },
    )


def _rr_ci(lo: float, hi: float) -> str:
    if pd.isna(lo) or pd.isna(hi):
        return ""
    top = "no limit" if hi == float("inf") else f"{hi:.2f}"
    return f"{lo:.2f} to {top}"


def standout(s: Standout) -> None:
    """The opening of Insights: what stands out, what does not and why, what would help."""
    st.subheader("What stands out in your log", anchor=False)
    st.markdown(f"**{widgets.md_text(s.headline)}**")
    if s.findings:
        st.markdown("\n".join(f"- :material/check_circle: {widgets.md_text(t)}" for t in s.findings))
    if s.described:
        st.markdown("\n".join(f"- {widgets.md_text(t)}" for t in s.described))
    if s.would_help:
        st.markdown("**What would help:** " + " ".join(widgets.md_text(t) for t in s.would_help))
    details(s.details)


@contextmanager
def details_box(intro: str | None = None) -> Iterator[None]:
    """The same "details" expander, for content other than lines of text (a table)."""
    with st.expander("Details: the figures behind this", icon=":material/functions:"):
        if intro:
            st.markdown(intro)
        yield


def details(lines: tuple[str, ...] | list[str], *, intro: str | None = None) -> None:
    """The technical figures behind a section, in an expander that works on a phone."""
    if not lines and intro is None:
        return
    with st.expander("Details: the figures behind this", icon=":material/functions:"):
        if intro:
            st.markdown(widgets.md_text(intro))
        st.markdown("\n".join(f"- {widgets.md_text(t)}" for t in lines))


#: What the factor table's columns mean, readable without hovering (phones have no hover).
TABLE_GUIDE = (
    "How to read the table: **rho** runs from -1 to 1 (0 = no link; above 0 = more episodes "
    "when the factor is higher). **q** is the chance-corrected score across every comparison "
    "shown together; below 0.05, with the combined view agreeing and no single day behind it, "
    "a row is a finding. **n** is the number of days with both the factor and the episodes. "
    "The **rate ratio** is episodes a day on the factor's highest third of days divided by its "
    "lowest third (yes/no factors: yes against no), with its 95% range."
)


def contrast(sentence: str) -> None:
    """A place where the adjusted model and the one-at-a-time view disagree."""
    st.warning(widgets.md_text(sentence), icon=":material/compare_arrows:")


__all__ = [
    "DAY_START_CHOICES",
    "Filters",
    "Source",
    "analyze",
    "choose_source",
    "empty_journal",
    "caveat",
    "chart",
    "compared_factors",
    "contrast",
    "details",
    "details_box",
    "standout",
    "TABLE_GUIDE",
    "hours_topic",
    "TABS",
    "TAB_KEY",
    "day_start_choice",
    "day_starts_meaning",
    "default_factor",
    "empty_state",
    "factor_options",
    "factor_picker",
    "factor_rows",
    "factor_table",
    "filter_bar",
    "guarded",
    "has_episodes",
    "log_findings",
    "not_enough",
    "notes",
    "passage",
    "patterns",
    "period",
    "section",
    "takeaway",
]
