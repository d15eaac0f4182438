"""Write the old-journal fixtures with the journal code from before Alembic.

    python scripts/make_old_journals.py        # from the repository root; needs git

writes ``tests/data/journals/journal_v1.sqlite``, ``_v2`` and ``_v3``: SQLite
journals at schema versions 1, 2 and 3, as a Crampwise of commit ``299d35e``
(the last one with the hand-made ``schema_version`` migrations) wrote them.
The code of that commit is taken out of git (``git archive``) into a
temporary folder, and this script runs itself again with that folder first on
the path, so every table and row comes from the old code:

* version 1 and 2: the old ``migrate(engine, target=N)`` builds the layout
  (the old engine set-up: WAL mode, ``BEGIN IMMEDIATE``), then rows go in
  through tables reflected from the file, as the code of that version wrote
  them (version 2 with trash entries and custom daily factors);
* version 3: the old ``open_journal`` and ``Journal`` methods (add, save,
  delete to the trash, settings).

Run it again only to make new fixtures on purpose; the tests read the
committed files (the trash tokens and times of version 3 change each run).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

COMMIT = "299d35e"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "journals"
A, B = "alice", "bob"


def main() -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", COMMIT, "src"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as old:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        env = {**os.environ, "PYTHONPATH": str(Path(old) / "src")}
        subprocess.run([sys.executable, __file__, "--write", str(OUT)], env=env, check=True)


def write(out: Path) -> None:
    import sqlalchemy as sa

    from crampwise.journal import migrations, store

    assert not hasattr(migrations, "alembic_config"), "this must run the code from before Alembic"
    out.mkdir(parents=True, exist_ok=True)
    for version in (1, 2, 3):
        path = out / f"journal_v{version}.sqlite"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        if version == 3:
            write_v3(store.open_journal(url))
            continue
        engine = store._make_engine(url)
        assert migrations.migrate(engine, target=version) == (0, version)
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.begin() as conn:
            conn.execute(meta.tables["episodes"].insert(), episodes(version))
            conn.execute(meta.tables["daily"].insert(), days(version))
        engine.dispose()
        print(f"wrote {path.relative_to(ROOT)}")


def episodes(version: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        dict(
            owner=A,
            start=dt.datetime(2024, 5, 1, 23, 10),
            muscle="calf",
            side="left",
            severity=6.0,
            duration_min=2.5,
            activity="sleeping",
            relief="stretch;water",
            notes='said "ouch"',
        ),
        dict(
            owner=A,
            start=dt.datetime(2024, 5, 3, 2, 40),
            muscle="foot",
            side="right",
            severity=4.0,
            duration_min=None,
            activity=None,
            relief=None,
            notes="Fuß, nachts",
        ),
        dict(
            owner=B,
            start=dt.datetime(2024, 5, 2, 6, 0),
            muscle="hamstring",
            side="both",
            severity=8.5,
            duration_min=10.0,
            activity="running",
            relief="massage",
            notes=None,
        ),
    ]
    if version >= 2:  # the second one is in alice's trash
        rows[1].update(deleted_at=dt.datetime(2024, 5, 4, 8, 0, 0, 123456), delete_token="0" * 31 + "e")
        for row in rows[::2]:
            row.update(deleted_at=None, delete_token=None)
    return rows


def days(version: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        dict(
            owner=A,
            date=dt.date(2024, 5, 1),
            water_l=1.25,
            exercise_min=30.0,
            exercise_rpe=6.0,
            warmup=True,
            temp_c=24.5,
            humidity_pct=60.0,
            stress=3.0,
            sleep_h=6.5,
            episodes=1,
            notes="hot day, long walk",
        ),
        dict(
            owner=A,
            date=dt.date(2024, 5, 2),
            water_l=2.0,
            exercise_min=None,
            exercise_rpe=None,
            warmup=False,
            temp_c=None,
            humidity_pct=None,
            stress=None,
            sleep_h=8.0,
            episodes=0,
            notes=None,
        ),
        dict(
            owner=B,
            date=dt.date(2024, 5, 2),
            water_l=0.75,
            exercise_min=45.0,
            exercise_rpe=8.0,
            warmup=None,
            temp_c=18.0,
            humidity_pct=None,
            stress=5.0,
            sleep_h=None,
            episodes=1,
            notes=None,
        ),
    ]
    if version >= 2:  # custom factors; alice's 2 May is in the trash
        rows[0].update(
            extra='{"caffeine_mg": 40.0, "magnesium_mg": 300.0}', deleted_at=None, delete_token=None
        )
        rows[1].update(extra=None, deleted_at=dt.datetime(2024, 5, 4, 8, 5), delete_token="0" * 31 + "d")
        rows[2].update(extra='{"caffeine_mg": 0.0}', deleted_at=None, delete_token=None)
    return rows


def write_v3(journal: object) -> None:
    from crampwise.journal.store import Journal

    assert isinstance(journal, Journal)
    with journal as j:
        for row in episodes(1):
            j.add_episode(row.pop("owner"), **{k: v for k, v in row.items() if v is not None})
        for row in days(1):
            owner, date = row.pop("owner"), row.pop("date")
            j.save_day(owner, date, **{k: v for k, v in row.items() if v is not None})
        j.save_day(A, "2024-05-01", caffeine_mg=40, magnesium_mg=300)
        j.save_day(B, "2024-05-02", caffeine_mg=0)
        ids = j.episodes(A)["id"].tolist()
        j.delete(A, "episodes", ids[1:2])
        j.delete(A, "daily", ["2024-05-02"])
        j.set_setting(A, "units", "us")
        j.set_setting(B, "units", "metric")
        j.set_setting(B, "theme", "dark")
    print(f"wrote {Path(journal.location).relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write(Path(sys.argv[2]))
    else:
        main()
