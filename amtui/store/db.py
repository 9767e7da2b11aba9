"""Open a school's SQLite file: owner-only permissions (group-only in a folder staff share),
a local disk, WAL, foreign keys, migrations.

Opening refuses what is not this amtui's school database (an empty, non-SQLite or foreign file,
one made by a newer amtui) rather than turning it into an empty school; only a path that does
not exist yet is created. Permissions are tightened (or the file refused) before anything is
written, and a file this user may not write is opened for reading only."""

from __future__ import annotations

import os
import secrets
import sqlite3
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amtui.core.errors import AmtuiError, Busy, StorageError
from amtui.store import migrations
from amtui.store.groups import require_reachable
from amtui.store.local_disk import require_local_disk

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
INTERACTIVE_BUSY_TIMEOUT_MS = 3000
"""For someone at the keyboard: a write blocked by another's long import says so (`Busy`)
within three seconds instead of freezing the screen for five. Not less: with 30 staff keying at
full speed on one server, a write waited up to ~2.4 s for its turn (bench_concurrent_staff), and
at 1 s one edit in a hundred was refused as busy."""
SQLITE_HEADER = b"SQLite format 3\x00"
CHECK_PATH = "check the path given to amtui (--db or $AMTUI_DB)"
Params = Sequence[Any] | Mapping[str, Any]


class Database:
    """An open school database: one sqlite3 connection and the two calls the store makes on it,
    `query` and `execute` (as sqlite-utils spells them). sqlite-utils itself (`utils`) is
    imported only when a migration or a table inspection needs it, which keeps its import off
    the path to the first screen."""

    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False,
                 notices: Sequence[str] = ()) -> None:
        self.conn = conn
        self.session = secrets.token_hex(8)  # undo reaches only this connection's own changes
        self.current_change: Any = None  # the `history.Change` being written, if any
        self.readonly = readonly
        """Opened for reading only — asked for (`open_db(readonly=True)`), or because this user
        may not write the file or its folder. Every write then raises `StorageError`; the app is
        to show a banner saying nothing can be saved."""
        self.notices: list[str] = list(notices)
        """Sentences about what opening found or did (permissions tightened, opened read-only),
        for the person at the keyboard: the CLI prints them to stderr, the app may show them."""

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        """The rows of `sql` as dicts, column name → value."""
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    @cached_property
    def utils(self) -> sqlite_utils.Database:
        """The same connection as a sqlite-utils Database."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)


def default_db_path() -> Path:
    """`$AMTUI_DB`, else `school.db` in amtui's data folder (`$XDG_DATA_HOME/amtui` on Linux)."""
    if env := os.environ.get("AMTUI_DB"):
        return Path(env).expanduser()
    from amtui import folders

    return folders.data_dir() / "school.db"


# ---- what is at the path -------------------------------------------------------------------

def _beside(file: Path) -> list[Path]:
    """The files SQLite keeps beside a WAL database."""
    return [Path(f"{file}-wal"), Path(f"{file}-shm")]


