"""The personal journal's storage layer, on SQLite and on a throwaway PostgreSQL."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import zipfile

import pandas as pd
import pytest
import sqlalchemy as sa
from paths import ROOT

from crampwise import schema
from crampwise.errors import CrampwiseError
from crampwise.io import read_file, sample
from crampwise.io.export import template_csv, to_csv_bytes
from crampwise.journal import migrations as jm
from crampwise.journal import store as jr

A, B = "alice", "bob"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def j(db_url: str):
    with jr.open_journal(db_url) as journal:
        yield journal


def _dtypes(table: schema.Table) -> pd.Series:
    """The dtypes read_file gives a file holding every canonical column."""
    return read_file(template_csv(table).encode(), table.name).data.dtypes


def _daily_csv(days: int, start: str = "2020-01-01", **values) -> bytes:
    frame = pd.DataFrame({"date": pd.date_range(start, periods=days, freq="D").astype("datetime64[us]")})
    for name, value in values.items():
        frame[name] = value
    return to_csv_bytes(frame, schema.DAILY)


# --------------------------------------------------------------------------- single rows


def test_add_list_update_episode_with_validation(j):
    first = j.add_episode(
        A,
        start="2025-03-14 22:15",
        muscle="charley horse",
        side="left",
        severity=7,
        duration_min=2.5,
        relief=["stretch", "massage"],
        notes="=woke me, up",
    )
    second = j.add_episode(A, start=pd.Timestamp("2025-03-12 06:40"), muscle="foot")
    eps = j.episodes(A)
    assert eps["id"].tolist() == [second, first]  # oldest first
    assert eps["id"].dtype == "int64"
    pd.testing.assert_series_equal(eps.drop(columns="id").dtypes, _dtypes(schema.EPISODES))
    row = eps.iloc[1]
    assert (row["muscle"], row["side"], row["severity"], row["relief"], row["notes"]) == (
        "calf",
        "left",
        7.0,
        "stretch;massage",
        "=woke me, up",
    )
    assert pd.isna(eps.iloc[0]["side"]) and pd.isna(eps.iloc[0]["severity"])

    with pytest.raises(jr.JournalValidationError, match=r"^severity: 11 is above 10$"):
        j.add_episode(A, start="2025-03-15 10:00", muscle="calf", severity=11)
    with pytest.raises(jr.JournalValidationError, match="muscle: elbow is not a known muscle"):
        j.add_episode(A, start="2025-03-15 10:00", muscle="elbow")
    with pytest.raises(jr.JournalValidationError, match="start: is empty"):
        j.add_episode(A, muscle="calf")
    with pytest.raises(jr.JournalValidationError, match="'colour' is not an episodes field"):
        j.add_episode(A, start="2025-03-15 10:00", muscle="calf", colour="red")
    assert len(j.episodes(A)) == 2

    j.update_episode(A, first, severity=4, notes=None)
    row = j.episodes(A).set_index("id").loc[first]
    assert row["severity"] == 4.0 and pd.isna(row["notes"]) and row["muscle"] == "calf"
    with pytest.raises(jr.JournalValidationError, match=r"duration_min: 0 must be more than 0"):
        j.update_episode(A, first, duration_min=0)
    assert j.episodes(A).set_index("id").loc[first, "duration_min"] == 2.5  # unchanged
    with pytest.raises(jr.JournalNotFoundError, match="not in your journal"):
        j.update_episode(A, 999_999, severity=1)


def test_save_day_upserts_and_keeps_custom_factors(j):
    assert j.save_day(A, "2025-03-01", water_l=1.5, warmup=True, caffeine_mg=100) is True
    assert j.save_day(A, pd.Timestamp("2025-03-01"), stress=3, magnesium_mg=250) is False
    j.save_day(A, "2025-03-02", water_l=2.0, notes="hot day, long walk")
    day = j.daily(A)
    assert day["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02"]
    pd.testing.assert_series_equal(day[list(schema.DAILY.names)].dtypes, _dtypes(schema.DAILY))
    assert list(day.columns[-2:]) == ["caffeine_mg", "magnesium_mg"]
    first = day.iloc[0]
    assert (
        first["water_l"],
        first["stress"],
        bool(first["warmup"]),
        first["caffeine_mg"],
        first["magnesium_mg"],
    ) == (1.5, 3.0, True, 100.0, 250.0)
    assert pd.isna(day.iloc[1]["caffeine_mg"])

    j.save_day(A, "2025-03-01", caffeine_mg=None)  # removes the factor from that day
    assert "caffeine_mg" not in j.daily(A).columns  # no day has it any more
    assert j.daily(A).iloc[0]["magnesium_mg"] == 250.0

    with pytest.raises(jr.JournalValidationError, match=r"^water_l: -1 is below 0$"):
        j.save_day(A, "2025-03-03", water_l=-1)
    with pytest.raises(jr.JournalValidationError, match="give it as 'water_l'"):
        j.save_day(A, "2025-03-03", water=2)
    with pytest.raises(jr.JournalValidationError, match="custom factors hold numbers"):
        j.save_day(A, "2025-03-03", mood="fine")
    with pytest.raises(jr.JournalValidationError, match="warmup: maybe is not yes or no"):
        j.save_day(A, "2025-03-03", warmup="maybe")
    assert len(j.daily(A)) == 2


# --------------------------------------------------------------------------- owners


def test_owner_never_sees_another_owners_rows(j):
    ep = j.add_episode(A, start="2025-03-14 22:15", muscle="calf", severity=7)
    j.save_day(A, "2025-03-14", water_l=1.2, caffeine_mg=80)
    token = j.delete(A, "daily", ["2025-03-14"])
    j.save_day(A, "2025-03-15", water_l=2.2)

    assert j.episodes(B).empty and j.daily(B).empty
    assert j.episodes(B, include_deleted=True).empty and j.daily(B, include_deleted=True).empty
    assert j.trash(B, "daily").empty and j.trash(B, "episodes").empty
    with zipfile.ZipFile(io.BytesIO(j.backup(B))) as z:
        assert z.read("episodes.csv").count(b"\n") == 1 and z.read("daily.csv").count(b"\n") == 1
    with pytest.raises(jr.JournalNotFoundError):
        j.update_episode(B, ep, severity=1)
    with pytest.raises(jr.JournalNotFoundError):
        j.delete(B, "episodes", [ep])
    with pytest.raises(jr.JournalNotFoundError):
        j.restore(B, token)
    preview = j.preview_import(B, read_file(_daily_csv(1, "2025-03-15", water_l=2.2), "daily"))
    assert preview.counts() == {"new": 1, "identical": 0, "conflicts": 0}
    j.save_day(B, "2025-03-15", water_l=9)  # same date, other owner: no clash
    assert j.delete_all(B, jr.DELETE_ALL_PHRASE) == {"episodes": 0, "daily": 1}

    assert j.episodes(A)["severity"].tolist() == [7.0]
    assert j.daily(A)["water_l"].tolist() == [2.2]
    assert len(j.trash(A, "daily")) == 1
    with pytest.raises(jr.JournalError, match="owner must be a non-empty name"):
        j.episodes("")


# --------------------------------------------------------------------------- trash


def test_delete_to_trash_and_restore(j):
    ids = [j.add_episode(A, start=f"2025-03-{d:02d} 22:00", muscle="calf") for d in (1, 2, 3)]
    for d in (1, 2):
        j.save_day(A, f"2025-03-0{d}", water_l=d, caffeine_mg=d * 10)

    token = j.delete(A, "episodes", ids[:2])
    assert j.episodes(A)["id"].tolist() == [ids[2]]
    trash = j.trash(A, "episodes")
    assert sorted(trash["id"]) == ids[:2] and set(trash["delete_token"]) == {token}
    assert trash["deleted_at"].notna().all()
    assert j.episodes(A, include_deleted=True)["deleted_at"].notna().sum() == 2
    with pytest.raises(jr.JournalNotFoundError, match="nothing was deleted"):
        j.delete(A, "episodes", [ids[2], ids[0]])  # one already in the trash
    assert len(j.episodes(A)) == 1
    with pytest.raises(jr.JournalNotFoundError, match="episode"):
        j.update_episode(A, ids[0], severity=3)  # trashed rows cannot be edited
    assert j.restore(A, token) == 2
    assert j.episodes(A)["id"].tolist() == ids and j.trash(A, "episodes").empty
    with pytest.raises(jr.JournalNotFoundError, match="undo token"):
        j.restore(A, token)

    day_token = j.delete(A, "daily", [pd.Timestamp("2025-03-01")])
    assert j.daily(A)["water_l"].tolist() == [2.0]
    assert j.restore(A, day_token) == 1
    assert j.daily(A)["caffeine_mg"].tolist() == [10.0, 20.0]

    # Saving a day that is in the trash replaces the trashed copy.
    j.delete(A, "daily", ["2025-03-02"])
    j.save_day(A, "2025-03-02", stress=5)
    day = j.daily(A).iloc[1]
    assert day["stress"] == 5.0 and pd.isna(day["water_l"]) and pd.isna(day["caffeine_mg"])
    assert j.trash(A, "daily").empty
    j.delete(A, "episodes", [ids[0]])
    assert j.empty_trash(A) == 1 and len(j.episodes(A, include_deleted=True)) == 2


def test_delete_all_requires_the_phrase(j):
    j.add_episode(A, start="2025-03-01 22:00", muscle="calf")
    j.save_day(A, "2025-03-01", water_l=1)
    j.delete(A, "daily", ["2025-03-01"])
    for wrong in ("", "yes", "Delete all my data", "delete all my data "):
        with pytest.raises(jr.JournalConfirmationError, match='type exactly "delete all my data"'):
            j.delete_all(A, wrong)
    assert len(j.episodes(A)) == 1
    assert j.delete_all(A, "delete all my data") == {"episodes": 1, "daily": 1}
    assert j.episodes(A, include_deleted=True).empty and j.daily(A, include_deleted=True).empty


# --------------------------------------------------------------------------- import


def test_import_preview_and_apply(j):
    daily, episodes = sample.generate()
    daily, episodes = daily.head(30), episodes.head(12)
    first = read_file(to_csv_bytes(daily.head(20), schema.DAILY), "daily")
    preview = j.preview_import(A, first)
    assert preview.counts() == {"new": 20, "identical": 0, "conflicts": 0}
    assert j.apply_import(A, preview)["added"] == 20

    changed = daily.copy()
    changed.loc[[3, 5], "water_l"] = 9.5
    changed.loc[7, "caffeine_mg"] = 999.0
    second = read_file(to_csv_bytes(changed, schema.DAILY), "daily")
    preview = j.preview_import(A, second)
    assert preview.counts() == {"new": 10, "identical": 17, "conflicts": 3}
    assert preview.existing["water_l"].tolist() == daily.loc[[3, 5, 7], "water_l"].tolist()
    assert preview.conflicts["water_l"].tolist()[:2] == [9.5, 9.5]
    assert j.apply_import(A, preview) == {"added": 10, "replaced": 0, "identical": 17, "kept": 3}
    stored = j.daily(A)
    pd.testing.assert_frame_equal(stored[list(daily.columns)], daily.reset_index(drop=True), check_dtype=True)
    # Same file again: nothing added (preview is re-checked inside the transaction).
    assert j.apply_import(A, preview) == {"added": 0, "replaced": 0, "identical": 27, "kept": 3}
    assert j.apply_import(A, preview, conflicts="replace")["replaced"] == 3
    pd.testing.assert_frame_equal(j.daily(A)[list(daily.columns)], changed.reset_index(drop=True))
    assert len(j.daily(A)) == 30

    eps = read_file(to_csv_bytes(episodes, schema.EPISODES), "episodes")
    assert j.apply_import(A, j.preview_import(A, eps))["added"] == 12
    assert j.apply_import(A, j.preview_import(A, eps))["added"] == 0
    worse = episodes.copy()
    worse.loc[0, "severity"] = 10.0
    preview = j.preview_import(A, read_file(to_csv_bytes(worse, schema.EPISODES), "episodes"))
    assert preview.counts() == {"new": 0, "identical": 11, "conflicts": 1}
    assert j.apply_import(A, preview, conflicts="replace")["replaced"] == 1
    pd.testing.assert_frame_equal(j.episodes(A).drop(columns="id"), worse)
    with pytest.raises(jr.JournalError, match="another journal"):
        j.apply_import(B, preview)


def test_apply_import_is_all_or_nothing(j, monkeypatch):
    j.save_day(A, "2019-12-31", water_l=1)
    preview = j.preview_import(A, read_file(_daily_csv(1200, water_l=1.5), "daily"))

    def boom(done: int) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(jr, "_after_batch", boom)
    with pytest.raises(RuntimeError):
        j.apply_import(A, preview)
    assert len(j.daily(A)) == 1
    monkeypatch.setattr(jr, "_after_batch", None)
    assert j.apply_import(A, preview)["added"] == 1200


KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from crampwise.journal import store as jr
    from crampwise.io import read_file
    j = jr.open_journal(sys.argv[1])
    preview = j.preview_import("alice", read_file(open(sys.argv[2], "rb").read(), "daily"))
    def pause(done):
        print("batch", done, flush=True)
        time.sleep(30)
    jr._after_batch = pause
    j.apply_import("alice", preview)
    print("committed", flush=True)
""")


