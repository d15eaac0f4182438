"""AppTest: a muscle has one name on every page (schema.muscle_name): Log, Cramp right now,
the Insights muscle filter and the muscle chart."""

from __future__ import annotations

import pytest
from app_helpers import load_sample_via_home, open_app

from crampwise import schema
from crampwise.ui import insights as ui_insights
from crampwise.ui import navigation

QUAD = "front of thigh"


@pytest.fixture(autouse=True)
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    monkeypatch.setenv("CRAMPWISE_DB_URL", url)
    monkeypatch.setenv("CRAMPWISE_MODE", "personal")
    return url


def test_log_and_cramp_right_now_name_the_thigh_the_same_way():
    assert schema.muscle_name("quadriceps") == QUAD
    log = open_app(navigation.LOG.path)
    log_names = log.pills(key="log_muscle").options
    assert QUAD in log_names and "thigh front (quadriceps)" not in log_names
    now = open_app(navigation.CRAMP_NOW.path)
    now_names = now.pills(key="cramp_now_muscle").options
    assert QUAD[:1].upper() + QUAD[1:] in now_names
    assert "Quadriceps" not in now_names


def test_the_insights_filter_and_chart_use_the_same_names():
    at = load_sample_via_home()
    at.switch_page(navigation.INSIGHTS.path).run()
    assert QUAD in at.multiselect[0].options
    at.session_state[ui_insights.TAB_KEY] = "Episode patterns"
    at.run()
    assert not at.exception
    chart = next(c for c in at.get("plotly_chart") if c.key == "insights_muscles")
    import json

    labels = {y for trace in json.loads(chart.proto.spec)["data"] for y in trace["y"]}
    assert QUAD in labels and "quadriceps" not in labels
