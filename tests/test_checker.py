"""The "Is this something to check?" checker: every flag, every outcome, every fact covered."""

from __future__ import annotations

import pytest

from crampwise.errors import CrampwiseError
from crampwise.guide import checker
from crampwise.guide.checker import Flag, Result, UnknownFlagError, assess, flags

ALL = flags()
BY_ID = {f.id: f for f in ALL}

#: Every fact from the issue -> the flag ids that cover it, and the level it must have.
FACTS: dict[str, tuple[tuple[str, ...], str]] = {
    # Signs to mention to a doctor.
    "back, neck or head pain": (("pain-back-neck-head",), "doctor"),
    "muscle weakness": (("weakness",), "doctor"),
    "numbness": (("numbness",), "doctor"),
    "tingling": (("tingling",), "doctor"),
    "tremor": (("tremor",), "doctor"),
    "paralysis": (("paralysis",), "doctor"),
    "poor coordination": (("poor-coordination",), "doctor"),
    "slowed movement": (("slow-movement",), "doctor"),
    "double vision": (("double-vision",), "doctor"),
    "sleep problems": (("sleep-problems",), "doctor"),
    # See a doctor.
    "severe pain": (("severe-pain",), "doctor"),
    "leg swelling, redness or skin changes": (("leg-swelling",), "doctor"),
    "weakness or numbness": (("weakness", "numbness"), "doctor"),
    "often or disturb sleep": (("frequent-or-night",), "doctor"),
    "no improvement with self-care": (("no-improvement",), "doctor"),
    "no obvious cause": (("no-obvious-cause",), "doctor"),
    "after a new medicine": (("new-medicine",), "doctor"),
    # Urgent.
    "cramp lasts more than 10 minutes": (("cramp-over-10-min",), "urgent"),
    "heat cramp doesn't stop within an hour": (("heat-cramp-over-1-hour",), "urgent"),
    "cramps in chest, arms or belly": (("chest-arm-belly",), "urgent"),
    "after heavy fluid loss": (("fluid-loss",), "urgent"),
    "after a wound that could mean tetanus": (("tetanus-risk",), "urgent"),
}


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_every_fact_is_covered_at_its_level(fact: str) -> None:
    ids, level = FACTS[fact]
    for fid in ids:
        assert fid in BY_ID, f"no flag {fid!r} for {fact!r}"
        assert BY_ID[fid].level == level


def test_no_flag_is_left_unaccounted_for() -> None:
    covered = {fid for ids, _ in FACTS.values() for fid in ids}
    assert set(BY_ID) == covered
    assert len(BY_ID) == len(ALL), "flag ids must be unique"


@pytest.mark.parametrize("flag", ALL, ids=[f.id for f in ALL])
def test_each_flag_alone_gives_its_level(flag: Flag) -> None:
    result = assess([flag.id])
    assert result.level == flag.level
    assert result.reasons == [flag.why]
    assert result.flags == [flag]


def test_explicit_levels() -> None:
    assert assess(["cramp-over-10-min"]).level == "urgent"
    assert assess(["tetanus-risk"]).level == "urgent"
    assert assess(["numbness"]).level == "doctor"
    assert assess(["new-medicine"]).level == "doctor"


def test_no_flags_gives_self_care() -> None:
    result = assess([])
    assert result.level == "self-care"
    assert result.reasons == [] and result.flags == []
    assert "none of the warning signs" in result.message.lower()
    assert "stretch" in result.message.lower()
    assert "come back" in result.message.lower()


def test_urgent_outcome_says_emergency_number_or_department() -> None:
    result = assess(["fluid-loss"])
    text = result.message.lower()
    assert "emergency number" in text and "emergency department" in text
    assert result.title != assess(["numbness"]).title != assess([]).title


def test_most_serious_wins_and_its_reasons_come_first() -> None:
    result = assess(["sleep-problems", "chest-arm-belly", "numbness"])
    assert result.level == "urgent"
    assert [f.id for f in result.flags] == ["chest-arm-belly", "numbness", "sleep-problems"]
    assert result.reasons == [BY_ID[i].why for i in ("chest-arm-belly", "numbness",
                                                     "sleep-problems")]


def test_within_a_level_reasons_follow_page_order_not_tick_order() -> None:
    result = assess(["tetanus-risk", "sleep-problems", "cramp-over-10-min"])
    assert [f.id for f in result.flags] == ["cramp-over-10-min", "tetanus-risk",
                                            "sleep-problems"]


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
        result.level = "urgent"  # type: ignore[misc]


@pytest.mark.parametrize("flag", ALL, ids=[f.id for f in ALL])
def test_texts_are_short_and_plain(flag: Flag) -> None:
    assert 0 < len(flag.label) <= 90
    assert 0 < len(flag.why) <= 140
    assert flag.why.endswith(".") and not flag.label.endswith(".")
    assert flag.why.count(". ") == 0, "why is one sentence"
    assert flag.group in {g.id for g in checker.groups()}


def test_groups_hold_their_own_levels() -> None:
    assert [g.id for g in checker.groups()] == ["signs", "doctor", "urgent"]
    for f in ALL:
        assert f.level == ("doctor" if f.group == "signs" else f.group)


def test_outcomes_and_page_texts_are_present() -> None:
    for ticked in ([], ["numbness"], ["fluid-loss"]):
        r = assess(ticked)
        assert r.title.strip() and len(r.message) > 40
    assert {"title", "intro", "note"} <= set(checker.page())


def test_flags_returns_a_fresh_list() -> None:
    first = flags()
    first.clear()
    assert len(flags()) == len(ALL) > 0