def test_writer_killed_mid_import_leaves_all_or_nothing(j, db_url, tmp_path):
    source = tmp_path / "big.csv"
    source.write_bytes(_daily_csv(3000, water_l=2.0, caffeine_mg=50.0))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, db_url, str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("batch"), proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)  # inside the transaction, rows half-written
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert j.daily(A).empty  # none of it
    preview = j.preview_import(A, read_file(source.read_bytes(), "daily"))
    assert j.apply_import(A, preview)["added"] == 3000  # and the lock was released
    assert len(j.daily(A)) == 3000


# --------------------------------------------------------------------------- backup


def test_backup_round_trip_with_the_sample(j, db_url):
    daily, episodes = sample.generate()
    j.apply_import(A, j.preview_import(A, read_file(to_csv_bytes(daily, schema.DAILY), "daily")))
    j.apply_import(A, j.preview_import(A, read_file(to_csv_bytes(episodes, schema.EPISODES), "episodes")))
    j.save_day(A, "2025-03-01", notes='said "ouch", then =SUM(A1)')
    before_daily, before_eps = j.daily(A), j.episodes(A).drop(columns="id")
    pd.testing.assert_frame_equal(before_eps, episodes)

    data = j.backup(A)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["daily.csv", "episodes.csv"]
    assert j.restore_backup(B, data) == {"episodes": len(episodes), "daily": len(daily)}
    pd.testing.assert_frame_equal(j.daily(B), before_daily)
    pd.testing.assert_frame_equal(j.episodes(B).drop(columns="id"), before_eps)

    with pytest.raises(jr.JournalNotEmptyError, match="already holds 86 episodes and 179 days"):
        j.restore_backup(B, data)
    with pytest.raises(jr.JournalBackupError, match="not a zip file"):
        j.restore_backup("carol", b"date,water_l\n2025-01-01,1\n")
    assert j.restore_backup("carol", j.backup("nobody")) == {"episodes": 0, "daily": 0}


