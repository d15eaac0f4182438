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

``personal`` is then checked per viewer. A reverse proxy or tunnel on the
same machine (nginx, Caddy, ``ssh -R``, ngrok, cloudflared) makes every
visitor from the internet arrive from loopback, so listening on loopback does
not prove the viewer sits at this computer. A viewer whose request shows
otherwise -- a forwarding header (:data:`FORWARDING_HEADERS`), a ``Host``
that is not ``localhost``/``127.0.0.1``/``[::1]``, or a client address that
is not loopback -- gets ``session`` mode with a notice saying why
(:attr:`Decision.notice`), never the personal journal.

The one way past that check: ``CRAMPWISE_MODE=personal`` set explicitly
*and* the separately named acknowledgement
``CRAMPWISE_ALLOW_REMOTE_PERSONAL=i-am-the-only-viewer`` (or
``[crampwise] allow_remote_personal`` in secrets), for a person who really
runs Crampwise for themselves behind a tunnel that only they can reach. It is
never the default, and any other value of the acknowledgement is an error.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from crampwise.errors import ModeSettingError

Mode = Literal["personal", "accounts", "session"]
MODES: tuple[Mode, ...] = ("personal", "accounts", "session")
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
LOCAL_OWNER = "local"

#: Headers a proxy, tunnel or CDN adds: any of them means the viewer is not at this computer.
FORWARDING_HEADERS: tuple[str, ...] = (
    "x-forwarded-for",
    "forwarded",
    "x-real-ip",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-port",
    "x-forwarded-server",
    "cf-connecting-ip",
    "true-client-ip",
    "x-client-ip",
    "fastly-client-ip",
    "x-original-forwarded-for",
    "via",
)
#: Host names that mean "this computer" (a Host header may add ":port").
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

#: The acknowledgement that lets explicit ``personal`` mode serve viewers behind a proxy.
REMOTE_ACK_ENV = "CRAMPWISE_ALLOW_REMOTE_PERSONAL"
REMOTE_ACK_SECRET = "allow_remote_personal"
REMOTE_ACK_VALUE = "i-am-the-only-viewer"

#: Where a deployer reads how to put Crampwise online safely (shown to a downgraded viewer).
ONLINE_DOCS = "https://github.com/crampwise/crampwise/blob/main/docs/journal.md#putting-crampwise-online"


@dataclass(frozen=True)
class Decision:
    """The mode and, in words, why (shown on the Log and My journal pages)."""

    mode: Mode
    reason: str
    #: Shown prominently when a viewer was moved to ``session`` mode for their own safety.
    notice: str | None = None


@dataclass(frozen=True)
class Viewer:
    """What one browser session's request says about where the viewer is.

    ``headers`` are the request's headers (any case); ``ip_address`` is the
    client address as Streamlit reports it (``None`` for loopback). A viewer
    with no headers at all is a script run with no browser (tests, bare
    mode): a real browser's request always carries ``Host``.
    """

    headers: Mapping[str, str]
    ip_address: str | None = None

    def remote_reason(self) -> str | None:
        """Why this viewer is not at this computer, in words; ``None`` if they are."""
        headers = {str(k).lower(): str(v) for k, v in self.headers.items()}
        if not headers:
            return None
        for name in FORWARDING_HEADERS:
            if name in headers:
                return f"the request came through a proxy or tunnel (it has a {name} header)"
        host = _host_name(headers.get("host", ""))
        if host not in LOCAL_HOSTS:
            shown = headers.get("host", "") or "no Host header"
            return f"the page was opened as {shown!r}, not as localhost"
        if self.ip_address is not None and not _is_loopback(self.ip_address):
            return f"the request came from another address ({self.ip_address})"
        return None


def _host_name(host: str) -> str:
    """``localhost:8501`` -> ``localhost``; ``[::1]:8501`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _remote_notice(why: str) -> str:
    return (
        f"You are not using Crampwise on the computer it runs on ({why}), so the journal "
        "saved on that computer is not shown to you. What you enter here stays in this "
        "browser session only, and nobody else can see it. To keep a journal online, the "
        f"person who runs this app can set up login: [how to put Crampwise online]"
        f"({ONLINE_DOCS})."
    )


def decide(
    *,
    explicit: str | None,
    server_address: str | None,
    login_configured: bool,
    community_cloud: bool = False,
    viewer: Viewer | None = None,
    remote_ack: str | None = None,
) -> Decision:
    """Apply the rule in this module's docstring.

    ``viewer`` is the browser session the decision is for (``None``: no
    browser, e.g. the command line). ``remote_ack`` is the value of
    :data:`REMOTE_ACK_ENV`, honoured only together with an explicit
    ``personal``.
    """
    ack = (remote_ack or "").strip()
    if ack and ack != REMOTE_ACK_VALUE:
        raise ModeSettingError(
            f"{REMOTE_ACK_ENV} must be exactly {REMOTE_ACK_VALUE!r} to let "
            "personal mode serve viewers behind a proxy or tunnel; remove "
            "it to keep the safe default."
        )
    why_remote = viewer.remote_reason() if viewer is not None else None
    if explicit:
        typed = explicit.strip().lower()
        wanted = next((m for m in MODES if m == typed), None)
        if wanted is None:
            raise ModeSettingError(
                f"unknown Crampwise mode {explicit!r}: use one of " + ", ".join(MODES) + "."
            )
        if wanted == "personal" and login_configured:
            raise ModeSettingError(
                "mode 'personal' would put every signed-in person in one "
                "journal; with login configured use 'accounts' (or remove "
                "the setting)."
            )
        if ack and wanted != "personal":
            raise ModeSettingError(
                f"{REMOTE_ACK_ENV} only applies to CRAMPWISE_MODE=personal, "
                f"but the mode is set to {wanted!r}; remove one of them."
            )
        if wanted == "personal" and why_remote is not None:
            if ack:
                return Decision(
                    "personal",
                    f"set explicitly to 'personal', and {REMOTE_ACK_ENV} "
                    "says you are the only viewer, even through a proxy",
                )
            return _downgraded(why_remote, explicit=True)
        return Decision(wanted, f"set explicitly to {wanted!r}")
    if ack:
        raise ModeSettingError(
            f"{REMOTE_ACK_ENV} only applies together with CRAMPWISE_MODE=personal; set both, or remove it."
        )
    if login_configured:
        return Decision("accounts", "login is configured, so each person has their own journal")
    address = (server_address or "").strip().lower()
    if address in LOOPBACK and not community_cloud:
        if why_remote is not None:
            return _downgraded(why_remote, explicit=False)
        return Decision("personal", "Crampwise runs on this computer and can only be opened from it")
    return Decision(
        "session", "the app may be shared and nobody is signed in, so data stays in this browser session only"
    )


def _downgraded(why: str, *, explicit: bool) -> Decision:
    setting = "the app is set to personal mode, but " if explicit else ""
    return Decision(
        "session",
        f"{setting}{why}, so your entries stay in this browser session only",
        notice=_remote_notice(why),
    )


def owner_for_identity(issuer: str, subject: str) -> str:
    """A stable owner key for a signed-in person, without storing their e-mail in every row."""
    if not issuer or not subject:
        raise ModeSettingError("a signed-in identity needs both an issuer and a subject")
    return "u:" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:32]
