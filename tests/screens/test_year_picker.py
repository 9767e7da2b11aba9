"""The school-year picker and the palette offer only the years that hold data, the current one
and the one shown. The picker is opened by its action, whichever key the grid binds to it."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from amtui.commands import app_commands
from amtui.core.terms import Term
from amtui.screens.pickers import Picker


async def pick_year(pilot: Pilot) -> None:
    pilot.app.action_pick_year()  # type: ignore[attr-defined]
    await pilot.pause()
    assert isinstance(pilot.app.screen, Picker)


def offered(pilot: Pilot) -> list[str]:
    listed = pilot.app.screen.query_one(OptionList)
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def test_the_demos_two_years_are_offered_newest_first(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pick_year(pilot)
        assert offered(pilot) == ["2026-27", "2025-26"]
        await pilot.press("down", "enter")
        assert pilot.app.term == Term(2025, 2)

    run(make_app(demo_db), scenario)


def test_an_empty_school_offers_only_this_year(db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pick_year(pilot)
        assert offered(pilot) == ["2026-27"]
        await pilot.press("escape")
        assert pilot.app.term == Term(2026, 2)

    run(make_app(db), scenario)


def test_a_year_moved_into_is_offered_to_come_back_from(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press(*"ttttt")  # T2 of 2026-27 on to T6, then T1 of 2027-28
        assert pilot.app.term == Term(2027, 1)
        await pick_year(pilot)
        assert offered(pilot) == ["2027-28", "2026-27", "2025-26"]
        await pilot.press("down", "enter")
        assert pilot.app.term == Term(2026, 1)

    run(make_app(demo_db), scenario)


def test_the_palette_offers_the_same_years(demo_db, make_app, run):
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        years = [c.text for c in app_commands(app) if c.text.startswith("School year:")]
        assert years == ["School year: 2026-27", "School year: 2025-26"]
        await pilot.press("ctrl+k", *"School year: 2025-26")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.term == Term(2025, 2)

    run(app, scenario)
