"""Generic test helpers shared by the test modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Session-wide fixtures are declared once, here, so every module shares them: a
# session fixture imported into two test modules is two fixtures, which would
# start a second PostgreSQL cluster and a second Playwright (two sync Playwrights
# cannot run in one thread, so every later browser module would error).
from browser_helpers import browser, new_page, start_server  # noqa: F401
from conftest_pg import pg_server, pg_url  # noqa: F401

from loopback import is_loopback

#: Socket addresses this test process tried to reach off the machine (should stay empty).
REFUSED: list[str] = []
_ADDRESS_EVENTS = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")


def _no_network(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook (PEP 578): tests never touch the network, only this machine.

    Every Python-level connect, bind, send and host-name lookup of the test
    process is checked before it happens; one that is not for loopback or a
    Unix socket is refused (PermissionError) and written down, and the run
    fails at the end even if the code under test caught the error.
    """
    if event in _ADDRESS_EVENTS:
        address = args[1]
    elif event == "socket.getaddrinfo":
        address = (args[0],)
    else:
        return
    if is_loopback(address):
        return
    REFUSED.append(f"{event} {address!r}")
    raise PermissionError(f"tests never touch the network: refused {event} {address!r}")


sys.addaudithook(_no_network)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REFUSED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        sys.stderr.write("\nThe tests tried to reach the network (refused):\n  "
                         + "\n  ".join(REFUSED) + "\n")


#: The repository root (where ``src/`` and ``docs/`` live).
ROOT = Path(__file__).resolve().parent.parent
#: Small, byte-exact fixture files (see tests/data/.gitattributes).
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture
def data_path() -> Callable[[str], Path]:
    """``data_path("daily_us.csv")`` -> the fixture file's path (which must exist)."""

    def _path(name: str) -> Path:
        path = DATA_DIR / name
        assert path.is_file(), f"missing test fixture {path}"
        return path

    return _path


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite journal for this test, reached the way the app reaches it.

    ``at.secrets`` does not reach ``st.connection`` in AppTest, so the URL goes
    through ``$CRAMPWISE_DB_URL``.
    """
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    monkeypatch.setenv("CRAMPWISE_DB_URL", url)
    return url


@pytest.fixture
def personal(db_url, monkeypatch) -> str:
    """``db_url`` in personal mode (one person on their own computer)."""
    monkeypatch.setenv("CRAMPWISE_MODE", "personal")
    return db_url
