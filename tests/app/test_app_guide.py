"""AppTest: the Guide pages (guide, cramp right now, checker, hydration) and Home's pointers."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest
from app_helpers import APP, TIMEOUT, button, load_sample_via_home, open_app, texts
from streamlit.testing.v1 import AppTest

from crampwise import guide
from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.ui import navigation

GUIDE = navigation.GUIDE.path
CRAMP_NOW = navigation.CRAMP_NOW.path
CHECKER = navigation.CHECKER.path
HYDRATION = navigation.HYDRATION.path


@pytest.mark.parametrize("page", [GUIDE, CRAMP_NOW, CHECKER, HYDRATION])
def test_guide_pages_render_with_the_disclaimer(page):
    at = open_app(page)
    assert not at.exception
    assert any(
        "not medical advice" in t.lower()
        for t in texts(at.info) + texts(at.caption) + texts(at.sidebar.caption)
    ), page


def test_the_guide_opens_on_its_first_section_and_lists_every_section():
    at = open_app(GUIDE)
    first = guide.sections()[0]
    assert [h.value for h in at.header] == [first.title]
    contents = [link.label for link in at.sidebar.get("page_link")]
    assert [s.title for s in guide.sections()] == [
        c for c in contents if c in {s.title for s in guide.sections()}
    ]
    assert any(first.sources[0] in c for c in texts(at.caption))


@pytest.mark.parametrize("section", [s.id for s in guide.sections()])
def test_each_section_opens_from_its_query_parameter(section):
    at = open_app()
    at.query_params["section"] = section
    at.switch_page(GUIDE).run()
    assert not at.exception
    assert [h.value for h in at.header] == [guide.section(section).title]


def _steps(at) -> list[str]:
    """The big steps on the page, in order ("1. Stop what you are doing.")."""
    return [m.value.removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")]


def test_cramp_right_now_shows_the_stretch_its_timer_then_the_general_steps():
    at = open_app(CRAMP_NOW)
    stretch = guide.stretch_for("calf")
    assert [s.value for s in at.subheader][:1] == [stretch.heading]
    standing, sitting = guide.step_lists(stretch)
    relief = guide.steps(guide.passage("right-now"))
    numbered = lambda items: [f"{i}. {step}" for i, step in enumerate(items, start=1)]  # noqa: E731
    # One way at a time, numbered on its own, then the general steps.
    way = at.segmented_control(key="cramp_now_way")
    assert way.options == [standing.label, sitting.label] and way.value == standing.label
    assert _steps(at) == numbered(standing.steps) + numbered(relief)
    way.set_value(sitting.label).run()
    assert not at.exception
    assert _steps(at) == numbered(sitting.steps) + numbered(relief)
    start = button(at, "Start a 30-second hold")
    start.click().run()
    assert not at.exception
    assert at.metric[0].label == "Hold the stretch"
    button(at, "Stop").click().run()
    assert not at.metric


def _in_order(at) -> list[tuple[str, str]]:
    """(element type, text) for the main area, in the order a person sees them."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children:
            for key in sorted(children):
                walk(children[key])
        elif getattr(node, "type", None) in (
            "subheader",
            "header",
            "alert",
            "error",
            "warning",
            "info",
            "success",
            "markdown",
            "button",
        ):
            text = str(getattr(node, "value", getattr(node, "label", "")))
            out.append((node.type, text.removeprefix("#### ")))

    walk(at.main)
    return out


@pytest.mark.parametrize(
    ("muscle", "first_level_title"),
    [
        ("chest", "Call your emergency number now"),
        ("arm", "Call your emergency number now"),
        ("abdomen", "Call your emergency number now"),
    ],
)
def test_for_chest_arm_and_belly_the_advice_to_get_help_comes_first(muscle, first_level_title):
    from crampwise.guide import right_now, triage

    at = open_app(CRAMP_NOW)
    at.session_state["cramp_now_muscle"] = muscle
    at.run()
    assert not at.exception
    shown = _in_order(at)
    first_alert = next(
        i for i, (kind, _) in enumerate(shown) if kind in ("error", "warning", "info", "success")
    )
    first_step = next(i for i, (_, text) in enumerate(shown) if text.startswith("1. "))
    assert first_alert < first_step
    assert at.error[0].value.startswith(first_level_title + " if you have pain, pressure")
    assert "999" in at.error[0].value and "911" in at.error[0].value
    for sign in right_now.plan(muscle).leads:
        assert any(triage.flag(sign).says in str(b.value) for b in (*at.error, *at.warning))


