"""How many days would usually reveal an effect (crampwise.stats.power, issue 12 item 7).

The number is only worth showing if it is roughly right, so the main test checks it
against simulation: logs of the predicted length find a planted 30% effect about 80% of
the time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crampwise.stats.daily import daily_table
from crampwise.stats.model import fit_model
from crampwise.stats.power import EXAMPLE_RATIO, days_to_show


def _log(n: int, ratio: float, rng: np.random.Generator) -> pd.DataFrame:
    """Water (litres) and stress; episodes rise ``ratio``-fold per litre of water."""
    water = np.round(rng.normal(2.0, 0.6, n), 2)
    stress = rng.integers(0, 11, n).astype(float)
    rate = 0.6 * ratio ** (water - 2.0)
    daily = pd.DataFrame(
        {
            "date": pd.Series(pd.date_range("2025-03-01", periods=n).astype("datetime64[us]")),
            "water_l": water,
            "stress": stress,
            "episodes": rng.poisson(rate).astype(float),
        }
    )
    return daily_table(daily, None)[0]


def test_the_predicted_days_usually_reveal_the_effect() -> None:
    rng = np.random.default_rng(7)
    pilot = fit_model(_log(240, 1.0, rng))
    assert pilot is not None
    needed = days_to_show(pilot, "water_l", step=1.0, ratio=EXAMPLE_RATIO, tests=1)
    assert needed is not None and 240 < needed < 5000
    n = int(round(needed))
    found = 0
    trials = 60
    for _ in range(trials):
        model = fit_model(_log(n, EXAMPLE_RATIO, rng))
        assert model is not None
        term = model.terms.set_index("factor").loc["water_l"]
        found += bool(term["p"] < 0.05 and term["irr"] > 1)
    # 80% power by design; 60 logs give a binomial spread of about +-5 points.
    assert 0.62 <= found / trials <= 0.95, found


def test_bigger_effects_need_fewer_days_and_more_tests_need_more() -> None:
    model = fit_model(_log(240, 1.0, np.random.default_rng(3)))
    assert model is not None
    base = days_to_show(model, "water_l")
    assert base is not None
    assert days_to_show(model, "water_l", ratio=1.6) < base
    assert days_to_show(model, "water_l", ratio=1 / EXAMPLE_RATIO) == pytest.approx(base)
    assert days_to_show(model, "water_l", tests=30) > base
    # 30% per half litre is a bigger change per litre than 30% per litre: fewer days.
    assert days_to_show(model, "water_l", step=0.5) < base


def test_a_factor_outside_the_model_or_a_ratio_of_one() -> None:
    model = fit_model(_log(240, 1.0, np.random.default_rng(4)))
    assert model is not None
    assert days_to_show(model, "temp_c") is None
    with pytest.raises(ValueError, match="ratio"):
        days_to_show(model, "water_l", ratio=1.0)
