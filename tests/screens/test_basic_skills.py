"""The basic-skills week, driven with keys from the class grid: scores typed down this week's
column are stored, a pupil moves up a level with one key, the demo high school flags pupils with
four green weeks in a row, and an impossible score is refused with nothing stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from amtui.app import make_app as build_app
from amtui.core.basic_skills import level_at, scores_at
from amtui.core.colours import may_move_on
from amtui.core.scheme_file import load_scheme
from amtui.screens.basic_skills import BasicSkillsScreen
from amtui.screens.pupil_file import rows
from amtui.screens.pupil_file.data import read_file
from amtui.store import basic_skills, pupils
from amtui.store.db import Database, open_db
from amtui.store.demo import build_demo
from amtui.widgets.class_table import ClassTable

CLASS, WEEK = "5W", 13  # the demo's today, 24 November 2026, is in week 13 of 2026-27
TODAY = date(2026, 11, 24)


def grid(pilot: Pilot) -> ClassTable:
    return pilot.app.screen.query_one(ClassTable)


def line(pilot: Pilot, index: int) -> str:
    table = grid(pilot)
    return table.render_line(index - round(table.scroll_y) + 1).text


def status_line(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#explain").render())


async def open_week(pilot: Pilot) -> None:
    await pilot.press("B")
    assert isinstance(pilot.app.screen, BasicSkillsScreen)


def test_a_weeks_scores_are_typed_down_the_column(demo_db, make_app, run):
    class_pupils = pupils.list_pupils(demo_db, CLASS)
    app = make_app(demo_db, "KW", class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_week(pilot)
        assert f"Wk {WEEK}" in line(pilot, -1)  # the header
        await pilot.press("2", "2", "enter", "1", "5", "enter", "9", "enter")
        await pilot.pause()
        upns = grid(pilot).upns
        stored = basic_skills.class_week(demo_db, CLASS, 2026, WEEK)
        assert {upn: s.score for upn, s in stored.items()} == \
            {upns[0]: 22, upns[1]: 15, upns[2]: 9}
        assert "22 G" in line(pilot, 0) and "15 A" in line(pilot, 1) and " 9 R" in line(pilot, 2)
        assert grid(pilot).cursor_row == 3
        assert {s.level for s in stored.values()} <= {"Level 4", "Level 5"}
        assert len(upns) == len(class_pupils)

    run(app, scenario)


def test_u_moves_a_pupil_up_a_level_at_once(demo_db, make_app, run):
    app = make_app(demo_db, "KW", class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_week(pilot)
        upn = grid(pilot).upns[0]
        before = level_at(basic_skills.history_of(demo_db, upn), [], 2026, WEEK, "")
        await pilot.press("u")
        await pilot.pause()
        moved = basic_skills.level_changes(demo_db, upn)
        assert [(m.week, m.level) for m in moved] == [(WEEK, before.replace(
            "Level 4", "Level 4/5 bridging").replace("Level 5", "Level 5/6 bridging"))]
        assert "↑ Level" in line(pilot, 0)
        assert moved[0].level in line(pilot, 0)

    run(app, scenario)


def test_an_impossible_score_is_refused_and_nothing_stored(demo_db, make_app, run, notes):
    app = make_app(demo_db, "KW", class_name=CLASS)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await open_week(pilot)
        await pilot.press("3", "0", "enter")
        await pilot.pause()
        assert basic_skills.class_week(demo_db, CLASS, 2026, WEEK) == {}
        assert "from 0 to 25" in status_line(pilot)
        assert grid(pilot).editing == "30" and grid(pilot).cursor_row == 0

    run(app, scenario)
    assert any("a score of 30 is impossible" in message for message in said)


def test_another_class_is_view_only(demo_db, make_app, run):
    app = make_app(demo_db, "KW", class_name="6M")

    async def scenario(pilot: Pilot) -> None:
        await open_week(pilot)
        await pilot.press("2", "2", "enter", "u")
        await pilot.pause()
        assert "View only" in status_line(pilot)

    run(app, scenario)
    assert basic_skills.class_week(demo_db, "6M", 2026, WEEK) == {}
    assert demo_db.execute("SELECT COUNT(*) FROM basic_skills_levels").fetchone()[0] == 0


def test_brackets_go_to_the_weeks_before(demo_db, make_app, run):
    app = make_app(demo_db, "KW", class_name=CLASS)

    async def scenario(pilot: Pilot) -> None:
        await open_week(pilot)
        await pilot.press("left_square_bracket")
        assert f"Wk {WEEK - 1}" in line(pilot, -1)
        upn = grid(pilot).upns[0]
        await pilot.press("2", "5", "enter")
        await pilot.pause()
        assert basic_skills.class_week(demo_db, CLASS, 2026, WEEK - 1)[upn].score == 25

    run(app, scenario)


@pytest.fixture(scope="module")
def high_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("high") / "high.db"
    database = open_db(path)
    build_demo(database, load_scheme("high_school_substages"), today=TODAY, pupils=60)
    database.conn.close()
    return path


def ready_pupils(db: Database, class_name: str) -> set[str]:
    scheme = load_scheme("high_school_substages")
    ready = set()
    for pupil in pupils.list_pupils(db, class_name):
        scores = basic_skills.history_of(db, pupil.upn)
        level = level_at(scores, [], 2026, WEEK, "")
        if may_move_on(scores_at(scores, level, 2026, WEEK), scheme):
            ready.add(pupil.display_name)
    return ready


def test_the_high_school_flags_pupils_with_four_green_weeks(high_school, run):
    db = open_db(high_school)
    form = next(c for c in pupils.list_classes(db) if ready_pupils(db, c.name))
    ready = ready_pupils(db, form.name)
    app = build_app(db, load_scheme("high_school_substages"), pupils.get_staff(db, form.teacher),
                    TODAY, class_name=form.name)

    async def scenario(pilot: Pilot) -> None:
        await open_week(pilot)
        table = grid(pilot)
        flagged = {row.record.pupil.display_name for i, row in enumerate(table.rows)
                   if "ready to move on" in line(pilot, i)}
        assert flagged == ready

    run(app, scenario, size=(120, 60))


def test_the_pupil_file_shows_the_latest_scores_and_moves(demo_db, make_app):
    app = make_app(demo_db, "KW", class_name=CLASS)
    upn = pupils.list_pupils(demo_db, CLASS)[0].upn
    latest = basic_skills.history_of(demo_db, upn)[-3:]
    shown = rows.attainment_rows(read_file(app, upn))
    assert [key for key, _ in shown.rows] == list(app.scheme.subjects)  # a line, not a row
    line = str(shown.heading).split("\n")[1].strip()
    assert line.startswith(f"Basic skills: {latest[-1].level} · {latest[0].score} ")
    assert "moved on from Level 4 in week 9" in line  # the demo's pupils move up in week 9
    basic_skills.move_on(demo_db, app.user, upn, 2026, 13, "Level 5/6 bridging")
    line = str(rows.attainment_rows(read_file(app, upn)).heading).split("\n")[1].strip()
    assert line.startswith("Basic skills: Level 5/6 bridging · ")
    assert line.endswith("moved on from Level 5 in week 13")
