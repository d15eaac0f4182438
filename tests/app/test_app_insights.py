"""AppTest: the Insights page, empty, on the sample, filtered, with too little data, and on
the journal (which source, and whose journal).

Every test gets its own temporary journal through $CRAMPWISE_DB_URL (personal mode unless a
test says otherwise), so the page never reads a real journal.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, time

import pandas as pd
import pytest
from app_helpers import button, load_sample_via_home, open_app, texts

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.stats import analysis
from crampwise.stats.episodes import episode_patterns
from crampwise.ui import insights as ui_insights
from crampwise.ui import navigation
from crampwise.ui.widgets import md_text
from crampwise.words import contrasts, standout, summary, takeaways

INSIGHTS = navigation.INSIGHTS.path


@pytest.fixture(autouse=True)
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    monkeypatch.setenv("CRAMPWISE_DB_URL", url)
    monkeypatch.setenv("CRAMPWISE_MODE", "personal")
    return url


@pytest.fixture(scope="module")
def sample():
    from crampwise.io.sample import load_sample

    return load_sample()


def open_insights(at):
    at.switch_page(INSIGHTS).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(at, tab: str):
    """Choose a tab: only the chosen one runs (lazy tabs), as when a person clicks it."""
    assert tab in ui_insights.TABS
    at.session_state[ui_insights.TAB_KEY] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_keys(at) -> set[str]:
    return {c.key for c in at.get("plotly_chart")}


def shown(at) -> list[str]:
    return texts(at.markdown)


def assert_shown(at, sentence: str) -> None:
    expected = md_text(sentence)
    assert any(expected in s for s in shown(at)), f"not on the page: {sentence}"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_page_is_registered_in_the_navigation():
    # With st.navigation, switch_page raises ValueError for a page it does not list.
    at = open_insights(open_app())
    assert [t.value for t in at.title] == ["Insights"]


def test_empty_state_points_to_import_and_the_sample():
    at = open_insights(open_app())
    assert any("Load your daily log" in s for s in texts(at.info))
    assert [p.label for p in at.get("page_link") if p.label == "Import your files"]
    button(at, "Try it with sample data")
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric


def test_sample_shows_every_section_with_its_takeaway(sample):
    daily, episodes = sample
    a = analysis.analyze(daily.data, episodes.data)
    p = episode_patterns(episodes.data)
    at = open_insights(load_sample_via_home())

    caveat = texts(at.info)
    assert any(summary.CAVEAT in c and "Correlation is not causation" in c for c in caveat)
    assert metric(at, "Logged days") == str(a.days) and metric(at, "Episodes on those days") == str(
        a.episodes
    )
    assert not [w for w in texts(at.warning) if "Not enough data" in w]

    # What stands out opens the page: its headline, what did not pass, what would help
    opening = standout.standout(a)
    assert "What stands out in your log" in [h.value for h in at.subheader]
    assert_shown(at, opening.headline)
    for sentence in (*opening.findings, *opening.described, *opening.would_help):
        assert_shown(at, sentence)
    for line in opening.details:
        assert_shown(at, line)
    assert sum(e.label == "Details: the figures behind this" for e in at.expander) == 1

    # (a) over time: the default factor is the one with the clearest link
    top = takeaways.top_factors(a.factors, 3)
    assert at.selectbox(key="insights_timeline_factor").value == top["factor"].iloc[0]
    assert_shown(at, takeaways.timeline(a.table, top["factor"].iloc[0]))
    assert_shown(at, takeaways.calendar(a.table))
    keys = chart_keys(at)
    assert keys == {"insights_timeline", "insights_calendar"}  # only the chosen tab runs
    # (b) one factor at a time: summary, the top rows and the table with both lags
    visit(at, "Factors one by one")
    keys |= chart_keys(at)
    # the figures (the factor table, each row's rho and q) sit in "details" expanders
    assert sum(e.label == "Details: the figures behind this" for e in at.expander) >= 3
    assert_shown(at, takeaways.factors(a.factors))
    for _, row in top.iterrows():
        assert_shown(at, takeaways.factor_row(row))
    table = at.dataframe[0].value
    assert len(table) == len(a.factors) and set(table["when"]) == {"same day", "day before"}
    # (c) all factors together: sentence, method line, contrasts
    visit(at, "All factors together")
    keys |= chart_keys(at)
    assert_shown(at, takeaways.model(a.model, a.table))
    assert takeaways.method_plain(a.model) in texts(at.caption)
    assert_shown(at, takeaways.method(a.model))  # the technical line, in the details
    assert a.contrasts, "the sample should show at least one contrast"
    for c in a.contrasts:
        assert md_text(contrasts.sentence(c)) in texts(at.warning)
    # (d) episode patterns
    visit(at, "Episode patterns")
    keys |= chart_keys(at)
    assert_shown(at, takeaways.hours(p["hour"], p["night"]))
    assert_shown(at, takeaways.muscles(p["muscle"]))
    assert_shown(at, takeaways.relief(p["relief"]))
    assert_shown(at, takeaways.monthly(p["monthly"]))
    assert len(keys) == 8
    # the guide passage sits beside the charts
    expanders = [e.label for e in at.expander]
    assert any("Night leg cramps" in label for label in expanders)


def test_choosing_a_factor_updates_the_timeline_and_the_close_up(sample):
    daily, episodes = sample
    a = analysis.analyze(daily.data, episodes.data)
    at = open_insights(load_sample_via_home())
    at.selectbox(key="insights_timeline_factor").select("water_l").run()
    visit(at, "Factors one by one")
    at.selectbox(key="insights_scatter_factor").select("warmup").run()
    assert not at.exception
    for _, row in a.factors[a.factors["factor"] == "warmup"].iterrows():
        assert_shown(at, takeaways.factor_row(row))
        assert_shown(at, takeaways.rates(row))
    assert any("No warm-up" in e.label for e in at.expander)
    # Back on the first tab the chosen factor is still chosen (lazy tabs keep the choice).
    visit(at, "Over time")
    assert at.selectbox(key="insights_timeline_factor").value == "water_l"
    assert_shown(at, takeaways.timeline(a.table, "water_l"))


def test_the_muscle_filter_changes_the_numbers(sample):
    daily, episodes = sample
    calf = analysis.analyze(daily.data, episodes.data, muscles=["calf"])
    every = analysis.analyze(daily.data, episodes.data)
    assert calf.episodes < every.episodes
    at = open_insights(load_sample_via_home())
    at.multiselect[0].select("calf").run()
    assert not at.exception
    assert metric(at, "Episodes on those days") == str(calf.episodes)
    assert_shown(at, takeaways.calendar(calf.table))
    assert not any(md_text(takeaways.calendar(every.table)) in s for s in shown(at))
    if calf.model is not None:
        visit(at, "All factors together")
        assert_shown(at, takeaways.model(calf.model, calf.table))


def test_the_date_filter_changes_the_numbers(sample):
    daily, episodes = sample
    start, end = date(2025, 6, 1), date(2025, 8, 30)
    summer = analysis.analyze(daily.data, episodes.data, start=start, end=end)
    at = open_insights(load_sample_via_home())
    at.date_input[0].set_value((start, end)).run()
    assert not at.exception
    assert metric(at, "Logged days") == str(summer.days)
    assert_shown(at, takeaways.calendar(summer.table))
    visit(at, "Factors one by one")
    assert_shown(at, takeaways.factors(summer.factors))


def test_the_day_start_setting_defaults_to_six_and_changes_the_numbers(sample):
    daily, episodes = sample
    default = analysis.analyze(daily.data, episodes.data)
    calendar = analysis.analyze(daily.data, episodes.data, day_starts=time(0, 0))
    assert default.episodes != calendar.episodes  # the sample has a night episode on an unlogged date
    at = open_insights(load_sample_via_home())
    setting = at.selectbox(key="insights_day_starts")
    assert setting.label == "Day starts at"
    assert setting.value == time(6, 0)
    assert "An episode before 06:00 counts with the day before." in texts(at.caption)
    assert metric(at, "Episodes on those days") == str(default.episodes)
    assert_shown(at, takeaways.calendar(default.table))

    at.selectbox(key="insights_day_starts").set_value(time(0, 0)).run()
    assert not at.exception
    assert metric(at, "Episodes on those days") == str(calendar.episodes)
    visit(at, "Factors one by one")
    assert_shown(at, takeaways.factors(calendar.factors))
    assert any("midnight" in c for c in texts(at.caption))
    assert "An episode before 06:00 counts with the day before." not in texts(at.caption)

    at.selectbox(key="insights_day_starts").set_value(time(4, 0)).run()
    assert not at.exception
    assert "An episode before 04:00 counts with the day before." in texts(at.caption)
    early = analysis.analyze(daily.data, episodes.data, day_starts=time(4, 0))
    assert metric(at, "Episodes on those days") == str(early.episodes)
    assert_shown(at, takeaways.factors(early.factors))


def short_sample(monkeypatch, sample, days: int):
    """Make "Try it with sample data" load only the first ``days`` days (through set_loaded)."""
    import crampwise.io.sample

    daily, episodes = sample
    last = daily.data["date"].iloc[days - 1] + pd.Timedelta(days=1)
    short = (
        dataclasses.replace(daily, data=daily.data.iloc[:days]),
        dataclasses.replace(episodes, data=episodes.data[episodes.data["start"] < last]),
    )
    monkeypatch.setattr(crampwise.io.sample, "load_sample", lambda: short)
    return short


def test_too_little_data_says_what_is_missing_and_shows_no_statistics(monkeypatch, sample):
    daily, episodes = short_sample(monkeypatch, sample, 10)
    a = analysis.analyze(daily.data, episodes.data)
    assert not a.enough_data and a.model is None
    at = open_insights(load_sample_via_home())
    warning = next(w for w in texts(at.warning) if "Not enough data" in w)
    for needed in a.missing:
        assert needed in warning
    assert "log 18 more days" in warning
    assert not at.dataframe  # no factor table
    keys = {c.key for c in at.get("plotly_chart")}
    assert "insights_forest" not in keys and "insights_scatter" not in keys
    assert not any("rho" in s for s in shown(at))
    # the descriptive charts still show what was logged
    assert {"insights_timeline", "insights_calendar"} <= keys
    assert_shown(at, takeaways.calendar(a.table))


def test_a_library_error_is_shown_as_its_message_without_a_traceback(monkeypatch, sample):
    import crampwise.io.sample

    daily, episodes = sample
    doubled = pd.concat([daily.data, daily.data.iloc[:2]])
    monkeypatch.setattr(
        crampwise.io.sample, "load_sample", lambda: (dataclasses.replace(daily, data=doubled), episodes)
    )
    at = open_insights(load_sample_via_home())
    assert not at.exception
    assert any("more than once" in e for e in texts(at.error))


def test_the_analysis_cache_is_private_to_the_session():
    from crampwise.ui import insights

    for cached in (insights.analyze, insights.patterns):
        assert cached._info.scope == "session"


def test_with_only_episodes_the_patterns_show_and_a_daily_log_is_asked_for(sample):
    _, episodes = sample
    p = episode_patterns(episodes.data)
    at = load_sample_via_home()
    at.switch_page(navigation.DATA.path).run()
    at.button(key="data_remove_daily").click().run()
    at = open_insights(at)
    assert any("Load a daily log" in s for s in texts(at.info))
    assert not at.metric and not at.dataframe
    assert not [b for b in at.selectbox if b.key == "insights_day_starts"]  # nothing to join
    visit(at, "Episode patterns")
    assert_shown(at, takeaways.hours(p["hour"], p["night"]))
    assert {c.key for c in at.get("plotly_chart")} == {
        "insights_hours",
        "insights_muscles",
        "insights_relief",
        "insights_monthly",
    }


def test_with_only_a_daily_log_without_counts_there_is_nothing_to_compare():
    at = load_sample_via_home()
    at.switch_page(navigation.DATA.path).run()
    at.button(key="data_remove_episodes").click().run()
    at = open_insights(at)
    assert metric(at, "Episodes on those days") == "0"
    assert any("log 10 more episodes" in w for w in texts(at.warning))
    assert not at.multiselect  # no muscle filter without episodes
    assert not [b for b in at.selectbox if b.key == "insights_day_starts"]  # nor a day boundary


def test_a_failing_chart_shows_a_message_and_the_other_sections_still_render(monkeypatch):
    from crampwise.ui import insights
    from crampwise.words import charts

    def broken(table):
        raise RuntimeError("boom")

    monkeypatch.setattr(charts, "calendar", broken)
    at = open_insights(load_sample_via_home())
    assert not at.exception
    assert insights.GENERIC_ERROR in texts(at.error)
    assert "boom" not in " ".join(texts(at.error))
    keys = chart_keys(at) | chart_keys(visit(at, "All factors together"))
    keys |= chart_keys(visit(at, "Episode patterns"))
    assert "insights_calendar" not in keys and {"insights_forest", "insights_hours"} <= keys


# --------------------------------------------------------------------------- the journal


def import_into(journal, owner, *results):
    for result in results:
        journal.apply_import(owner, journal.preview_import(owner, result))


def journal_analysis(url, owner=LOCAL_OWNER):
    """What the page should find in the journal (episode ids dropped, as the page does)."""
    from crampwise.ui.journal import journal_frames

    with open_journal(url) as journal:
        daily, episodes = journal_frames(journal.daily(owner), journal.episodes(owner))
    return (analysis.analyze(daily.data, episodes.data), episode_patterns(episodes.data))


def test_logged_journal_rows_feed_insights_without_loading_anything(db_url, sample):
    daily, episodes = sample
    with open_journal(db_url) as journal:
        import_into(journal, LOCAL_OWNER, daily, episodes)
        # Rows logged by hand count too: one more episode on the last sample day.
        last = daily.data["date"].max()
        journal.add_episode(
            LOCAL_OWNER, start=last + pd.Timedelta(hours=23), muscle="toes", side="left", severity=3
        )
        journal.add_episode(LOCAL_OWNER, start=last + pd.Timedelta(hours=22), muscle="neck")
        journal.delete(LOCAL_OWNER, "episodes", [journal.episodes(LOCAL_OWNER)["id"].max()])
    a, p = journal_analysis(db_url)
    assert a.episodes == analysis.analyze(daily.data, episodes.data).episodes + 1  # not the trash

    at = open_insights(open_app())
    assert not at.radio  # nothing loaded in the session: no choice to make
    assert metric(at, "Logged days") == str(a.days)
    assert metric(at, "Episodes on those days") == str(a.episodes)
    assert_shown(at, takeaways.calendar(a.table))
    visit(at, "Factors one by one")
    assert_shown(at, takeaways.factors(a.factors))
    visit(at, "Episode patterns")
    assert_shown(at, takeaways.muscles(p["muscle"]))
    assert "toes" in at.multiselect[0].options and "neck" not in at.multiselect[0].options


def test_a_few_logged_episodes_show_their_patterns(db_url):
    with open_journal(db_url) as journal:
        journal.add_episode(LOCAL_OWNER, start=pd.Timestamp("2025-03-01 23:10"), muscle="calf")
        journal.add_episode(LOCAL_OWNER, start=pd.Timestamp("2025-03-04 02:30"), muscle="foot")
    at = open_insights(open_app())
    assert any("Load a daily log" in s for s in texts(at.info))
    assert {"insights_hours", "insights_muscles"} <= chart_keys(visit(at, "Episode patterns"))


def test_with_both_insights_starts_on_the_sample_just_loaded_and_the_journal_can_be_chosen(db_url, sample):
    daily, episodes = sample
    short = 60
    with open_journal(db_url) as journal:  # the journal holds only the first 60 days
        import_into(journal, LOCAL_OWNER, dataclasses.replace(daily, data=daily.data.iloc[:short]))
    at = open_insights(load_sample_via_home())
    radio = at.radio(key="insights_source")
    assert radio.options == ["My journal", "Loaded files"]
    assert radio.value == "Loaded files"  # the sample was the last thing chosen
    every = analysis.analyze(daily.data, episodes.data)
    assert metric(at, "Logged days") == str(every.days)
    assert metric(at, "Episodes on those days") == str(every.episodes)

    at = open_insights(run_widget(radio.set_value("My journal")))
    assert metric(at, "Logged days") == str(short)
    assert metric(at, "Episodes on those days") == "0"  # no episodes in the journal
    # The choice is kept when the person comes back to the page.
    at.switch_page(navigation.HOME.path).run()
    at = open_insights(at)
    assert at.radio(key="insights_source").value == "My journal"
    assert metric(at, "Logged days") == str(short)


def log_an_episode(at):
    """On the Log page: tap a muscle, then Save (into the journal)."""
    at.switch_page(navigation.LOG.path).run()
    run_widget(at.pills(key="log_muscle").set_value("calf"))
    return run_widget(button(at, "Save").click())


def test_the_sample_button_lands_on_insights_with_the_sample_chosen_over_a_journal(db_url, sample):
    """Journal first (an episode logged in this session), then the sample: Insights starts
    on the sample, which the person just chose."""
    daily, episodes = sample
    at = log_an_episode(open_app())
    assert at.radio(key="log_started")  # still on the Log page after saving
    at.switch_page(navigation.HOME.path).run()
    run_widget(button(at, "Try it with sample data").click())
    assert at.title[0].value == "Insights"  # the button itself opens Insights
    assert at.radio(key="insights_source").value == "Loaded files"
    assert metric(at, "Logged days") == str(analysis.analyze(daily.data, episodes.data).days)


def test_logging_after_the_sample_starts_insights_on_the_journal(db_url, sample):
    """The sample first, then an episode logged into the journal: Insights starts on the
    journal, which the person just added to."""
    at = log_an_episode(load_sample_via_home())
    at = open_insights(at)
    assert at.radio(key="insights_source").value == "My journal"
    assert any("Load a daily log" in s for s in texts(at.info))  # the journal's one episode
    # Loading the sample again makes it the one shown again.
    at.switch_page(navigation.HOME.path).run()
    run_widget(button(at, "Try it with sample data").click())
    assert at.radio(key="insights_source").value == "Loaded files"


def test_a_check_in_after_the_sample_starts_insights_on_the_journal(db_url):
    at = load_sample_via_home()
    at.switch_page(navigation.LOG.path).run()
    run_widget(button(at, "Save the day").click())
    assert not at.error
    with open_journal(db_url) as journal:
        assert len(journal.daily(LOCAL_OWNER)) == 1  # the check-in reached the journal
    at = open_insights(at)
    assert at.radio(key="insights_source").value == "My journal"


def test_with_an_empty_journal_the_session_data_is_the_default(sample):
    at = open_insights(load_sample_via_home())
    radio = at.radio(key="insights_source")
    assert radio.value == "Loaded files"
    at = open_insights(run_widget(radio.set_value("My journal")))
    assert any("Your journal has no entries yet" in s for s in texts(at.info))
    assert not at.metric and not at.get("plotly_chart")


def run_widget(widget):
    at = widget.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_session_mode_insights_see_only_their_own_session_journal(db_url, monkeypatch, sample):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    daily, episodes = sample
    with open_journal(db_url) as shared:  # rows in the shared database are nobody's here
        import_into(shared, LOCAL_OWNER, daily, episodes)
    first = open_insights(open_app())
    assert any("Load your daily log" in s for s in texts(first.info))  # the shared rows: not here
    owner = first.session_state["crampwise.journal.session_owner"]
    import_into(first.session_state["crampwise.journal.session_db"].journal, owner, daily, episodes)
    first = open_insights(first)
    every = analysis.analyze(daily.data, episodes.data)
    assert metric(first, "Episodes on those days") == str(every.episodes)

    second = open_insights(open_app())
    first = open_insights(first)  # still its own rows after the other session ran
    assert metric(first, "Episodes on those days") == str(every.episodes)
    assert second.session_state["crampwise.journal.session_owner"] != owner
    assert any("Load your daily log" in s for s in texts(second.info))  # the empty state
    assert not second.metric and not second.get("plotly_chart")


def test_accounts_mode_signed_out_reads_no_journal(db_url, monkeypatch, sample):
    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    daily, episodes = sample
    with open_journal(db_url) as journal:
        import_into(journal, LOCAL_OWNER, daily, episodes)
    at = open_app()
    at.user = {"is_logged_in": False}
    at = open_insights(at)
    assert any("Load your daily log" in s for s in texts(at.info))
    assert not at.metric


def sample_in_us_units():
    """Choose US units in the sidebar, then load the sample from Home.

    The units come first: after a switch of page AppTest's tree holds only the page, not
    the sidebar the entry point draws; the choice stays in the session.
    """
    at = open_app()
    at.sidebar.segmented_control(key="units_choice").set_value("us").run()
    assert not at.exception, [e.value for e in at.exception]
    button(at, "Try it with sample data").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_insights_in_us_units_show_fahrenheit_and_fluid_ounces(sample):
    daily, episodes = sample
    a = analysis.analyze(daily.data, episodes.data)
    at = open_insights(sample_in_us_units())

    words, captions, warnings, tables, charts = [], [], [], [], []
    for tab in ui_insights.TABS:
        visit(at, tab)
        words += shown(at)
        captions += texts(at.caption)
        warnings += texts(at.warning)
        tables += [df.value for df in at.dataframe]
        charts += list(at.get("plotly_chart"))
    takeaway_lines = [s for s in words if s.startswith(":material/lightbulb:")]
    assert takeaway_lines
    for s in takeaway_lines:
        assert "°C" not in s and "litre" not in s, s
    assert not any("°C" in s for s in words)
    csv = " ".join(df.to_csv() for df in tables)
    assert "°F" in csv and "°C" not in csv  # the factor table's labels
    # The model sentence, in US units, is on the page (on its tab).
    us_model = takeaways.model(a.model, a.table, system="us")
    assert any(md_text(us_model) in w for w in words)
    # The units are checked on the forest plot, which labels every term.
    us_terms = takeaways.model_terms(a.model, a.table, system="us").set_index("factor")
    assert us_terms.loc["temp_c", "label"] == "Temperature, per 9 °F more"
    assert us_terms.loc["water_l", "label"] == "Fluids, per 32 fl oz more"
    spec = next(c for c in charts if c.key == "insights_forest").proto.spec
    forest = json.dumps(json.loads(spec), ensure_ascii=False)
    assert "Temperature, per 9 °F more" in forest and "Fluids, per 32 fl oz more" in forest
    assert "°C" not in forest and "litre" not in forest
    # The factor table's labels follow the units; its numbers do not.
    table = next(t for t in tables if "rho" in t.columns)
    assert "Temperature (°F)" in set(table["factor"])
    assert not any("°C" in f or "(litres)" in f for f in table["factor"])
    assert table["rho"].tolist() == pytest.approx(a.factors["rho"].tolist(), nan_ok=True)
    # Captions (factor descriptions) do not say °C either.
    assert not any("°C" in c for c in captions)
    # The contrast sentences are worded in US units too.
    assert a.contrasts
    for c in a.contrasts:
        assert md_text(contrasts.sentence(c, "us")) in warnings


def test_insights_us_rates_sentence_for_temperature(sample):
    daily, episodes = sample
    a = analysis.analyze(daily.data, episodes.data)
    at = visit(open_insights(sample_in_us_units()), "Factors one by one")
    at.selectbox(key="insights_scatter_factor").set_value("temp_c").run()
    assert not at.exception
    rows = a.factors[a.factors["factor"] == "temp_c"].sort_values("lag")
    for _, r in rows.iterrows():
        assert_shown(at, takeaways.rates(r, system="us"))
        assert "°F or more" in takeaways.rates(r, system="us")
    titles = [
        json.loads(c.proto.spec)["layout"].get("xaxis", {}).get("title", {}).get("text")
        for c in at.get("plotly_chart")
    ]
    assert "Temperature (°F)" in titles and "Temperature (°C)" not in titles


def test_dates_read_one_way_in_figures_and_in_the_filter(sample):
    at = open_insights(load_sample_via_home())
    assert metric(at, "From") == "1 Mar 2025"
    assert metric(at, "From") != "01 Mar 2025"
    assert metric(at, "To") == "30 Aug 2025"
    assert all(d.proto.format == "YYYY-MM-DD" for d in at.date_input)
    assert at.date_input


def night_leg_offered(at) -> bool:
    return any(e.label == "What the guide says: Night leg cramps" for e in at.expander)


def test_the_hour_chart_offers_night_leg_cramps_only_when_legs_are_in_view(sample):
    at = visit(open_insights(load_sample_via_home()), "Episode patterns")
    assert "insights_hours" in chart_keys(at)
    assert night_leg_offered(at)
    at.multiselect[0].select("eyelid").run()
    assert not at.exception
    visit(at, "Episode patterns")
    assert "insights_hours" in chart_keys(at)
    assert not night_leg_offered(at)
    # The eyelid's twitches: a small count is said once, not "0 of 7 ... (0 of 7)".
    night = [s for s in shown(at) if "started between 22:00" in s]
    assert night and all("(0 of 7)" not in s and s.count(" of 7") == 1 for s in night), night


def test_relief_shares_on_the_page_are_whole_percents(sample):
    at = visit(open_insights(load_sample_via_home()), "Episode patterns")
    chart = next(c for c in at.get("plotly_chart") if c.key == "insights_relief")
    shares = json.loads(chart.proto.spec)["data"][0]["customdata"]
    assert shares and all(re.fullmatch(r"\d{1,3}%", s) for s in shares), shares
    assert "What you used most was stretching" in " ".join(shown(at))
