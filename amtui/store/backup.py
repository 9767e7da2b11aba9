"""A consistent copy of the school database (SQLite's online backup), owner-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from amtui.core.errors import InvalidInput
from amtui.store.db import Database
from amtui.store.files import private_replacement


def backup(db: Database, out: Path) -> Path:
    """Copy the open database to `out` (a new file, mode 0600) while others may be writing.
    The copy is made in a temp file beside `out` and renamed: a failure leaves no half backup."""
    if out.exists():
        raise InvalidInput(f"{out} already exists — choose a new file name for the backup")
    with private_replacement(out) as temp:
        target = sqlite3.connect(temp)
        try:
            db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
    return out
