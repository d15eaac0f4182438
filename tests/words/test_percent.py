"""One rounding rule for shares people read: whole percent, through crampwise.words.plain.percent."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from crampwise.words import charts, contrasts, plain, takeaways

WORDS = Path(__file__).resolve().parents[2] / "src" / "crampwise" / "words"


def test_a_share_is_a_whole_percent_rounded_half_up():
    assert plain.percent(0.617) == "62%"
    assert plain.percent(0.7143) == "71%"
    assert plain.percent(0.125) == "13%"  # round() would say 12
    assert plain.change(1.125) == "13% more"
    assert plain.change_range(1.125, 1.5) == "between 13% and 50% more"
    assert contrasts._change(0.875) == "13% fewer"


def test_humidity_and_chart_hovers_use_the_same_rule():
    assert takeaways._with_unit(61.7, "%") == "62%"  # was "61.7%"
    relief = pd.DataFrame({"relief": ["stretch"], "times_used": [37], "share": [0.617]})
    fig = charts.relief(relief)
    assert list(fig.data[0].customdata) == ["62%"]
    assert ":.0f}%" not in fig.data[0].hovertemplate


def test_no_module_in_words_formats_a_percent_its_own_way():
    own_way = re.compile(r":\.\d+%\}|:\.\d+f\}%|\* 100:\.")
    offenders = [f.name for f in WORDS.glob("*.py") if f.name != "plain.py" and own_way.search(f.read_text())]
    assert offenders == []
