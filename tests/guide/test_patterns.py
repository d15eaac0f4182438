"""Patterns beside the data: each one triggers exactly at its boundary, and not before."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from crampwise import guide, schema
from crampwise.errors import CrampwiseError
from crampwise.guide import patterns, triage
from crampwise.guide.patterns import PatternInputError, Pointer, find
from crampwise.io.sample import generate
from crampwise.stats.analysis import analyze
from crampwise.stats.findings import Finding, Findings

#: A heat finding ("more episodes on hotter days") and a fluids one ("fewer as you drink more").
HOTTER_MORE = Findings((Finding("temp_c", 0, "more", "adjusted", 1.3, 1.1, 1.5, 0.01),))
FLUIDS_FEWER = Findings((Finding("water_l", 0, "fewer", "adjusted", 0.7, 0.55, 0.9, 0.01),))

TODAY = pd.Timestamp("2025-06-30")

#: Topic ids the guide index defines (from the brief), plus muscle names.
GUIDE_TOPICS = {
    "night-cramps",
    "see-a-doctor",
    "today",
    "emergency",
    "twitches",
    "heat",
    "hydration",
    "stress",
    "exercise",
    "warmup",
    *schema.MUSCLES,
}


def eps(*rows: tuple[str, str, float] | tuple[str, str]) -> pd.DataFrame:
    """Episodes in canonical dtypes from (start, muscle[, duration_min]) tuples."""
    return pd.DataFrame(
        {
            "start": pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]"),
            "muscle": pd.Categorical([r[1] for r in rows], categories=list(schema.MUSCLES)),
            "duration_min": [float(r[2]) if len(r) > 2 else 1.0 for r in rows],
        }
    )


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


@pytest.mark.parametrize(
    ("episodes", "daily"),
    [
        (None, None),
        (eps(), None),
        (None, pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")})),
        (eps(), days(0)),
    ],
)
def test_none_or_empty_gives_nothing(episodes: pd.DataFrame | None, daily: pd.DataFrame | None) -> None:
    assert find(episodes, daily) == []


def test_a_quiet_log_gives_nothing() -> None:
    assert find(eps((at(3, "14:00"), "calf", 2)), days(10, temp_c=[20.0] * 10)) == []


def test_missing_columns_raise() -> None:
    with pytest.raises(PatternInputError, match="muscle") as info:
        find(pd.DataFrame({"start": [TODAY]}), None)
    assert isinstance(info.value, CrampwiseError)
    with pytest.raises(PatternInputError, match="date"):
        find(None, pd.DataFrame({"water_l": [1.0]}))


# --------------------------------------------------------------------------- signs to act on


def test_cramp_of_exactly_10_minutes_is_not_a_long_cramp() -> None:
    assert find(eps((at(1, "10:00"), "calf", 10.0)), None) == []


def test_cramp_over_10_minutes_says_get_help_the_same_day() -> None:
    [p] = find(eps((at(40, "10:00"), "calf", 10.1), (at(1, "10:00"), "calf", 3)), None)
    assert (p.id, p.topic, p.severity, p.sign) == ("long-cramp", "today", "today", "cramp-over-10-min")
    assert "a cramp that lasted more than 10 minutes" in p.message
    assert "21 May 2025" in p.message
    # The advice is the triage sign's own sentence, not words of the pattern's own.
    assert p.advice.startswith(triage.rule("cramp-over-10-min"))
    assert p.advice.startswith("Get medical help the same day if a cramp lasts more than 10")


def test_several_long_cramps_are_counted() -> None:
    [p] = find(eps((at(5, "10:00"), "foot", 12), (at(2, "03:00"), "calf", 25)), None)
    assert p.message.startswith("Your log has 2 cramps that lasted more than 10 minutes")
    assert "28 Jun 2025" in p.message  # the latest one


def test_a_long_eyelid_twitch_is_not_an_urgent_cramp() -> None:
    assert find(eps((at(1, "10:00"), "eyelid", 15)), None) == []


def test_a_chest_cramp_points_to_the_emergency_advice() -> None:
    [p] = find(eps((at(2, "12:00"), "chest", 1)), None)
    assert (p.id, p.topic, p.severity, p.sign) == ("chest-cramp", "emergency", "emergency", "chest-pain")
    assert "a cramp in the chest" in p.message
    assert p.advice.startswith("Call your emergency number now if you have pain, pressure")


@pytest.mark.parametrize(("muscle", "word"), [("arm", "arm"), ("abdomen", "belly")])
def test_arm_or_belly_cramps_with_no_cause_logged_say_the_same_day(muscle: str, word: str) -> None:
    [p] = find(eps((at(2, "12:00"), muscle, 1)), None)  # no daily row: no cause shown
    assert (p.id, p.topic, p.severity, p.sign) == ("arm-belly-cramps", "today", "today", "arm-belly")
    assert f"a cramp in the {word} on a day with no exercise or heat logged" in p.message
    assert p.advice.startswith(triage.rule("arm-belly"))


def test_arm_and_belly_cramps_on_exercise_or_hot_days_are_not_a_warning() -> None:
    episodes = eps((at(2, "12:00"), "arm"), (at(3, "12:00"), "abdomen"), (at(4, "12:00"), "abdomen"))
    # Rows run 26-30 June. 28th: a workout; 27th: 25 °C (heat cramps often hit there);
    # 26th: a quiet, cool day.
    daily = days(5, exercise_min=[0.0, 0.0, 40.0, 0.0, 0.0], temp_c=[18.0, 25.0, 18.0, 18.0, 18.0])
    [p] = find(episodes, daily)
    assert p.id == "arm-belly-cramps"
    assert "a cramp in the belly on a day with no exercise or heat logged" in p.message
    assert "26 Jun 2025" in p.message  # the only one the log does not explain
    explained = days(5, exercise_min=[30.0, 0.0, 40.0, 0.0, 0.0], temp_c=[18.0, 25.0, 18.0, 18.0, 18.0])
    assert find(episodes, explained) == []


def test_chest_and_belly_are_separate_signs() -> None:
    found = find(
        eps((at(2, "12:00"), "abdomen"), (at(3, "12:00"), "chest"), (at(4, "12:00"), "abdomen")), None
    )
    assert ids(found) == ["chest-cramp", "arm-belly-cramps"]
    assert "2 cramps in the belly" in found[1].message


# --------------------------------------------------------------------------- night cramps


def night(*clocks_and_muscles: tuple[int, str, str]) -> pd.DataFrame:
    return eps(*[(at(d, c), m) for d, c, m in clocks_and_muscles])


FOUR_NIGHTS = [(1, "02:00", "calf"), (2, "23:30", "calf"), (3, "06:59", "foot"), (4, "22:00", "hamstring")]


def test_four_night_leg_cramps_point_to_night_cramps() -> None:
    [p] = find(night(*FOUR_NIGHTS), None)
    assert (p.id, p.topic, p.severity) == ("night-leg-cramps", "night-cramps", "info")
    assert p.message == (
        "You logged 4 leg cramps at night in the last 30 days, in the calf, foot and back of the thigh."
    )


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
    episodes = night((1, "02:00", "calf"), (2, "02:00", "calf"), (8, "02:00", "calf"), (15, "02:00", "calf"))
    found = find(episodes, days(28))
    # Cramps in 3 of the 4 weeks the log covers is also "most weeks" over the whole log.
    assert ids(found) == ["night-cramps-most-weeks", "cramps-most-weeks", "night-leg-cramps"]
    assert found[0].topic == "see-a-doctor" and found[0].severity == "doctor"
    assert found[0].message == "You had night-time leg cramps in 3 of the last 4 weeks."
    assert "disturb your sleep" in found[0].advice


def test_night_cramps_in_half_the_weeks_are_not_most_weeks() -> None:
    episodes = night((1, "02:00", "calf"), (2, "02:00", "calf"), (3, "02:00", "calf"), (8, "02:00", "calf"))
    assert ids(find(episodes, days(28))) == ["night-leg-cramps"]


def test_night_most_weeks_needs_the_frequent_pattern_too() -> None:
    # Three weeks out of four, but only three night cramps in 30 days (< 4).
    episodes = night((1, "02:00", "calf"), (8, "02:00", "calf"), (15, "02:00", "calf"))
    assert ids(find(episodes, days(28))) == ["cramps-most-weeks"]


def test_night_most_weeks_needs_four_weeks_of_log() -> None:
    episodes = night((1, "02:00", "calf"), (2, "02:00", "calf"), (8, "02:00", "calf"), (15, "02:00", "calf"))
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


def test_most_cramps_on_hot_days_is_said_only_with_a_heat_finding() -> None:
    # 10 days, 3 of them 25 °C or more; 3 of 5 cramps on those days.
    temps = [20.0, 20, 20, 20, 20, 20, 20, 25, 27, 31]
    daily = days(10, temp_c=temps)
    cramps = daytime(0, 1, 2, 5, 6)
    [p] = find(cramps, daily, findings=HOTTER_MORE)
    assert (p.id, p.topic, p.severity) == ("hot-days", "heat", "info")
    assert p.message == (
        "Insights finds more episodes on hotter days in your log: 3 of your 5 cramps were on days "
        "of 25 °C or more, while 3 of your 10 logged days were that hot."
    )
    # Comparing days is a claim of a link: without the finding it is never said.
    assert find(cramps, daily) == []
    assert find(cramps, daily, findings=Findings()) == []
    assert find(cramps, daily, findings=FLUIDS_FEWER) == []
    cooler = Findings((Finding("temp_c", 1, "fewer", "alone", -0.2, -0.3, -0.1, 0.01),))
    assert find(cramps, daily, findings=cooler) == []
    felt = Findings((Finding("heat_index_c", 1, "more", "alone", 0.2, 0.1, 0.3, 0.02),))
    assert ids(find(cramps, daily, findings=felt)) == ["hot-days"]


def test_hot_days_not_said_when_most_days_are_hot() -> None:
    temps = [20.0, 20, 25, 25, 25, 25, 25, 25, 25, 25]  # 8 of 10 days hot, 3 of 5 cramps
    assert find(daytime(0, 1, 2, 8, 9), days(10, temp_c=temps), findings=HOTTER_MORE) == []


def test_hot_days_need_most_cramps_and_enough_cramps() -> None:
    temps = [20.0] * 6 + [25.0, 26, 27, 28]
    hot = days(10, temp_c=temps)
    assert find(daytime(0, 1, 2, 3), hot, findings=HOTTER_MORE) == []  # all hot, but 4 < 5
    assert find(daytime(0, 1, 6, 7, 8), hot, findings=HOTTER_MORE) == []  # 2 of 5 is not most
    # 24.9 °C is not "25 °C or more".
    mild = days(10, temp_c=[20.0] * 7 + [24.9] * 3)
    assert find(daytime(0, 1, 2, 5, 6), mild, findings=HOTTER_MORE) == []


def test_most_cramps_on_low_fluid_days_only_with_a_fluids_finding() -> None:
    water = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.2, 1.4]
    cramps = daytime(0, 1, 2, 5, 6)
    [p] = find(cramps, days(10, water_l=water), findings=FLUIDS_FEWER)
    assert (p.id, p.topic, p.severity) == ("low-fluid-days", "hydration", "info")
    assert p.message == (
        "Insights finds fewer episodes on days you drank more: 3 of your 5 cramps were on days "
        "when you drank less than 1.5 L, while 3 of your 10 logged days were like that."
    )
    more = Findings((Finding("water_l", 0, "more", "adjusted", 1.3, 1.1, 1.5, 0.01),))
    assert find(cramps, days(10, water_l=water), findings=more) == []
    assert find(cramps, days(10, water_l=water)) == []
    # Exactly 1.5 L is not "less than 1.5 L".
    assert find(cramps, days(10, water_l=[2.0] * 7 + [1.5] * 3), findings=FLUIDS_FEWER) == []


# --------------------------------------------------------------------------- ordering and today


def test_most_serious_first() -> None:
    episodes = pd.concat(
        [
            night(*FOUR_NIGHTS),
            eps((at(5, "12:00"), "chest", 1), (at(6, "12:00"), "calf", 11)),
            daytime(1, 2, 3, 4, 5, muscle="eyelid"),
        ]
    )
    found = find(episodes, days(14))
    assert [p.severity for p in found] == ["emergency", "today", "info", "info"]
    assert ids(found) == ["chest-cramp", "long-cramp", "night-leg-cramps", "frequent-twitches"]


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
    assert {"night-cramps", "see-a-doctor", "today", "emergency", "twitches"} <= set(patterns.topics())


def test_every_topic_has_a_guide_passage() -> None:
    for topic in patterns.topics():
        assert guide.passage(topic).markdown.strip(), topic


# --------------------------------------------------------------------------- sample data


def test_sample_data_gives_these_pointers() -> None:
    daily, episodes = generate()
    analysis = analyze(daily, episodes)
    assert not analysis.findings.findings  # the sample has no finding...
    found = find(episodes, daily, findings=analysis.findings)
    # ...so no pointer compares days (before issue 12 "hot-days" appeared here on a share rule).
    assert ids(found) == [
        "long-cramp",
        "night-cramps-most-weeks",
        "cramps-most-weeks",
        "night-leg-cramps",
    ]
    night_cramps = next(p for p in found if p.topic == "night-cramps")
    assert night_cramps.message == (
        "You logged 13 leg cramps at night in the last 30 days, in the calf and foot."
    )
    assert found[0].message.startswith("Your log has 3 cramps that lasted more than 10 minutes")
    for p in found:
        assert "{" not in p.message + p.advice
        assert p.topic in GUIDE_TOPICS


def test_pointers_that_compare_days_say_correlation_is_not_causation():
    """Descriptive counts shown beside the data carry the caveat (the project's standard)."""
    from crampwise.io.sample import generate

    daily, episodes = generate()
    comparing = [
        p for p in find(episodes, daily, findings=HOTTER_MORE) if p.id in ("hot-days", "low-fluid-days")
    ]
    assert comparing, "with a heat finding the sample log shows the hot-days pattern"
    for pointer in comparing:
        assert "not the same as causing" in pointer.advice


# --------------------------------------------------------------------------- US units


def test_hot_days_in_us_units_say_fahrenheit() -> None:
    temps = [20.0, 20, 20, 20, 20, 20, 20, 25, 27, 31]
    [p] = find(daytime(0, 1, 2, 5, 6), days(10, temp_c=temps), system="us", findings=HOTTER_MORE)
    assert p.message.endswith(
        "3 of your 5 cramps were on days of 77 °F or more, while 3 of your 10 logged days were that hot."
    )
    assert "°C" not in p.message


def test_low_fluid_days_in_us_units_say_fluid_ounces() -> None:
    water = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.2, 1.4]
    [p] = find(daytime(0, 1, 2, 5, 6), days(10, water_l=water), system="us", findings=FLUIDS_FEWER)
    # 1.5 L = 50.7 US fl oz
    assert p.message.endswith(
        "3 of your 5 cramps were on days when you drank less than 51 fl oz, "
        "while 3 of your 10 logged days were like that."
    )
    assert " L," not in p.message


