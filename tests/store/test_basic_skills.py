"""Basic-skills scores and moves: checked, permitted, audited, read back per class and pupil."""

from __future__ import annotations

import pytest

from amtui.core.basic_skills import LevelChange, WeekScore
from amtui.core.errors import Conflict, NotAllowed, OutOfRange
from amtui.core.models import ClassGroup, Pupil
from amtui.store import basic_skills, history, pupils

UPN, OTHER = "A123456789012", "B123456789012"


@pytest.fixture
def pupil(db, admin):
    pupils.save_class(db, admin, ClassGroup(name="6K", year_group=6, teacher="SL"), seen=0)
    pupils.save_pupils(db, admin, [
        Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5, class_name="5W"),
        Pupil(upn=OTHER, forename="Ali", surname="Khan", year_group=6, class_name="6K")])
    return UPN


def test_a_week_of_scores_is_stored_and_read_per_class_and_pupil(db, teacher, pupil):
    for week, score in ((1, 22), (2, 19), (3, 25)):
        basic_skills.set_score(db, teacher, pupil, 2026, week, "level 4", score, seen=0)
    stored = basic_skills.set_score(db, teacher, pupil, 2026, 2, "Level 4", 21, seen=1)
    assert stored == WeekScore(2026, 2, "Level 4", 21, version=2)
    assert basic_skills.class_week(db, "5W", 2026, 2) == {pupil: stored}
    assert basic_skills.class_week(db, "5W", 2026, 4) == {}
    assert [(s.week, s.score) for s in basic_skills.history_of(db, pupil)] == \
        [(1, 22), (2, 21), (3, 25)]
    assert history.entries(db, "basic_skills")[0].who == teacher.initials


def test_an_impossible_score_is_refused_and_nothing_stored(db, teacher, pupil):
    with pytest.raises(OutOfRange, match="from 0 to 25"):
        basic_skills.set_score(db, teacher, pupil, 2026, 1, "Level 4", 30, seen=0)
    with pytest.raises(Conflict):
        basic_skills.set_score(db, teacher, pupil, 2026, 1, "Level 4", 20, seen=3)
    assert basic_skills.history_of(db, pupil) == []


def test_only_the_class_teacher_or_a_leader_may_enter_scores(db, teacher, slt, pupil):
    with pytest.raises(NotAllowed):
        basic_skills.set_score(db, teacher, OTHER, 2026, 1, "Level 4", 20, seen=0)
    with pytest.raises(NotAllowed):
        basic_skills.move_on(db, teacher, OTHER, 2026, 1, "Level 5")
    basic_skills.set_score(db, slt, OTHER, 2026, 1, "Level 4", 20, seen=0)
    assert basic_skills.history_of(db, OTHER)[0].score == 20


def test_moving_on_relevels_the_tests_from_that_week(db, teacher, pupil):
    for week in (1, 2, 3, 4, 5):
        basic_skills.set_score(db, teacher, pupil, 2026, week, "Level 4", 22, seen=0)
    moved = basic_skills.move_on(db, teacher, pupil, 2026, 5, "Level 4/5 bridging")
    assert moved == LevelChange(2026, 5, "Level 4/5 bridging", 1)
    assert basic_skills.level_changes(db, pupil) == [moved]
    assert [s.level for s in basic_skills.history_of(db, pupil)] == \
        ["Level 4"] * 4 + ["Level 4/5 bridging"]
    history.undo(db, teacher)  # one change: the move and the re-levelled test go together
    assert basic_skills.level_changes(db, pupil) == []
    assert {s.level for s in basic_skills.history_of(db, pupil)} == {"Level 4"}


def test_clearing_a_score(db, teacher, pupil):
    basic_skills.set_score(db, teacher, pupil, 2026, 1, "Level 4", 22, seen=0)
    basic_skills.clear_score(db, teacher, pupil, 2026, 1, seen=1)
    assert basic_skills.history_of(db, pupil) == []
