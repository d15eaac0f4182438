"""The sample dataset: importable, reproducible, within the schema, and with a real signal."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crampwise import schema
from crampwise.io import ImportResult, read_file
from crampwise.io.export import to_csv_bytes
from crampwise.io.sample import (
    DEFAULT_SEED,
    LONG_EXERCISE_MIN,
    SAMPLE_DAILY,
    SAMPLE_EPISODES,
    generate,
    load_sample,
)


@pytest.fixture(scope="module")
def generated() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate()


@pytest.fixture(scope="module")
def loaded() -> tuple[ImportResult, ImportResult]:
    return load_sample()


@pytest.fixture(scope="module")
def daily(loaded) -> pd.DataFrame:
    return loaded[0].data.reset_index(drop=True)


@pytest.fixture(scope="module")
def episodes(loaded) -> pd.DataFrame:
    return loaded[1].data.reset_index(drop=True)


def spearman(df: pd.DataFrame, a: str, b: str) -> float:
    # Series.corr(method="spearman") needs scipy; DataFrame.corr does not.
    return float(df[[a, b]].corr(method="spearman").loc[a, b])


# --------------------------------------------------------------------------- files


def test_files_import_with_no_problems(loaded):
    daily_result, episode_result = loaded
    for result, table in ((daily_result, "daily"), (episode_result, "episodes")):
        assert result.table.name == table
        assert result.ok, result.messages()[:5]
        assert result.rows_read == len(result.data) > 0
        assert result.unmapped == []
    assert daily_result.custom_factors == ["caffeine_mg"]


@pytest.mark.parametrize(
    ("path", "table", "position"),
    [
        (SAMPLE_DAILY, schema.DAILY, 0),
        (SAMPLE_EPISODES, schema.EPISODES, 1),
    ],
)
def test_committed_files_equal_a_fresh_generation(generated, path, table, position):
    assert to_csv_bytes(generated[position], table) == path.read_bytes(), (
        f"{path.name} differs from the generator: run `make sample` and commit data/"
    )


def test_load_sample_gives_the_generated_frames(generated, daily, episodes):
    pd.testing.assert_frame_equal(daily, generated[0])
    pd.testing.assert_frame_equal(episodes, generated[1])


def test_generated_frames_survive_export_and_import(generated):
    for frame, table in zip(generated, (schema.DAILY, schema.EPISODES), strict=True):
        result = read_file(to_csv_bytes(frame, table), table.name)
        pd.testing.assert_frame_equal(result.data.reset_index(drop=True), frame)


def test_same_seed_same_data_other_seed_other_data(generated):
    again = generate(DEFAULT_SEED)
    other = generate(DEFAULT_SEED + 1)
    for mine, same, different in zip(generated, again, other, strict=True):
        pd.testing.assert_frame_equal(mine, same)
        assert not mine.equals(different)


# --------------------------------------------------------------------------- shape


def test_about_six_months_of_days(daily):
    assert daily["date"].min() == pd.Timestamp("2025-03-01")
    assert daily["date"].max() == pd.Timestamp("2025-08-30")
    assert daily["date"].is_unique
    period = (daily["date"].max() - daily["date"].min()).days + 1
    assert period == 183
    assert 0 < period - len(daily) <= 0.03 * period  # a few forgotten days, not many


def test_episodes_fall_within_the_daily_period(daily, episodes):
    day = episodes["start"].dt.normalize()
    assert day.min() >= daily["date"].min()
    assert day.max() <= daily["date"].max()
    assert (episodes["start"].dt.second == 0).all()  # whole minutes
    assert 60 <= len(episodes) <= 150


def test_realistic_gaps(daily):
    blanks = daily["humidity_pct"].isna() | daily["sleep_h"].isna()
    assert 0 < blanks.sum() <= 0.06 * len(daily)
    for column in ("date", "water_l", "temp_c", "stress", "exercise_min"):
        assert daily[column].notna().all(), column


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize("table", [schema.DAILY, schema.EPISODES], ids=lambda t: t.name)
def test_every_value_within_the_schema(loaded, table):
    data = loaded[0 if table is schema.DAILY else 1].data
    for f in table.fields:
        if f.name not in data:
            continue
        values = data[f.name].dropna()
        if f.required:
            assert data[f.name].notna().all(), f.name
        if f.kind in ("number", "integer"):
            if f.min is not None:
                assert ((values > f.min) if f.min_exclusive else (values >= f.min)).all(), f.name
            if f.max is not None:
                assert (values <= f.max).all(), f.name
        elif f.kind == "category":
            assert set(values) <= set(f.vocabulary), f.name
        elif f.kind == "multi":
            items = {item for v in values for item in v.split(schema.RELIEF_SEPARATOR)}
            assert items <= set(f.vocabulary), f.name


def test_daily_values_are_plausible(daily):
    assert daily["water_l"].between(0.5, 5).all()
    assert daily["humidity_pct"].dropna().between(35, 90).all()
    assert daily["sleep_h"].dropna().between(5, 9).all()
    assert (daily["sleep_h"].dropna() * 2 % 1 == 0).all()  # half hours
    assert daily["caffeine_mg"].between(0, 400).all()
    exercised = daily["exercise_min"] > 0
    assert daily.loc[exercised, "warmup"].notna().all()
    assert daily.loc[~exercised, "warmup"].isna().all()  # blank on rest days
    assert 0.5 <= daily.loc[exercised, "warmup"].astype(float).mean() <= 0.8
    per_week = exercised.mean() * 7
    assert 2.5 <= per_week <= 4.5
    weekend = daily["date"].dt.day_of_week >= 5
    assert (
        daily.loc[exercised & weekend, "exercise_min"].mean()
        > daily.loc[exercised & ~weekend, "exercise_min"].mean()
    )
    march = daily["date"].dt.month == 3
    august = daily["date"].dt.month == 8
    assert daily.loc[march, "temp_c"].mean() < 12 < 24 < daily.loc[august, "temp_c"].mean()


def test_episode_values_are_plausible(episodes):
    counts = episodes["muscle"].value_counts()
    assert counts.index[0] == "calf"
    eyelid = episodes["muscle"] == "eyelid"
    assert episodes.loc[eyelid, "severity"].between(0, 2).all()
    assert episodes.loc[eyelid, "duration_min"].between(0.2, 2).all()
    assert set(episodes.loc[eyelid, "side"].dropna()) <= {"left", "right"}
    assert episodes.loc[~eyelid, "severity"].between(2, 9).all()
    night = episodes["activity"].isin(["sleeping", "lying in bed"])
    hours = episodes.loc[night, "start"].dt.hour
    assert ((hours >= 22) | (hours < 6)).all()
    calf = episodes["muscle"] == "calf"
    assert (night & calf).sum() > 0.5 * calf.sum()  # calf cramps come mostly at night


# --------------------------------------------------------------------------- signal


def test_factors_are_correlated_as_in_life(daily):
    assert spearman(daily, "water_l", "temp_c") > 0.3
    assert spearman(daily, "water_l", "exercise_min") > 0.3
    assert spearman(daily, "sleep_h", "stress") < -0.3
    assert spearman(daily, "caffeine_mg", "sleep_h") < -0.2
    assert spearman(daily, "exercise_rpe", "exercise_min") > 0.5


def daily_counts(daily: pd.DataFrame, episodes: pd.DataFrame) -> pd.Series:
    per_day = episodes.groupby(episodes["start"].dt.normalize()).size()
    return per_day.reindex(daily["date"], fill_value=0).set_axis(daily.index)


def test_more_episodes_the_day_after_long_exercise(daily, episodes):
    counts = daily_counts(daily, episodes)
    yesterday = daily["exercise_min"].shift().where(daily["date"].diff() == pd.Timedelta(days=1))
    after_long = yesterday >= LONG_EXERCISE_MIN
    assert after_long.sum() >= 10
    assert counts[after_long].mean() > 1.5 * counts[~after_long & yesterday.notna()].mean()


def test_stress_goes_with_eyelid_twitches(daily, episodes):
    twitches = daily_counts(daily, episodes[episodes["muscle"] == "eyelid"])
    stressed = daily["stress"] >= 6
    assert twitches[stressed].mean() > twitches[~stressed].mean()


def test_generate_accepts_another_period():
    daily, episodes = generate(seed=7, start="2024-01-01", days=30)
    assert daily["date"].min() == pd.Timestamp("2024-01-01")
    assert daily["date"].max() == pd.Timestamp("2024-01-30")
    assert np.all(episodes["start"] >= pd.Timestamp("2024-01-01"))
    with pytest.raises(ValueError):
        generate(days=1)
