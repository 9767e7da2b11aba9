"""Half-term tests: answers raise the criteria sheet (never lower it), section scores, who may."""

from __future__ import annotations

import pytest

from amtui.core.criteria import Mark
from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.models import ClassGroup, Pupil, Staff
from amtui.core.terms import Term
from amtui.core.tests_scoring import SectionScore, total_score
from amtui.store import criteria_marks, half_term_tests, history, pupils
from amtui.store.db import Database

UPN = "A123456789012"
T2 = Term(2026, 2)


@pytest.fixture
def pupil(db: Database, admin: Staff) -> str:
    pupils.save_pupils(db, admin, [Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5,
                                         class_name="5W")])
    return UPN


def sheet_row(db: Database, number: int, half_term: int = 2) -> int | None:
    row = history.read(db, "criteria_marks", {"upn": UPN, "subject": "Maths", "stage": 4,
                                              "number": number, "school_year": 2026,
                                              "half_term": half_term})
    return None if row is None else row["mark"]


def sectioned(db: Database, who: Staff) -> half_term_tests.HalfTermTest:
    return half_term_tests.create_test(db, who, "Autumn 2 Maths St 4", "Maths", 4, T2,
                                       sections={"Number": [1, 2, 3], "Geometry": [7, 8]})


def test_a_new_test_has_a_question_per_criterion_in_one_section(db, teacher):
    made = half_term_tests.create_test(db, teacher, "  Autumn 2   Maths St 4 ", "Maths", 4, T2)
    assert made.name == "Autumn 2 Maths St 4"
    assert [(q.number, q.section, q.criterion) for q in made.questions] == [
        (n, "Maths", n) for n in range(1, 31)]
    assert half_term_tests.tests_for(db, "Maths", T2) == [made]
    assert half_term_tests.tests_for(db, "Maths", Term(2026, 3)) == []


def test_sections_number_the_questions_in_their_order(db, slt):
    made = sectioned(db, slt)
    assert [(q.number, q.section, q.criterion) for q in made.questions] == [
        (1, "Number", 1), (2, "Number", 2), (3, "Number", 3), (4, "Geometry", 7),
        (5, "Geometry", 8)]
    assert half_term_tests.get_test(db, made.id) == made


def test_a_criterion_off_the_sheet_is_refused(db, teacher):
    with pytest.raises(InvalidInput, match="criterion 31 is not on this stage's sheet"):
        half_term_tests.create_test(db, teacher, "T", "Maths", 4, T2, sections={"A": [31]})
    assert half_term_tests.tests_for(db, "Maths", T2) == []


def test_an_answer_is_stored_and_becomes_the_criterion_mark(db, teacher, pupil):
    test = sectioned(db, teacher)
    half_term_tests.answer(db, teacher, test.id, pupil, 4, Mark.CROSS, seen=0)
    assert half_term_tests.answers(db, test.id) == {
        pupil: {4: half_term_tests.Answer(Mark.CROSS, 1)}}
    assert sheet_row(db, 7) == Mark.CROSS  # question 4 tests criterion 7
    assert criteria_marks.current_marks(db, pupil, "Maths", 4, 2026) == {7: Mark.CROSS}


def test_a_weaker_test_mark_never_lowers_a_better_sheet_mark(db, teacher, pupil):
    criteria_marks.set_mark(db, teacher, pupil, "Maths", 4, 1, T2, Mark.CROSS, seen=0)
    test = sectioned(db, teacher)
    half_term_tests.answer(db, teacher, test.id, pupil, 1, Mark.DOT, seen=0)
    assert sheet_row(db, 1) == Mark.CROSS
    half_term_tests.answer(db, teacher, test.id, pupil, 2, Mark.LINE, seen=0)
    half_term_tests.answer(db, teacher, test.id, pupil, 2, Mark.DOT, seen=1)  # corrected down
    assert sheet_row(db, 2) == Mark.LINE
    assert half_term_tests.answers(db, test.id)[pupil][2].mark is Mark.DOT


