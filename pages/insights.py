"""Insights: what goes with more (or fewer) episodes in the journal or this session's tables."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.words import charts, contrasts, standout, summary, takeaways
from crampwise.ui import insights as ui
from crampwise.ui import journal as uj
from crampwise.ui import state
from crampwise.ui import units as units_ui

st.title("Insights", anchor=False)
st.caption(
    "Patterns in your own log: each chart with what it shows in words, how sure we can "
    "be, and what the guide says about it."
)

source = ui.choose_source()
if source.empty:
    if source.name == uj.JOURNAL_SOURCE and state.has_loaded():
        ui.empty_journal()
    else:
        ui.empty_state()
    st.stop()
daily, episodes = source.daily, source.episodes
system = units_ui.current()  # amounts shown in metric or US units; statistics stay the same

caveat_slot = st.container()
chosen = ui.filter_bar(daily, episodes, tag=source.tag)
with ui.guarded():
    found = (
        ui.analyze(
            daily.data,
            None if episodes is None else episodes.data,
            chosen.start,
            chosen.end,
            chosen.muscles,
            chosen.day_starts,
        )
        if daily is not None
        else None
    )
    shapes = (
        ui.patterns(episodes.data, chosen.start, chosen.end, chosen.muscles) if episodes is not None else None
    )
with caveat_slot:
    ui.caveat(summary.CAVEAT)

if found is None:
    st.info(
        "Load a daily log (fluids, exercise, heat, stress, sleep) to compare it with your "
        "episodes. Until then only the episode patterns are shown.",
        icon=":material/info:",
    )
else:
    ui.period(found)
    if not found.enough_data:
        ui.not_enough(found)
    else:
        ui.standout(standout.standout(found, system))
    ui.notes(found)

over_time, one_by_one, together, shape = st.tabs(list(ui.TABS), key=ui.TAB_KEY, on_change="rerun")

# ----------------------------------------------------------------- over time
if over_time.open:  # lazy tabs: only the chosen tab's charts are made
    with over_time, ui.section():
        if found is None or found.days == 0:
            st.caption("No logged days in these dates.")
        else:
            factor = ui.factor_picker(
                ui.factor_options(found),
                key="insights_timeline_factor",
                label="Show alongside the episodes",
                default=ui.default_factor(found),
            )
            left, right = st.columns([3, 1])
            with left:
                text = takeaways.timeline(found.table, factor, system=system)
                ui.chart(
                    charts.timeline(found.table, factor, system=system), key="insights_timeline", alt=text
                )
                ui.takeaway(text)
            with right:
                ui.passage(factor)
            left, right = st.columns([3, 1])
            with left:
                text = takeaways.calendar(found.table)
                ui.chart(charts.calendar(found.table), key="insights_calendar", alt=text)
                ui.takeaway(text)
            with right:
                ui.passage("see-a-doctor")

# ----------------------------------------------------------------- one factor at a time
if one_by_one.open:  # lazy tabs: only the chosen tab's charts are made
    with one_by_one, ui.section():
        if found is None or not found.enough_data:
            st.caption("Needs a daily log with enough days and episodes (see above).")
        elif found.factors.empty:
            st.info("No factor had enough logged days to compare.", icon=":material/info:")
        else:
            ui.takeaway(takeaways.factors(found.factors))
            top = [row for _, row in takeaways.top_factors(found.factors, 3).iterrows()]
            for row in top:
                ui.takeaway(takeaways.factor_row(row, system=system))
            st.caption(takeaways.NOT_CAUSE)
            with ui.details_box(ui.TABLE_GUIDE):
                ui.factor_table(found.factors, key="insights_factor_table")

            st.subheader("One factor up close", anchor=False)
            factor = ui.factor_picker(ui.compared_factors(found), key="insights_scatter_factor")
            left, right = st.columns([3, 1])
            with left:
                ui.chart(
                    charts.factor_scatter(found.table, factor, system=system),
                    key="insights_scatter",
                    alt="Episodes per day against the chosen factor",
                )
                rows = ui.factor_rows(found, factor)
                for row in rows:
                    ui.takeaway(takeaways.factor_row(row, system=system))
                    ui.takeaway(takeaways.rates(row, system=system))
                ui.details(
                    [takeaways.factor_row_details(r, system=system) for r in rows]
                    + [takeaways.rates_details(r, system=system) for r in rows]
                )
            with right:
                st.caption(takeaways.describe(factor, system))
                ui.passage(factor)

# ----------------------------------------------------------------- the adjusted model
if together.open:  # lazy tabs: only the chosen tab's charts are made
    with together, ui.section():
        if found is None or not found.enough_data:
            st.caption("Needs a daily log with enough days and episodes (see above).")
        elif found.model is None:
            st.info(
                takeaways.model(None) + " See the notes on the data above for why.", icon=":material/info:"
            )
        else:
            text = takeaways.model(found.model, found.table, system=system)
            ui.takeaway(text)
            ui.chart(
                charts.forest(takeaways.model_terms(found.model, found.table, system=system), system=system),
                key="insights_forest",
                alt=text,
            )
            st.caption(takeaways.method_plain(found.model))
            ui.details([takeaways.method(found.model)])
            st.subheader("Where the two views disagree", anchor=False)
            if not found.contrasts:
                st.caption("No factor tells a different story once the others are accounted for.")
            for c in found.contrasts:
                left, right = st.columns([3, 1])
                with left:
                    ui.contrast(contrasts.sentence(c, system))
                with right:
                    ui.passage(c.factor)
            st.caption(takeaways.NOT_CAUSE)

# ----------------------------------------------------------------- episode patterns
if shape.open:  # lazy tabs: only the chosen tab's charts are made
    with shape, ui.section():
        if shapes is None:
            st.caption("Load an episode log to see when and where episodes happen.")
        elif not ui.has_episodes(shapes):
            st.caption("No episodes in these dates.")
        else:
            top_left, top_right = st.columns(2)
            with top_left:
                ui.explained_chart(
                    charts.hours(shapes["hour"]),
                    takeaways.hours(shapes["hour"], shapes["night"]),
                    key="insights_hours",
                    topic=ui.hours_topic(shapes["muscle"]),
                )
            with top_right:
                ui.explained_chart(
                    charts.muscles(shapes["muscle"]),
                    takeaways.muscles(shapes["muscle"]),
                    key="insights_muscles",
                    topic=takeaways.top_muscle(shapes["muscle"]),
                )
            bottom_left, bottom_right = st.columns(2)
            with bottom_left:
                text = takeaways.relief(shapes["relief"])
                if not shapes["relief"].empty:
                    ui.chart(charts.relief(shapes["relief"]), key="insights_relief", alt=text)
                ui.takeaway(text)
                ui.passage("right-now")
            with bottom_right:
                text = takeaways.monthly(shapes["monthly"])
                ui.chart(charts.monthly(shapes["monthly"]), key="insights_monthly", alt=text)
                ui.takeaway(text)
