"""Shared helpers for the AppTest tests (tests/test_app_*.py).

Not a pytest conftest: the test modules import it explicitly, so this file
never changes fixtures for the rest of the suite.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from crampwise.ui import navigation

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
HOME = navigation.HOME.path
IMPORT = navigation.IMPORT.path
DATA = navigation.DATA.path

#: Generous: the first run imports pandas and pyarrow, and CI machines are slow.
TIMEOUT = 30


def open_app(page: str | None = None, *, units: str | None = None) -> AppTest:
    """Run the app from its entry point, choose ``units`` in the sidebar if given, then
    switch to ``page`` if given.

    AppTest keeps the sidebar (where the units control lives) only in the first
    run, so units are chosen before anything else.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    if units is not None:
        at.sidebar.segmented_control(key="units_choice").set_value(units).run()
        assert not at.exception, [e.value for e in at.exception]
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str, *, within=None):
    """The one button whose label is ``label`` (in ``within``, default the whole page)."""
    scope = at if within is None else within
    found = [b for b in scope.button if b.label == label]
    assert len(found) == 1, f"expected one {label!r} button, found {[b.label for b in scope.button]}"
    return found[0]


def texts(elements) -> list[str]:
    """The values of a list of text elements (markdown, captions, alerts)."""
    return [str(e.value) for e in elements]


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    """Put one file into the Import page's uploader and rerun."""
    at.file_uploader(key="import_file").set_value((name, content, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def load_sample_via_home(*, units: str | None = None) -> AppTest:
    """Open the app and press "Try it with sample data" (which opens Insights on the sample)."""
    at = open_app(units=units)
    button(at, "Try it with sample data").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(target) -> AppTest:
    """Run the app (``target`` is the AppTest or a widget just changed); check it did not crash."""
    at = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stored(url: str, owner: str | None = None):
    """(episodes, daily) stored in the journal at ``url`` for ``owner`` (default: personal)."""
    from crampwise.journal.privacy import LOCAL_OWNER
    from crampwise.journal.store import open_journal

    with open_journal(url) as journal:
        return journal.episodes(owner or LOCAL_OWNER), journal.daily(owner or LOCAL_OWNER)
