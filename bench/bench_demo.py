"""Demo build time, and the 2,000-pupil, 10-year database other benchmarks read."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from common import Result, timed

from amtui.core.scheme_file import load_scheme
from amtui.store import demo
from amtui.store.db import open_db

TODAY = date(2026, 11, 24)
BIG = Path(tempfile.gettempdir()) / "amtui-bench-2000.db"


def _build(path: Path, **options: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path)
    demo.build_demo(db, load_scheme(), today=TODAY, **options)
    db.conn.close()


def big_db_path() -> Path:
    """The big school (2,000 pupils, 10 years), rebuilt when the demo code is newer."""
    source = Path(demo.__file__).stat().st_mtime
    if not BIG.exists() or BIG.stat().st_mtime < source:
        _build(BIG, pupils=2000, years=10)
    return BIG


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        small = timed(lambda: _build(Path(tmp) / "demo.db"), repeat=5)
        big = timed(lambda: _build(Path(tmp) / "big.db", pupils=2000, years=10), repeat=1, warmup=0)
    return [Result("demo build (210 pupils, 2 years)", small),
            Result("demo build (2,000 pupils, 10 years)", big)]