def test_the_unit_system_changes_words_never_which_patterns_are_found() -> None:
    daily, episodes = generate(seed=3)
    metric = find(episodes, daily)
    us = find(episodes, daily, system="us")
    assert ids(us) == ids(metric)
    with pytest.raises(CrampwiseError):
        find(episodes, daily, system="imperial")


# --------------------------------------------------------------------------- one triage source


def test_every_pointer_that_is_not_info_is_a_triage_sign_at_that_signs_level() -> None:
    content = patterns._content()
    for spec in content.specs:
        if spec.severity == "info":
            assert spec.sign is None, spec.id
        else:
            assert spec.sign is not None, spec.id
            assert spec.severity == triage.flag(spec.sign).level, spec.id
            assert "{rule}" in spec.advice, spec.id


def test_a_pattern_that_claims_a_level_of_its_own_is_refused(monkeypatch) -> None:
    import tomllib

    from crampwise.guide import load_toml

    raw = load_toml("patterns.toml")
    raw["patterns"][0]["severity"] = "doctor"  # long-cramp also names its sign
    monkeypatch.setattr(patterns, "load_toml", lambda name: raw)
    patterns._content.cache_clear()
    try:
        with pytest.raises(guide.GuideError, match="severity is the sign's level"):
            patterns._content()
        del raw["patterns"][0]["severity"], raw["patterns"][0]["sign"]
        raw["patterns"][0]["severity"] = "today"
        with pytest.raises(guide.GuideError, match="must name its triage 'sign'"):
            patterns._content()
    finally:
        monkeypatch.undo()
        patterns._content.cache_clear()
    assert tomllib  # the real file loads again after the test
    assert patterns._content().specs[0].sign == "cramp-over-10-min"


def test_a_finding_rule_with_an_unknown_factor_or_direction_is_refused(monkeypatch) -> None:
    """The TOML's finding rule fails when the file loads, not silently on some log."""
    from crampwise.guide import load_toml

    raw = load_toml("patterns.toml")
    hot = next(p for p in raw["patterns"] if p["id"] == "hot-days")
    monkeypatch.setattr(patterns, "load_toml", lambda name: raw)
    patterns._content.cache_clear()
    try:
        hot["finding_direction"] = "hotter"
        with pytest.raises(guide.GuideError, match="'more' or 'fewer'"):
            patterns._content()
        hot["finding_direction"], hot["finding_factors"] = "more", ["temp_f"]
        with pytest.raises(guide.GuideError, match="unknown factors"):
            patterns._content()
    finally:
        monkeypatch.undo()
        patterns._content.cache_clear()
    assert patterns._content().specs  # the real file loads again
