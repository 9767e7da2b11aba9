"""A consistent copy of the school database (SQLite's online backup), owner-only."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from amtui.core.errors import InvalidInput, StorageError
from amtui.store.db import (
    SQLITE_HEADER,
    Database,
    damaged_message,
    database_path,
    integrity_problems,
)
from amtui.store.files import private_replacement


def backup(db: Database, out: Path) -> Path:
    """Copy the open database to `out` (a new file, mode 0600) while others may be writing.
    A damaged database (PRAGMA integrity_check fails) is refused, never passed off as a backup.
    The copy is made in a temp file beside `out`, checked, then renamed: a failure leaves no
    half backup."""
    if out.exists():
        raise InvalidInput(f"{out} already exists — choose a new file name for the backup")
    _refuse_damaged(db, db.conn)
    try:
        with private_replacement(out) as temp:
            target = sqlite3.connect(temp)
            try:
                db.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                _refuse_damaged(db, target)
            finally:
                target.close()
    except sqlite3.Error as exc:
        _refuse_damaged(db, db.conn)
        raise StorageError(f"the backup to {out} could not be made ({exc}) — nothing was backed "
                           "up; check that its folder is writable and has space") from None
    return out


def _refuse_damaged(db: Database, conn: sqlite3.Connection) -> None:
    """Raise `StorageError` if the integrity check of `conn` (the source or the copy) fails."""
    try:
        problems = integrity_problems(conn)
    except sqlite3.Error as exc:
        raise StorageError(f"the school database could not be checked before the backup ({exc}) "
                           "— nothing was backed up; try again in a moment") from None
    if problems:
        source = database_path(db) or Path("the school database")
        raise StorageError(f"{damaged_message(source, '; '.join(problems[:3]))}; nothing was "
                           "backed up")


def keep_aside(path: Path, label: str) -> Path:
    """A private copy (0600) of whatever file is at `path`, beside it as
    `<name>-<label>-<date>-<time><suffix>`: an SQLite database through the online backup (whole,
    with what is still in its WAL), any other file byte for byte. Returns where it is."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out, n = path.with_name(f"{path.stem}-{label}-{stamp}{path.suffix}"), 1
    while out.exists():
        out, n = path.with_name(f"{path.stem}-{label}-{stamp}-{n}{path.suffix}"), n + 1
    with private_replacement(out) as temp:
        if not _sqlite_copy(path, temp):
            shutil.copyfile(path, temp)
    return out


def _sqlite_copy(path: Path, temp: Path) -> bool:
    """Copy the SQLite database at `path` into `temp`; False if it is not one that copies."""
    with path.open("rb") as opened:
        if opened.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return False
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(temp)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error:
        return False
    return True
