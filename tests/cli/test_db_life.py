"""The database's life as the command line meets it: reading never upgrades or creates, a file
that is not a school is never made one, the demo never eats a real school, backups are never of
a damaged file, and "restore a backup" is said only when the file is damaged."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from school_files import OLDER, damaged_school, recorded

from amtui import cli
from amtui.store import migrations
from amtui.store.db import open_db


def _school(path: Path) -> Path:
    """An up-to-date school with one member of staff, written as plain rows."""
    db = open_db(path)
    db.execute("INSERT INTO staff (initials, name, role) VALUES ('KW', 'Miss K Webb', 'admin')")
    db.conn.close()
    return path


def _older_school(path: Path) -> Path:
    """A school as the amtui before migration 0003 left it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    older = Migrations(migrations.MIGRATION_SET)
    for name in OLDER:
        older(name=name)(migrations.STEPS[name])
    older.apply(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO staff (initials, name, role) VALUES ('KW', 'Miss K Webb', 'admin')")
    conn.close()
    os.chmod(path, 0o600)
    return path


# ---- 1, 3, 4: what opening refuses ---------------------------------------------------------

def test_a_newer_amtuis_database_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: None)
    path = _school(tmp_path / "school.db")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('amtui', '0099_from_the_future', '2030-01-01 00:00:00+00:00')")
    conn.commit()
    conn.close()
    assert cli.main(["--db", str(path), "--as", "KW"]) == 2
    assert capsys.readouterr().err == (f"amtui: {path} was made by a newer amtui — upgrade amtui "
                                       "to open it\n")


@pytest.mark.parametrize("argv", [["export", "pupils", "--out", "{out}"], ["staff", "list"]])
def test_reading_commands_never_upgrade_an_older_school(argv, tmp_path, capsys):
    path = _older_school(tmp_path / "school.db")
    out = tmp_path / "pupils.csv"
    assert cli.main([a.format(out=out) for a in argv] + ["--db", str(path)]) == 2
    assert capsys.readouterr().err == (f"amtui: {path} was made by an older amtui — open it once "
                                       "with amtui to upgrade it, then try again\n")
    assert recorded(path) == list(OLDER) and not out.exists()


@pytest.mark.parametrize("argv", [["export", "pupils", "--out", "{out}"], ["staff", "list"],
                                  ["backup", "--out", "{out}"]])
def test_reading_commands_never_create_a_database(argv, tmp_path, capsys):
    path, out = tmp_path / "none.db", tmp_path / "out"
    assert cli.main([a.format(out=out) for a in argv] + ["--db", str(path)]) == 2
    assert f"no school database at {path}" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == []


def test_reading_commands_open_read_only(tmp_path, monkeypatch):
    path = _school(tmp_path / "school.db")
    opened = []
    real = cli.open_existing
    monkeypatch.setattr(cli, "open_existing",
                        lambda args, **kw: opened.append(real(args, **kw)) or opened[-1])
    assert cli.main(["staff", "list", "--db", str(path)]) == 0
    assert cli.main(["export", "pupils", "--out", str(tmp_path / "p.csv"), "--db", str(path),
                     "--as", "KW"]) == 0
    assert [db.readonly for db in opened] == [True, True]


@pytest.mark.parametrize("kind", ["empty", "text", "foreign sqlite"])
def test_a_file_that_is_not_a_school_is_never_made_one(kind, tmp_path, capsys):
    path = tmp_path / "school.db"
    if kind == "empty":
        path.touch()
    elif kind == "text":
        path.write_text("shopping list: milk, eggs, bread\n" * 200)
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    os.chmod(path, 0o600)
    before = path.read_bytes()
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "admin",
                     "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"amtui: {path} ") and "is not an amtui database" in err
    assert "restore a backup" not in err and len(err.splitlines()) == 1
    assert path.read_bytes() == before


