"""The database's life: made once, upgraded once under a lock, never mistaken for another file,
private, read-only when it must be, never backed up damaged, and busy only for a second."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from school_files import OLDER, damaged_school, recorded

from amtui.core.errors import AmtuiError, Busy, StorageError
from amtui.store import migrations
from amtui.store.backup import backup
from amtui.store.db import (
    INTERACTIVE_BUSY_TIMEOUT_MS,
    Database,
    open_db,
    second_connection,
    transaction,
)


def older_school(path: Path) -> None:
    """A school database as the amtui before migration 0003 left it, with data in every table
    0003 rebuilds or reshapes (migrated the way that amtui did, through sqlite-utils)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    older = Migrations(migrations.MIGRATION_SET)
    for name in OLDER:
        older(name=name)(migrations.STEPS[name])
    older.apply(sqlite_utils.Database(conn))
    for sql in (
        "INSERT INTO staff (initials, name, role) VALUES ('KW', 'Miss K Webb', 'teacher')",
        "INSERT INTO classes (name, year_group, teacher) VALUES ('5W', 5, 'KW')",
        "INSERT INTO subjects (name) VALUES ('Maths')",
        "INSERT INTO pupils (upn, forename, surname, year_group, class_name) "
        "VALUES ('A123456789012', 'Zoë', 'Chen', 5, '5W')",
        "INSERT INTO meetings (upn, school_year, half_term, support, attitude_support) VALUES "
        "('A123456789012', 2026, 2, '[\"Times tables\", \"Reading\"]', '[\"Homework\"]')",
        "INSERT INTO medium_targets (id, upn, school_year, half_term, subject, text) "
        "VALUES (7, 'A123456789012', 2026, 2, 'Maths', 'Column subtraction')",
        "INSERT INTO history (at, who, tbl, key, new, undone) "
        "VALUES ('2026-11-24', 'KW', 'pupils', '[\"A123456789012\"]', '{}', 0)",
    ):
        conn.execute(sql)
    conn.close()
    os.chmod(path, 0o600)



def test_a_database_made_by_a_newer_amtui_is_refused(tmp_path):
    path = tmp_path / "school.db"
    db = open_db(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('amtui', '0099_from_the_future', '2030-01-01 00:00:00+00:00')")
    db.conn.close()
    for readonly in (False, True):
        with pytest.raises(AmtuiError) as refused:
            open_db(path, readonly=readonly)
        assert str(refused.value) == \
            f"{path} was made by a newer amtui — upgrade amtui to open it"


# ---- 2. migrations: once, under a lock, in one transaction ---------------------------------

def test_0003_upgrades_an_older_school_keeping_its_data(tmp_path):
    path = tmp_path / "school.db"
    older_school(path)
    assert migrations.pending(Database(sqlite3.connect(path)))[0] == "0003_changes_roles_lines"
    db = open_db(path)
    assert recorded(path) == list(migrations.STEPS)
    lines = [(r["kind"], r["text"], r["position"]) for r in db.query(
        "SELECT kind, text, position FROM support_lines ORDER BY kind, position")]
    assert lines == [("attitude", "Homework", 0), ("learning", "Times tables", 0),
                     ("learning", "Reading", 1)]
    assert [r["text"] for r in db.query("SELECT text FROM medium_targets WHERE id = 7")] == \
        ["Column subtraction"]
    columns = {r["name"] for r in db.query("SELECT name FROM pragma_table_info('meetings')")}
    assert "support" not in columns and "attitude_support" not in columns
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_are_recorded_as_sqlite_utils_records_them():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert migrations.apply(Database(conn)) == list(migrations.STEPS)
    theirs = sqlite_utils.Database(memory=True)
    Migrations("x").ensure_migrations_table(theirs)
    schema = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE '%sqlite_migrations%'"
    assert conn.execute(schema).fetchall() == theirs.execute(schema).fetchall()
    ours = Migrations(migrations.MIGRATION_SET)
    for name, step in migrations.STEPS.items():
        ours(name=name)(step)
    assert ours.pending(sqlite_utils.Database(conn)) == []
    for name, at in conn.execute("SELECT name, applied_at FROM _sqlite_migrations"):
        assert datetime.datetime.fromisoformat(at).tzinfo is not None, name


def test_a_failing_migration_keeps_nothing_of_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "school.db"
    older_school(path)

    def broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.STEPS, "0099_broken", broken)
    with pytest.raises(AmtuiError, match="could not be written"):
        open_db(path)
    assert recorded(path) == list(OLDER)  # 0003 was rolled back with it: one transaction
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name IN ('half_done', 'changes')"
                        ).fetchall() == []
    conn.close()


def _open_at_once(path: str, start: multiprocessing.synchronize.Barrier,
                  out: multiprocessing.Queue[str]) -> None:
    start.wait()
    try:
        db = open_db(path)
        db.conn.close()
        out.put("opened")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        out.put(f"{exc.__class__.__name__}: {exc}")


