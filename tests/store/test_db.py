"""Opening a school file: migrations, pragmas, owner-only permissions."""

from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from sqlite_utils.migrations import Migrations

from amtui.core.errors import AmtuiError
from amtui.store import migrations
from amtui.store.db import default_db_path, open_db

TABLES = {"staff", "classes", "subjects", "pupils", "attainment", "starting_points", "targets",
          "attitude", "self_assessments", "meetings", "medium_targets", "interventions",
          "intervention_pupils", "intervention_sessions", "criteria_marks", "basic_skills",
          "history"}


def test_migrates_an_empty_file_once(tmp_path):
    path = tmp_path / "school.db"
    db = open_db(path)
    assert set(db.utils.table_names()) >= TABLES
    applied = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")]
    db.conn.close()
    again = open_db(path)
    assert [r["name"] for r in again.query("SELECT name FROM _sqlite_migrations")] == applied


def test_pending_reads_what_sqlite_utils_recorded(tmp_path):
    db = open_db(tmp_path / "school.db")
    assert migrations.pending(db) == []
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_attainment_by_pupil'")
    ours = Migrations(migrations.MIGRATION_SET)
    for name, step in migrations.STEPS.items():
        ours(name=name)(step)
    assert migrations.pending(db) == [m.name for m in ours.pending(db.utils)] == \
        ["0002_attainment_by_pupil"]
    migrations.apply(db)
    assert migrations.pending(db) == []


def test_an_up_to_date_file_opens_without_sqlite_utils(tmp_path):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    code = ("import sys\nfrom amtui.store.db import open_db\nfrom amtui.store import pupils\n"
            f"db = open_db({str(path)!r})\npupils.list_pupils(db)\n"
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_pragmas_for_safe_concurrent_use(tmp_path):
    db = open_db(tmp_path / "school.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_a_new_file_and_its_folder_are_private(tmp_path):
    path = tmp_path / "new" / "school.db"
    open_db(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, eggs, bread " * 40)
    with pytest.raises(AmtuiError, match="is not an amtui database"):
        open_db(path)


def test_amtui_db_sets_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("AMTUI_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
