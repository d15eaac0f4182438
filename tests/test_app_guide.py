"""AppTest: the Guide pages (guide, cramp right now, checker, hydration) and Home's pointers."""

from __future__ import annotations

import pytest
from conftest_app import button, load_sample_via_home, open_app, texts

from crampwise import guide

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


def test_hydration_goal_without_a_log_and_with_the_sample():
    at = open_app(HYDRATION)
    labels = [m.label for m in at.metric]
    assert "From drinks" in labels
    assert any("Load a daily log" in c for c in texts(at.caption))
    at = load_sample_via_home()
    at.switch_page(HYDRATION).run()
    assert not at.exception
    assert "Days below the goal" in [m.label for m in at.metric]
    assert at.get("plotly_chart")


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
