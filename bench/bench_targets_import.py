"""MIS imports for a 2,000-pupil school: attendance and lates for a half-term (every pupil's
figures changed, as one change), and starting points with their target ladders (all new, then
the export read back unchanged)."""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import date
from pathlib import Path

from bench_demo import big_db_path
from common import Result, timed

from amtui.core.scheme_file import load_scheme
from amtui.core.terms import term_on
from amtui.store import exports, pupils
from amtui.store.attendance_csv import import_attendance
from amtui.store.db import open_db
from amtui.store.targets_csv import import_targets

TODAY = date(2026, 11, 24)


def _attendance_files(folder: Path, upns: list[str]) -> list[Path]:
    """Two files whose every figure differs, so each import writes every row."""
    rng = random.Random(7)
    files = []
    for n, (low, high) in enumerate(((80.0, 89.9), (90.0, 100.0))):
        path = folder / f"attendance{n}.csv"
        path.write_text("Attendance by pupil, Autumn 2\n\nUPN,Attendance %,Lates\n" + "".join(
            f"{upn},{rng.uniform(low, high):.2f},{n * 5 + rng.randrange(5)}\n" for upn in upns))
        files.append(path)
    return files


def run() -> list[Result]:
    scheme = load_scheme()
    term = term_on(TODAY, scheme)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copyfile(big_db_path(), folder / "school.db")
        db = open_db(folder / "school.db")
        leader = next(s for s in pupils.list_staff(db) if s.role == "slt")
        upns = [p.upn for p in pupils.list_pupils(db)]
        files = _attendance_files(folder, upns)
        turn = iter(range(1_000))
        attendance = timed(lambda: import_attendance(db, leader, files[next(turn) % 2], scheme,
                                                     term), repeat=5)

        targets_file = folder / "targets.csv"
        rows = exports.export(db, scheme, "targets", targets_file, today=TODAY)
        unchanged = timed(lambda: import_targets(db, leader, targets_file, scheme), repeat=3)

        with db.conn:  # a school with its roster and no targets yet
            db.execute("DELETE FROM targets")
            db.execute("DELETE FROM starting_points")
        db.conn.close()
        shutil.copyfile(folder / "school.db", folder / "empty.db")

        def fresh() -> None:
            shutil.copyfile(folder / "empty.db", folder / "fresh.db")
            import_targets(open_db(folder / "fresh.db"), leader, targets_file, scheme)

        new = timed(fresh, repeat=3, warmup=0)
    pupils_note = f"{len(upns):,} pupils"
    return [
        Result("attendance import (2,000 pupils, % and lates)", attendance,
               note=f"{pupils_note}, every figure changed, one change"),
        Result("targets import (2,000 pupils, new ladders)", new,
               note=f"{pupils_note}, {rows:,} rows: starting points, ladders, raises"),
        Result("targets import (2,000 pupils, unchanged)", unchanged,
               note=f"{pupils_note}, the export read back: nothing written")]
