"""How the pupil file looks: a 5W pupil with a signed meeting and a self-assessment, at 80×24
(scrolls, detail wraps) and 120×40, and the override form."""

from __future__ import annotations

from pupil_helpers import TERM
from textual.pilot import Pilot

from amtui.store import meetings, pupils


def _rich_pupil(db) -> str:
    return next(p.upn for p in pupils.list_pupils(db, "5W")
                if meetings.get_meeting(db, p.upn, TERM).state == "signed")


def _opener(db):
    async def open_it(pilot: Pilot) -> None:
        pilot.app.open_pupil(_rich_pupil(db), [p.upn for p in pupils.list_pupils(db, "5W")])
        await pilot.pause()

    return open_it


def test_pupil_file_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=_opener(demo_db))


def test_pupil_file_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=_opener(demo_db))


def test_pupil_file_override_form(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=_opener(demo_db),
                        press=["2", "down", "o", "a"])
