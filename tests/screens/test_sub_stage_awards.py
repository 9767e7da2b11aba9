"""The high-school demo: a step typed in the grid that differs from the sheet's award asks why
and is marked `*`; the pupil file suggests next steps from the sheet of the stage worked at."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from grid_helpers import TERM, grid, shown, status_line

from amtui.app import AmtuiApp
from amtui.app import make_app as build_app
from amtui.core.conversion import Criterion
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme
from amtui.screens.pupil_file import rows
from amtui.screens.pupil_file.data import read_file
from amtui.store import attainment, awards, criteria_banks, criteria_marks, pupils
from amtui.store.db import Database, open_db

TODAY = date(2026, 11, 24)
FORM = "7A"


@pytest.fixture(scope="module")
def high() -> Scheme:
    return load_scheme("high_school_substages")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, high: Scheme) -> Path:
    from amtui.store.demo import build_demo

    path = tmp_path_factory.mktemp("high") / "high.db"
    database = open_db(path)
    build_demo(database, high, today=TODAY, pupils=60)
    database.conn.close()
    return path


@pytest.fixture
def school(built: Path, tmp_path: Path) -> Database:
    copy = tmp_path / "high.db"
    shutil.copyfile(built, copy)
    copy.chmod(0o600)
    return open_db(copy)


def tutor_app(db: Database, scheme: Scheme) -> AmtuiApp:
    form = next(c for c in pupils.list_classes(db) if c.name == FORM)
    return build_app(db, scheme, pupils.get_staff(db, form.teacher), TODAY, class_name=FORM)


def test_a_step_that_differs_from_the_sheet_asks_why_and_is_marked(school, high, run):
    subject = high.subjects[0]
    found = awards.awarded_for_class(school, high, FORM, subject, TERM)
    index, upn = next((i, p.upn) for i, p in enumerate(pupils.list_pupils(school, FORM))
                      if p.upn in found)
    award = found[upn].level
    typed = award + 1

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        assert table.cursor_column.key == subject
        await pilot.press(*["down"] * index)
        assert table.cursor_upn == upn
        await pilot.press(*str(typed), "enter")
        await pilot.pause()
        await pilot.press(*"moved up a set", "enter")
        await pilot.pause()
        await pilot.press("up")
        assert f" {typed}* " in shown(table, index)
        assert f"* the sheet awards {award}: “moved up a set”" in status_line(pilot)

    run(tutor_app(school, high), scenario)
    stored = attainment.get_attainment(school, upn, subject, TERM)
    assert (stored.step, stored.awarded, stored.step_reason) == (typed, award, "moved up a set")


def test_the_reason_form_cancelled_keeps_the_sheets_level(school, high, run):
    subject = high.subjects[0]
    found = awards.awarded_for_class(school, high, FORM, subject, TERM)
    index, upn = next((i, p.upn) for i, p in enumerate(pupils.list_pupils(school, FORM))
                      if p.upn in found)
    before = attainment.get_attainment(school, upn, subject, TERM)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press(*["down"] * index, *str(found[upn].level + 1), "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()

    run(tutor_app(school, high), scenario)
    after = attainment.get_attainment(school, upn, subject, TERM)
    assert (after.step, after.version) == (before.step, before.version)


def with_lines(db: Database, scheme: Scheme) -> tuple[str, str, int, list[int]]:
    """A pupil of the form, a subject, the stage they work at and their lines on its sheet."""
    for pupil in pupils.list_pupils(db, FORM):
        for subject in scheme.subjects:
            stage = awards.working_stage(db, pupil.upn, subject, TERM)
            if stage is not None and (lines := criteria_marks.line_criteria(
                    db, pupil.upn, subject, stage, TERM.school_year)):
                return pupil.upn, subject, stage, lines
    raise AssertionError("no pupil of the form has a criterion mostly achieved")


def test_suggestions_come_from_the_sheet_worked_at_lines_first(school, high):
    upn, subject, stage, lines = with_lines(school, high)
    offered = rows.suggestions(read_file(tutor_app(school, high), upn))[subject]
    sheet = criteria_banks.criteria_for(school, subject, stage)
    assert [s.text for s in offered] == \
        [c.text for c in sheet if c.number in lines] + \
        [c.text for c in sheet if c.number not in lines]
    assert [s.mostly for s in offered] == [True] * len(lines) + [False] * (len(sheet) - len(lines))


def test_suggestions_use_the_schools_own_sheet(school, high):
    upn, subject, stage, lines = with_lines(school, high)
    size = max(lines) + 2
    admin = next(s for s in pupils.list_staff(school) if s.role == "admin")
    criteria_banks.save_criteria(school, admin, [
        Criterion(subject, stage, number, f"OWN{number}", f"our criterion {number}")
        for number in range(1, size + 1)])
    offered = rows.suggestions(read_file(tutor_app(school, high), upn))[subject]
    assert [s.text for s in offered[:len(lines)]] == [f"our criterion {n}" for n in lines]
    assert len(offered) == size
