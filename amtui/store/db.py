"""Open a school's SQLite file: owner-only permissions, WAL, foreign keys, migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amtui.core.errors import AmtuiError, Conflict
from amtui.store import migrations

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
Params = Sequence[Any] | Mapping[str, Any]


class Database:
    """An open school database: one sqlite3 connection and the two calls the store makes on it,
    `query` and `execute` (as sqlite-utils spells them). sqlite-utils itself (`utils`) is
    imported only when a migration or a table inspection needs it, which keeps its import off
    the path to the first screen."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Params = ()) -> Iterator[dict[str, Any]]:
        """The rows of `sql` as dicts, column name → value."""
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row))

    @cached_property
    def utils(self) -> sqlite_utils.Database:
        """The same connection as a sqlite-utils Database."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)


def default_db_path() -> Path:
    """`$AMTUI_DB`, else `amtui/school.db` in the user's data directory."""
    if env := os.environ.get("AMTUI_DB"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "amtui" / "school.db"


def create_private(path: Path) -> None:
    """Create `path` (and its folder) readable by the owner only, if it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def open_db(path: str | Path | None = None, *, memory: bool = False) -> Database:
    """Open (creating if needed) and migrate a school database."""
    if memory:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    else:
        file = Path(path) if path is not None else default_db_path()
        if not file.exists():
            create_private(file)
        try:
            conn = sqlite3.connect(file, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise AmtuiError(f"{file} is not an amtui database ({exc})") from None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous = FULL")
    db = Database(conn)
    migrations.apply(db)
    return db


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock first (BEGIN IMMEDIATE): commit or roll
    back as one. Nested use joins the outer transaction."""
    if db.conn.in_transaction:
        yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise Conflict("the school database is busy (another user is saving) — try again") from exc
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def second_connection(db: Database) -> Database:
    """A new connection to the same file, for a worker thread (an in-memory db is shared as is)."""
    file = db.execute("PRAGMA database_list").fetchone()[2]
    return open_db(file) if file else db