def test_for_a_calf_no_get_help_box_comes_before_the_stretch():
    at = open_app(CRAMP_NOW)
    shown = _in_order(at)
    first_step = next(i for i, (_, text) in enumerate(shown) if text.startswith("1. "))
    assert not [k for k, _ in shown[:first_step] if k in ("error", "warning")]
    # ...but the signs to watch for are on the page, below the steps.
    assert any("more than 10 minutes" in str(w.value) for w in at.warning)


def test_after_10_minutes_of_holds_the_page_leads_with_cramp_or_clot():
    import time

    from crampwise.ui import guide as guide_ui

    at = open_app(CRAMP_NOW)
    assert not any("since you started the first hold" in m.value for m in at.markdown)
    now = time.monotonic()
    at.session_state[guide_ui.CRAMP] = (now - 11 * 60, now - 20)  # first hold 11 min ago
    at.run()
    assert not at.exception
    assert any("It is 11 minutes since you started the first hold" in m.value for m in at.markdown)
    shown = _in_order(at)
    notice = next(i for i, (_, t) in enumerate(shown) if "since you started" in t)
    first_step = next(i for i, (_, t) in enumerate(shown) if t.startswith("1. "))
    assert notice < first_step
    assert at.warning[0].value.startswith("Get medical help the same day if a cramp lasts more")
    clot = [e for e in at.expander if "Cramp or clot?" in e.label]
    assert clot and clot[0].proto.expanded


def test_holds_far_apart_are_different_cramps():
    import time

    from crampwise.ui import guide as guide_ui

    at = open_app(CRAMP_NOW)
    now = time.monotonic()
    at.session_state[guide_ui.CRAMP] = (now - 40 * 60, now - 25 * 60)  # last hold long ago
    at.run()
    assert not any("since you started the first hold" in m.value for m in at.markdown)
    assert guide_ui.CRAMP in at.session_state  # kept: the next Start begins a new cramp
    button(at, "Start a 30-second hold").click().run()
    first, last = at.session_state[guide_ui.CRAMP]
    assert first == last >= now  # a new cramp started with this hold


def test_cramp_right_now_for_an_eyelid_twitch_shows_the_twitch_passage():
    at = open_app(CRAMP_NOW)
    at.session_state["cramp_now_muscle"] = "eyelid"
    at.run()
    assert not at.exception
    expected = guide.passage("eyelid").heading
    assert expected in [h.value for h in at.header]
    assert not [b for b in at.button if b.label.startswith("Start a")]


# --------------------------------------------------------------------------- the checker


def _answer_titles(at) -> list[str]:
    from crampwise.guide import triage

    titles = [triage.level(lvl).title for lvl in triage.LEVELS]
    return [
        t
        for t in titles
        if any(f"**{t}**" in str(b.value) for b in (*at.error, *at.warning, *at.info, *at.success))
    ]


@pytest.mark.parametrize(
    ("ticked", "level"),
    [
        (["chest-pain"], "emergency"),
        (["clot-leg"], "today"),
        (["weakness"], "doctor"),
        (["twitch-2-weeks", "clot-leg", "numbness"], "today"),
    ],
)
def test_checker_answers_with_the_most_serious_level(ticked, level):
    from crampwise.guide import checker, triage

    at = open_app(CHECKER)
    for fid in ticked:
        at.checkbox(key=f"checker_{fid}").check()
    at.run()
    assert not at.exception
    assert _answer_titles(at) == [triage.level(level).title]
    box = {"emergency": at.error, "today": at.warning, "doctor": at.info}[level]
    assert any(checker.assess(ticked).message in str(b.value) for b in box)
    for fid in ticked:
        assert any(triage.flag(fid).why in t for t in texts(at.markdown))


