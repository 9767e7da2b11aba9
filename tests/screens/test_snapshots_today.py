"""How a teaching assistant's screens look on the demo school: *today* (on a Wednesday, with
sessions due, one logged) and a session log part-way through, at 120×40 and 80×24. Regenerate
with `--snapshot-update` on this file after a deliberate change, look at the SVGs, then run twice
without it."""

from __future__ import annotations

from datetime import date

from amtui.app import make_app
from amtui.core.scheme_file import load_scheme
from amtui.store import pupils

WEDNESDAY = date(2026, 11, 25)  # the demo's Mon/Wed/Fri programmes are due
LOG_ONE = ["down", "enter", "A", "escape"]  # the second due programme, everyone present
PART_WAY = ["enter", "p", "a", "1", "p", "up", "n", *"confident", "enter", "down", "g",
            *"fractions", "enter"]


def _on_wednesday(db):
    return make_app(db, load_scheme(), pupils.get_staff(db, "OM"), WEDNESDAY)


def test_today_120x40(snap_compare, demo_db):
    assert snap_compare(_on_wednesday(demo_db), press=LOG_ONE, terminal_size=(120, 40))


def test_today_80x24(snap_compare, demo_db):
    assert snap_compare(_on_wednesday(demo_db), press=LOG_ONE, terminal_size=(80, 24))


def test_session_log_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "OM"), press=PART_WAY, terminal_size=(120, 40))


def test_session_log_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "OM"), press=PART_WAY, terminal_size=(80, 24))
