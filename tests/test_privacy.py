"""The rule that decides the journal mode; the safe mode wins when in doubt."""

from __future__ import annotations

import pytest

from crampwise.privacy import ModeSettingError, decide, owner_for_identity


@pytest.mark.parametrize("address, cloud, mode", [
    ("localhost", False, "personal"),
    ("127.0.0.1", False, "personal"),
    ("::1", False, "personal"),
    ("localhost", True, "session"),     # Community Cloud is shared whatever the address says
    ("0.0.0.0", False, "session"),
    ("", False, "session"),             # unknown -> safe
    (None, False, "session"),
    ("192.168.1.20", False, "session"),
])
def test_without_settings_only_a_loopback_server_is_personal(address, cloud, mode):
    assert decide(explicit=None, server_address=address, login_configured=False,
                  community_cloud=cloud).mode == mode


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
    with pytest.raises(ModeSettingError, match="unknown Crampwise mode 'shared': use one of "
                                               "personal, accounts, session."):
        decide(explicit="shared", server_address="localhost", login_configured=False)


def test_owner_keys_are_stable_distinct_and_hide_the_identity():
    a = owner_for_identity("https://accounts.example", "alice@example.org")
    assert a == owner_for_identity("https://accounts.example", "alice@example.org")
    assert a != owner_for_identity("https://accounts.example", "bob@example.org")
    assert a != owner_for_identity("https://other.example", "alice@example.org")
    assert "alice" not in a and a.startswith("u:")
    with pytest.raises(ModeSettingError):
        owner_for_identity("", "x")
