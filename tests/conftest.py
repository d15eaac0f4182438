"""Fixtures and guards for the whole suite.

* fixture files (``data_path``) and journals reached the way the app reaches them
  (``db_url``, ``personal``);
* a throwaway PostgreSQL cluster (``pg_server``, ``pg_url``), see below;
* a network guard: the test process may only reach this machine;
* the weather service played back on loopback (``weather_server``).

Fixtures of one kind of test live in that folder's own ``conftest.py``
(``tests/browser/conftest.py``: Chromium and app servers).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from loopback import REFUSED, guard_this_process
from paths import DATA_DIR
from weather_server import WeatherServer

guard_this_process()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REFUSED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        sys.stderr.write(
            "\nThe tests tried to reach the network (refused):\n  " + "\n  ".join(REFUSED) + "\n"
        )


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


@pytest.fixture
def weather_server(tmp_path, monkeypatch) -> Iterator[WeatherServer]:
    """Open-Meteo's historical API answering from ``tests/data/weather/`` on loopback, reached
    through ``$CRAMPWISE_WEATHER_URL``; weather answers are cached under ``tmp_path``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with WeatherServer() as server:
        monkeypatch.setenv("CRAMPWISE_WEATHER_URL", server.url)
        yield server


# --------------------------------------------------------------------------- PostgreSQL
# A throwaway PostgreSQL cluster for tests, started and stopped by the tests themselves.
#
# The cluster lives in a private temp directory, listens on a unix socket only
# (no TCP), trusts local connections and is stopped and removed at the end of
# the session. Each ``pg_url`` is a fresh database.
#
# When the PostgreSQL server programs are missing, the tests that need them FAIL
# with instructions; they are never skipped silently.

INSTALL_HINT = (
    "PostgreSQL server programs (initdb, pg_ctl) were not found on PATH or under "
    "/usr/lib/postgresql/*/bin. Install them, e.g. `apt-get install postgresql` "
    "(Debian/Ubuntu) or `brew install postgresql` (macOS), then run the tests again."
)


def find_pg_bin() -> Path | None:
    """The directory holding initdb and pg_ctl, or None."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.dir = Path(tempfile.mkdtemp(prefix="crampwise-pg-", dir="/tmp"))
        os.chmod(self.dir, 0o700)
        if self.as_root:  # initdb refuses to run as root: run the cluster as `postgres`
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail(
                    "running as root, but there is no `postgres` system user to run "
                    "the test cluster as. " + INSTALL_HINT
                )
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self.data = self.dir / "data"
        self.port = _free_port()

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            pytest.fail(f"{args[0]} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-o",
            f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off",
            "start",
        )

    def stop(self) -> None:
        if self.data.exists():
            cmd = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
            if self.as_root:
                cmd = ["runuser", "-u", "postgres", "--", *cmd]
            subprocess.run(cmd, capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.dir}&port={self.port}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = find_pg_bin()
    if bindir is None:
        pytest.fail(INSTALL_HINT)
    server = PgServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A URL to a brand-new, empty database on the test cluster (dropped afterwards)."""
    import sqlalchemy as sa

    name = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(pg_server.url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        yield pg_server.url(name)
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        admin.dispose()
