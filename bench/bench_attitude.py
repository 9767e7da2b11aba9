"""A class of 30's attitude for a half-term, keyed in the grid's attitude view with Pilot: how many
keys it takes (typed numbers left out, as in the reference meeting) and how long, end to end."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from common import Result

from amtui.app import AmtuiApp
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.store import attitude, pupils
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)
TERM = Term(2026, 2)
CLASS = "5W"
COLOURS = "gagrg"


def _script(count: int) -> list[str | tuple[str, str]]:
    """The keys, with typed text as ("text", what) (not counted): down each column in turn."""
    keys: list[str | tuple[str, str]] = ["v"]
    keys += [k for i in range(count) for k in (("text", f"{90.1 + i * 0.3:.1f}"), "enter")]
    keys += ["home", "right"]
    keys += [k for i in range(count) for k in (("text", str(i % 5)), "enter")]
    keys += ["home", "right"]
    keys += [k for i in range(count) for k in (("text", f"{i % 2} {i % 4} {i % 6}"), "enter",
                                               "enter" if i % 3 else "a")]
    for _ in range(3):  # effort, homework, uniform
        keys += ["home", "right", *[COLOURS[i % len(COLOURS)] for i in range(count)]]
    return keys


async def _play() -> tuple[int, float, int]:
    scheme = load_scheme()
    db = open_db(memory=True)
    build_demo(db, scheme, today=TODAY)
    app = AmtuiApp(db, scheme, pupils.get_staff(db, "KW"), TODAY)
    class_upns = [p.upn for p in pupils.list_pupils(db, CLASS)]
    keys = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        for step in _script(len(class_upns)):
            if isinstance(step, tuple):
                await pilot.press(*["space" if ch == " " else ch for ch in step[1]])
            else:
                keys += 1
                await pilot.press(step)
        await pilot.pause()
        elapsed = time.perf_counter() - start
    coloured = sum(attitude.get_attitude(db, upn, TERM, area.key).colour is not None
                   for upn in class_upns for area in scheme.attitude_areas)
    return keys, elapsed, coloured


def run() -> list[Result]:
    keys, elapsed, coloured = asyncio.run(_play())
    return [Result("attitude for a class of 30: keys", [float(keys)], unit="keys",
                   note=f"6 areas, typed numbers not counted; {coloured} cells coloured"),
            Result("attitude for a class of 30: time, scripted", [elapsed], unit="s",
                   note="Pilot press, includes its ≥80 ms idle wait per key")]
