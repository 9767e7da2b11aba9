"""The criteria marking sheet, driven with keys from the class grid: marks go down a column and
are stored for the app's half-term (asserted on `criteria_marks`), the sheet shows the best mark
of the year, counts and bands follow, another class's teacher may only look, `p` prints one
page."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from amtui.core.criteria import Mark
from amtui.core.marking import band_text
from amtui.core.terms import Term
from amtui.screens.marking_sheet import MarkingSheet
from amtui.store import criteria_marks, pupils
from amtui.store.db import Database
from amtui.widgets.marking_columns import CriterionColumn, MarkingTable

CLASS = "5W"


def sheet(pilot: Pilot) -> MarkingSheet:
    screen = pilot.app.screen
    assert isinstance(screen, MarkingSheet)
    return screen


def line(pilot: Pilot, index: int) -> str:
    table = sheet(pilot).query_one(MarkingTable)
    return table.render_line(index - round(table.scroll_y) + 1).text


def stored(db: Database, upn: str, stage: int, number: int) -> dict[int, int]:
    """This year's marks for one criterion, by half-term."""
    return {row["half_term"]: row["mark"] for row in db.query(
        "SELECT half_term, mark FROM criteria_marks WHERE upn = ? AND subject = 'Maths' "
        "AND stage = ? AND number = ? AND school_year = 2026", [upn, stage, number])}


async def open_maths(pilot: Pilot) -> MarkingSheet:
    await pilot.press("M", "m")
    await pilot.pause()
    return sheet(pilot)


async def to_criterion(pilot: Pilot, number: int) -> None:
    table = sheet(pilot).table
    while not (isinstance(table.cursor_column, CriterionColumn)
               and table.cursor_column.number == number):
        await pilot.press("right")


def first_unmarked(db: Database, upns: list[str], stage: int, count: int) -> int:
    """A criterion none of the first `count` pupils has a mark for yet this year."""
    for number in range(1, 31):
        if all(not stored(db, upn, stage, number) for upn in upns[:count]):
            return number
    raise AssertionError("every criterion has marks")


def test_marking_down_a_column_stores_this_half_terms_marks(demo_db, make_app, run):
    app = make_app(demo_db, "KW", class_name=CLASS)
    upns = [p.upn for p in pupils.list_pupils(demo_db, CLASS)]

    async def scenario(pilot: Pilot) -> None:
        screen = await open_maths(pilot)
        stage = screen.stage
        assert stage is not None and len(screen.criteria) >= 10
        number = first_unmarked(demo_db, upns, stage, 4)
        await to_criterion(pilot, number)
        await pilot.press("x", "slash", "full_stop", "x")
        await pilot.pause()
        term = app.term.half_term
        assert [stored(demo_db, upn, stage, number) for upn in upns[:4]] == [
            {term: 3}, {term: 2}, {term: 1}, {term: 3}]
        assert screen.table.cursor_row == 4  # moved down after each mark
        best = criteria_marks.current_marks(demo_db, upns[0], "Maths", stage, 2026)
        count = sum(mark is Mark.CROSS for mark in best.values())
        assert screen.rows[upns[0]].crosses == count
        band = band_text(count, len(screen.criteria), stage, app.scheme)
        assert screen.rows[upns[0]].band == band
        assert f"{count:>3} {band}"[:8] in line(pilot, 0)
        have = sum(row.best.get(number) is Mark.CROSS for row in screen.rows.values())
        assert have == 2
        footer = line(pilot, len(upns))
        assert footer.lstrip().startswith("have it")
        status = str(screen.query_one("#criterion").render())
        assert status.startswith(f"Criterion {number}:")

    run(app, scenario)


def test_a_weaker_mark_never_lowers_the_best_and_blanking_corrects(demo_db, make_app, run):
    app = make_app(demo_db, "KW", class_name=CLASS)
    upn = pupils.list_pupils(demo_db, CLASS)[0].upn

    async def scenario(pilot: Pilot) -> None:
        screen = await open_maths(pilot)
        stage = screen.stage
        assert stage is not None
        cross = first_unmarked(demo_db, [upn], stage, 1)
        criteria_marks.set_mark(demo_db, app.user, upn, "Maths", stage, cross, Term(2026, 1),
                                Mark.CROSS, seen=0)  # a cross in T1
        screen.reload()
        await to_criterion(pilot, cross)
        await pilot.press("full_stop")  # a dot this half-term over T1's cross
        await pilot.pause()
        term = app.term.half_term
        assert stored(demo_db, upn, stage, cross) == {1: 3, term: 1}
        assert screen.rows[upn].best[cross] is Mark.CROSS  # best wins: still a cross
        await pilot.press("up")
        explain = str(screen.query_one("#explain").render())
        assert f"T1 x · T{term} ." in explain
        await pilot.press("space")  # a mistake: blank this half-term's mark
        await pilot.pause()
        assert stored(demo_db, upn, stage, cross) == {1: 3, term: 0}
        assert screen.rows[upn].best[cross] is Mark.CROSS

    run(app, scenario)


def test_another_class_teacher_may_only_look(demo_db, make_app, run):
    app = make_app(demo_db, "SM", class_name=CLASS)  # 6M's teacher
    before = demo_db.execute("SELECT COUNT(*) FROM criteria_marks").fetchone()[0]

    async def scenario(pilot: Pilot) -> None:
        screen = await open_maths(pilot)
        assert screen.view_only is not None
        await pilot.press("x", "backspace", "space")
        await pilot.pause()
        assert "View only" in str(screen.query_one("#explain").render())

    run(app, scenario)
    assert demo_db.execute("SELECT COUNT(*) FROM criteria_marks").fetchone()[0] == before


def test_print_puts_the_sheet_on_one_page(demo_db, make_app, run, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("amtui.report.printing.output_folder", lambda scheme: tmp_path)
    app = make_app(demo_db, "KW", class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_maths(pilot)
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.printing

    run(app, scenario)
    files = list(tmp_path.glob("*marking sheet.pdf"))
    assert len(files) == 1
    assert files[0].stat().st_mode & 0o077 == 0
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(files[0])
    assert len(reader.pages) == 1
    assert "have it" in reader.pages[0].extract_text()
