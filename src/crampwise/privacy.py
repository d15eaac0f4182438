"""Which journal mode a running app is in, decided by one documented rule.

Crampwise must never show one person's health data to another viewer of a
shared deployment. Three modes:

``personal``
    One person on their own machine (``make run`` on a laptop): a persistent
    journal with no configuration, owned by ``"local"``.
``accounts``
    A deployment with login configured (``st.login`` / OIDC in secrets): each
    signed-in person gets their own journal rows, keyed by their identity.
``session``
    Anything else, e.g. Streamlit Community Cloud or ``streamlit run`` on a
    server without login: data lives only in that browser session (an
    in-memory journal), and the app says so and offers backup download.

The rule, first match wins:

1. An explicit setting: ``CRAMPWISE_MODE`` in the environment, else
   ``[crampwise] mode`` in ``.streamlit/secrets.toml``. Explicit settings win,
   but ``personal`` is refused when login is configured (that would put every
   signed-in person in one journal).
2. Login configured -> ``accounts``.
3. The server listens only on a loopback address (``localhost``,
   ``127.0.0.1``, ``::1``) and is not on Streamlit Community Cloud ->
   ``personal``.
4. Otherwise -> ``session``: the safe mode is the default when in doubt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from .errors import CrampwiseError

Mode = Literal["personal", "accounts", "session"]
MODES: tuple[str, ...] = ("personal", "accounts", "session")
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
LOCAL_OWNER = "local"


class ModeSettingError(CrampwiseError):
    """The explicit mode setting is not one Crampwise knows, or is unsafe."""


@dataclass(frozen=True)
class Decision:
    """The mode and, in words, why (shown on the Data page)."""

    mode: Mode
    reason: str


def decide(*, explicit: str | None, server_address: str | None, login_configured: bool,
           community_cloud: bool = False) -> Decision:
    """Apply the rule in this module's docstring."""
    if explicit:
        wanted = explicit.strip().lower()
        if wanted not in MODES:
            raise ModeSettingError(f"unknown Crampwise mode {explicit!r}: use one of "
                                   + ", ".join(MODES) + ".")
        if wanted == "personal" and login_configured:
            raise ModeSettingError("mode 'personal' would put every signed-in person in one "
                                   "journal; with login configured use 'accounts' (or remove "
                                   "the setting).")
        return Decision(wanted, f"set explicitly to {wanted!r}")  # type: ignore[arg-type]
    if login_configured:
        return Decision("accounts", "login is configured, so each person has their own journal")
    address = (server_address or "").strip().lower()
    if address in LOOPBACK and not community_cloud:
        return Decision("personal", "the app only listens on this computer")
    return Decision("session", "the app may be shared and nobody is signed in, so data stays "
                               "in this browser session only")


def owner_for_identity(issuer: str, subject: str) -> str:
    """A stable owner key for a signed-in person, without storing their e-mail in every row."""
    if not issuer or not subject:
        raise ModeSettingError("a signed-in identity needs both an issuer and a subject")
    return "u:" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:32]
