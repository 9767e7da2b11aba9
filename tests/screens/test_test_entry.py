"""Entering a half-term test with keys: `E` in the class grid, a subject key, `n` for a new test,
then one pupil's paper along their row — asserted through the stored answers, the criteria
marks they raise, and the section scores shown."""

from __future__ import annotations

from textual.pilot import Pilot

from amtui.core.criteria import Mark
from amtui.core.terms import Term
from amtui.screens.test_entry import HalfTermTestSheet
from amtui.store import criteria_marks, half_term_tests, pupils
from amtui.store.db import Database

CLASS = "5W"
T2 = Term(2026, 2)


def sheet(pilot: Pilot) -> HalfTermTestSheet:
    screen = pilot.app.screen
    assert isinstance(screen, HalfTermTestSheet)
    return screen


def status_line(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#explain").render())


def sheet_text(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#sheet").render())


def t2_marks(db: Database, upn: str) -> dict[int, int]:
    return {row["number"]: row["mark"] for row in db.query(
        "SELECT number, mark FROM criteria_marks WHERE upn = ? AND subject = 'Maths' AND "
        "stage = 4 AND school_year = 2026 AND half_term = 2", [upn])}


def test_a_teacher_enters_one_pupils_paper_along_the_row(demo_db, make_app, run):
    first, second = (p.upn for p in pupils.list_pupils(demo_db, CLASS)[:2])
    before = t2_marks(demo_db, first)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("E", "m", "n")
        assert sheet(pilot).test is not None
        await pilot.press("x", "slash", "full_stop", "space")
        assert "Maths 3/60 · Total 3/60" in status_line(pilot)
        await pilot.press("end", "x")  # the last question: then on to the next pupil's first
        assert (sheet(pilot).row, sheet(pilot).column) == (1, 0)
        await pilot.press("x")
        # n: a new test at the stage most of the class works at (5W: stage 4)
        assert "Autumn 2 Maths St 4" in str(pilot.app.screen.query_one("#header").render())

    run(make_app(demo_db, "KW", class_name=CLASS), scenario)
    [test] = half_term_tests.tests_for(demo_db, "Maths", T2)
    assert (test.name, test.stage, len(test.questions)) == ("Autumn 2 Maths St 4", 4, 30)
    stored = half_term_tests.answers(demo_db, test.id)
    assert {n: a.mark for n, a in stored[first].items()} == {
        1: Mark.CROSS, 2: Mark.LINE, 3: Mark.DOT, 4: Mark.BLANK, 30: Mark.CROSS}
    assert {n: a.mark for n, a in stored[second].items()} == {1: Mark.CROSS}
    after = t2_marks(demo_db, first)
    for number, mark in ((1, Mark.CROSS), (2, Mark.LINE), (3, Mark.DOT), (30, Mark.CROSS)):
        assert after[number] == max(mark, before.get(number, 0))
    assert criteria_marks.current_marks(demo_db, second, "Maths", 5, 2026)[1] is Mark.CROSS
    assert [str(s) for s in half_term_tests.section_scores(demo_db, test.id, first)] == [
        "Maths 5/60"]


def test_row_ends_show_section_scores_and_the_total(demo_db, make_app, run):
    kw = pupils.get_staff(demo_db, "KW")
    test = half_term_tests.create_test(demo_db, kw, "Autumn 2 Maths St 5", "Maths", 5, T2,
                                       sections={"Number": [1, 2, 3], "Geometry": [4, 5]})
    first = pupils.list_pupils(demo_db, CLASS)[0].upn
    for number, mark in ((1, Mark.CROSS), (2, Mark.CROSS), (4, Mark.LINE)):
        half_term_tests.answer(demo_db, kw, test.id, first, number, mark, seen=0)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("E", "m", "1")
        lines = sheet_text(pilot).splitlines()
        assert lines[0].split()[-5:] == ["│Number", "│Geomet", "Numbe", "Geome", "Total"]
        assert lines[2].split()[-3:] == ["4", "1", "5"]
        assert "Number 4/6 · Geometry 1/4 · Total 5/10" in status_line(pilot)

    run(make_app(demo_db, "KW", class_name=CLASS), scenario)


def test_another_classs_teacher_may_only_look(demo_db, make_app, run):
    kw = pupils.get_staff(demo_db, "KW")
    test = half_term_tests.create_test(demo_db, kw, "Autumn 2 Maths St 5", "Maths", 5, T2)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("E", "m", "1")
        assert sheet(pilot).view_only is not None
        await pilot.press("x")
        assert "View only" in status_line(pilot)

    run(make_app(demo_db, "SM", class_name=CLASS), scenario)
    assert half_term_tests.answers(demo_db, test.id) == {}
