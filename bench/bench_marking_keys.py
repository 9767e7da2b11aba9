"""A class of 30 marked on ten criteria from the class grid with Pilot: `M`, the subject's key,
then one mark key per pupil down each criterion (`home` `→` to the next): how many keys it takes
and how long, end to end; the stored marks are counted to show every key landed."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from common import Result

from amtui.app import AmtuiApp
from amtui.core.scheme_file import load_scheme
from amtui.store import pupils
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)
CLASS = "5W"
CRITERIA = 10
MARKS = ("x", "x", "slash", "full_stop", "x", "slash")


def _script(count: int) -> list[str]:
    keys = ["M", "m"]
    for criterion in range(CRITERIA):
        if criterion:
            keys += ["home", "right"]
        keys += [MARKS[(pupil + criterion) % len(MARKS)] for pupil in range(count)]
    return keys


async def _play() -> tuple[int, float, int]:
    scheme = load_scheme()
    db = open_db(memory=True)
    build_demo(db, scheme, today=TODAY)
    app = AmtuiApp(db, scheme, pupils.get_staff(db, "KW"), TODAY, class_name=CLASS)
    count = len(pupils.list_pupils(db, CLASS))
    before = db.execute("SELECT COUNT(*) FROM criteria_marks WHERE half_term = 2").fetchone()[0]
    script = _script(count)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        for key in script:
            await pilot.press(key)
        await pilot.pause()
        elapsed = time.perf_counter() - start
    after = db.execute("SELECT COUNT(*) FROM criteria_marks WHERE half_term = 2").fetchone()[0]
    return len(script), elapsed, after - before


def run() -> list[Result]:
    keys, elapsed, stored = asyncio.run(_play())
    return [Result("marking sheet, 30 pupils × 10 criteria: keys", [float(keys)], unit="keys",
                   note=f"from the grid: M, subject, marks, home → per criterion; {stored} "
                        "marks stored"),
            Result("marking sheet, 30 pupils × 10 criteria: time, scripted", [elapsed], unit="s",
                   note="Pilot press, includes its ≥80 ms idle wait per key")]

