"""Patterns beside the data: each one triggers exactly at its boundary, and not before."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from crampwise import guide, schema
from crampwise.errors import CrampwiseError
from crampwise.guide import patterns
from crampwise.guide.patterns import PatternInputError, Pointer, find
from crampwise.sample import generate

TODAY = pd.Timestamp("2025-06-30")

#: Topic ids the guide index defines (from the brief), plus muscle names.
GUIDE_TOPICS = {"night-cramps", "see-a-doctor", "urgent", "twitches", "heat", "hydration",
                "stress", "exercise", "warmup", *schema.MUSCLES}


def eps(*rows: tuple[str, str, float] | tuple[str, str]) -> pd.DataFrame:
    """Episodes in canonical dtypes from (start, muscle[, duration_min]) tuples."""
    return pd.DataFrame({
        "start": pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]"),
        "muscle": pd.Categorical([r[1] for r in rows], categories=list(schema.MUSCLES)),
        "duration_min": [float(r[2]) if len(r) > 2 else 1.0 for r in rows],
    })


def days(n: int, end: pd.Timestamp = TODAY, **columns: list[float]) -> pd.DataFrame:
    """``n`` consecutive daily rows ending at ``end``."""
    dates = pd.date_range(end=end, periods=n, freq="D").astype("datetime64[us]")
    return pd.DataFrame({"date": dates, **columns})


def at(offset_days: int, clock: str) -> str:
    """A start time ``offset_days`` before TODAY at ``clock`` (HH:MM)."""
    return f"{(TODAY - pd.Timedelta(days=offset_days)).date()} {clock}"


def ids(pointers: list[Pointer]) -> list[str]:
    return [p.id for p in pointers]


# --------------------------------------------------------------------------- empty input


@pytest.mark.parametrize(("episodes", "daily"), [
    (None, None),
    (eps(), None),
    (None, pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")})),
    (eps(), days(0)),
])
def test_none_or_empty_gives_nothing(episodes: pd.DataFrame | None,
                                     daily: pd.DataFrame | None) -> None:
    assert find(episodes, daily) == []


def test_a_quiet_log_gives_nothing() -> None:
    assert find(eps((at(3, "14:00"), "calf", 2)), days(10, temp_c=[20.0] * 10)) == []


def test_missing_columns_raise() -> None:
    with pytest.raises(PatternInputError, match="muscle") as info:
        find(pd.DataFrame({"start": [TODAY]}), None)
    assert isinstance(info.value, CrampwiseError)
    with pytest.raises(PatternInputError, match="date"):
        find(None, pd.DataFrame({"water_l": [1.0]}))


# --------------------------------------------------------------------------- urgent


def test_cramp_of_exactly_10_minutes_is_not_urgent() -> None:
    assert find(eps((at(1, "10:00"), "calf", 10.0)), None) == []


def test_cramp_over_10_minutes_is_urgent() -> None:
    [p] = find(eps((at(40, "10:00"), "calf", 10.1), (at(1, "10:00"), "calf", 3)), None)
    assert (p.id, p.topic, p.severity) == ("long-cramp", "urgent", "urgent")
    assert "a cramp that lasted more than 10 minutes" in p.message
    assert "reason to get urgent medical help" in p.message
    assert "21 May 2025" in p.message


def test_several_long_cramps_are_counted() -> None:
    [p] = find(eps((at(5, "10:00"), "foot", 12), (at(2, "03:00"), "calf", 25)), None)
    assert p.message.startswith("Your log has 2 cramps that lasted more than 10 minutes")
    assert "28 June 2025" in p.message  # the latest one


def test_a_long_eyelid_twitch_is_not_an_urgent_cramp() -> None:
    assert find(eps((at(1, "10:00"), "eyelid", 15)), None) == []


@pytest.mark.parametrize(("muscle", "word"), [("chest", "chest"), ("arm", "arm"),
                                              ("abdomen", "belly")])
def test_chest_arm_belly_is_urgent(muscle: str, word: str) -> None:
    [p] = find(eps((at(2, "12:00"), muscle, 1)), None)
    assert (p.id, p.topic, p.severity) == ("chest-arm-belly", "urgent", "urgent")
    assert f"a cramp in the {word}" in p.message


def test_chest_and_belly_together_are_named() -> None:
    [p] = find(eps((at(2, "12:00"), "abdomen"), (at(3, "12:00"), "chest"),
                   (at(4, "12:00"), "abdomen")), None)
    assert "3 cramps in the belly and chest" in p.message


# --------------------------------------------------------------------------- night cramps


def night(*clocks_and_muscles: tuple[int, str, str]) -> pd.DataFrame:
    return eps(*[(at(d, c), m) for d, c, m in clocks_and_muscles])


FOUR_NIGHTS = [(1, "02:00", "calf"), (2, "23:30", "calf"), (3, "06:59", "foot"),
               (4, "22:00", "hamstring")]


def test_four_night_leg_cramps_point_to_night_cramps() -> None:
    [p] = find(night(*FOUR_NIGHTS), None)
    assert (p.id, p.topic, p.severity) == ("night-leg-cramps", "night-cramps", "info")
    assert p.message == ("You logged 4 leg cramps at night in the last 30 days, "
                         "in the calf, foot and back of the thigh.")


def test_three_are_not_enough() -> None:
    assert find(night(*FOUR_NIGHTS[:3]), None) == []


@pytest.mark.parametrize("clock", ["21:59", "07:00", "12:00"])
def test_starts_outside_the_night_do_not_count(clock: str) -> None:
    assert find(night(*FOUR_NIGHTS[:3], (4, clock, "calf")), None) == []


def test_only_leg_muscles_count_at_night() -> None:
    assert find(night(*FOUR_NIGHTS[:3], (4, "02:00", "back")), None) == []


def test_window_is_the_last_30_days() -> None:
    inside = find(night(*FOUR_NIGHTS[:3], (29, "02:00", "calf")), None, today=TODAY.date())
    assert ids(inside) == ["night-leg-cramps"]
    assert find(night(*FOUR_NIGHTS[:3], (30, "02:00", "calf")), None, today=TODAY.date()) == []


def test_night_cramps_most_weeks_adds_a_doctor_pointer() -> None:
    # 28 days of log = 4 whole weeks; night leg cramps in weeks 0, 1 and 2 (3 of 4).
    episodes = night((1, "02:00", "calf"), (2, "02:00", "calf"), (8, "02:00", "calf"),
                     (15, "02:00", "calf"))
    found = find(episodes, days(28))
    # Cramps in 3 of the 4 weeks the log covers is also "most weeks" over the whole log.
    assert ids(found) == ["night-cramps-most-weeks", "cramps-most-weeks", "night-leg-cramps"]
    assert found[0].topic == "see-a-doctor" and found[0].severity == "doctor"
    assert found[0].message == "You had night-time leg cramps in 3 of the last 4 weeks."
    assert "disturb your sleep" in found[0].advice


def test_night_cramps_in_half_the_weeks_are_not_most_weeks() -> None:
    episodes = night((1, "02:00", "calf"), (2, "02:00", "calf"), (3, "02:00", "calf"),
                     (8, "02:00", "calf"))
    assert ids(find(episodes, days(28))) == ["night-leg-cramps"]


def test_night_most_weeks_needs_the_frequent_pattern_too() -> None:
    # Three weeks out of four, but only three night cramps in 30 days (< 4).
    episodes = night((1, "02:00", "calf"), (8, "02:00", "calf"), (15, "02:00", "calf"))
    assert ids(find(episodes, days(28))) == ["cramps-most-weeks"]


def test_night_most_weeks_needs_four_weeks_of_log() -> None:
    episodes = night((1, "02:00", "calf"), (2, "02:00", "calf"), (8, "02:00", "calf"),
                     (15, "02:00", "calf"))
    assert ids(find(episodes, None)) == ["night-leg-cramps"]  # log spans 16 days only


# --------------------------------------------------------------------------- most weeks


def daytime(*offsets: int, muscle: str = "calf") -> pd.DataFrame:
    return eps(*[(at(d, "12:00"), muscle) for d in offsets])


def test_cramps_in_most_weeks_point_to_a_doctor() -> None:
    # 56 days = 8 weeks; cramps in weeks 0, 1, 2, 4 and 7 = 5 of 8.
    found = find(daytime(0, 9, 16, 30, 55), days(56))
    assert ids(found) == ["cramps-most-weeks"]
    assert found[0].message == "You logged cramps in 5 of the 8 weeks your log covers."
    assert (found[0].topic, found[0].severity) == ("see-a-doctor", "doctor")


def test_exactly_half_the_weeks_is_not_most() -> None:
    assert find(daytime(0, 9, 16, 55), days(56)) == []


def test_fewer_than_four_weeks_of_log_is_too_short() -> None:
    assert find(daytime(0, 8, 15), days(27)) == []  # 3 whole weeks, every one with a cramp
    assert ids(find(daytime(0, 8, 15), days(28))) == ["cramps-most-weeks"]  # 3 of 4


def test_twitches_do_not_count_as_cramps() -> None:
    assert find(daytime(0, 9, 16, 30, 55, muscle="eyelid"), days(56)) == []


def test_log_span_can_come_from_episodes_alone() -> None:
    # Episodes alone span 8 weeks here, so no daily table is needed.
    assert ids(find(daytime(0, 9, 16, 30, 55), None)) == ["cramps-most-weeks"]


# --------------------------------------------------------------------------- twitches


def test_five_twitches_in_30_days_point_to_twitches() -> None:
    [p] = find(daytime(1, 2, 3, 10, 29, muscle="eyelid"), None)
    assert (p.id, p.topic, p.severity) == ("frequent-twitches", "twitches", "info")
    assert p.message == "You logged 5 twitches in the eyelid in the last 30 days."


def test_four_twitches_or_old_ones_are_not_enough() -> None:
    assert find(daytime(1, 2, 3, 10, muscle="eyelid"), None) == []
    assert find(daytime(1, 2, 3, 10, 30, muscle="eyelid"), None, today=TODAY.date()) == []


# --------------------------------------------------------------------------- hot / low-fluid days


def test_most_cramps_on_hot_days_is_said_plainly() -> None:
    # 10 days, 3 of them 25 °C or more; 3 of 5 cramps on those days.
    temps = [20.0, 20, 20, 20, 20, 20, 20, 25, 27, 31]
    daily = days(10, temp_c=temps)
    [p] = find(daytime(0, 1, 2, 5, 6), daily)
    assert (p.id, p.topic, p.severity) == ("hot-days", "heat", "info")
    assert p.message == ("3 of your 5 cramps were on days of 25 °C or more, "
                         "while 3 of your 10 logged days were that hot.")


def test_hot_days_not_said_when_most_days_are_hot() -> None:
    temps = [20.0, 20, 25, 25, 25, 25, 25, 25, 25, 25]  # 8 of 10 days hot, 3 of 5 cramps
    assert find(daytime(0, 1, 2, 8, 9), days(10, temp_c=temps)) == []


def test_hot_days_need_most_cramps_and_enough_cramps() -> None:
    temps = [20.0] * 6 + [25.0, 26, 27, 28]
    assert find(daytime(0, 1, 2, 3), days(10, temp_c=temps)) == []  # all hot, but 4 < 5
    assert find(daytime(0, 1, 6, 7, 8), days(10, temp_c=temps)) == []  # 2 of 5 is not most
    # 24.9 °C is not "25 °C or more".
    assert find(daytime(0, 1, 2, 5, 6), days(10, temp_c=[20.0] * 7 + [24.9] * 3)) == []


def test_most_cramps_on_low_fluid_days() -> None:
    water = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.2, 1.4]
    [p] = find(daytime(0, 1, 2, 5, 6), days(10, water_l=water))
    assert (p.id, p.topic, p.severity) == ("low-fluid-days", "hydration", "info")
    assert p.message == ("3 of your 5 cramps were on days when you drank less than 1.5 L, "
                         "while 3 of your 10 logged days were like that.")
    # Exactly 1.5 L is not "less than 1.5 L".
    assert find(daytime(0, 1, 2, 5, 6), days(10, water_l=[2.0] * 7 + [1.5] * 3)) == []


# --------------------------------------------------------------------------- ordering and today


def test_most_serious_first() -> None:
    episodes = pd.concat([
        night(*FOUR_NIGHTS),
        eps((at(5, "12:00"), "chest", 1), (at(6, "12:00"), "calf", 11)),
        daytime(1, 2, 3, 4, 5, muscle="eyelid"),
    ])
    found = find(episodes, days(14))
    assert [p.severity for p in found] == ["urgent", "urgent", "info", "info"]
    assert ids(found) == ["long-cramp", "chest-arm-belly", "night-leg-cramps",
                          "frequent-twitches"]


def test_today_defaults_to_the_logs_last_date() -> None:
    # Daily rows run 40 days past the episodes: the night cramps fall out of the window.
    episodes = night(*FOUR_NIGHTS)
    assert ids(find(episodes, None)) == ["night-leg-cramps"]
    later = days(5, end=TODAY + pd.Timedelta(days=40))
    assert find(episodes, later) == []
    assert ids(find(episodes, later, today=TODAY.date())) == ["night-leg-cramps"]


def test_rows_after_today_are_ignored() -> None:
    episodes = eps((at(-3, "12:00"), "calf", 15))  # three days in the future
    assert find(episodes, None, today=date(2025, 6, 30)) == []
    assert ids(find(episodes, None)) == ["long-cramp"]


# --------------------------------------------------------------------------- content


def test_topics_are_guide_topics() -> None:
    assert set(patterns.topics()) <= GUIDE_TOPICS
    assert {"night-cramps", "see-a-doctor", "urgent", "twitches"} <= set(patterns.topics())


def test_every_topic_has_a_guide_passage() -> None:
    for topic in patterns.topics():
        assert guide.passage(topic).markdown.strip(), topic


# --------------------------------------------------------------------------- sample data


def test_sample_data_gives_these_pointers() -> None:
    daily, episodes = generate()
    found = find(episodes, daily)
    assert ids(found) == ["long-cramp", "night-cramps-most-weeks", "cramps-most-weeks",
                          "night-leg-cramps", "hot-days"]
    night_cramps = next(p for p in found if p.topic == "night-cramps")
    assert night_cramps.message == ("You logged 13 leg cramps at night in the last 30 days, "
                                    "in the calf and foot.")
    assert found[0].message.startswith("Your log has 3 cramps that lasted more than 10 minutes")
    for p in found:
        assert "{" not in p.message + p.advice
        assert p.topic in GUIDE_TOPICS


def test_pointers_that_compare_days_say_correlation_is_not_causation():
    """Descriptive counts shown beside the data carry the caveat (the project's standard)."""
    from crampwise.sample import generate

    daily, episodes = generate()
    comparing = [p for p in find(episodes, daily) if p.id in ("hot-days", "low-fluid-days")]
    assert comparing, "the sample log should show at least one of these patterns"
    for pointer in comparing:
        assert "not the same as causing" in pointer.advice


# --------------------------------------------------------------------------- US units


def test_hot_days_in_us_units_say_fahrenheit() -> None:
    temps = [20.0, 20, 20, 20, 20, 20, 20, 25, 27, 31]
    [p] = find(daytime(0, 1, 2, 5, 6), days(10, temp_c=temps), system="us")
    assert p.message == ("3 of your 5 cramps were on days of 77 °F or more, "
                         "while 3 of your 10 logged days were that hot.")
    assert "°C" not in p.message


def test_low_fluid_days_in_us_units_say_fluid_ounces() -> None:
    water = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.2, 1.4]
    [p] = find(daytime(0, 1, 2, 5, 6), days(10, water_l=water), system="us")
    # 1.5 L = 50.7 US fl oz
    assert p.message == ("3 of your 5 cramps were on days when you drank less than 51 fl oz, "
                         "while 3 of your 10 logged days were like that.")
    assert " L," not in p.message


def test_the_unit_system_changes_words_never_which_patterns_are_found() -> None:
    daily, episodes = generate(seed=3)
    metric = find(episodes, daily)
    us = find(episodes, daily, system="us")
    assert ids(us) == ids(metric)
    with pytest.raises(CrampwiseError):
        find(episodes, daily, system="imperial")