# --------------------------------------------------------------------------- schema versions


def test_migration_from_version_1_keeps_rows(db_url):
    engine = jr._make_engine(db_url)
    assert jm.migrate(engine, target="0001") == (None, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO episodes (owner, start, muscle, severity, relief) "
            "VALUES ('alice', '2024-05-01 23:10:00', 'calf', 6, 'stretch')"
        )
        conn.exec_driver_sql(
            "INSERT INTO daily (owner, date, water_l, warmup) VALUES ('alice', '2024-05-01', 1.25, "
            + ("TRUE" if engine.dialect.name == "postgresql" else "1")
            + ")"
        )
        assert [c["name"] for c in sa.inspect(conn).get_columns("daily")][-1] == "notes"
    engine.dispose()

    with jr.open_journal(db_url) as j:
        eps, day = j.episodes(A), j.daily(A)
        assert eps[["muscle", "severity", "relief"]].values.tolist() == [["calf", 6.0, "stretch"]]
        assert eps["start"].tolist() == [pd.Timestamp("2024-05-01 23:10")]
        assert day["water_l"].tolist() == [1.25] and bool(day["warmup"].iloc[0])
        j.save_day(A, "2024-05-01", caffeine_mg=40)  # v2 features work on migrated rows
        j.delete(A, "episodes", eps["id"])
        assert j.daily(A)["caffeine_mg"].tolist() == [40.0] and j.episodes(A).empty
        with j.engine.connect() as conn:
            assert jm.current_revision(conn) == jm.head()
            inspector = sa.inspect(conn)
            for table in (jr.EPISODES_T, jr.DAILY_T, jr.SETTINGS_T):
                assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.c.keys())
    assert jm.migrate(jr._make_engine(db_url)) == (jm.head(), jm.head())  # idempotent


