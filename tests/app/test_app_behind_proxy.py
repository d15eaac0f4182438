"""AppTest: in personal mode, a viewer who came through a proxy never gets the personal journal.

AppTest has no browser request, so the request is stood in for by replacing
``crampwise.ui.session.viewer`` (what the app reads ``st.context.headers`` and
``st.context.ip_address`` through). The real thing, a proxy in front of a
running server and Chromium, is in tests/browser/test_browser_proxy.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from app_helpers import button, open_app, run, stored, texts

from crampwise.journal import privacy
from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.ui import navigation, session

CANARY = "proxy-canary-local-note"
PAGES = (
    navigation.HOME.path,
    navigation.LOG.path,
    navigation.JOURNAL.path,
    navigation.INSIGHTS.path,
    navigation.HYDRATION.path,
)


@pytest.fixture
def local_journal(personal):
    """A personal journal with one episode and one day only its owner may see."""
    with open_journal(personal) as journal:
        journal.add_episode(
            LOCAL_OWNER, start=dt.datetime(2025, 6, 1, 3, 0), muscle="chest", duration_min=12, notes=CANARY
        )
        journal.save_day(LOCAL_OWNER, dt.date(2025, 6, 1), water_l=1.234, notes=CANARY)
    return personal


def through_proxy(monkeypatch):
    monkeypatch.setattr(
        session,
        "viewer",
        lambda: privacy.Viewer({"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.7"}, None),
    )


def _everything(at) -> str:
    parts = [str(e.proto) for e in at.main] + [str(e.proto) for e in at.sidebar]
    for kind in ("dataframe", "table"):
        parts += [e.value.to_csv() for e in getattr(at, kind)]
    return "\n".join(parts)


def test_at_this_computer_the_personal_journal_is_shown(local_journal):
    at = open_app(navigation.JOURNAL.path)
    assert CANARY in _everything(at)
    assert not at.warning or not any("not shown to you" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_through_a_proxy_no_page_shows_the_personal_journal(local_journal, monkeypatch, page):
    through_proxy(monkeypatch)
    at = open_app(page)
    assert not at.exception
    assert CANARY not in _everything(at)
    assert "1.234" not in _everything(at)
    if page != navigation.INSIGHTS.path and page != navigation.HYDRATION.path:
        assert any("journal saved on that computer is not shown to you" in w.value for w in at.warning), page


def test_what_a_proxied_viewer_logs_stays_in_their_session(local_journal, monkeypatch):
    through_proxy(monkeypatch)
    at = open_app(navigation.LOG.path)
    assert any("browser session only" in c for c in texts(at.caption))
    run(at.pills(key="log_muscle").set_value("calf"))
    run(button(at, "Save").click())
    assert any("Saved: calf" in str(t.value) for t in at.toast)
    episodes, _ = stored(local_journal)
    assert list(episodes["notes"]) == [CANARY]  # the personal journal is untouched
