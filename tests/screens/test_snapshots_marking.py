"""How the criteria marking sheet looks on the demo school (5W's Maths, from the class grid with
`M` `m`), wide and narrow. Regenerate with `--snapshot-update` after a deliberate change, look at
the SVG, then run twice without it."""

from __future__ import annotations


def test_marking_sheet_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=["M", "m", "x"],
                        terminal_size=(120, 40))


def test_marking_sheet_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=["M", "m"],
                        terminal_size=(80, 24))
