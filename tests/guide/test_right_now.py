"""What "Cramp right now" shows for each muscle, and how long a cramp has gone on."""

from __future__ import annotations

import pytest

from crampwise import guide, schema
from crampwise.guide import GuideError, right_now, triage


@pytest.mark.parametrize("muscle", schema.MUSCLES)
def test_every_muscle_has_a_plan_in_page_order(muscle: str) -> None:
    plan = right_now.plan(muscle)
    assert plan.muscle == muscle and plan.name[:1].isupper()
    # A twitch gets its passage and no steps; everything else gets the general steps.
    assert (plan.twitch is None) == (plan.relief is not None)
    assert plan.stretch == guide.stretch_for(muscle)
    assert not set(plan.leads) & set(plan.watch), "a sign that leads is not repeated"
    levels = [triage.rank(triage.flag(s).level) for s in plan.leads]
    assert levels == sorted(levels, reverse=True), "most serious first"


@pytest.mark.parametrize("muscle", ["chest", "arm", "abdomen"])
def test_chest_arm_and_belly_lead_with_the_chest_pain_sign(muscle: str) -> None:
    plan = right_now.plan(muscle)
    assert plan.leads[0] == "chest-pain"
    assert triage.flag(plan.leads[0]).level == "emergency"


def test_arm_and_belly_also_lead_with_their_own_sign_and_legs_lead_with_none() -> None:
    assert right_now.plan("arm").leads == ("chest-pain", "arm-belly")
    for muscle in ("calf", "foot", "hamstring", "quadriceps", "eyelid"):
        assert right_now.plan(muscle).leads == ()


def test_eyelid_and_face_get_the_twitch_passage() -> None:
    for muscle in ("eyelid", "face"):
        plan = right_now.plan(muscle)
        assert plan.twitch == guide.passage(muscle) and plan.stretch is None


def test_muscles_are_named_in_plain_words() -> None:
    assert right_now.name("hamstring") == "Back of thigh"
    assert right_now.name("abdomen") == "Belly"


def test_an_unknown_muscle_is_a_clear_error() -> None:
    with pytest.raises(guide.UnknownTopicError, match="no entry for the muscle 'elbow'"):
        right_now.plan("elbow")


def test_cramp_minutes_count_from_the_first_hold_of_this_cramp() -> None:
    assert right_now.cramp_minutes(None, None, 1000.0) is None
    assert right_now.cramp_minutes(0.0, 540.0, 660.0) == pytest.approx(11.0)
    # The last hold began more than 10 minutes ago: a new start is a new cramp.
    assert right_now.cramp_minutes(0.0, 0.0, 10 * 60 + 1) is None
    assert right_now.cramp_minutes(0.0, 0.0, 10 * 60) == pytest.approx(10.0)


def test_long_means_more_than_the_long_cramp_signs_minutes() -> None:
    assert not right_now.is_long(None)
    assert not right_now.is_long(10.0)
    assert right_now.is_long(10.01)
    assert "{minutes}" in right_now.settings().long_cramp_text


def test_a_broken_right_now_table_fails_loudly(monkeypatch) -> None:
    monkeypatch.setattr(right_now, "_index", lambda: {"right_now": {"watch": []}})
    right_now.settings.cache_clear()
    try:
        with pytest.raises(GuideError, match=r"\[right_now\] is incomplete"):
            right_now.settings()
    finally:
        monkeypatch.undo()
        right_now.settings.cache_clear()
    assert right_now.settings().long_cramp_minutes == 10
