"""A reverse proxy or tunnel in front of ``make run`` never shares the personal journal.

Real servers, a real proxy (tests/browser/proxy_helpers.py: what nginx's
``proxy_pass`` with ``X-Forwarded-*`` headers does) and Debian's Chromium. The
personal journal holds a chest cramp; Home shows a pointer about it, and My
journal lists it. A browser on localhost sees both; a browser through the
proxy, or one that reached the app under another host name (``ssh -R``, DNS
rebinding), sees neither, is told why, and what it logs never reaches the
personal journal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    find_chromium,
    go_by_sidebar,
    heading,
    keyed,
    wait_idle,
    watch_hosts,
)
from playwright.sync_api import expect
from proxy_helpers import NGINX_HEADERS, ReverseProxy

from crampwise.journal import privacy
from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal

POINTER = "Your log has a cramp in the chest"
NOTICE = "journal saved on that computer is not shown to you"
EMPTY = "No episodes in your journal yet."


def _journal_with_a_chest_cramp(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    with open_journal(url) as journal:
        journal.add_episode(LOCAL_OWNER, start=dt.datetime(2025, 6, 1, 3, 0), muscle="chest", duration_min=2)
    return url


def _episodes(url: str) -> int:
    with open_journal(url) as journal:
        return len(journal.episodes(LOCAL_OWNER))


def _sees_the_personal_journal(page, base_url: str) -> None:
    page.goto(base_url + "/")
    heading(page, "Crampwise").wait_for(state="visible")
    wait_idle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text=POINTER)).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    go_by_sidebar(page, "My journal", "My journal")
    expect(page.get_by_text(EMPTY)).to_have_count(0)


def _never_sees_it(page, base_url: str) -> None:
    page.goto(base_url + "/")
    heading(page, "Crampwise").wait_for(state="visible")
    wait_idle(page)
    expect(page.get_by_text(NOTICE).first).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text=POINTER)).to_have_count(0)
    go_by_sidebar(page, "My journal", "My journal")
    expect(page.get_by_text(EMPTY)).to_be_visible()
    expect(page.get_by_text(NOTICE).first).to_be_visible()


def _log_one(page) -> None:
    go_by_sidebar(page, "Log", "Log")
    keyed(page, "log_muscle").get_by_role("radio", name="calf", exact=True).click()
    wait_idle(page)
    keyed(page, "log_save").get_by_role("button").click()
    expect(page.get_by_test_id("stToast")).to_contain_text("Saved: calf")


#: What different proxies and tunnels add. Tornado itself reads X-Real-IP and
#: X-Forwarded-For, so the others prove Crampwise's own check.
PROXIES = {
    "nginx": NGINX_HEADERS,
    "rfc7239": {"Forwarded": "for=203.0.113.7;proto=https;host=crampwise.example.org"},
    "cloudflared": {"CF-Connecting-IP": "203.0.113.7", "X-Forwarded-Host": "crampwise.example.org"},
}


@pytest.mark.parametrize("kind", sorted(PROXIES))
def test_through_a_reverse_proxy_nobody_sees_the_personal_journal(tmp_path, start_server, new_page, kind):
    url = _journal_with_a_chest_cramp(tmp_path)
    server = start_server(url)  # personal mode: the server listens on 127.0.0.1
    with ReverseProxy(server.port, PROXIES[kind]) as proxy:
        visitor = new_page()
        _never_sees_it(visitor, proxy.url)
        _log_one(visitor)  # kept in the visitor's own session...
        assert _episodes(url) == 1  # ...not in the personal journal
        assert any("/_stcore/stream" in r for r in proxy.requests), "the proxy was not used"
    _sees_the_personal_journal(new_page(), server.url)  # the owner, at this computer


def test_a_tunnel_under_another_host_name_gets_session_mode(tmp_path, start_server, browser):
    """``ssh -R`` or DNS rebinding: no forwarding header, but the Host is not localhost."""

    url = _journal_with_a_chest_cramp(tmp_path)
    server = start_server(url)
    name = "crampwise.test"
    tunnel = browser.browser_type.launch(
        executable_path=find_chromium(), args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {name} 127.0.0.1"]
    )
    try:
        context = tunnel.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        outside = watch_hosts(context, {name, "127.0.0.1"})
        page = context.new_page()
        _never_sees_it(page, f"http://{name}:{server.port}")
        assert outside == []
    finally:
        tunnel.close()


def test_explicit_personal_behind_a_proxy_needs_the_named_acknowledgement(tmp_path, start_server, new_page):
    url = _journal_with_a_chest_cramp(tmp_path)
    plain = start_server(url, mode="personal")
    with ReverseProxy(plain.port) as proxy:
        _never_sees_it(new_page(), proxy.url)
    acknowledged = start_server(url, mode="personal", env={privacy.REMOTE_ACK_ENV: privacy.REMOTE_ACK_VALUE})
    with ReverseProxy(acknowledged.port) as proxy:
        _sees_the_personal_journal(new_page(), proxy.url)
