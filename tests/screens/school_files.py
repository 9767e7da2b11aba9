"""School database files in the states the database-life tests need: older, damaged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from amtui.store.db import open_db

OLDER = ("0001_initial", "0002_attainment_by_pupil")  # what amtui had before 0003


def recorded(path: Path) -> list[str]:
    """The amtui migrations the file records as applied, in order."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations "
                                               "WHERE migration_set = 'amtui' ORDER BY id")]
    finally:
        conn.close()


def damaged_school(path: Path) -> Path:
    """A school whose history pages are overwritten with garbage (a failing disk)."""
    db = open_db(path)
    db.conn.executemany("INSERT INTO history (at, who, tbl, key, new) VALUES "
                        "('2026-11-24', 'KW', 'attainment', ?, ?)",
                        [(str(n), "x" * 200) for n in range(3000)])
    db.conn.close()
    pages = path.stat().st_size // 4096
    with path.open("r+b") as file:
        file.seek((pages - 10) * 4096)
        file.write(bytes(range(256)) * 48)
    return path
