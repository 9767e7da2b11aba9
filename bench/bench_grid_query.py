"""The class grid's data: one class's records for the current half-term (every subject and
attitude area) and their summaries, on the default demo and on a 2,000-pupil, 10-year school."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from bench_demo import big_db_path
from common import Result, timed

from amtui.core.progress import summarise
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import term_on
from amtui.store import pupils, records
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)


def _measure(path: Path, label: str) -> list[Result]:
    scheme = load_scheme()
    db = open_db(path)
    term = term_on(TODAY, scheme)
    group = next(c for c in pupils.list_classes(db) if c.year_group == 5)
    size = len(pupils.list_pupils(db, group.name))
    query = timed(lambda: records.class_records(db, group.name, term), repeat=50, warmup=3)
    full = timed(lambda: [summarise(r, scheme)
                          for r in records.class_records(db, group.name, term)],
                 repeat=50, warmup=3)
    one = timed(lambda: records.pupil_record(db, pupils.list_pupils(db, group.name)[0].upn, term),
                repeat=100, warmup=3)
    note = f"{size} pupils, class {group.name}"
    return [Result(f"grid query ({label})", query, note=note),
            Result(f"grid query + colours ({label})", full, note=note),
            Result(f"one pupil's record ({label})", one, note="the row re-read after an edit")]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        db = open_db(demo)
        build_demo(db, load_scheme(), today=TODAY)
        db.conn.close()
        results = _measure(demo, "demo school")
    return results + _measure(big_db_path(), "2,000 pupils × 10 years")