def _create(file: Path) -> None:
    """Make a new, migrated school database at `file`, which does not exist yet: 0600, or 0660
    in a shared (setgid) folder, whose group it takes. It is built in a temp file beside it and
    linked into place only when complete, so `file` is never seen half made; if another process
    made `file` meanwhile, theirs is kept."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".new")
    except OSError as exc:
        raise StorageError(f"a school database cannot be made at {file} ({exc.strerror}) — "
                           "choose a folder you may write to") from None
    os.close(fd)  # mkstemp made it 0600
    temp = Path(name)
    try:
        if is_shared(file.parent):
            os.chmod(temp, 0o660)  # SQLite gives its -wal and -shm the same mode
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrations.apply(Database(conn))
        finally:
            conn.close()  # the last connection folds the WAL into the file
        try:
            os.link(temp, file)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not file.exists():
                os.replace(temp, file)
    finally:
        for path in (temp, *_beside(temp)):
            path.unlink(missing_ok=True)


def _check_file(file: Path) -> None:
    """Refuse what cannot be a school database before SQLite touches it: a folder, an empty
    file (SQLite would quietly make it a new, empty school) or a file that is not SQLite."""
    if file.is_dir():
        raise AmtuiError(f"{file} is a folder, not an amtui database — {CHECK_PATH}")
    if not file.exists():
        raise AmtuiError(f"there is no school database at {file} — {CHECK_PATH}")
    try:
        with file.open("rb") as opened:
            head = opened.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"{file} cannot be read ({exc.strerror}) — ask whoever looks after "
                           "it for access") from None
    if not head:
        raise AmtuiError(f"{file} is empty (0 bytes), so it is not an amtui database — "
                         f"{CHECK_PATH}, or delete the empty file to start a new school there")
    if head != SQLITE_HEADER:
        raise AmtuiError(f"{file} is not an amtui database (not an SQLite file at all) — "
                         f"{CHECK_PATH}")


def _identify(db: Database, file: Path, *, any_version: bool) -> None:
    """Refuse an SQLite file that amtui did not make, or that a newer amtui made."""
    if migrations.is_blank(db):
        raise AmtuiError(f"{file} is not an amtui database (an SQLite file with nothing in it) "
                         f"— {CHECK_PATH}, or delete it to start a new school there")
    if not migrations.is_amtui(db):
        raise AmtuiError(f"{file} is not an amtui database (an SQLite file another program "
                         f"made) — {CHECK_PATH}")
    if migrations.unknown(db) and not any_version:
        raise AmtuiError(f"{file} was made by a newer amtui — upgrade amtui to open it")


# ---- who may read and write it -------------------------------------------------------------

def _owner(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user {uid}"


def is_shared(folder: Path) -> bool:
    """Whether `folder` is shared by a group of staff: setgid (2770), so that every file made
    in it belongs to the folder's group."""
    return bool(folder.stat().st_mode & stat.S_ISGID)


def _loose_bits(mode: int, shared: bool) -> int:
    """Permission bits a school database (or its folder) must not have: any for other users,
    and for the group too unless the folder is a shared one (setgid, e.g. 2770 with 0660
    files: staff in one group sharing one school)."""
    return mode & (0o007 if shared else 0o077)


def _tighten(path: Path, label: str, shared: bool) -> str | None:
    """Remove the loose bits of `path` if it is ours (and say so), refuse it if it is not."""
    info = path.stat()
    mode = stat.S_IMODE(info.st_mode)
    loose = _loose_bits(mode, shared)
    if not loose:
        return None
    whom = "other users" if loose & 0o007 else "its group"
    if info.st_uid != os.geteuid():
        owner, fix = _owner(info.st_uid), f"chmod {'o' if shared else 'go'}-rwx {path}"
        if path.is_dir():
            how = (f"move the database into a folder only you can open (made with mkdir -m 700), "
                   f"or ask {owner} to run: {fix}")
        elif loose & 0o007 or shared:
            how = f"ask them to run: {fix}"
        else:
            how = (f"ask them to run: {fix} — or, for staff sharing it as a group, to make its "
                   f"folder shared: chmod 2770 {path.parent}")
        raise StorageError(f"{label} {path} is open to {whom} (mode {mode:04o}) and belongs to "
                           f"{owner} — {how}")
    os.chmod(path, mode & ~loose)
    return (f"{label} {path} was open to {whom} (mode {mode:04o}) — amtui closed it to them "
            f"(now {mode & ~loose:04o})")


