"""The reference meeting (SCREENS.md), played headless: how many keys it takes, and how long each
key press takes to be handled and repainted (Pilot's press waits for the app to be idle)."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from common import Result

from amtui.app import AmtuiApp
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.store import meetings, pupils
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)
TEXT = object()  # marks typed text, which the key count leaves out
MEETING = [
    "a", "a", "s", "2",
    *[k for step in ("5b", "4s+", "4s", "5b") for k in ("enter", (TEXT, step), "enter")],
    "up", "o", "a", (TEXT, "recent assessment shows little progress"), "enter",
    "5", "plus", (TEXT, "Order numbers to 1 000 000"), "enter",
    "plus", "tab", (TEXT, "Find equivalent fractions"), "enter",
    "6", "plus", (TEXT, "Focussed teaching with a TA"), "enter",
    "7", "j", "g", "ctrl+s", "ctrl+s",
]


def _fresh(db) -> str:
    term = Term(2026, 2)
    return next(p.upn for p in pupils.list_pupils(db, "5W")
                if meetings.get_meeting(db, p.upn, term).state == "not started"
                and len(meetings.targets_to_review(db, p.upn, term)) == 3)


async def _play() -> tuple[int, list[float], list[float]]:
    scheme = load_scheme()
    db = open_db(memory=True)
    build_demo(db, scheme, today=TODAY)
    app = AmtuiApp(db, scheme, pupils.get_staff(db, "KW"), TODAY)
    samples: list[float] = []
    keys = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_pupil(_fresh(db), [p.upn for p in pupils.list_pupils(db, "5W")])
        await pilot.pause()
        for step in MEETING:
            if isinstance(step, tuple):
                await pilot.press(*["space" if ch == " " else ch for ch in step[1]])
                continue
            keys += 1
            start = time.perf_counter()
            await pilot.press(step)
            samples.append((time.perf_counter() - start) * 1000)
        screen = app.screen
        assert "meeting signed" in str(screen.query_one("#title").render())
        reloads = []
        for _ in range(50):
            start = time.perf_counter()
            screen.reload()  # type: ignore[attr-defined]
            await pilot.pause(0)
            reloads.append((time.perf_counter() - start) * 1000)
    return keys, samples, reloads


def run() -> list[Result]:
    keys, samples, reloads = asyncio.run(_play())
    return [Result("reference meeting: keys", [float(keys)], unit="keys", note="goal ≤ 35"),
            Result("reference meeting: a key press, handled and idle", samples,
                   note="Pilot press, includes its ≥80 ms idle wait"),
            Result("pupil file: re-read and repaint after an edit", reloads,
                   note="every section, one pupil")]