def test_settings_are_per_owner_replaced_and_erased_with_all_data(j):
    assert j.setting(A, "units") is None
    j.set_setting(A, "units", "us")
    j.set_setting(A, "units", "metric")  # replaces, never duplicates
    j.set_setting(B, "units", "us")
    assert (j.setting(A, "units"), j.setting(B, "units")) == ("metric", "us")
    j.delete_all(A, jr.DELETE_ALL_PHRASE)
    assert (j.setting(A, "units"), j.setting(B, "units")) == (None, "us")


def test_newer_schema_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    jr.open_journal(url).close()
    engine = jr._make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE schema_version SET version = 99")
    engine.dispose()
    with pytest.raises(jm.JournalVersionError, match="newer Crampwise"):
        jr.open_journal(url)


# --------------------------------------------------------------------------- opening


def test_open_journal_default_location_env_and_bad_urls(tmp_path, monkeypatch):
    monkeypatch.delenv(jr.ENV_URL, raising=False)
    monkeypatch.setattr(jr.platformdirs, "user_data_dir", lambda app: str(tmp_path / "data" / app))
    with jr.open_journal() as j:
        assert j.location == str(tmp_path / "data" / "crampwise" / "journal.sqlite3")
        j.save_day(A, "2025-01-01", water_l=1)
    other = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv(jr.ENV_URL, f"sqlite:///{other}")
    with jr.open_journal() as j:
        assert j.location == str(other) and j.daily(A).empty
    with pytest.raises(jr.JournalConnectionError, match="is not a database URL"):
        jr.open_journal("not a url")
    with pytest.raises(jr.JournalConnectionError, match="could not open the journal"):
        jr.open_journal(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'j.sqlite3'}")
    assert issubclass(jr.JournalConnectionError, CrampwiseError)


