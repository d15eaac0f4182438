"""Journal schema revisions (Alembic): old journals upgrade whole, failures change nothing."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import alembic.op
import pytest
import sqlalchemy as sa
from paths import DATA_DIR, ROOT

from crampwise.errors import JournalVersionError
from crampwise.journal import migrations as jm
from crampwise.journal import store as jr

A, B = "alice", "bob"
JOURNALS = DATA_DIR / "journals"
HEAD = "0004"
#: What each old fixture holds (see tests/data/journals/README.md).
TABLES = {1: ["daily", "episodes"], 2: ["daily", "episodes"], 3: ["daily", "episodes", "settings"]}


def old_copy(version: int, tmp_path: Path) -> Path:
    """A copy of the fixture journal written by the code from before Alembic."""
    path = tmp_path / f"journal_v{version}.sqlite"
    shutil.copyfile(JOURNALS / f"journal_v{version}.sqlite", path)
    return path


def dump(path: Path) -> list[str]:
    """Every table, index and row of a SQLite file, as SQL text."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def rows(path: Path, table: str, columns: list[str] | None = None) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        names = ", ".join(columns) if columns else "*"
        return conn.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def layout(path: Path) -> set[tuple[str, str, str]]:
    """The journal's tables and indexes (Alembic's own table aside), as SQLite stored them."""
    conn = sqlite3.connect(path)
    try:
        return set(
            conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name != 'alembic_version'"
            ).fetchall()
        )
    finally:
        conn.close()


def head_journal(tmp_path: Path) -> Path:
    """A new SQLite journal at the newest revision."""
    path = tmp_path / "head.sqlite"
    jr.open_journal(f"sqlite:///{path}").close()
    return path


