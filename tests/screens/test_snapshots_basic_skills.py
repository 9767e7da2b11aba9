"""How the basic-skills week looks on the demo school, for 5W's teacher: at 120×40 with the
first pupils' scores typed, and at 80×24. Regenerate with `--snapshot-update` after a deliberate
change, look at the SVG, then run twice without it."""

from __future__ import annotations


def test_basic_skills_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"),
                        press=["B", "2", "2", "enter", "1", "5", "enter", "9", "enter", "up",
                               "up", "up", "u"],
                        terminal_size=(120, 40))


def test_basic_skills_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=["B"],
                        terminal_size=(80, 24))
