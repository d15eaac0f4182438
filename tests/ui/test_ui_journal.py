"""crampwise.ui.journal: mode decisions from options/env/secrets, and the private journal."""

from __future__ import annotations

import pytest
from streamlit.runtime.secrets import AttrDict

from crampwise.journal.privacy import ModeSettingError
from crampwise.ui import journal as uj
from crampwise.ui import session


class _Secrets(dict):
    """Stands in for st.secrets (a mapping with .get)."""


@pytest.fixture
def env(monkeypatch):
    monkeypatch.delenv("CRAMPWISE_MODE", raising=False)
    monkeypatch.delenv("HOSTNAME", raising=False)
    options = {"server.address": None}
    monkeypatch.setattr(uj.st, "get_option", lambda name: options[name])
    secrets = _Secrets()
    monkeypatch.setattr(uj.st, "secrets", secrets)
    return options, secrets, monkeypatch


def test_loopback_without_login_is_personal(env):
    options, _, _ = env
    options["server.address"] = "127.0.0.1"
    assert session.current_mode().mode == "personal"


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "192.168.1.4"])
def test_unknown_or_public_address_is_session(env, address):
    options, _, _ = env
    options["server.address"] = address
    assert session.current_mode().mode == "session"


def test_community_cloud_heuristic_makes_loopback_session(env):
    options, _, monkeypatch = env
    options["server.address"] = "localhost"
    monkeypatch.setenv("HOSTNAME", "streamlit-abc123")
    assert session.current_mode().mode == "session"


def test_auth_section_means_accounts(env):
    options, secrets, _ = env
    options["server.address"] = "localhost"
    secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    assert session.current_mode().mode == "accounts"


def test_explicit_env_wins_over_secrets(env):
    _, secrets, monkeypatch = env
    secrets["crampwise"] = {"mode": "personal"}
    assert session.current_mode().mode == "personal"
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    assert session.current_mode().reason == "set explicitly to 'session'"


def test_explicit_personal_with_login_is_refused(env):
    _, secrets, monkeypatch = env
    secrets["auth"] = {"redirect_uri": "x"}
    monkeypatch.setenv("CRAMPWISE_MODE", "personal")
    with pytest.raises(ModeSettingError):
        session.current_mode()


def test_missing_secrets_file_is_no_settings(env):
    options, _, monkeypatch = env

    class _NoFile:
        def get(self, *_a):
            raise FileNotFoundError("no secrets.toml")

    monkeypatch.setattr(uj.st, "secrets", _NoFile())
    options["server.address"] = "localhost"
    assert session.current_mode().mode == "personal"


def test_private_journals_are_separate_and_in_memory():
    one, two = session._private_journal(), session._private_journal()
    one.journal.add_episode("s:a", start="2025-01-01 10:00", muscle="calf")
    assert len(one.journal.episodes("s:a")) == 1
    assert len(two.journal.episodes("s:a")) == 0
    assert one.journal.engine.url.query.get("mode") == "memory"


def test_connection_prefers_kwarg_then_secrets_then_env(tmp_path, monkeypatch):
    urls = {name: f"sqlite:///{tmp_path / name}.sqlite3" for name in ("kwarg", "secret", "env")}
    monkeypatch.setattr(
        session.JournalConnection, "_secrets", property(lambda self: AttrDict({"url": urls["secret"]}))
    )
    conn = session.JournalConnection("journal", url=urls["kwarg"], env_url=urls["env"])
    assert conn.journal.location.endswith("kwarg.sqlite3")
    conn.close()
    conn = session.JournalConnection("journal", env_url=urls["env"])
    assert conn.journal.location.endswith("secret.sqlite3")
    conn.close()
    monkeypatch.setattr(session.JournalConnection, "_secrets", property(lambda self: AttrDict({})))
    conn = session.JournalConnection("journal", env_url=urls["env"])
    assert conn.journal.location.endswith("env.sqlite3")
    conn.close()


# --------------------------------------------------------------------------- behind a proxy

from crampwise.journal import privacy  # noqa: E402


def _through_proxy(monkeypatch) -> None:
    monkeypatch.setattr(
        session,
        "viewer",
        lambda: privacy.Viewer({"Host": "crampwise.example.org", "X-Forwarded-For": "203.0.113.7"}, None),
    )


def test_a_viewer_through_a_proxy_gets_session_mode_not_the_personal_journal(env):
    options, _, monkeypatch = env
    options["server.address"] = "127.0.0.1"
    _through_proxy(monkeypatch)
    decision = session.current_mode()
    assert decision.mode == "session" and decision.notice


def test_the_acknowledgement_is_read_from_the_environment_or_secrets(env):
    options, secrets, monkeypatch = env
    options["server.address"] = "127.0.0.1"
    _through_proxy(monkeypatch)
    monkeypatch.setenv("CRAMPWISE_MODE", "personal")
    assert session.current_mode().mode == "session"
    secrets["crampwise"] = {privacy.REMOTE_ACK_SECRET: privacy.REMOTE_ACK_VALUE}
    assert session.current_mode().mode == "personal"
    secrets.clear()
    monkeypatch.setenv(privacy.REMOTE_ACK_ENV, "yes")
    with pytest.raises(ModeSettingError, match="must be exactly"):
        session.current_mode()


def test_the_real_viewer_comes_from_the_request(env):
    _, _, monkeypatch = env

    class _Context:
        headers = {"Host": "localhost:8501", "Forwarded": "for=203.0.113.7"}
        ip_address = None

    monkeypatch.setattr(uj.st, "context", _Context())
    assert "forwarded" in session.viewer().remote_reason()


# --------------------------------------------------------------------------- source chosen last


@pytest.fixture
def session_state(monkeypatch):
    """A plain dict for st.session_state (state.py only gets, sets and pops keys)."""
    from crampwise.ui import state

    box: dict = {}
    monkeypatch.setattr(state.st, "session_state", box)
    return box


def test_source_index_follows_the_source_chosen_last(session_state):
    import pandas as pd

    from crampwise.ui import state

    assert state.chosen_source() is None
    assert uj.source_index(True) == 0  # nothing chosen: the journal when it has rows
    assert uj.source_index(False) == 1
    state.set_loaded("daily", pd.DataFrame({"date": []}), "the sample data")
    assert state.chosen_source() == "session"  # loading a table chooses the loaded files
    assert uj.source_index(True) == 1
    uj.saved_to_journal()
    assert state.chosen_source() == "journal"
    assert uj.source_index(True) == 0
    assert uj.source_index(False) == 1  # never an empty journal
    state.remove_loaded("daily")
    assert state.chosen_source() == "journal"  # taking a table out chooses nothing


def test_remember_source_keeps_a_pick_and_refuses_unknown_sources(session_state):
    from crampwise.ui import state

    session_state["some_choice"] = uj.SESSION_SOURCE
    uj.remember_source("some_choice")
    assert state.chosen_source() == "session"
    session_state["some_choice"] = uj.JOURNAL_SOURCE
    uj.remember_source("some_choice")
    assert state.chosen_source() == "journal"
    with pytest.raises(ValueError, match="unknown source"):
        state.choose_source("files")
