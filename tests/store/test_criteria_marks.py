"""Criteria marks: the best mark so far this year, and the criteria mostly achieved."""

from __future__ import annotations

from amtui.core.criteria import Mark
from amtui.core.models import Pupil
from amtui.core.terms import Term
from amtui.store import criteria_marks, pupils

UPN = "A123456789012"


def test_marks_only_go_up_and_lines_are_suggested(db, teacher):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5, class_name="5W")])
    for number, marks in {1: (Mark.DOT, Mark.CROSS), 2: (Mark.LINE, Mark.DOT),
                          3: (Mark.DOT, Mark.LINE), 4: (Mark.CROSS,)}.items():
        for half_term, mark in enumerate(marks, start=1):
            criteria_marks.set_mark(db, teacher, UPN, "Maths", 5, number, Term(2026, half_term),
                                    mark, seen=0)
    assert criteria_marks.current_marks(db, UPN, "Maths", 5, 2026) == {
        1: Mark.CROSS, 2: Mark.LINE, 3: Mark.LINE, 4: Mark.CROSS}
    assert criteria_marks.line_criteria(db, UPN, "Maths", 5, 2026) == [2, 3]
    assert criteria_marks.line_criteria(db, UPN, "Maths", 5, 2025) == []


def test_the_demo_marks_maths_sheets_with_lines_to_suggest(demo_db):
    upn = pupils.list_pupils(demo_db, "5W")[0].upn
    assert criteria_marks.line_criteria(demo_db, upn, "Maths", 5, 2026)