def test_postgres_location_hides_password():
    j = jr.Journal(jr._make_engine("postgresql+psycopg://me:s3cret@db.example/crampwise"))
    assert "s3cret" not in j.location and "db.example/crampwise" in j.location
    j.close()


# --------------------------------------------------------------------------- concurrency


def test_sqlite_runs_in_wal_mode(tmp_path):
    with jr.open_journal(f"sqlite:///{tmp_path / 'j.sqlite3'}") as j, j.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_two_writers_at_once_lose_nothing(db_url):
    journals = [jr.open_journal(db_url), jr.open_journal(db_url)]  # e.g. two browser tabs
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(40):
                journals[n].add_episode(A, start=f"2025-01-01 {n:02d}:{i:02d}", muscle="calf")
                # Both tabs edit the same days: neither may overwrite the other's factor.
                journals[n].save_day(A, f"2025-01-{i % 28 + 1:02d}", water_l=1, **{f"factor_{n}": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(journals[0].episodes(A)) == 80
    day = journals[1].daily(A)
    assert len(day) == 28
    assert day["factor_0"].notna().all() and day["factor_1"].notna().all()
    for journal in journals:
        journal.close()


def test_logs_carry_no_health_values(j, caplog):
    caplog.set_level(logging.DEBUG, logger="crampwise")
    j.save_day(A, "2025-03-01", water_l=7.77, notes="SECRET-NOTE")
    j.apply_import(A, j.preview_import(A, read_file(_daily_csv(3, water_l=6.66), "daily")))
    token = j.delete(A, "daily", ["2025-03-01"])
    j.restore(A, token)
    j.delete_all(A, jr.DELETE_ALL_PHRASE)
    assert "7.77" not in caplog.text and "6.66" not in caplog.text and "SECRET" not in caplog.text


def test_switching_a_new_journal_to_wal_waits_for_a_writer_instead_of_failing(tmp_path):
    """SQLite refuses at once (no busy wait) when waiting could deadlock; use_wal tries again.

    Two processes opening one new journal together hit this: one is switching the file
    to WAL (writing) while the other holds a read lock for its own switch.
    """
    import sqlite3

    path = str(tmp_path / "new.sqlite3")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN")
    writer.execute("CREATE TABLE busy (a)")  # a write in progress, not committed
    other = sqlite3.connect(path, timeout=30, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("PRAGMA journal_mode=WAL")  # what a bare PRAGMA does: fails at once
    waits: list[float] = []

    def writer_finishes(delay: float) -> None:  # the condition use_wal waits for
        waits.append(delay)
        writer.execute("COMMIT")

    jr.use_wal(other.cursor(), wait=writer_finishes)
    assert len(waits) == 1
    assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    other.close()
    writer.close()
