"""How the class grid looks on the demo school: at 80×24 (columns collapse) and 120×40, on the
dark and the light theme, and with a refused step. Regenerate with `--snapshot-update` after a
deliberate change, look at the SVGs, then run twice without it."""

from __future__ import annotations

from textual.pilot import Pilot


def test_grid_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40))


def test_grid_80x24_collapses_columns(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24))


def test_grid_160x50_uses_the_room(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(160, 50))


def test_grid_light_theme(snap_compare, demo_db, make_app):
    def light(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=light)


def test_grid_a_refused_step_stays_in_its_cell(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), press=["right", "6", "x", "enter"],
                        terminal_size=(120, 40))


def test_help_screen(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), press=["question_mark"], terminal_size=(120, 40))