def secure(file: Path) -> list[str]:
    """Make the database, the files beside it and its folder private: 0600 and 0700, or 0660
    and 2770 in a shared (setgid) folder. Returns what was tightened, as sentences; raises
    `StorageError` (with the chmod that fixes it) for a loose file that belongs to someone
    else."""
    real = file.resolve()
    folder = real.parent
    shared = is_shared(folder)
    notices = []
    folders = [] if folder == Path.home().resolve() else [  # a home folder is not ours to close
        (folder, "the folder of the school database")]
    for path, label in (*folders, (real, "the school database"),
                        *((beside, "the database's file") for beside in _beside(real))):
        if path.exists() and (notice := _tighten(path, label, shared)):
            notices.append(notice)
    return notices


def _writable(file: Path) -> bool:
    """Whether this user may write the database: the file, its folder (SQLite makes its -wal,
    -shm and journal files there) and the -wal and -shm already beside it."""
    real = file.resolve()
    return all(os.access(path, os.W_OK)
               for path in (real, real.parent, *_beside(real)) if path.exists())


# ---- opening -------------------------------------------------------------------------------

def _connect(file: Path, readonly: bool) -> sqlite3.Connection:
    target, uri = (f"{file.resolve().as_uri()}?mode=ro", True) if readonly else (str(file), False)
    return sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)


def _prepare(conn: sqlite3.Connection, readonly: bool) -> None:
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # opening may wait for a migration
    conn.execute("PRAGMA synchronous = FULL")


def _upgrade(db: Database, file: Path, *, asked_readonly: bool) -> None:
    """Apply pending migrations; a database opened read-only that needs them is refused."""
    if not migrations.pending(db):
        return
    if asked_readonly:
        raise StorageError(f"{file} was made by an older amtui — open it once with amtui to "
                           "upgrade it, then try again")
    if db.readonly:
        raise StorageError(f"{file} was made by an older amtui and is read-only for you — ask "
                           "whoever looks after it to open it once with amtui to upgrade it")
    migrations.apply(db)