def versions(url: str) -> tuple[str | None, list[tuple]]:
    """(Alembic's revision, the rows of schema_version)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            return revision, conn.exec_driver_sql("SELECT version FROM schema_version").fetchall()
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- old journals


def test_head_is_the_last_of_one_line_of_numbered_revisions():
    assert jm.head() == HEAD
    assert jm._revisions(jm.SCRIPT_LOCATION) == ("0001", "0002", "0003", "0004")
    assert not (Path(jm.SCRIPT_LOCATION) / "alembic.ini").exists()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_each_old_layout_is_what_the_revision_builds(version, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    engine = jr._make_engine(url)
    assert jm.migrate(engine, target=f"{version:04d}") == (None, f"{version:04d}")
    engine.dispose()
    assert layout(tmp_path / "new.sqlite") == layout(JOURNALS / f"journal_v{version}.sqlite")
    assert versions(url) == (f"{version:04d}", [(version,)])


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_old_journal_upgrades_with_every_row_kept(version, tmp_path):
    path = old_copy(version, tmp_path)
    before = {t: (columns(path, t), rows(path, t)) for t in TABLES[version]}
    assert rows(path, "schema_version") == [(version,)]

    jr.open_journal(f"sqlite:///{path}").close()
    assert versions(f"sqlite:///{path}") == (HEAD, [(4,)])
    for table, (names, old_rows) in before.items():  # every old value, unchanged
        assert rows(path, table, names) == old_rows, table
    assert rows(path, "settings") == before.get("settings", ([], []))[1]
    if version == 1:  # the new columns are empty on old rows
        assert rows(path, "episodes", ["deleted_at", "delete_token"]) == [(None, None)] * 3
        assert rows(path, "daily", ["extra", "deleted_at", "delete_token"]) == [(None, None, None)] * 3
    assert layout(path) == layout(head_journal(tmp_path))
    assert rows(path, "workouts") == []
    assert rows(path, "daily", ["sources", "fills"]) == [(None, None)] * len(before["daily"][1])
    assert rows(path, "episodes", ["source"]) == [(None,)] * len(before["episodes"][1])


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_upgraded_old_journal_reads_and_writes_as_before(version, tmp_path):
    path = old_copy(version, tmp_path)
    tokens = (
        []
        if version == 1
        else [r[0] for t in ("episodes", "daily") for r in rows(path, t, ["delete_token"]) if r[0]]
    )
    with jr.open_journal(f"sqlite:///{path}") as j:
        eps, days = j.episodes(A), j.daily(A)
        assert j.episodes(B)["muscle"].tolist() == ["hamstring"]
        assert j.daily(B)["water_l"].tolist() == [0.75]
        if version == 1:
            assert eps["muscle"].tolist() == ["calf", "foot"]
            assert days["date"].astype(str).tolist() == ["2024-05-01", "2024-05-02"]
            assert j.trash(A, "episodes").empty and j.setting(A, "units") is None
        else:  # the trash and custom factors came through
            assert eps["muscle"].tolist() == ["calf"] and eps["relief"].tolist() == ["stretch;water"]
            assert eps["notes"].tolist() == ['said "ouch"']
            assert days["date"].astype(str).tolist() == ["2024-05-01"]
            assert days[["caffeine_mg", "magnesium_mg"]].values.tolist() == [[40.0, 300.0]]
            assert j.trash(A, "episodes")["delete_token"].tolist() == tokens[:1]
            assert j.trash(A, "daily")["delete_token"].tolist() == tokens[1:]
            assert len(tokens) == 2 and all(j.restore(A, token) == 1 for token in tokens)
            assert j.episodes(A)["notes"].tolist() == ['said "ouch"', "Fuß, nachts"]
            assert j.daily(A)["sleep_h"].tolist() == [6.5, 8.0]
        if version == 3:
            assert (j.setting(A, "units"), j.setting(B, "units"), j.setting(B, "theme")) == (
                "us",
                "metric",
                "dark",
            )
        j.set_setting(A, "units", "metric")  # and the newest features work on old rows
        j.save_day(A, "2024-05-01", caffeine_mg=80)
        assert j.setting(A, "units") == "metric" and j.daily(A)["caffeine_mg"].iloc[0] == 80


def test_an_old_journal_on_postgresql_is_stamped_and_upgraded(pg_url):
    engine = jr._make_engine(pg_url)
    assert jm.migrate(engine, target="0002") == (None, "0002")
    with engine.begin() as conn:  # what the code from before Alembic left: schema_version only
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql(
            "INSERT INTO episodes (owner, start, muscle, deleted_at, delete_token) "
            "VALUES ('alice', '2024-05-01 23:10:00', 'calf', '2024-05-02 08:00:00', 'tok')"
        )
        conn.exec_driver_sql(
            "INSERT INTO daily (owner, date, water_l, extra) "
            "VALUES ('alice', '2024-05-01', 1.5, '{\"caffeine_mg\": 40.0}')"
        )
    engine.dispose()
    with jr.open_journal(pg_url) as j:
        assert j.trash(A, "episodes")["muscle"].tolist() == ["calf"]
        assert j.restore(A, "tok") == 1 and j.episodes(A)["muscle"].tolist() == ["calf"]
        assert j.daily(A)[["water_l", "caffeine_mg"]].values.tolist() == [[1.5, 40.0]]
        j.set_setting(A, "units", "us")
        with j.engine.connect() as conn:
            assert jm.current_revision(conn) == HEAD
            inspector = sa.inspect(conn)
            for table in (jr.EPISODES_T, jr.DAILY_T, jr.SETTINGS_T):
                assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.c.keys())
    assert versions(pg_url) == (HEAD, [(4,)])


def test_postgresql_layout_has_the_same_columns_and_indexes_as_the_sqlite_one(pg_url, tmp_path):
    engine = jr._make_engine(pg_url)
    jm.migrate(engine)
    old = sa.create_engine(f"sqlite:///{head_journal(tmp_path)}")

    def shape(inspector: sa.Inspector) -> dict[str, tuple]:
        return {
            t: (
                [(c["name"], c["nullable"]) for c in inspector.get_columns(t)],
                sorted(
                    i["name"] for i in inspector.get_indexes(t) if not i.get("duplicates_constraint")
                ),  # PostgreSQL's unique index
                sorted(u["name"] or "" for u in inspector.get_unique_constraints(t)),
                inspector.get_pk_constraint(t)["constrained_columns"],
            )
            for t in ("episodes", "daily", "settings", "workouts")
        }

    with engine.connect() as a, old.connect() as b:
        assert shape(sa.inspect(a)) == shape(sa.inspect(b))
    engine.dispose()
    old.dispose()


# --------------------------------------------------------------------------- one transaction


def _fail_after_creating_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Revision 0003 creates its table, then fails (after 0002 altered two tables)."""
    real = alembic.op.create_table

    def create_then_fail(name, *args, **kwargs):
        real(name, *args, **kwargs)
        raise RuntimeError(f"boom after creating {name}")

    monkeypatch.setattr(alembic.op, "create_table", create_then_fail)


