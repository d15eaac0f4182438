"""The rule that decides the journal mode; the safe mode wins when in doubt."""

from __future__ import annotations

import pytest

from crampwise.journal.privacy import ModeSettingError, decide, owner_for_identity


@pytest.mark.parametrize(
    "address, cloud, mode",
    [
        ("localhost", False, "personal"),
        ("127.0.0.1", False, "personal"),
        ("::1", False, "personal"),
        ("localhost", True, "session"),  # Community Cloud is shared whatever the address says
        ("0.0.0.0", False, "session"),
        ("", False, "session"),  # unknown -> safe
        (None, False, "session"),
        ("192.168.1.20", False, "session"),
    ],
)
def test_without_settings_only_a_loopback_server_is_personal(address, cloud, mode):
    assert (
        decide(explicit=None, server_address=address, login_configured=False, community_cloud=cloud).mode
        == mode
    )


def test_login_means_accounts_wherever_it_runs():
    for address in ("localhost", "0.0.0.0", None):
        decision = decide(explicit=None, server_address=address, login_configured=True)
        assert decision.mode == "accounts"
        assert "login is configured" in decision.reason


@pytest.mark.parametrize("explicit", ["session", "Session ", "accounts", "personal"])
def test_explicit_settings_win(explicit):
    decision = decide(explicit=explicit, server_address="0.0.0.0", login_configured=False)
    assert decision.mode == explicit.strip().lower()
    assert "explicitly" in decision.reason


def test_explicit_personal_with_login_is_refused():
    with pytest.raises(ModeSettingError, match="every signed-in person in one journal"):
        decide(explicit="personal", server_address="localhost", login_configured=True)


def test_unknown_explicit_mode_is_refused_with_the_choices():
    with pytest.raises(
        ModeSettingError, match="unknown Crampwise mode 'shared': use one of personal, accounts, session."
    ):
        decide(explicit="shared", server_address="localhost", login_configured=False)


def test_owner_keys_are_stable_distinct_and_hide_the_identity():
    a = owner_for_identity("https://accounts.example", "alice@example.org")
    assert a == owner_for_identity("https://accounts.example", "alice@example.org")
    assert a != owner_for_identity("https://accounts.example", "bob@example.org")
    assert a != owner_for_identity("https://other.example", "alice@example.org")
    assert "alice" not in a and a.startswith("u:")
    with pytest.raises(ModeSettingError):
        owner_for_identity("", "x")


# --------------------------------------------------------------------------- behind a proxy

from crampwise.journal.privacy import (  # noqa: E402
    FORWARDING_HEADERS,
    REMOTE_ACK_ENV,
    REMOTE_ACK_VALUE,
    Viewer,
)

LOCAL = {"Host": "localhost:8501", "User-Agent": "test"}


@pytest.mark.parametrize(
    "headers, ip",
    [
        (LOCAL, None),
        ({"host": "127.0.0.1:8501"}, None),
        ({"Host": "[::1]:8501"}, None),
        ({"Host": "LOCALHOST"}, "127.0.0.1"),
        ({"Host": "localhost:8501"}, "127.0.0.2"),  # all of 127/8 is this computer
        ({"Host": "localhost:8501"}, "::ffff:127.0.0.1"),
        ({}, None),  # no browser at all (AppTest, bare mode)
    ],
)
def test_a_viewer_at_this_computer_is_local(headers, ip):
    assert Viewer(headers, ip).remote_reason() is None


@pytest.mark.parametrize("header", FORWARDING_HEADERS)
def test_any_forwarding_header_means_the_viewer_came_through_a_proxy(header):
    reason = Viewer({**LOCAL, header.title(): "203.0.113.7"}).remote_reason()
    assert reason is not None and header in reason


@pytest.mark.parametrize(
    "host",
    [
        "crampwise.example.org",
        "crampwise.example.org:443",
        "192.168.1.20:8501",
        "abc.ngrok-free.app",
        "localhost.evil.test",
        "[2001:db8::1]:8501",
        "",
    ],
)
def test_a_host_that_is_not_localhost_means_a_tunnel_or_rebinding(host):
    reason = Viewer({"Host": host, "User-Agent": "x"}).remote_reason()
    assert reason is not None and "not as localhost" in reason


def test_a_client_address_that_is_not_loopback_means_another_computer():
    reason = Viewer(LOCAL, "192.168.1.30").remote_reason()
    assert reason == "the request came from another address (192.168.1.30)"


def _proxied() -> Viewer:
    return Viewer({**LOCAL, "X-Forwarded-For": "203.0.113.7"}, None)


def test_personal_by_default_becomes_session_for_a_proxied_viewer_with_a_notice():
    local = decide(explicit=None, server_address="127.0.0.1", login_configured=False, viewer=Viewer(LOCAL))
    assert local.mode == "personal" and local.notice is None
    decision = decide(explicit=None, server_address="127.0.0.1", login_configured=False, viewer=_proxied())
    assert decision.mode == "session"
    assert "x-forwarded-for" in decision.reason
    assert decision.notice is not None
    assert "journal saved on that computer is not shown to you" in decision.notice
    assert "set up login" in decision.notice and "docs/journal.md" in decision.notice


def test_explicit_personal_behind_a_proxy_needs_the_named_acknowledgement():
    kwargs = dict(explicit="personal", server_address="0.0.0.0", login_configured=False, viewer=_proxied())
    without = decide(**kwargs)
    assert without.mode == "session" and without.notice
    assert "set to personal mode, but" in without.reason
    with_ack = decide(**kwargs, remote_ack=REMOTE_ACK_VALUE)
    assert with_ack.mode == "personal" and REMOTE_ACK_ENV in with_ack.reason
    # A viewer at this computer needs no acknowledgement.
    assert (
        decide(
            explicit="personal", server_address="localhost", login_configured=False, viewer=Viewer(LOCAL)
        ).mode
        == "personal"
    )


@pytest.mark.parametrize("ack", ["1", "yes", "true", "I am the only viewer"])
def test_the_acknowledgement_must_be_the_exact_phrase(ack):
    with pytest.raises(ModeSettingError, match=f"must be exactly '{REMOTE_ACK_VALUE}'"):
        decide(
            explicit="personal",
            server_address="localhost",
            login_configured=False,
            viewer=_proxied(),
            remote_ack=ack,
        )


def test_the_acknowledgement_never_applies_without_explicit_personal():
    with pytest.raises(ModeSettingError, match="only applies together with CRAMPWISE_MODE"):
        decide(
            explicit=None,
            server_address="127.0.0.1",
            login_configured=False,
            viewer=_proxied(),
            remote_ack=REMOTE_ACK_VALUE,
        )
    with pytest.raises(ModeSettingError, match="only applies to CRAMPWISE_MODE=personal"):
        decide(
            explicit="session",
            server_address="127.0.0.1",
            login_configured=False,
            viewer=_proxied(),
            remote_ack=REMOTE_ACK_VALUE,
        )


def test_accounts_and_session_are_not_changed_by_a_proxy():
    assert (
        decide(explicit=None, server_address="127.0.0.1", login_configured=True, viewer=_proxied()).mode
        == "accounts"
    )
    assert (
        decide(
            explicit="session", server_address="127.0.0.1", login_configured=False, viewer=_proxied()
        ).notice
        is None
    )
