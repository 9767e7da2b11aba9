"""The progress meeting's report for the whole school: its data (every record, summary and
programme's impact) and its PDF and CSV, on the demo school and on the 2,000-pupil, 10-year
school."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from bench_demo import big_db_path
from common import Result, timed

from amtui.core.scheme_file import load_scheme
from amtui.core.terms import term_on
from amtui.report.progress import csv_rows, render_progress
from amtui.store import pupils
from amtui.store.db import open_db
from amtui.store.demo import build_demo
from amtui.store.progress_meeting import progress_meeting

TODAY = date(2026, 11, 24)


def _measure(path: Path, label: str, repeat: int) -> list[Result]:
    scheme = load_scheme()
    db = open_db(path)
    term = term_on(TODAY, scheme)
    leader = next(s for s in pupils.list_staff(db) if s.role == "slt")
    meeting = progress_meeting(db, scheme, term, TODAY, leader)
    data = timed(lambda: progress_meeting(db, scheme, term, TODAY, leader), repeat=repeat)
    pdf = timed(lambda: render_progress(meeting, scheme, scheme.school, TODAY), repeat=repeat)
    rows = timed(lambda: csv_rows(meeting, scheme), repeat=repeat)
    pages = render_progress(meeting, scheme, scheme.school, TODAY).count(b"/Type /Page\n")
    note = (f"{meeting.pupils} pupils, {len(meeting.off_track)} off-track rows, "
            f"{len(meeting.programmes)} programmes")
    db.conn.close()
    return [Result(f"progress meeting data ({label})", data, note=note),
            Result(f"progress meeting PDF ({label})", pdf, note=f"{pages} pages, from the data"),
            Result(f"progress meeting CSV rows ({label})", rows, note=note)]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        db = open_db(demo)
        build_demo(db, load_scheme(), today=TODAY)
        db.conn.close()
        results = _measure(demo, "demo school", repeat=10)
    return results + _measure(big_db_path(), "2,000 pupils × 10 years", repeat=3)