def _six_at_once(path: Path) -> list[str]:
    """Six processes open `path` at the same moment; what each of them got."""
    context = multiprocessing.get_context("fork")
    start, out = context.Barrier(6), context.Queue()
    workers = [context.Process(target=_open_at_once, args=(str(path), start, out))
               for _ in range(6)]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    return results


def test_six_processes_upgrading_one_older_school_all_open_it(tmp_path):
    path = tmp_path / "school.db"
    older_school(path)
    assert _six_at_once(path) == ["opened"] * 6
    assert recorded(path) == list(migrations.STEPS)  # each once


def test_six_processes_creating_one_new_school_all_open_it(tmp_path):
    path = tmp_path / "school.db"
    assert _six_at_once(path) == ["opened"] * 6
    assert recorded(path) == list(migrations.STEPS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.db"]  # no temp file left


def test_an_up_to_date_database_opens_without_migrating(tmp_path):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    assert migrations.apply(open_db(path)) == []


# ---- 3. reading never migrates or creates --------------------------------------------------

def test_read_only_opening_never_creates(tmp_path):
    path = tmp_path / "none.db"
    for kwargs in ({"readonly": True}, {"create": False}):
        with pytest.raises(AmtuiError, match="there is no school database at"):
            open_db(path, **kwargs)
        assert not path.exists()


def test_read_only_opening_never_migrates(tmp_path):
    path = tmp_path / "school.db"
    older_school(path)
    with pytest.raises(StorageError) as refused:
        open_db(path, readonly=True)
    assert str(refused.value) == (f"{path} was made by an older amtui — open it once with amtui "
                                  "to upgrade it, then try again")
    assert recorded(path) == list(OLDER)
    as_is = open_db(path, any_version=True)  # what a backup needs
    assert as_is.readonly and recorded(path) == list(OLDER)


def test_a_database_opened_read_only_refuses_writes(tmp_path):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    db = open_db(path, readonly=True)
    assert db.readonly and db.notices == []
    with pytest.raises(StorageError, match="read-only"), transaction(db):
        db.execute("INSERT INTO subjects (name) VALUES ('Maths')")


# ---- 4. only a new path is created ---------------------------------------------------------

@pytest.mark.parametrize("kind", ["empty", "text", "foreign sqlite", "blank sqlite"])
def test_an_empty_or_foreign_file_is_never_made_a_school(kind, tmp_path):
    path = tmp_path / "school.db"
    if kind == "empty":
        path.touch()
    elif kind == "text":
        path.write_text("shopping list: milk, eggs, bread\n" * 200)
    else:
        conn = sqlite3.connect(path)
        if kind == "foreign sqlite":
            conn.execute("CREATE TABLE notes (body TEXT)")
            conn.execute("INSERT INTO notes VALUES ('keep me')")
        else:
            conn.execute("PRAGMA user_version = 1")  # a header, and no tables
        conn.commit()
        conn.close()
    os.chmod(path, 0o600)
    before = path.read_bytes()
    with pytest.raises(AmtuiError, match="is not an amtui database"):
        open_db(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.db"]


def test_a_new_school_appears_whole_and_private(tmp_path):
    path = tmp_path / "new" / "school.db"
    db = open_db(path)
    assert migrations.pending(db) == [] and db.notices == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    db.conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["school.db"]  # no temp file left


# ---- 7. a file this user may not write -----------------------------------------------------

def test_a_file_this_user_may_not_write_opens_read_only(tmp_path, monkeypatch):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    monkeypatch.setattr("amtui.store.db._writable", lambda file: False)
    db = open_db(path)
    assert db.readonly
    assert db.notices == [f"{path} is read-only for you, so amtui opens it for reading only and "
                          "nothing can be saved — ask whoever looks after it for write access"]
    assert list(db.query("SELECT name FROM subjects")) == []
    with pytest.raises(StorageError, match="read-only for you — nothing was saved"), \
            transaction(db):
        db.execute("INSERT INTO subjects (name) VALUES ('Maths')")
    assert second_connection(db).readonly


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_read_only_file_opens_read_only(tmp_path):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    os.chmod(path, 0o400)
    db = open_db(path)
    assert db.readonly and "read-only for you" in db.notices[0]
    with pytest.raises(StorageError), transaction(db):
        db.execute("INSERT INTO subjects (name) VALUES ('Maths')")


def test_an_older_school_this_user_may_not_write_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "school.db"
    older_school(path)
    monkeypatch.setattr("amtui.store.db._writable", lambda file: False)
    with pytest.raises(StorageError, match="read-only for you — ask whoever looks after it to "
                                           "open it once with amtui to upgrade it"):
        open_db(path)
    assert recorded(path) == list(OLDER)


# ---- 8. permissions ------------------------------------------------------------------------

def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_database_open_to_others_is_made_private(tmp_path):
    path = tmp_path / "school.db"
    holder = open_db(path)  # keeps the -wal and -shm files beside it
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    for file in (path, wal, shm):
        os.chmod(file, 0o644)
    db = open_db(path)
    assert [_mode(file) for file in (path, wal, shm)] == [0o600] * 3
    assert db.notices[0] == (f"the school database {path} was open to other users (mode 0644) "
                             "— amtui closed it to them (now 0600)")
    assert len(db.notices) == 3
    holder.conn.close()


def test_group_bits_outside_a_shared_folder_are_removed(tmp_path):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    os.chmod(path, 0o640)
    db = open_db(path)
    assert _mode(path) == 0o600
    assert db.notices == [f"the school database {path} was open to its group (mode 0640) — "
                          "amtui closed it to them (now 0600)"]


def test_a_folder_open_to_others_is_made_private(tmp_path):
    folder = tmp_path / "school"
    path = folder / "school.db"
    open_db(path).conn.close()
    os.chmod(folder, 0o755)
    db = open_db(path)
    assert _mode(folder) == 0o700
    assert db.notices == [f"the folder of the school database {folder} was open to other users "
                          "(mode 0755) — amtui closed it to them (now 0700)"]


def test_a_shared_school_keeps_its_group(tmp_path):
    folder = tmp_path / "shared"
    path = folder / "school.db"
    open_db(path).conn.close()
    os.chmod(folder, 0o2775)
    os.chmod(path, 0o664)
    db = open_db(path)
    assert (_mode(folder), _mode(path)) == (0o2770, 0o660)  # 'other' bits gone, group kept
    assert len(db.notices) == 2
    assert open_db(path).notices == []


def test_a_loose_file_of_someone_else_is_refused_with_the_fix(tmp_path, monkeypatch):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    os.chmod(path, 0o644)
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # amtui run by another user
    with pytest.raises(StorageError) as refused:
        open_db(path)
    assert str(refused.value).startswith(f"the school database {path} is open to other users "
                                         "(mode 0644) and belongs to ")
    assert str(refused.value).endswith(f" — ask them to run: chmod go-rwx {path}")
    assert _mode(path) == 0o644


def test_a_loose_folder_of_someone_else_is_refused_with_the_fix(tmp_path, monkeypatch):
    folder = tmp_path / "everyone"
    path = folder / "school.db"
    open_db(path).conn.close()
    os.chmod(folder, 0o1777)  # like /tmp
    monkeypatch.setattr(os, "geteuid", lambda: folder.stat().st_uid + 1)
    with pytest.raises(StorageError) as refused:
        open_db(path)
    assert str(refused.value).startswith(
        f"the folder of the school database {folder} is open to other users (mode 1777) and "
        "belongs to ")
    assert "— move the database into a folder only you can open (made with mkdir -m 700), or " \
        "ask " in str(refused.value)
    assert str(refused.value).endswith(f" to run: chmod go-rwx {folder}")


# ---- 9. backups ----------------------------------------------------------------------------

def test_a_damaged_database_is_never_backed_up(tmp_path):
    path, out = tmp_path / "school.db", tmp_path / "backup.db"
    damaged_school(path)
    with pytest.raises(StorageError) as refused:
        backup(open_db(path, any_version=True), out)
    message = str(refused.value)
    assert message.startswith(f"{path} is damaged (its integrity check fails: ")
    assert message.endswith("— restore a backup (the newest file made by `amtui backup`); "
                            "nothing was backed up")
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


class _FailingMidway:
    """A connection whose online backup stops with a disk error after copying some pages."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def backup(self, target: sqlite3.Connection, **_: object) -> None:
        def stop(status: int, remaining: int, total: int) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        self._conn.backup(target, pages=2, progress=stop)


def test_a_backup_that_fails_midway_leaves_no_file(tmp_path):
    path, out = tmp_path / "school.db", tmp_path / "copies" / "backup.db"
    open_db(path).conn.close()
    source = open_db(path, any_version=True)
    with pytest.raises(StorageError, match="nothing was backed up"):
        backup(Database(_FailingMidway(source.conn)), out)  # type: ignore[arg-type]
    assert list(out.parent.iterdir()) == []


# ---- 10. busy for a second, not five -------------------------------------------------------

def test_a_write_blocked_by_a_long_import_says_busy_within_a_second(tmp_path):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    importer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    importer.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    released = threading.Event()

    def release() -> None:
        importer.execute("ROLLBACK")
        released.set()

    timer = threading.Timer(5.0, release)  # only after the default busy timeout
    timer.start()
    try:
        db = open_db(path, busy_timeout_ms=INTERACTIVE_BUSY_TIMEOUT_MS)
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == INTERACTIVE_BUSY_TIMEOUT_MS
        with pytest.raises(Busy, match="the school database is busy"), transaction(db):
            db.execute("INSERT INTO subjects (name) VALUES ('Maths')")
        assert not released.is_set()  # it told us before the import let go
        assert second_connection(db).execute("PRAGMA busy_timeout").fetchone()[0] == \
            INTERACTIVE_BUSY_TIMEOUT_MS
    finally:
        timer.cancel()
        if not released.is_set():
            release()
        importer.close()
