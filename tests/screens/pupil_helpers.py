"""Shared by the pupil-file tests: open a pupil's file on the demo school."""

from __future__ import annotations

from textual.pilot import Pilot

from amtui.core.terms import Term
from amtui.screens.pupil_file import PupilFile
from amtui.store import meetings, pupils
from amtui.store.db import Database

TERM = Term(2026, 2)


def fresh_pupil(db: Database, reviews: int = 3) -> str:
    """A 5W pupil whose meeting has not started and who has `reviews` targets to review."""
    for pupil in pupils.list_pupils(db, "5W"):
        due = meetings.targets_to_review(db, pupil.upn, TERM)
        if (meetings.get_meeting(db, pupil.upn, TERM).state == "not started"
                and len(due) == reviews and all(t.review is None for t in due)):
            return pupil.upn
    raise AssertionError("the demo has no such pupil")


async def open_file(pilot: Pilot, db: Database, upn: str) -> PupilFile:
    upns = [p.upn for p in pupils.list_pupils(db, "5W")]
    pilot.app.open_pupil(upn, upns)  # type: ignore[attr-defined]
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PupilFile)
    return screen


async def type_text(pilot: Pilot, text: str) -> None:
    """Typed text (not counted as key presses in the reference meeting)."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def shown(screen: PupilFile, number: int) -> str:
    return str(screen.section(number).render())
