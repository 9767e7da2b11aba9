"""The targets screen, driven with keys: a senior leader types starting points, FFT estimates and
aspirational targets down a column (asserted through the store and on the drawn line); others
cannot open it, or may only look."""

from __future__ import annotations

from textual.pilot import Pilot

from amtui.core.models import StartingPoint, Target
from amtui.core.scale import Step
from amtui.core.targets import target_ladder
from amtui.screens.class_grid import ClassGrid
from amtui.screens.targets_screen import TargetsScreen
from amtui.store import pupils, targets
from amtui.store.db import Database
from amtui.widgets.class_table import ClassTable
from amtui.widgets.grid_columns import Column
from amtui.widgets.target_columns import AspirationColumn, EstimateColumn, StartColumn

CLASS = "5W"
LEADER = "MG"


def first_upn(db: Database) -> str:
    return pupils.list_pupils(db, CLASS)[0].upn


def start(db: Database, upn: str, subject: str = "Reading") -> StartingPoint:
    return next(p for p in targets.starting_points(db, upn) if p.subject == subject)


def ladder(db: Database, upn: str, subject: str = "Reading") -> dict[int, Target]:
    return {t.year_group: t for t in targets.pupil_targets(db, upn) if t.subject == subject}


def grid(pilot: Pilot) -> ClassTable:
    return pilot.app.screen.query_one(ClassTable)


def shown(pilot: Pilot, index: int = 0) -> str:
    table = grid(pilot)
    return table.render_line(index - round(table.scroll_y) + 1).text


def status_line(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#explain").render())


async def open_targets(pilot: Pilot) -> None:
    await pilot.press("ctrl+g")
    assert isinstance(pilot.app.screen, TargetsScreen)


async def go_to(pilot: Pilot, kind: type[Column], key: str = "Reading") -> None:
    for _ in range(len(grid(pilot).columns)):
        column = grid(pilot).cursor_column
        if type(column) is kind and column.key == key:
            return
        await pilot.press("right")
    raise AssertionError(f"no {kind.__name__} {key}")


async def type_keys(pilot: Pilot, text: str) -> None:
    await pilot.press(*["plus" if c == "+" else "space" if c == " " else c for c in text])


def test_leader_types_a_starting_point_and_the_ladder_follows(demo_db, make_app, run):
    upn = first_upn(demo_db)
    before = start(demo_db, upn)
    assert not any(t.raised for t in ladder(demo_db, upn).values())
    new = before.step + 2
    app = make_app(demo_db, LEADER, class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_targets(pilot)
        await go_to(pilot, StartColumn)
        await type_keys(pilot, str(new))
        await pilot.press("enter")
        expected = target_ladder(new, before.year_group, 6, app.scheme)
        assert start(demo_db, upn).step == new
        assert {y: t.step for y, t in ladder(demo_db, upn).items()} == expected
        assert grid(pilot).cursor_row == 1  # stored, and on to the next pupil
        assert f"KS1 {new}" in shown(pilot) and str(expected[5]) in shown(pilot)
        await pilot.press("up")
        assert f"Y5 {expected[5]}" in status_line(pilot)

    run(app, scenario)


def test_a_starting_point_that_would_lower_the_ladder_is_refused(demo_db, make_app, run):
    upn = first_upn(demo_db)
    before, rungs = start(demo_db, upn), ladder(demo_db, upn)
    app = make_app(demo_db, LEADER, class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_targets(pilot)
        await go_to(pilot, StartColumn)
        await type_keys(pilot, str(before.step - 1))
        await pilot.press("enter")
        assert "lowered" in status_line(pilot)
        assert grid(pilot).edit_refused and grid(pilot).cursor_row == 0

    run(app, scenario)
    assert start(demo_db, upn) == before and ladder(demo_db, upn) == rungs


def test_fft_estimate_and_aspirational_target_are_stored(demo_db, make_app, run):
    upn = first_upn(demo_db)
    rungs = ladder(demo_db, upn)
    old = start(demo_db, upn)
    fft = "6b" if old.fft != Step.parse("6b") else "6w"
    aim = "6s+" if old.aspirational != Step.parse("6s+") else "7b"
    app = make_app(demo_db, LEADER, class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_targets(pilot)
        await go_to(pilot, EstimateColumn)
        await type_keys(pilot, fft)
        await pilot.press("enter", "up")
        await go_to(pilot, AspirationColumn)
        await type_keys(pilot, aim)
        await pilot.press("enter")
        point = start(demo_db, upn)
        assert (str(point.fft), str(point.aspirational)) == (fft, aim)
        assert f"{fft}" in shown(pilot) and aim in shown(pilot)

    run(app, scenario)
    assert ladder(demo_db, upn) == rungs  # the estimates leave the ladder alone


def test_a_bad_step_is_refused_in_its_cell(demo_db, make_app, run):
    upn = first_upn(demo_db)
    before = start(demo_db, upn)
    app = make_app(demo_db, LEADER, class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_targets(pilot)
        await go_to(pilot, StartColumn)
        await pilot.press("6", "x", "enter")
        assert '"6x" is not a step' in status_line(pilot)
        table = grid(pilot)
        assert (table.editing, table.edit_refused, table.cursor_row) == ("6x", True, 0)
        assert "6x" in shown(pilot)

    run(app, scenario)
    assert start(demo_db, upn) == before


def test_a_teacher_cannot_open_targets_and_is_told_why(demo_db, make_app, run):
    app = make_app(demo_db, "KW", class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        assert "ctrl+g" not in pilot.app.screen.active_bindings  # hidden from teachers
        await pilot.press("ctrl+g")
        assert isinstance(pilot.app.screen, ClassGrid)
        assert "only a senior leader may set starting points" in status_line(pilot)

    run(app, scenario)


def test_targets_are_view_only_for_anyone_but_a_senior_leader(demo_db, make_app, run):
    upn = first_upn(demo_db)
    before = start(demo_db, upn)
    app = make_app(demo_db, "KW", class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await pilot.app.push_screen(TargetsScreen())
        await pilot.pause()
        await go_to(pilot, StartColumn)
        await pilot.press("3")
        assert status_line(pilot).startswith("View only: only a senior leader")

    run(app, scenario)
    assert start(demo_db, upn) == before


def test_a_leader_opens_targets_from_the_grid_and_escape_returns(demo_db, make_app, run):
    app = make_app(demo_db, LEADER, class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        assert pilot.app.screen.active_bindings["ctrl+g"].enabled  # shown to senior leaders
        await open_targets(pilot)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ClassGrid)

    run(app, scenario)


def test_the_command_palette_opens_targets(demo_db, make_app, run):
    app = make_app(demo_db, LEADER, class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("ctrl+k")
        await type_keys(pilot, "Targets")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TargetsScreen)

    run(app, scenario)
