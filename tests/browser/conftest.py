"""Fixtures of the browser journeys: one headless system Chromium per run, app servers,
and pages in fresh browser contexts (each a separate viewer) that may only talk to the app.

Helpers the journeys call directly are in ``browser_helpers.py`` beside this file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_helpers import CHROMIUM_ARGS, INSTALL_HINT, TIMEOUT_MS, AppServer, find_chromium, watch_hosts


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless system Chromium for the whole run."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def start_server(tmp_path) -> Iterator:
    """``start_server(db_url, mode=None, env=None, args=())`` -> a running :class:`AppServer`.

    Every server started is stopped at teardown and its log must hold no traceback.
    """
    servers: list[AppServer] = []

    def _start(
        db_url: str, *, mode: str | None = None, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
    ) -> AppServer:
        server = AppServer(db_url, tmp_path / f"streamlit-{len(servers)}.log", mode, env, args)
        servers.append(server)
        return server.start()

    yield _start
    for server in servers:
        server.stop()
    for server in servers:
        server.assert_clean_log()


@pytest.fixture
def new_page(browser) -> Iterator:
    """``new_page(**context_options)`` -> a page in a fresh browser context (a separate viewer).

    Every page is watched (:func:`watch_hosts`): a request to any host that is
    not the app's own fails the test at teardown.
    """
    contexts = []
    outside: list[str] = []

    def _new(*, not_the_app: tuple[str, ...] = (), **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append((context, watch_hosts(context, not_the_app=not_the_app)))
        return context.new_page()

    yield _new
    for context, found in contexts:
        context.close()
        outside.extend(found)
    assert not outside, f"pages asked hosts other than the app's own: {sorted(set(outside))}"