def open_db(path: str | Path | None = None, *, memory: bool = False, readonly: bool = False,
            create: bool = True, any_version: bool = False,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    """Open a school database and bring it up to this amtui's schema.

    - `create`: a path that does not exist yet becomes a new, empty school (only commands that
      create pass it; it is the default for tests). An existing file is never turned into one:
      an empty, non-SQLite or foreign file, or one a newer amtui made, is refused.
    - `readonly`: never write (no creation, no migration; an older database is refused).
      Chosen by itself when this user may not write the file or its folder: then
      `db.readonly` is True and `db.notices` says so.
    - `any_version`: with `readonly`, take an older or newer amtui database as it is (a
      backup copies it whatever its version).
    - `busy_timeout_ms`: how long a write waits for someone else's lock before `Busy`; the
      interactive app passes `INTERACTIVE_BUSY_TIMEOUT_MS`.

    Loose permissions are tightened, or the file refused (`secure`); `db.notices` lists what
    was done. A folder this user may not enter, a file they may not read (the group to join,
    when a group shares it) and a network file system are refused first. Every refusal is an
    `AmtuiError` whose message says what to do."""
    if memory:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _prepare(conn, readonly=False)
        db = Database(conn)
        migrations.apply(db)
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        return db
    file = Path(path) if path is not None else default_db_path()
    require_reachable(file)  # a folder this user may not enter: said with the group to join
    require_local_disk(file)
    readonly = readonly or any_version
    if not os.path.lexists(file) and create and not readonly:
        _create(file)
    _check_file(file)
    notices = secure(file)  # before SQLite makes its -wal and -shm: they copy the file's mode
    asked_readonly = readonly
    if not readonly and not _writable(file):
        readonly = True
        notices.append(f"{file} is read-only for you, so amtui opens it for reading only and "
                       "nothing can be saved — ask whoever looks after it for write access")
    try:
        conn = _connect(file, readonly)
    except sqlite3.Error as exc:
        raise _open_error(file, exc) from None
    try:
        db = Database(conn, readonly=readonly, notices=notices)
        _identify(db, file, any_version=any_version)
        _prepare(conn, readonly)
        if not any_version:
            _upgrade(db, file, asked_readonly=asked_readonly)
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    except sqlite3.Error as exc:
        conn.close()
        raise _open_error(file, exc) from None
    except BaseException:
        conn.close()
        raise
    return db


# ---- damage --------------------------------------------------------------------------------

def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong (empty when the database is sound). A database
    too damaged for the check to run counts as damaged."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and not _corrupt(exc):
            raise  # locked, unreadable: the check could not say
        return [str(exc)]
    return [row[0] for row in rows if row[0] != "ok"]


def _corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def damage(path: Path) -> str | None:
    """What the integrity check finds wrong with the SQLite file at `path`, or None when it
    passes — or cannot say (no such file, not SQLite at all, no access, locked)."""
    try:
        with path.open("rb") as opened:
            if opened.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.Error):
        return None
    try:
        problems = integrity_problems(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return "; ".join(problems[:3]) or None


def damaged_message(path: Path, problem: str) -> str:
    return (f"{path} is damaged (its integrity check fails: {problem}) — restore a backup "
            "(the newest file made by `amtui backup`)")


def _open_error(file: Path, exc: sqlite3.Error) -> AmtuiError:
    """What a failure while opening means: damage (restore a backup) only when the integrity
    check on the file fails; otherwise what `storage_error` says."""
    if problem := damage(file):
        return StorageError(damaged_message(file, problem))
    real = file.resolve()
    if not os.access(real.parent, os.W_OK) and not _beside(real)[1].exists():
        return StorageError(f"the folder {real.parent} is read-only for you, and SQLite must make "
                            "the database's -shm file there even to read it — ask whoever looks "
                            "after it for write access to the folder (mode 2770 for staff "
                            "sharing one school)")
    if "unable to open" in str(exc).lower():
        return StorageError(f"{file} cannot be opened — check that it and its folder are "
                            "readable by you")
    return storage_error(exc)


def storage_error(exc: sqlite3.Error) -> AmtuiError:
    """What a failed read or write of the database means to the person at the keyboard."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return Busy("the school database is busy (someone else is saving, or an import is "
                    "running) — nothing was saved; try again in a moment")
    if "readonly" in text or "read-only" in text:
        return StorageError("the school database is read-only for you — nothing was saved; "
                            "ask whoever looks after it for write access")
    if "full" in text:
        return StorageError("the disk holding the school database is full — nothing was saved; "
                            "free some space and try again")
    if "disk i/o" in text:
        return StorageError("the school database could not be written (a disk error) — nothing "
                            "was saved; check the disk and try again")
    return StorageError(f"the school database could not be used ({exc.__class__.__name__}) — "
                        "nothing was saved")


def _begin(db: Database, statement: str) -> None:
    try:
        db.conn.execute(statement)
    except sqlite3.Error as exc:
        raise storage_error(exc) from None


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock first (BEGIN IMMEDIATE): commit or roll
    back as one. Nested use joins the outer transaction. A database error becomes a sentence
    (`storage_error`) and nothing of the transaction is kept."""
    if db.conn.in_transaction:
        yield db
        return
    _begin(db, "BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException as exc:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise storage_error(exc) from None
        raise


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """Reads that see one committed state of the database, whatever others write meanwhile (a
    deferred read transaction: WAL keeps its snapshot until it ends). Nested use joins."""
    if db.conn.in_transaction:
        yield db
        return
    _begin(db, "BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def database_path(db: Database) -> Path | None:
    """The file behind `db` (None for an in-memory database)."""
    file = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(file) if file else None


def second_connection(db: Database) -> Database:
    """A new connection to the same file, for a worker thread (an in-memory db is shared as is):
    read-only if `db` is, with the same busy timeout."""
    file = database_path(db)
    if file is None:
        return db
    timeout = db.execute("PRAGMA busy_timeout").fetchone()[0]
    return open_db(file, create=False, readonly=db.readonly, busy_timeout_ms=timeout)
