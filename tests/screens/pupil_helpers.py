"""Shared by the pupil-file tests: open a pupil's file on the demo school, send keys slowly or in
one burst, and read what a section shows."""

from __future__ import annotations

import unicodedata
from typing import TypeVar

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from amtui.core.terms import Term
from amtui.screens.pupil_file import PupilFile
from amtui.screens.pupil_file.sections import Section
from amtui.store import meetings, pupils
from amtui.store.db import Database

TERM = Term(2026, 2)
S = TypeVar("S", bound=Section)


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
    await pilot.press(*keys_of(text))


def keys_of(text: str) -> list[str]:
    """The keys that type `text`."""
    return ["space" if ch == " " else ch for ch in text]


def key_event(key: str) -> events.Key:
    """The event `pilot.press(key)` sends (Textual's own mapping of names and characters)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        name = _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        character: str | None = unicodedata.lookup(name)
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def burst(pilot: Pilot, *keys: str) -> None:
    """Keys as a terminal delivers fast typing or a paste: all in one read, no pause."""
    for key in keys:
        pilot.app.post_message(key_event(key))


async def settle(pilot: Pilot) -> None:
    """Wait until the key router has routed every key of a burst, each to its end."""
    await pilot.pause()  # the keys posted are read into the router's queue
    await pilot.app.keys.idle.wait()  # type: ignore[attr-defined]
    await pilot.pause()


def section(screen: PupilFile, kind: type[S]) -> S:
    return screen.query_one(kind)


def shown(screen: PupilFile, kind: type[Section]) -> str:
    return str(screen.query_one(kind).render())


def status_line(screen: PupilFile) -> str:
    return str(screen.query_one("#status").render())
