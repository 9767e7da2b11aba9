"""A teaching assistant logs a session of six pupils from *today* (issue 14), played with Pilot
as they would: ⏎ opens it, one key a pupil (one absent with a reason: two keys), Esc back. How
many keys, and how long end to end."""

from __future__ import annotations

import asyncio
import time
from datetime import date

from common import Result

from amtui.app import make_app
from amtui.core.scheme_file import load_scheme
from amtui.screens.session_log import SessionLog
from amtui.screens.today import TodayScreen
from amtui.store import pupils, sessions
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)
PROGRAMME = 41  # the demo's home-learning sheet (4D): OM's, six pupils
KEYS = ["enter", "p", "a", "1", "p", "p", "p", "p", "escape"]
"""Open today's log, present, absent (1: ill), four present, back to *today*."""


async def _play() -> tuple[int, float, int, int]:
    scheme = load_scheme()
    db = open_db(memory=True)
    build_demo(db, scheme, today=TODAY)
    app = make_app(db, scheme, pupils.get_staff(db, "OM"), TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        start = time.perf_counter()
        for key in KEYS:
            await pilot.press(key)
            if key == "enter":
                assert isinstance(app.screen, SessionLog)
        await pilot.pause()
        elapsed = time.perf_counter() - start
        assert isinstance(app.screen, TodayScreen)
    [logged] = [s for s in sessions.sessions(db, PROGRAMME) if s.on == TODAY]
    absent = [m for m in logged.marks if not m.present and m.reason]
    return len(KEYS), elapsed, len(logged.attended), len(absent)


def run() -> list[Result]:
    keys, elapsed, present, absent = asyncio.run(_play())
    assert (present, absent) == (5, 1), (present, absent)
    note = f"goal < 15; {present} present and {absent} absent with a reason stored"
    return [Result("TA session of six: keys from today", [float(keys)], unit="keys", note=note),
            Result("TA session of six: time, scripted", [elapsed], unit="s",
                   note="Pilot press, includes its ≥80 ms idle wait per key")]
