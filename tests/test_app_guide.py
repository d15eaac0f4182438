"""AppTest: the Guide pages (guide, cramp right now, checker, hydration) and Home's pointers."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest
from conftest_app import APP, TIMEOUT, button, load_sample_via_home, open_app, texts
from streamlit.testing.v1 import AppTest

from crampwise import guide
from crampwise.journal import open_journal
from crampwise.privacy import LOCAL_OWNER

GUIDE = "pages/guide.py"
CRAMP_NOW = "pages/cramp_now.py"
CHECKER = "pages/checker.py"
HYDRATION = "pages/hydration.py"


@pytest.mark.parametrize("page", [GUIDE, CRAMP_NOW, CHECKER, HYDRATION])
def test_guide_pages_render_with_the_disclaimer(page):
    at = open_app(page)
    assert not at.exception
    assert any("not medical advice" in t.lower() for t in texts(at.info) + texts(at.caption)
               + texts(at.sidebar.caption)), page


def test_the_guide_opens_on_its_first_section_and_lists_every_section():
    at = open_app(GUIDE)
    first = guide.sections()[0]
    assert [h.value for h in at.header] == [first.title]
    contents = [link.label for link in at.sidebar.get("page_link")]
    assert [s.title for s in guide.sections()] == [c for c in contents if c in
                                                    {s.title for s in guide.sections()}]
    assert any(first.sources[0] in c for c in texts(at.caption))


@pytest.mark.parametrize("section", [s.id for s in guide.sections()])
def test_each_section_opens_from_its_query_parameter(section):
    at = open_app()
    at.query_params["section"] = section
    at.switch_page(GUIDE).run()
    assert not at.exception
    assert [h.value for h in at.header] == [guide.section(section).title]


def test_cramp_right_now_shows_steps_the_stretch_and_a_timer():
    at = open_app(CRAMP_NOW)
    stretch = guide.stretch_for("calf")
    subheaders = [s.value for s in at.subheader]
    assert any(guide.steps(stretch)[0] in s for s in subheaders)
    assert any(guide.steps(guide.passage("right-now"))[0] in s for s in subheaders)
    start = button(at, "Start a 30-second hold")
    start.click().run()
    assert not at.exception
    assert at.metric[0].label == "Hold the stretch"
    button(at, "Stop").click().run()
    assert not at.metric


def test_cramp_right_now_for_an_eyelid_twitch_shows_the_twitch_passage():
    at = open_app(CRAMP_NOW)
    at.session_state["cramp_now_muscle"] = "eyelid"
    at.run()
    assert not at.exception
    expected = guide.passage("eyelid").heading
    assert expected in [h.value for h in at.header]
    assert not [b for b in at.button if b.label.startswith("Start a")]


@pytest.mark.parametrize("flag_level", ["urgent", "doctor"])
def test_checker_answers_with_the_most_serious_level(flag_level):
    from crampwise.guide import checker

    flag = next(f for f in checker.flags() if f.level == flag_level)
    at = open_app(CHECKER)
    at.checkbox(key=f"checker_{flag.id}").check()
    button(at, "Check").click().run()
    assert not at.exception
    shown = at.error if flag_level == "urgent" else at.warning
    assert checker.assess([flag.id]).title in shown[0].value
    assert any(flag.why in t for t in texts(at.markdown))


def test_checker_with_nothing_ticked_says_self_care_is_fine():
    from crampwise.guide import checker

    at = open_app(CHECKER)
    button(at, "Check").click().run()
    assert checker.assess([]).title in at.success[0].value


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
        for day, litres, temp in ((1, 1.0, 20.0), (2, 1.5, 20.0), (3, 2.5, 31.0),
                                  (4, 3.0, 18.0)):
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
    # With the sample loaded too, the page offers both and starts with the journal.
    at = load_sample_via_home()
    at.switch_page(HYDRATION).run()
    assert not at.exception
    source = at.radio(key="hydration_source")
    assert source.value == "My journal"
    assert any("your journal, 4 days" in c for c in texts(at.caption))
    source.set_value("Loaded files").run()
    assert not at.exception
    assert not any("your journal" in c for c in texts(at.caption))
    assert int(next(m.value for m in at.metric if m.label == "Days below the goal")) > 1


def test_hydration_chart_from_the_journal_in_us_units(personal):
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, dt.date(2025, 6, 1), water_l=1.5)
        journal.save_day(LOCAL_OWNER, dt.date(2025, 6, 2), water_l=2.0)
    at = open_app(HYDRATION, units="us")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = figure["data"][-1]
    y = bars["y"]  # plotly sends numeric arrays as base64 ("bdata") with their dtype
    values = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]) if isinstance(
        y, dict) else np.asarray(y, dtype=float)
    assert list(values) == pytest.approx([1.5 / 0.0295735295625, 2.0 / 0.0295735295625])
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
    from crampwise.sample import load_sample

    daily, episodes = load_sample()
    expected = patterns.find(episodes.data, daily.data)
    at = load_sample_via_home()
    at.switch_page("pages/home.py").run()
    assert not at.exception
    shown = texts(at.info) + texts(at.warning) + texts(at.error)
    for pointer in expected:
        assert any(pointer.message in s for s in shown), pointer.id
