"""The class grid's attitude view (v), keyed down each column: stored values asserted through the
store, what is shown asserted on the drawn line and the status line; and the not-ready filter."""

from __future__ import annotations

from textual.pilot import Pilot

from grid_helpers import CLASS, TERM, go_to, grid, shown, status_line

from amtui.core.colours import Rag
from amtui.core.models import AttitudeEntry
from amtui.store import attitude, pupils
from amtui.store.db import Database
from amtui.widgets.attitude_columns import AreaColourColumn, BehaviourColumn
from amtui.widgets.class_table import ClassTable
from amtui.widgets.grid_columns import Column, MeasureColumn, SubjectColumn
from amtui.widgets.header import AppHeader


def upns(db: Database) -> list[str]:
    return [p.upn for p in pupils.list_pupils(db, CLASS)]


def entry(db: Database, upn: str, area: str) -> AttitudeEntry:
    return attitude.get_attitude(db, upn, TERM, area)


def colours(db: Database, area: str, count: int) -> list[Rag | None]:
    return [entry(db, upn, area).colour for upn in upns(db)[:count]]


async def to_attitude(pilot: Pilot, kind: type[Column], key: str = "") -> ClassTable:
    await pilot.press("v")
    table = grid(pilot)
    assert not any(isinstance(c, SubjectColumn) for c in table.columns)
    await go_to(pilot, kind, key)
    return table


def test_v_switches_to_one_column_per_attitude_area_and_back(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        table = await to_attitude(pilot, MeasureColumn, "attendance")
        areas = [c.key for c in table.columns if c.key]
        scheme = pilot.app.scheme  # type: ignore[attr-defined]
        assert areas == [a.key for a in scheme.attitude_areas]
        await pilot.press("v")
        assert isinstance(grid(pilot).cursor_column, SubjectColumn)
        assert grid(pilot).cursor_column.key == "Reading"

    run(make_app(demo_db), scenario)


def test_a_class_attitude_keyed_down_each_column(demo_db, make_app, run):
    first = upns(demo_db)[:3]
    attendance = ["96.5", "91", "88.2"]
    lates = ["0", "2", "7"]

    async def scenario(pilot: Pilot) -> None:
        await to_attitude(pilot, MeasureColumn, "attendance")
        await pilot.press(*[k for text in attendance for k in (*text, "enter")])
        await pilot.press("home", "right")  # Late
        await pilot.press(*[k for text in lates for k in (*text, "enter")])
        await go_to(pilot, AreaColourColumn, "effort")
        await pilot.press("home", "g", "a", "r")
        await go_to(pilot, AreaColourColumn, "homework")
        await pilot.press("home", "a", "g", "g")
        table = grid(pilot)
        assert table.cursor_row == 3
        assert "96.5  G" in shown(table, 0) and "88.2  R" in shown(table, 2)

    run(make_app(demo_db), scenario)
    assert [entry(demo_db, u, "attendance").value for u in first] == [96.5, 91.0, 88.2]
    assert [entry(demo_db, u, "attendance").colour for u in first] == [
        Rag.GREEN, Rag.AMBER, Rag.RED]
    assert [entry(demo_db, u, "punctuality").value for u in first] == [0, 2, 7]
    assert colours(demo_db, "effort", 3) == [Rag.GREEN, Rag.AMBER, Rag.RED]
    assert colours(demo_db, "homework", 3) == [Rag.AMBER, Rag.GREEN, Rag.GREEN]


def test_a_bad_value_is_refused_in_place_with_nothing_changed(demo_db, make_app, run):
    first = upns(demo_db)[0]
    before = (entry(demo_db, first, "attendance"), entry(demo_db, first, "behaviour"))

    async def scenario(pilot: Pilot) -> None:
        table = await to_attitude(pilot, MeasureColumn, "attendance")
        await pilot.press("1", "0", "5", "enter")
        assert table.edit_refused and table.editing == "105" and table.cursor_row == 0
        assert "impossible" in status_line(pilot)
        await pilot.press("escape")
        await go_to(pilot, BehaviourColumn)
        await pilot.press("1", "2", "enter")
        assert table.edit_refused and "not three counts" in status_line(pilot)
        await pilot.press("escape", "9", "9", "9", " ", "0", " ", "0", "enter")
        assert table.edit_refused and "impossible" in status_line(pilot)

    run(make_app(demo_db), scenario)
    assert (entry(demo_db, first, "attendance"), entry(demo_db, first, "behaviour")) == before


def test_incident_counts_suggest_a_colour_accepted_with_enter_or_overridden(demo_db,
                                                                            make_app, run):
    first, second = upns(demo_db)[:2]

    async def scenario(pilot: Pilot) -> None:
        table = await to_attitude(pilot, BehaviourColumn)
        await pilot.press("0", " ", "1", " ", "3", "enter")
        assert table.cursor_row == 0  # stays: the suggestion is to accept or change
        assert "0/1/3 →  A" in shown(table, 0)
        assert "suggests Amber" in status_line(pilot)
        await pilot.press("enter")  # accept
        assert table.cursor_row == 1
        await pilot.press("1", "/", "0", "/", "0", "enter")
        assert "suggests Red" in status_line(pilot)
        await pilot.press("a")  # the teacher's call
        assert table.cursor_row == 2

    run(make_app(demo_db), scenario)
    assert entry(demo_db, first, "behaviour").incidents == (0, 1, 3)
    assert entry(demo_db, first, "behaviour").colour is Rag.AMBER
    assert entry(demo_db, second, "behaviour").incidents == (1, 0, 0)
    assert entry(demo_db, second, "behaviour").colour is Rag.AMBER


def test_a_comment_is_stored_and_shown(demo_db, make_app, run):
    first = upns(demo_db)[0]

    async def scenario(pilot: Pilot) -> None:
        table = await to_attitude(pilot, AreaColourColumn, "uniform")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("ctrl+u", *"No PE kit", "enter")
        await pilot.pause()
        assert "No PE kit" in shown(table, 0)
        assert "“No PE kit”" in status_line(pilot)

    run(make_app(demo_db), scenario)
    assert entry(demo_db, first, "uniform").comment == "No PE kit"


def test_the_status_line_shows_the_grading_key_for_the_area(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        scheme = pilot.app.scheme  # type: ignore[attr-defined]
        await to_attitude(pilot, AreaColourColumn, "effort")
        assert scheme.area("effort").descriptors.green[:20] in status_line(pilot)
        await go_to(pilot, AreaColourColumn, "homework")
        line = status_line(pilot)
        descriptors = scheme.area("homework").descriptors
        assert line.startswith("Homework")
        for text in (descriptors.red, descriptors.amber, descriptors.green):
            assert text[:20] in line

    run(make_app(demo_db), scenario)


def test_n_shows_only_pupils_not_ready_with_a_count(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        screen = pilot.app.screen
        every = list(screen.summaries.values())  # type: ignore[attr-defined]
        not_ready = [s.record.pupil.upn for s in every if s.missing]
        assert 0 < len(not_ready) < len(every)
        await pilot.press("n")
        assert grid(pilot).upns == not_ready
        header = str(screen.query_one(AppHeader).render())
        assert f"{len(not_ready)} not ready · showing not ready only" in header
        await pilot.press("n")
        assert len(grid(pilot).upns) == len(every)

    run(make_app(demo_db), scenario)


def test_attitude_view_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), press=["v", "right", "right"],
                        terminal_size=(120, 40))


def test_attitude_view_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), press=["v", "right", "right", "right"],
                        terminal_size=(80, 24))