def test_a_failed_upgrade_leaves_the_sqlite_journal_exactly_as_it_was(tmp_path, monkeypatch):
    path = old_copy(1, tmp_path)
    before = dump(path)
    assert any('INSERT INTO "episodes"' in line for line in before)
    _fail_after_creating_a_table(monkeypatch)
    with pytest.raises(RuntimeError, match="boom after creating settings"):
        jr.open_journal(f"sqlite:///{path}")
    assert dump(path) == before  # no new column, table, index, stamp or version
    monkeypatch.undo()
    with jr.open_journal(f"sqlite:///{path}") as j:
        assert j.episodes(A)["muscle"].tolist() == ["calf", "foot"]


def test_a_failed_upgrade_leaves_the_postgresql_journal_as_it_was(pg_url, monkeypatch):
    engine = jr._make_engine(pg_url)
    jm.migrate(engine, target="0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO episodes (owner, start, muscle) VALUES ('alice', '2024-05-01 23:10:00', 'calf')"
        )

    def snapshot() -> dict[str, object]:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            tables = sorted(inspector.get_table_names())
            return {
                t: (
                    [c["name"] for c in inspector.get_columns(t)],
                    sorted(i["name"] for i in inspector.get_indexes(t)),
                    conn.exec_driver_sql(f"SELECT * FROM {t}").fetchall(),
                )
                for t in tables
            }

    before = snapshot()
    assert sorted(before) == ["alembic_version", "daily", "episodes", "schema_version"]
    _fail_after_creating_a_table(monkeypatch)
    with pytest.raises(RuntimeError, match="boom after creating settings"):
        jr.open_journal(pg_url)
    assert snapshot() == before
    engine.dispose()


# --------------------------------------------------------------------------- newer journals


@pytest.mark.parametrize(
    "change, shown",
    [
        ("UPDATE schema_version SET version = 5", "5"),  # written by a Crampwise with revision 0005
        ("UPDATE alembic_version SET version_num = '0005'", "5"),
        ("UPDATE alembic_version SET version_num = 'ae1027a6acf'", "ae1027a6acf"),
    ],
)
def test_a_journal_from_a_newer_crampwise_is_refused_and_left_alone(change, shown, tmp_path):
    path = tmp_path / "j.sqlite3"
    jr.open_journal(f"sqlite:///{path}").close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(change)
    conn.close()
    before = dump(path)
    with pytest.raises(JournalVersionError) as caught:
        jr.open_journal(f"sqlite:///{path}")
    assert str(caught.value) == (
        f"this journal was written by a newer Crampwise (schema version {shown}; this one knows "
        "up to 4). Upgrade Crampwise to open it; your data has not been changed."
    )
    assert dump(path) == before


