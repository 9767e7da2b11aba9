"""How the pupil file looks: a 5W pupil with a signed meeting and a self-assessment, at 80×24
(scrolls, detail wraps) and 120×40; a meeting not yet signed at 80×24 (what signing needs and
the keys that finish it stay on screen); a refused step in its row; and the override form."""

from __future__ import annotations

from textual.pilot import Pilot

from pupil_helpers import TERM, fresh_pupil

from amtui.store import meetings, pupils


def _rich_pupil(db) -> str:
    return next(p.upn for p in pupils.list_pupils(db, "5W")
                if meetings.get_meeting(db, p.upn, TERM).state == "signed")


def _opener(db, upn: str | None = None):
    async def open_it(pilot: Pilot) -> None:
        pilot.app.open_pupil(upn or _rich_pupil(db),
                             [p.upn for p in pupils.list_pupils(db, "5W")])
        await pilot.pause()

    return open_it


def test_pupil_file_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=_opener(demo_db))


def test_pupil_file_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=_opener(demo_db))


def test_pupil_file_80x24_to_sign(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24),
                        run_before=_opener(demo_db, fresh_pupil(demo_db)))


def test_pupil_file_a_refused_step_stays_in_its_row(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40),
                        run_before=_opener(demo_db, fresh_pupil(demo_db)),
                        press=["2", "enter", "6", "x", "enter"])


def test_pupil_file_override_form(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=_opener(demo_db),
                        press=["2", "down", "o", "a"])
