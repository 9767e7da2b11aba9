"""How entering a half-term test looks on the demo school, after a new Maths test and a few of
the first pupil's answers. Regenerate with `--snapshot-update` after a deliberate change, look at
the SVG, then run twice without it."""

from __future__ import annotations

KEYS = ["E", "m", "n", "x", "x", "slash", "full_stop", "x", "space", "x"]


def test_test_entry_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=KEYS,
                        terminal_size=(120, 40))


def test_test_entry_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=KEYS,
                        terminal_size=(80, 24))
