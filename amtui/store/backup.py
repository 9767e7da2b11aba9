"""A consistent copy of the school database (SQLite's online backup), owner-only."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from amtui.core.errors import InvalidInput
from amtui.store.db import Database


def backup(db: Database, out: Path) -> Path:
    """Copy the open database to `out` (a new file, mode 0600) while others may be writing.
    The copy is made in a temp file beside `out` and renamed: a failure leaves no half backup."""
    if out.exists():
        raise InvalidInput(f"{out} already exists — choose a new file name for the backup")
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")  # 0600
    os.close(fd)
    temp = Path(name)
    try:
        target = sqlite3.connect(temp)
        try:
            db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return out