def test_an_empty_file_is_refused_with_what_to_do(tmp_path, capsys):
    path = tmp_path / "school.db"
    path.touch(mode=0o600)
    assert cli.main(["staff", "list", "--db", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"amtui: {path} is empty (0 bytes), so it is not an amtui database — check the path "
        "given to amtui (--db or $AMTUI_DB), or delete the empty file to start a new school "
        "there\n")
    assert path.stat().st_size == 0


def test_the_app_is_opened_with_a_short_busy_timeout(tmp_path):
    path = _school(tmp_path / "school.db")
    args = argparse.Namespace(db=str(path))
    assert cli.open_existing(args).execute("PRAGMA busy_timeout").fetchone()[0] == 3000


# ---- 8: loose permissions are told ---------------------------------------------------------

def test_tightened_permissions_are_told_on_stderr(tmp_path, capsys):
    path = _school(tmp_path / "school.db")
    os.chmod(path, 0o644)
    assert cli.main(["staff", "list", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "KW" in out
    assert err == (f"amtui: the school database {path} was open to other users (mode 0644) — "
                   "amtui closed it to them (now 0600)\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_read_only_database_refuses_a_command_that_writes(tmp_path, monkeypatch, capsys):
    path = _school(tmp_path / "school.db")
    monkeypatch.setattr("amtui.store.db._writable", lambda file: False)
    assert cli.main(["staff", "add", "JB", "Mr J Bell", "--role", "ta", "--as", "KW",
                     "--db", str(path)]) == 2
    assert capsys.readouterr().err == (f"amtui: {path} is read-only for you, so nothing can be "
                                       "saved — ask whoever looks after it for write access\n")


# ---- 5: the demo never eats a real school --------------------------------------------------

DEMO = ["demo", "--no-open", "--pupils", "14", "--years", "1"]


def test_a_demo_with_real_pupils_added_is_kept_unless_forced(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert cli.main([*DEMO, "--db", str(path)]) == 0
    assert cli.main([*DEMO, "--db", str(path)]) == 0  # an untouched demo is simply rebuilt
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO history (at, who, tbl, key, new) VALUES "
                 "('2026-11-24', 'KW', 'pupils', '[\"Z123456789012\"]', '{}')")  # a real pupil
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert cli.main([*DEMO, "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "is not a demo school" in err and "--force" in err
    assert cli.main([*DEMO, "--force", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("demo-before-demo-")]
    assert f"The file that was at {path} is kept at {kept}" in out
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT COUNT(*) FROM history WHERE tbl = 'pupils'").fetchone()[0] == 1
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM history WHERE tbl = 'pupils'").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("kind", ["school", "text"])
def test_demo_force_keeps_what_it_replaces(kind, tmp_path, capsys):
    path = tmp_path / "school.db"
    if kind == "school":
        _school(path)
    else:
        path.write_text("not a database, but someone's file\n")
    before = path.read_bytes() if kind == "text" else None
    assert cli.main([*DEMO, "--db", str(path)]) == 2
    assert "is not a demo school" in capsys.readouterr().err
    assert cli.main([*DEMO, "--force", "--db", str(path)]) == 0
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("school-before-demo-")]
    assert str(kept) in capsys.readouterr().out
    if before is not None:
        assert kept.read_bytes() == before
    else:
        assert [r["initials"] for r in open_db(kept).query("SELECT initials FROM staff")] == ["KW"]


# ---- 6: "restore a backup" only for damage -------------------------------------------------

@pytest.mark.parametrize("error, says", [
    ("database or disk is full", "the disk holding the school database is full"),
    ("attempt to write a readonly database", "the school database is read-only for you"),
    ("database is locked", "the school database is busy"),
])
def test_a_failure_on_a_sound_file_never_says_restore_a_backup(error, says, tmp_path,
                                                                 monkeypatch, capsys):
    path = _school(tmp_path / "school.db")

    def fails(db):
        raise sqlite3.OperationalError(error)

    monkeypatch.setattr("amtui.store.pupils.list_staff", fails)
    assert cli.main(["staff", "list", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"amtui: {says}") and "restore a backup" not in err


def test_a_failure_on_a_damaged_file_says_restore_a_backup(tmp_path, monkeypatch, capsys):
    path = damaged_school(tmp_path / "school.db")

    def fails(db):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr("amtui.store.pupils.list_staff", fails)
    assert cli.main(["staff", "list", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"amtui: {path} is damaged (its integrity check fails: ")
    assert err.endswith("— restore a backup (the newest file made by `amtui backup`)\n")


def test_reason_checks_the_file_before_blaming_it(tmp_path, monkeypatch):
    sound = _school(tmp_path / "sound.db")
    monkeypatch.setattr(cli, "_db_in_use", [sound])
    assert cli._reason(sqlite3.OperationalError("disk I/O error")) == (
        "the school database could not be written (a disk error) — nothing was saved; check "
        "the disk and try again")
    assert cli._reason(sqlite3.ProgrammingError("Cannot operate on a closed database.")) is None


# ---- 9: backups ----------------------------------------------------------------------------

def test_a_damaged_database_is_not_backed_up(tmp_path, capsys):
    path, out = damaged_school(tmp_path / "school.db"), tmp_path / "backup.db"
    assert cli.main(["backup", "--db", str(path), "--out", str(out)]) == 2
    printed, err = capsys.readouterr()
    assert "backed up to" not in printed and not out.exists()
    assert err.startswith(f"amtui: {path} is damaged (its integrity check fails: ")
    assert "restore a backup" in err and err.endswith("nothing was backed up\n")


def test_an_older_school_is_backed_up_as_it_is(tmp_path, capsys):
    path, out = _older_school(tmp_path / "school.db"), tmp_path / "backup.db"
    assert cli.main(["backup", "--db", str(path), "--out", str(out)]) == 0
    assert f"backed up to {out}" in capsys.readouterr().out
    assert recorded(path) == recorded(out) == list(OLDER)  # nothing upgraded on the way
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
