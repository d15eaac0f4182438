"""The "Is this something to check?" checker: four outcomes, each sign where its source puts it."""

from __future__ import annotations

import pytest

from crampwise.errors import CrampwiseError
from crampwise.guide import checker, triage
from crampwise.guide.checker import Flag, Result, UnknownFlagError, assess, flags

ALL = flags()
BY_ID = {f.id: f for f in ALL}

#: Situations a person is in -> what they tick -> the outcome the sources give.
#: (The issue's list of situations; see docs/triage.md for the source of each level.)
SITUATIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "swollen red calf after a long flight": (("clot-leg",), "today"),
    "the same swollen calf, and now breathless": (("clot-leg", "clot-lungs"), "emergency"),
    "chest pressure with sweating": (("chest-pain",), "emergency"),
    "sudden arm weakness and slurred speech": (("stroke-signs",), "emergency"),
    "twitching everywhere for a month, no weakness": (("twitch-many-places", "twitch-2-weeks"), "doctor"),
    "an eyelid twitch for three weeks": (("twitch-2-weeks",), "doctor"),
    "a heat cramp that has not stopped after an hour": (("heat-cramp-over-1-hour",), "emergency"),
    "confused after exercise in the heat": (("heat-illness",), "emergency"),
    "cramps since starting a statin": (("statin", "new-medicine"), "today"),
    "night calf cramps twice a week, nothing else": (("frequent",), "doctor"),
    "a cramp of 15 minutes that won't ease": (("cramp-over-10-min",), "today"),
    "cramps after a day of vomiting": (("fluid-loss",), "today"),
    "dark pee and aching muscles after a marathon": (("dark-urine",), "emergency"),
    "a stiff jaw a week after stepping on a nail": (("tetanus-signs",), "emergency"),
    "nothing ticked": ((), "self-care"),
}


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_each_situation_gets_the_outcome_its_sources_give(situation: str) -> None:
    ticked, expected = SITUATIONS[situation]
    result = assess(ticked)
    assert result.level == expected
    assert result.title == triage.level(expected).title
    assert result.message == triage.level(expected).message


def test_twitching_everywhere_shows_the_reassurance() -> None:
    result = assess(["twitch-many-places", "twitch-2-weeks"])
    assert result.level == "doctor"
    assert len(result.reassurance) == 1
    text = result.reassurance[0]
    assert "very rarely a sign of anything serious" in text
    assert "weakness" in text  # what doctors do look for
    assert "twitches" in result.topics


def test_no_reassurance_where_none_is_declared() -> None:
    assert assess(["chest-pain"]).reassurance == []


def test_four_outcomes_from_least_to_most_serious() -> None:
    assert checker.LEVELS == ("self-care", "doctor", "today", "emergency")
    titles = [triage.level(level).title for level in checker.LEVELS]
    assert len(set(titles)) == 4


def test_the_emergency_answer_gives_numbers_for_the_uk_europe_and_the_us() -> None:
    text = assess(["chest-pain"]).message
    for number in ("999", "112", "911"):
        assert number in text
    assert "emergency department" in text


def test_the_today_answer_is_not_an_ambulance_and_says_where_to_go() -> None:
    text = assess(["clot-leg"]).message
    assert "today" in text and "NHS 111" in text and "urgent" in text
    assert "Call your local emergency number now" not in text
    # ...but says when it becomes an emergency.
    assert "emergency number" in text and "999" in text


def test_the_doctor_answer_is_a_normal_appointment() -> None:
    text = assess(["weakness"]).message
    assert "normal appointment" in text and "not an emergency" in text


@pytest.mark.parametrize("flag", ALL, ids=[f.id for f in ALL])
def test_each_flag_alone_gives_its_groups_level(flag: Flag) -> None:
    result = assess([flag.id])
    group = next(g for g in checker.groups() if g.id == flag.group)
    assert result.level == flag.level == group.level
    assert result.reasons == [flag.why]
    assert result.flags == [flag]


@pytest.mark.parametrize("flag", ALL, ids=[f.id for f in ALL])
def test_a_why_never_contradicts_its_outcome(flag: Flag) -> None:
    """The paralysis 'why' once said 'call your emergency number' above 'not an emergency'."""
    why = flag.why.lower()
    if flag.level != "emergency":
        assert "emergency" not in why and "999" not in why and "911" not in why
    if flag.level in ("self-care", "doctor"):
        assert "today" not in why and "straight away" not in why and "at once" not in why


def test_gradual_nerve_signs_are_doctor_and_sudden_ones_are_an_emergency() -> None:
    assert BY_ID["stroke-signs"].level == "emergency"
    assert "sudden" in BY_ID["stroke-signs"].label.lower()
    for fid in ("weakness", "paralysis"):
        assert BY_ID[fid].level == "doctor"
        assert "days or weeks" in BY_ID[fid].label


def test_mixed_flags_give_the_most_serious_and_its_reasons_come_first() -> None:
    result = assess(["sleep-problems", "clot-leg", "chest-pain", "numbness"])
    assert result.level == "emergency"
    assert [f.id for f in result.flags] == ["chest-pain", "clot-leg", "numbness", "sleep-problems"]
    assert result.reasons == [BY_ID[i].why for i in ("chest-pain", "clot-leg", "numbness", "sleep-problems")]
    assert [f.level for f in result.flags] == ["emergency", "today", "doctor", "doctor"]


def test_within_a_level_reasons_follow_page_order_not_tick_order() -> None:
    result = assess(["tetanus-signs", "sleep-problems", "chest-pain"])
    assert [f.id for f in result.flags] == ["chest-pain", "tetanus-signs", "sleep-problems"]


def test_ticking_twice_counts_once_and_any_iterable_works() -> None:
    result = assess(iter(["numbness", "numbness"]))
    assert result.flags == [BY_ID["numbness"]]
    assert assess("numbness").flags == [BY_ID["numbness"]]  # one id, not its letters


def test_unknown_id_raises_an_actionable_error() -> None:
    with pytest.raises(UnknownFlagError) as info:
        assess(["numbness", "cramp-over-5-min"])
    assert isinstance(info.value, CrampwiseError)
    assert info.value.flag_id == "cramp-over-5-min"
    assert "'cramp-over-5-min'" in str(info.value)
    assert "cramp-over-10-min" in str(info.value)  # lists the valid ids


def test_result_is_frozen() -> None:
    result = assess([])
    assert isinstance(result, Result)
    with pytest.raises(AttributeError):
        result.level = "emergency"  # type: ignore[misc]


@pytest.mark.parametrize("flag", ALL, ids=[f.id for f in ALL])
def test_texts_are_short_and_plain(flag: Flag) -> None:
    assert 0 < len(flag.label) <= 90
    assert 0 < len(flag.why) <= 140
    assert flag.why.endswith(".") and not flag.label.endswith(".")
    assert flag.why.count(". ") == 0, "why is one sentence"
    assert not flag.says.endswith(".") and flag.says[0].islower(), "says follows 'if'"
    assert flag.sources, "every level is checked against a named source"


def test_groups_are_most_serious_first() -> None:
    ranks = [triage.rank(g.level) for g in checker.groups()]
    assert ranks == sorted(ranks, reverse=True)
    assert checker.groups()[0].level == "emergency"


def test_page_texts_are_present() -> None:
    assert {"title", "intro", "note", "reasons_heading", "reassure_heading", "check", "waiting"} <= set(
        checker.page()
    )
    assert "Nothing you tick is saved" in checker.page()["intro"]


def test_flags_returns_a_fresh_list() -> None:
    first = flags()
    first.clear()
    assert len(flags()) == len(ALL) > 0