def test_checker_answer_follows_the_boxes_with_no_stale_answer():
    """The issue's case: tick weakness, see the answer, tick a 10-minute cramp."""
    from crampwise.guide import triage

    at = open_app(CHECKER)
    assert _answer_titles(at) == []  # nothing ticked, nothing asked yet
    at.checkbox(key="checker_weakness").check().run()
    assert _answer_titles(at) == [triage.level("doctor").title]
    at.checkbox(key="checker_cramp-over-10-min").check().run()  # no button pressed
    assert _answer_titles(at) == [triage.level("today").title]
    at.checkbox(key="checker_cramp-over-10-min").uncheck().run()
    assert _answer_titles(at) == [triage.level("doctor").title]


def test_checker_with_nothing_ticked_says_self_care_once_asked():
    from crampwise.guide import checker

    at = open_app(CHECKER)
    assert not at.success
    button(at, checker.page()["check"]).click().run()
    assert checker.assess([]).title in at.success[0].value
    at.checkbox(key="checker_statin").check().run()  # the answer still follows the boxes
    assert _answer_titles(at) == [checker.assess(["statin"]).title]


def test_an_emergency_tick_shows_what_to_do_right_under_its_group():
    from crampwise.guide import checker

    at = open_app(CHECKER)
    at.checkbox(key="checker_stroke-signs").check().run()
    shown = _in_order(at)
    today_heading = next(
        i for i, (kind, text) in enumerate(shown) if kind == "subheader" and text == checker.groups()[1].title
    )
    assert any(kind == "error" and "999" in text for kind, text in shown[:today_heading])


def test_twitches_everywhere_get_the_reassurance_with_the_answer():
    at = open_app(CHECKER)
    for fid in ("twitch-many-places", "twitch-2-weeks"):
        at.checkbox(key=f"checker_{fid}").check()
    at.run()
    assert any("very rarely a sign of anything serious" in s.value for s in at.success)
    assert any("Twitches" in e.label for e in at.expander)


def test_nothing_ticked_is_stored_or_logged(personal, caplog):
    import logging

    from crampwise.guide import checker
    from crampwise.journal.privacy import LOCAL_OWNER
    from crampwise.journal.store import open_journal

    caplog.set_level(logging.DEBUG)
    at = open_app(CHECKER)
    ticked = ["chest-pain", "statin", "twitch-many-places"]
    for fid in ticked:
        at.checkbox(key=f"checker_{fid}").check()
    at.run()
    assert _answer_titles(at)  # the answer is on the page...
    with open_journal(personal) as journal:  # ...and nowhere else
        assert journal.episodes(LOCAL_OWNER).empty and journal.daily(LOCAL_OWNER).empty
    labels = [f.label for f in checker.flags() if f.id in ticked]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [label for label in labels if label in logged]
    assert not [fid for fid in ticked if fid in logged]


def test_hydration_goal_without_a_log_and_with_the_sample(personal):
    at = open_app(HYDRATION)
    labels = [m.label for m in at.metric]
    assert "From drinks" in labels
    assert any("load a daily log" in c for c in texts(at.caption))
    at = load_sample_via_home()
    at.switch_page(HYDRATION).run()
    assert not at.exception
    assert "Days below the goal" in [m.label for m in at.metric]
    assert at.get("plotly_chart")
    assert not _has_radio(at)  # the journal is empty: only the sample to compare


def _has_radio(at) -> bool:
    return any(r.key == "hydration_source" for r in at.radio)


def _metric(at, label_start: str) -> str:
    return next(str(m.value) for m in at.metric if m.label.startswith(label_start))


def test_hydration_in_us_units_shows_fluid_ounces_and_fahrenheit(personal):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.sidebar.segmented_control(key="units_choice").set_value("us").run()
    assert not at.exception
    at.switch_page(HYDRATION).run()
    assert not at.exception
    assert _metric(at, "From drinks") == "47–54 fl oz"  # EFSA women: 1.4-1.6 L
    assert _metric(at, "Reference total") == "68 fl oz"
    temp = at.number_input(key="hydration_temp_us")
    assert "°F" in temp.label and "°C" not in temp.label
    assert (temp.min, temp.max, temp.step) == (-76.0, 140.0, 1.0)
    basis = " ".join(texts(at.markdown))
    assert "fl oz" in basis and "68 fl oz of water" in basis and " L of water" not in basis
    temp.set_value(86.0).run()  # 30 °C: the hot-day allowance of 1 L (34 fl oz)
    assert not at.exception
    assert _metric(at, "From drinks") == "81–88 fl oz"
    basis = " ".join(texts(at.markdown))
    assert "reaches 86 °F we add 34 fl oz" in basis
    assert "Crampwise estimate, not an official figure" in basis


