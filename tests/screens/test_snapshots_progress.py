"""How the progress meeting looks on the demo school for a senior leader, at 120×40 and 80×24.
Regenerate with `--snapshot-update` after a deliberate change, look at the SVGs, then run twice
without it."""

from __future__ import annotations

from textual.pilot import Pilot


async def open_meeting(pilot: Pilot) -> None:
    await pilot.press("G")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_progress_meeting_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "MG", class_name="5W"), run_before=open_meeting,
                        terminal_size=(120, 40))


def test_progress_meeting_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db, "MG", class_name="5W"), run_before=open_meeting,
                        terminal_size=(80, 24))
