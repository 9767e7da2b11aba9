"""Migration 0009 (programmes): a school's interventions from before it keep their sessions, now
a row per member per session, and their pupils' places start with the programme."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from school_files import recorded

from amtui.store import interventions, migrations, sessions
from amtui.store.db import open_db

ZOE, SAM, ALI = "A123456789012", "C123456789012", "B123456789012"
BEFORE = [name for name in migrations.STEPS if name < "0009"]


def school_at_0008(path: Path) -> None:
    """A school as the amtui before programmes left it, with two programmes and their sessions
    (the old `attended` list of who came)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    older = Migrations(migrations.MIGRATION_SET)
    for name in BEFORE:
        older(name=name)(migrations.STEPS[name])
    older.apply(sqlite_utils.Database(conn))
    for sql in (
        "INSERT INTO staff (initials, name, role) VALUES ('KW', 'Miss K Webb', 'teacher')",
        "INSERT INTO staff (initials, name, role) VALUES ('TA', 'Mr T Adams', 'ta')",
        "INSERT INTO classes (name, year_group, teacher) VALUES ('5W', 5, 'KW')",
        *(f"INSERT INTO pupils (upn, forename, surname, year_group, class_name) "
          f"VALUES ('{upn}', 'P', 'Q', 5, '5W')" for upn in (ZOE, SAM, ALI)),
        "INSERT INTO interventions (id, name, subject, staff, start) "
        "VALUES (1, 'Reading booster', 'Reading', '[\"TA\"]', '2026-09-07')",
        "INSERT INTO interventions (id, name, subject, staff, start) "
        "VALUES (2, 'Maths club', 'Maths', '[\"KW\"]', '2026-10-05')",
        f"INSERT INTO intervention_pupils (intervention_id, upn) VALUES (1, '{ZOE}')",
        f"INSERT INTO intervention_pupils (intervention_id, upn) VALUES (1, '{SAM}')",
        f"INSERT INTO intervention_pupils (intervention_id, upn) VALUES (2, '{ALI}')",
        "INSERT INTO intervention_sessions (id, intervention_id, on_date, minutes, logged_by, "
        f"attended) VALUES (10, 1, '2026-11-02', 20, 'TA', '[\"{ZOE}\", \"{ALI}\"]')",
        "INSERT INTO intervention_sessions (id, intervention_id, on_date, minutes, logged_by, "
        f"attended) VALUES (11, 1, '2026-11-04', 20, 'TA', '[\"{ZOE}\", \"{SAM}\"]')",
        "INSERT INTO intervention_sessions (id, intervention_id, on_date, minutes, logged_by, "
        "attended) VALUES (12, 2, '2026-11-05', 30, 'KW', '[]')",
    ):
        conn.execute(sql)
    conn.close()
    os.chmod(path, 0o600)


def test_0009_turns_who_came_into_a_mark_per_member(tmp_path):
    """Members who did not come are marked absent; one who came without a place (taken off
    the programme since) keeps the attendance."""
    path = tmp_path / "school.db"
    school_at_0008(path)
    assert recorded(path) == BEFORE and BEFORE[-1] == "0008_views_note"
    db = open_db(path)
    assert recorded(path) == list(migrations.STEPS)
    assert [tuple(r) for r in db.execute(
        "SELECT session_id, upn, present, reason, note, version FROM session_pupils "
        "ORDER BY session_id, upn")] == [
        (10, ZOE, 1, "", "", 1), (10, ALI, 1, "", "", 1), (10, SAM, 0, "", "", 1),
        (11, ZOE, 1, "", "", 1), (11, SAM, 1, "", "", 1),
        (12, ALI, 0, "", "", 1)]
    columns = {r[1] for r in db.execute("PRAGMA table_info(intervention_sessions)")}
    assert "attended" not in columns
    assert [tuple(r) for r in db.execute(
        "SELECT intervention_id, upn, joined, left_on, exit_reason FROM intervention_pupils "
        "ORDER BY intervention_id, upn")] == [
        (1, ZOE, "2026-09-07", None, ""), (1, SAM, "2026-09-07", None, ""),
        (2, ALI, "2026-10-05", None, "")]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_migrated_programme_reads_as_planned_by_default(tmp_path):
    path = tmp_path / "school.db"
    school_at_0008(path)
    db = open_db(path)
    programme = interventions.get_intervention(db, 1)
    assert (programme.plan.per_week, programme.plan.minutes, programme.days,
            programme.plan.exit_criterion) == (1, 15, (), "")
    assert [sorted(s.attended) for s in sessions.sessions(db, 1)] == [sorted([ZOE, ALI]),
                                                                    sorted([ZOE, SAM])]
    assert db.execute("SELECT gender FROM pupils").fetchall() == [(None,)] * 3
