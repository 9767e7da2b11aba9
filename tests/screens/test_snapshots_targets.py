"""How the targets screen looks on the demo school at 120×40, for a senior leader. Regenerate
with `--snapshot-update` after a deliberate change, look at the SVG, then run twice without it."""

from __future__ import annotations


def test_targets_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "MG", class_name="5W"), press=["ctrl+g"],
                        terminal_size=(120, 40))