def test_an_old_journal_with_a_higher_version_number_is_refused(tmp_path):
    path = old_copy(3, tmp_path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE schema_version SET version = 7")
    conn.close()
    before = dump(path)
    with pytest.raises(JournalVersionError, match=r"schema version 7; this one knows up to 4"):
        jr.open_journal(f"sqlite:///{path}")
    assert dump(path) == before


# --------------------------------------------------------------------------- quiet


def test_alembic_writes_nothing_to_the_terminal_or_the_log(tmp_path, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    for url in (f"sqlite:///{tmp_path / 'new.sqlite3'}", f"sqlite:///{old_copy(1, tmp_path)}"):
        jr.open_journal(url).close()
        assert versions(url)[0] == HEAD
    assert not [r for r in caplog.records if r.name.startswith("alembic")]
    assert "Running upgrade" not in caplog.text and "Context impl" not in caplog.text
    assert capfd.readouterr() == ("", "")


def test_a_fresh_process_logging_everything_prints_nothing_from_alembic(tmp_path):
    old = old_copy(2, tmp_path)
    code = textwrap.dedent(f"""
        import logging, warnings
        logging.basicConfig(level=logging.DEBUG)
        warnings.simplefilter("error")
        from crampwise.journal.store import open_journal
        open_journal({f"sqlite:///{tmp_path / 'new.sqlite3'}"!r}).close()
        open_journal({f"sqlite:///{old}"!r}).close()
    """)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert (proc.stdout, proc.stderr) == ("", "")
    assert versions(f"sqlite:///{old}")[0] == HEAD


# --------------------------------------------------------------------------- at once


def _open_at_barrier(url: str, barrier, results) -> None:  # runs in a child process
    barrier.wait(timeout=60)
    with jr.open_journal(url) as j:
        j.save_day(A, "2025-01-01", water_l=1)
        results.put(len(j.daily(A)))


def test_two_processes_opening_one_new_sqlite_journal_at_once_both_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_open_at_barrier, args=(url, barrier, results)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert sorted(results.get(timeout=10) for _ in procs) == [1, 1]
    assert versions(url) == (HEAD, [(4,)])


def test_threads_opening_one_new_journal_and_others_at_once_all_succeed(tmp_path):
    urls = [f"sqlite:///{tmp_path / 'shared.sqlite3'}"] * 3 + [
        f"sqlite:///{tmp_path / f'own{i}.sqlite3'}" for i in range(3)
    ]
    barrier = threading.Barrier(len(urls))
    errors: list[BaseException] = []

    def open_one(url: str) -> None:
        try:
            barrier.wait(timeout=60)
            jr.open_journal(url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one, args=(url,)) for url in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    for url in set(urls):
        assert versions(url) == (HEAD, [(4,)])


# --------------------------------------------------------------------------- developers


def test_the_documented_way_to_add_a_revision_makes_one_that_runs(tmp_path, monkeypatch):
    location = tmp_path / "migrations"
    shutil.copytree(jm.SCRIPT_LOCATION, location, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(jm, "SCRIPT_LOCATION", str(location))
    from alembic import command

    command.revision(jm.alembic_config(), message="add reminders", rev_id="0005")  # as in docs/journal.md
    made = location / "versions" / "0005_add_reminders.py"
    text = made.read_text(encoding="utf-8")
    assert "down_revision = '0004'" in text and "def upgrade() -> None:" in text
    assert jm.head() == "0005"
    engine = jr._make_engine(f"sqlite:///{old_copy(3, tmp_path)}")
    assert jm.migrate(engine) == ("0003", "0005")
    engine.dispose()
    assert versions(f"sqlite:///{tmp_path / 'journal_v3.sqlite'}") == ("0005", [(5,)])


# --------------------------------------------------------------------------- 0004


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_0004_keeps_rows_of_0003_as_the_persons_own_and_adds_workouts(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'j.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    engine = jr._make_engine(url)
    assert jm.migrate(engine, target="0003") == (None, "0003")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO daily (owner, date, water_l) VALUES ('alice', '2025-03-01', 2.0)")
        conn.exec_driver_sql(
            "INSERT INTO episodes (owner, start, muscle) VALUES ('alice', '2025-03-01 03:00:00', 'calf')"
        )
    engine.dispose()
    with jr.open_journal(url) as j:
        assert j.daily(A)["water_l"].tolist() == [2.0]
        assert len(j.episodes(A)) == 1
        assert j.daily_sources(A).empty  # old values are the person's own
        with j.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT source FROM episodes").fetchall() == [(None,)]
            assert conn.exec_driver_sql("SELECT count(*) FROM workouts").scalar_one() == 0
