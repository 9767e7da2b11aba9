"""A class of 30's weekly basic-skills scores, keyed down this week's column with Pilot (B from
the grid, then each score and ⏎): how many keys it takes and how long, end to end; and what one
stored score costs in the store alone."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from common import Result

from amtui.app import AmtuiApp
from amtui.core.scheme_file import load_scheme
from amtui.store import basic_skills, pupils
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)  # week 13 of 2026-27
CLASS, WEEK = "5W", 13


def _scores(count: int) -> list[str]:
    return [str(5 + (i * 7) % 21) for i in range(count)]


async def _play() -> tuple[int, int, float, int]:
    scheme = load_scheme()
    db = open_db(memory=True)
    build_demo(db, scheme, today=TODAY)
    app = AmtuiApp(db, scheme, pupils.get_staff(db, "KW"), TODAY)
    count = len(pupils.list_pupils(db, CLASS))
    keys = digits = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("B")
        keys += 1
        for score in _scores(count):
            await pilot.press(*score, "enter")
            keys += len(score) + 1
            digits += len(score)
        await pilot.pause()
        elapsed = time.perf_counter() - start
    stored = len(basic_skills.class_week(db, CLASS, 2026, WEEK))
    return keys, digits, elapsed, stored


def _store_ms() -> list[float]:
    """One `set_score` each (a changed value every time, so SQLite writes it)."""
    db = open_db(memory=True)
    build_demo(db, load_scheme(), today=TODAY)
    teacher = pupils.get_staff(db, "KW")
    upns = [p.upn for p in pupils.list_pupils(db, CLASS)]
    samples = []
    for i, upn in enumerate(upns * 3):
        seen = 0 if i < len(upns) else i // len(upns)
        start = time.perf_counter()
        basic_skills.set_score(db, teacher, upn, 2026, WEEK, "Level 5", (i * 3) % 26, seen=seen)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run() -> list[Result]:
    keys, digits, elapsed, stored = asyncio.run(_play())
    samples = _store_ms()
    return [Result("basic skills, a week for a class of 30: keys", [float(keys)], unit="keys",
                   note=f"B, then score + ⏎ each: {digits} digits, {keys - digits} other keys; "
                        f"{stored} scores stored"),
            Result("basic skills, a week for a class of 30: time, scripted", [elapsed], unit="s",
                   note="Pilot press, includes its ≥80 ms idle wait per key"),
            Result("basic skills: one score stored", samples, unit="ms",
                   note="set_score on an in-memory school: permission, version, history")]
