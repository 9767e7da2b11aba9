"""A consistent copy of the school database (SQLite's online backup), owner-only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from amtui.core.errors import InvalidInput
from amtui.store.db import create_private


def backup(db: Database, out: Path) -> Path:
    """Copy the open database to `out` (a new file, mode 0600) while others may be writing."""
    if out.exists():
        raise InvalidInput(f"{out} already exists — choose a new file name for the backup")
    create_private(out)
    target = sqlite3.connect(out)
    try:
        db.conn.backup(target)
    finally:
        target.close()
    os.chmod(out, 0o600)
    return out
