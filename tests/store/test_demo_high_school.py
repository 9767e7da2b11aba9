"""The demo for a sub-stage scheme: a fictional Y7–Y11 high school with criteria sheets and
basic-skills histories; and the primary demo left exactly as it was."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from amtui.core.colours import Rag, basic_skills_colour, may_move_on
from amtui.core.criteria import band_for_crosses
from amtui.core.scale import SubStage, stored_level
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme
from amtui.datafiles import load_criteria_bank
from amtui.store import pupils
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
        "criteria_marks": 1063}
