"""One pupil's self-assessment in pupil mode, answered with Pilot as a pupil would: how many keys
it takes (the words they type left out) and how long, end to end."""

from __future__ import annotations

import asyncio
import time

from bench_attitude import CLASS, TERM, TODAY
from common import Result

from amtui.app import AmtuiApp
from amtui.core.scheme_file import load_scheme
from amtui.screens.pupil_mode import start_pupil_mode
from amtui.screens.pupil_mode_questions import questions
from amtui.store import meetings, pupils, self_assessment
from amtui.store.db import open_db
from amtui.store.demo import build_demo


async def _play() -> tuple[int, float, int, int]:
    scheme = load_scheme()
    db = open_db(memory=True)
    build_demo(db, scheme, today=TODAY)
    app = AmtuiApp(db, scheme, pupils.get_staff(db, "KW"), TODAY)
    upn = pupils.list_pupils(db, CLASS)[0].upn
    asked = questions(scheme, meetings.targets_to_review(db, upn, TERM))
    keys = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        start_pupil_mode(app, CLASS, TERM)
        await pilot.pause()
        keys += 1
        await pilot.press("enter")  # their name: the first in the list
        for question in asked:
            if question.takes_words:
                await pilot.press(*["space" if ch == " " else ch for ch in "my own words"])
                keys += 1
                await pilot.press("enter")
            else:
                keys += 1
                await pilot.press(str(min(2, len(question.choices))))
        await pilot.pause()
        elapsed = time.perf_counter() - start
    own = self_assessment.get_self_assessment(db, upn, TERM)
    return keys, elapsed, len(asked), len(own.ratings)


def run() -> list[Result]:
    keys, elapsed, asked, rated = asyncio.run(_play())
    return [Result("self-assessment, one pupil: keys", [float(keys)], unit="keys",
                   note=f"{asked} questions, words typed not counted; {rated} ratings stored"),
            Result("self-assessment, one pupil: time, scripted", [elapsed], unit="s",
                   note="Pilot press, includes its ≥80 ms idle wait per key")]
