"""The demo for a sub-stage scheme: a fictional Y7–Y11 high school with criteria sheets and
basic-skills histories, half-term tests on them; and the primary demo left exactly as it was."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from amtui.core.colours import Rag, basic_skills_colour, may_move_on
from amtui.core.criteria import Mark, band_for_crosses
from amtui.core.scale import SubStage, stored_level
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.core.tests_scoring import POINTS, total_score
from amtui.datafiles import load_criteria_bank
from amtui.store import half_term_tests, pupils
from amtui.store.db import Database, open_db
from amtui.store.demo import TABLE_ORDER, build_demo

TODAY = date(2026, 11, 24)  # Autumn 2 of 2026-27, as the other tests
NOW = (2026, 2)


@pytest.fixture(scope="module")
def high() -> Scheme:
    return load_scheme("high_school_substages")


@pytest.fixture(scope="module")
def school_path(tmp_path_factory: pytest.TempPathFactory, high: Scheme) -> Path:
    path = tmp_path_factory.mktemp("high") / "high.db"
    database = open_db(path)
    build_demo(database, high, today=TODAY, pupils=300)
    database.conn.close()
    return path


@pytest.fixture
def school(school_path: Path) -> Database:
    return open_db(school_path)


def _current_levels(db: Database) -> dict[tuple[str, str], SubStage]:
    rows = db.query("SELECT upn, subject, step FROM attainment WHERE school_year = ? AND "
                    "half_term = ?", NOW)
    out: dict[tuple[str, str], SubStage] = {}
    for row in rows:
        level = stored_level(row["step"])
        assert isinstance(level, SubStage)
        out[row["upn"], row["subject"]] = level
    return out


def test_three_hundred_pupils_in_forms_of_years_7_to_11_only(school):
    classes = pupils.list_classes(school)
    assert sorted({c.year_group for c in classes}) == [7, 8, 9, 10, 11]
    assert {c.name for c in classes} == {f"{y}{f}" for y in range(7, 12) for f in "AB"}
    every = pupils.list_pupils(school)
    assert len(every) == 300 and {p.year_group for p in every} == {7, 8, 9, 10, 11}
    assert all(len(pupils.list_pupils(school, c.name)) == 30 for c in classes)
    roles = Counter(s.role for s in pupils.list_staff(school))
    assert roles == {"teacher": 10, "slt": 5, "ta": 4, "admin": 1}
    tutor = next(c.teacher for c in classes if c.name == "7A")
    assert pupils.get_staff(school, tutor).name == "Mr A Fletcher"


def test_every_attainment_target_and_starting_point_is_a_sub_stage(school):
    for table, column in (("attainment", "step"), ("targets", "step"),
                          ("starting_points", "step"), ("starting_points", "fft"),
                          ("intervention_pupils", "entry_step")):
        values = [r[column] for r in school.query(f"SELECT DISTINCT [{column}] FROM [{table}] "
                                                  f"WHERE [{column}] IS NOT NULL")]
        assert values, table
        for value in values:
            assert isinstance(stored_level(value), SubStage) and value == str(
                SubStage.parse(value)), (table, value)
    years = {r["school_year"] for r in school.query("SELECT DISTINCT school_year FROM attainment")}
    assert years == {2025, 2026}
    assert {r["label"] for r in school.query("SELECT DISTINCT label FROM starting_points")} == \
        {"KS2 result"}


def test_targets_climb_three_sub_stages_a_year_from_the_ks2_result(school, high):
    start = school.query("SELECT upn, subject, step FROM starting_points LIMIT 1").__next__()
    ladder = [stored_level(r["step"]) for r in school.query(
        "SELECT step FROM targets WHERE upn = ? AND subject = ? ORDER BY year_group",
        [start["upn"], start["subject"]])]
    assert len(ladder) == 5  # Year 7 to Year 11
    gaps = [b - a for a, b in zip([stored_level(start["step"]), *ladder], ladder, strict=False)]
    assert all(gap >= high.expected_per_year for gap in gaps)


def test_criteria_crosses_award_the_pupils_sub_stage(school, high):
    bank = load_criteria_bank()
    best: dict[tuple[str, str, int], dict[int, int]] = defaultdict(dict)
    for row in school.query("SELECT upn, subject, stage, number, mark FROM criteria_marks "
                            "WHERE school_year = 2026"):
        marks = best[row["upn"], row["subject"], row["stage"]]
        marks[row["number"]] = max(marks.get(row["number"], 0), row["mark"])
    assert {subject for _, subject, _ in best} == set(high.core_subjects)
    levels = _current_levels(school)
    near = compared = 0
    for (upn, subject, stage), marks in best.items():
        sheet = bank.for_stage(subject, stage)
        size = len(sheet)
        assert size and set(marks) <= {criterion.number for criterion in sheet}
        if (upn, subject) not in levels:
            continue  # this half-term's level not entered yet
        crosses = sum(mark == 3 for mark in marks.values())
        awarded = band_for_crosses(crosses, size, high).substage(stage)
        compared += 1
        near += abs(awarded - levels[upn, subject]) <= 1
    assert compared > 300 and near >= 0.9 * compared
    lines = school.query("SELECT COUNT(*) AS n FROM criteria_marks WHERE mark = 2").__next__()
    assert lines["n"] > 0  # "mostly" criteria, from which next steps are suggested


def test_basic_skills_scores_fit_the_test_and_some_pupils_may_move_on(school, high):
    out_of = high.basic_skills.out_of
    by_pupil: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for row in school.query("SELECT upn, week, level, score FROM basic_skills "
                            "WHERE school_year = 2026 ORDER BY upn, week"):
        assert 0 <= row["score"] <= out_of and row["level"].startswith("Level ")
        by_pupil[row["upn"]].append((row["week"], row["level"], row["score"]))
    assert len(by_pupil) == 300
    waiting = moved = 0
    need = high.basic_skills.green_weeks_to_move_on
    for weeks in by_pupil.values():
        level = weeks[-1][1]
        at_level = [score for _, lvl, score in weeks if lvl == level]
        last = at_level[-need:]
        if len(last) == need and all(basic_skills_colour(s, high) is Rag.GREEN for s in last):
            waiting += 1  # the latest weeks all green at this level: flagged to move on
            assert may_move_on(at_level, high)
        moved += len({lvl for _, lvl, _ in weeks}) > 1
    assert 0 < waiting < 100 and moved > 0


def test_the_app_opens_on_a_year_7_form_showing_sub_stages(school, high):
    from amtui.app import make_app
    from amtui.widgets.class_table import ClassTable

    tutor = next(c.teacher for c in pupils.list_classes(school) if c.name == "7A")
    app = make_app(school, high, pupils.get_staff(school, tutor), TODAY)
    shown: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one(ClassTable)
            shown.extend(table.render_line(y).text for y in range(1, 12))

    asyncio.run(main())
    text = "\n".join(shown)
    levels = {str(v) for (upn, _), v in _current_levels(school).items()
              if upn in {p.upn for p in pupils.list_pupils(school, "7A")}}
    assert any(level in text for level in levels), text
    assert any(f"{stage}{letter}" in text for stage in (2, 3) for letter in "REDS")


def test_the_primary_demo_keeps_its_row_counts(demo_db):
    counts = {t: demo_db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0]
              for t in TABLE_ORDER}
    assert counts == {
        "staff": 14, "classes": 7, "pupils": 210, "starting_points": 840, "targets": 2640,
        "attainment": 5720, "attitude": 8563, "meetings": 1346, "support_lines": 275,
        "medium_targets": 4562, "self_assessments": 1426, "programme_bank": 6,
        "interventions": 14, "intervention_pupils": 77, "intervention_sessions": 280,
        "session_pupils": 1509, "intervention_reviews": 14, "basic_skills": 720,
        "criteria_marks": 1063, "tests": 0, "test_questions": 0, "test_answers": 0}


def test_each_form_sat_a_test_a_half_term_in_each_core_subject_at_its_main_stage(school, high):
    stages = Counter((r["class_name"], r["subject"], r["stage"]) for r in school.query(
        "SELECT DISTINCT p.class_name, m.subject, m.stage, m.upn FROM criteria_marks m "
        "JOIN pupils p USING (upn) WHERE m.school_year = 2026"))
    classes = [c.name for c in pupils.list_classes(school)]
    for subject in high.core_subjects:
        for half_term in (1, 2):
            tests = half_term_tests.tests_for(school, subject, Term(2026, half_term))
            assert sorted(t.name.split()[-1] for t in tests) == sorted(classes)
            for test in tests:
                form = test.name.split()[-1]
                main = max(n for (c, s, _), n in stages.items() if (c, s) == (form, subject))
                assert stages[form, subject, test.stage] == main, test.name
                assert test.name.startswith(f"{high.calendar.names[half_term - 1]} {subject}")
                assert len({q.section for q in test.questions}) in (2, 3)
                assert [q.criterion for q in test.questions] == [
                    c.number for c in load_criteria_bank().for_stage(subject, test.stage)]
    names = {r["section"] for r in school.query("SELECT DISTINCT section FROM test_questions")}
    assert {"Number", "Geometry", "Statistics", "Reading", "Writing", "Grammar", "Knowledge",
            "Working scientifically"} == names


def test_no_answer_is_better_than_the_pupils_criteria_mark_that_half_term(school):
    rows = list(school.query(
        "SELECT a.mark AS answer, COALESCE(m.mark, 0) AS sheet FROM test_answers a "
        "JOIN tests t ON t.id = a.test_id "
        "JOIN test_questions q ON q.test_id = a.test_id AND q.number = a.number "
        "LEFT JOIN criteria_marks m ON m.upn = a.upn AND m.subject = t.subject AND "
        "m.stage = t.stage AND m.number = q.criterion AND m.school_year = t.school_year AND "
        "m.half_term = t.half_term"))
    assert len(rows) > 10_000
    assert all(r["answer"] <= r["sheet"] for r in rows)
    assert set(Counter(r["answer"] for r in rows)) == {m.value for m in Mark}  # . / x and blank
    sat = {r["upn"] for r in school.query("SELECT DISTINCT upn FROM test_answers")}
    assert len(sat) > 0.6 * 300  # pupils working at another stage sat another test


def test_section_scores_from_the_store_add_up_to_the_paper(school):
    [test] = [t for t in half_term_tests.tests_for(school, "Maths", Term(2026, 2))
              if t.name.endswith(" 7A")]
    papers = half_term_tests.answers(school, test.id)
    assert len(papers) >= 10
    for upn, paper in papers.items():
        scores = half_term_tests.section_scores(school, test.id, upn)
        assert [s.section for s in scores] == ["Number", "Geometry", "Statistics"]
        assert total_score(scores).scored == sum(POINTS[a.mark] for a in paper.values())
        assert total_score(scores).out_of == 2 * len(test.questions) == 2 * len(paper)


def test_the_test_entry_screen_opens_7a_maths_with_a_pupils_section_scores(school, high):
    from amtui.app import make_app
    from amtui.screens.test_entry import HalfTermTestSheet

    tests = half_term_tests.tests_for(school, "Maths", Term(2026, 2))
    index, test = next((i, t) for i, t in enumerate(tests, start=1) if t.name.endswith(" 7A"))
    assert index < 10
    form = pupils.list_pupils(school, "7A")
    papers = half_term_tests.answers(school, test.id)
    row, pupil = next((i, p) for i, p in enumerate(form) if p.upn in papers)
    scores = half_term_tests.section_scores(school, test.id, pupil.upn)
    expected = " · ".join(str(s) for s in [*scores, total_score(scores)])
    tutor = next(c.teacher for c in pupils.list_classes(school) if c.name == "7A")
    app = make_app(school, high, pupils.get_staff(school, tutor), TODAY)
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            await pilot.press("E", "m", str(index), *["down"] * row)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, HalfTermTestSheet) and screen.test is not None
            seen.extend([screen.test.name, str(screen.query_one("#explain").render()),
                         str(screen.query_one("#sheet").render())])

    asyncio.run(main())
    name, status, sheet = seen
    assert name == test.name == "Autumn 2 Maths St 2 7A"
    assert expected in status and pupil.display_name in status
    assert "│Number" in sheet.splitlines()[0] and "│Geometry" in sheet.splitlines()[0]