def test_hydration_temperature_follows_a_change_of_units(personal):
    at = open_app(HYDRATION)
    temp = at.number_input(key="hydration_temp")
    assert temp.label == "Today's highest temperature (°C)"
    temp.set_value(30.0).run()
    metric_goal = _metric(at, "From drinks")
    assert metric_goal == "2.4–2.6 L"
    at.session_state["crampwise.units"] = "us"  # what the sidebar control does
    at.run()
    assert not at.exception
    assert at.number_input(key="hydration_temp_us").value == 86.0
    assert _metric(at, "From drinks") == "81–88 fl oz"


def test_hydration_compares_the_journal_without_anything_loaded(personal):
    with open_journal(personal) as journal:
        for day, litres, temp in ((1, 1.0, 20.0), (2, 1.5, 20.0), (3, 2.5, 31.0), (4, 3.0, 18.0)):
            journal.save_day(LOCAL_OWNER, dt.date(2025, 6, day), water_l=litres, temp_c=temp)
    at = open_app(HYDRATION)
    assert not _has_radio(at)  # nothing loaded in the session: no choice to make
    assert any("your journal, 4 days" in c for c in texts(at.caption))
    counts = {m.label: str(m.value) for m in at.metric}
    # EFSA women 1.4-1.6 L (+1 L from 30 °C): 1.0 below; 1.5 within; 2.5 within 2.4-2.6; 3.0 above.
    assert counts["Days below the goal"] == "1"
    assert counts["Days within"] == "2"
    assert counts["Days above"] == "1"
    chart = at.get("plotly_chart")
    assert chart
    # With the sample loaded too, the page offers both and starts with the sample, the
    # one just chosen; the journal is one click away.
    at = load_sample_via_home()
    at.switch_page(HYDRATION).run()
    assert not at.exception
    source = at.radio(key="hydration_source")
    assert source.value == "Loaded files"
    assert not any("your journal" in c for c in texts(at.caption))
    assert int(next(m.value for m in at.metric if m.label == "Days below the goal")) > 1
    source.set_value("My journal").run()
    assert not at.exception
    assert any("your journal, 4 days" in c for c in texts(at.caption))


def test_hydration_chart_from_the_journal_in_us_units(personal):
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, dt.date(2025, 6, 1), water_l=1.5)
        journal.save_day(LOCAL_OWNER, dt.date(2025, 6, 2), water_l=2.0)
    at = open_app(HYDRATION, units="us")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    # One bar trace per status (1.5 L is within the 1.4-1.6 L goal, 2.0 L above it).
    values = []
    for bars in (t for t in figure["data"] if t["type"] == "bar"):
        y = bars["y"]  # plotly sends numeric arrays as base64 ("bdata") with their dtype
        values += list(
            np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
            if isinstance(y, dict)
            else np.asarray(y, dtype=float)
        )
    assert values == pytest.approx([1.5 / 0.0295735295625, 2.0 / 0.0295735295625])
    assert "fl oz" in figure["layout"]["yaxis"]["title"]["text"]


def test_hydration_signed_out_shows_only_the_session(db_url, monkeypatch):
    with open_journal(db_url) as journal:
        journal.save_day(LOCAL_OWNER, dt.date(2025, 6, 1), water_l=1.5)
    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    at = open_app(HYDRATION)
    assert not _has_radio(at)
    assert any("load a daily log" in c for c in texts(at.caption))
    assert "Days below the goal" not in [m.label for m in at.metric]


def test_home_points_to_the_guide_when_the_log_shows_a_pattern():
    from crampwise.guide import patterns
    from crampwise.io.sample import load_sample
    from crampwise.stats.analysis import analyze

    daily, episodes = load_sample()
    expected = patterns.find(episodes.data, daily.data, findings=analyze(daily.data, episodes.data).findings)
    assert expected
    at = load_sample_via_home()
    at.switch_page(navigation.HOME.path).run()
    assert not at.exception
    shown = texts(at.info) + texts(at.warning) + texts(at.error)
    for pointer in expected:
        assert any(pointer.message in s for s in shown), pointer.id