def test_a_better_test_mark_raises_only_the_tests_half_term(db, teacher, pupil):
    criteria_marks.set_mark(db, teacher, pupil, "Maths", 4, 1, Term(2026, 1), Mark.DOT, seen=0)
    criteria_marks.set_mark(db, teacher, pupil, "Maths", 4, 1, T2, Mark.DOT, seen=0)
    test = sectioned(db, teacher)
    half_term_tests.answer(db, teacher, test.id, pupil, 1, Mark.LINE, seen=0)
    assert (sheet_row(db, 1, half_term=1), sheet_row(db, 1)) == (Mark.DOT, Mark.LINE)


def test_undo_takes_back_the_answer_and_the_sheet_mark_together(db, teacher, pupil):
    test = sectioned(db, teacher)
    half_term_tests.answer(db, teacher, test.id, pupil, 1, Mark.CROSS, seen=0)
    history.undo(db, teacher)
    assert half_term_tests.answers(db, test.id) == {}
    assert sheet_row(db, 1) is None


def test_section_scores_count_a_cross_two_and_a_line_one(db, teacher, pupil):
    test = sectioned(db, teacher)
    for number, mark in ((1, Mark.CROSS), (2, Mark.LINE), (3, Mark.DOT), (5, Mark.CROSS)):
        half_term_tests.answer(db, teacher, test.id, pupil, number, mark, seen=0)
    scores = half_term_tests.section_scores(db, test.id, pupil)
    assert scores == [SectionScore("Number", 3, 6), SectionScore("Geometry", 2, 4)]
    assert [str(s) for s in [*scores, total_score(scores)]] == [
        "Number 3/6", "Geometry 2/4", "Total 5/10"]


def test_only_the_classs_teacher_enters_answers(db, admin, teacher, slt, pupil):
    test = sectioned(db, teacher)
    other = pupils.save_staff(db, admin, Staff(initials="OT", name="Mr O T", role="teacher"))
    pupils.save_class(db, admin, ClassGroup(name="6B", year_group=6, teacher="OT"), seen=0)
    with pytest.raises(NotAllowed, match="5W's teacher"):
        half_term_tests.answer(db, other, test.id, pupil, 1, Mark.CROSS, seen=0)
    assert half_term_tests.answers(db, test.id) == {}
    assert sheet_row(db, 1) is None
    half_term_tests.answer(db, slt, test.id, pupil, 1, Mark.CROSS, seen=0)
    assert sheet_row(db, 1) == Mark.CROSS


def test_teachers_and_senior_leaders_make_tests_but_not_tas_or_admins(db, admin, ta):
    for who in (admin, ta):
        with pytest.raises(NotAllowed, match="only a teacher or a senior leader may set a "
                                             "half-term test"):
            sectioned(db, who)
    assert half_term_tests.tests_for(db, "Maths", T2) == []


def test_a_class_is_offered_its_own_papers_and_those_not_yet_sat(db, admin, teacher, slt,
                                                                  pupil):
    pupils.save_pupils(db, admin, [Pupil(upn="B123456789012", forename="Sam", surname="Ode",
                                         year_group=5, class_name="5B")])
    ours, theirs, unsat = (half_term_tests.create_test(db, teacher, name, "Maths", 4, T2)
                           for name in ("5W paper", "5B paper", "Spare paper"))
    half_term_tests.answer(db, teacher, ours.id, UPN, 1, Mark.CROSS, seen=0)
    half_term_tests.answer(db, slt, theirs.id, "B123456789012", 1, Mark.DOT, seen=0)
    assert half_term_tests.tests_for(db, "Maths", T2, "5W") == [ours, unsat]
    assert half_term_tests.tests_for(db, "Maths", T2, "5B") == [theirs, unsat]
    assert len(half_term_tests.tests_for(db, "Maths", T2)) == 3
