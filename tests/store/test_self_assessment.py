"""The pupil's self-assessment: one answer saved at a time, merged into what is stored, checked
against the version the screen saw, read back as the pupil file reads it, and undone as one."""

from __future__ import annotations

import pytest

from amtui.core.errors import Conflict, InvalidInput, NotAllowed
from amtui.core.models import ClassGroup, Pupil, Staff
from amtui.store import history, pupils, self_assessment

UPN = "A123456789012"


@pytest.fixture(autouse=True)
def pupil(db):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5, class_name="5W")])


def test_answers_are_saved_one_at_a_time_and_merged(db, teacher, term):
    own = self_assessment.save_answer(db, teacher, UPN, term, "subject:Maths", 2, seen=0)
    own = self_assessment.save_answer(db, teacher, UPN, term, "target:7", 1, seen=own.version)
    own = self_assessment.save_answer(db, teacher, UPN, term, "support", 0, seen=own.version)
    own = self_assessment.save_answer(db, teacher, UPN, term, "want_to_be", " a vet ",
                                      seen=own.version)
    stored = self_assessment.get_self_assessment(db, UPN, term)
    assert stored.ratings == {"subject:Maths": 2, "target:7": 1, "support": 0}
    assert stored.want_to_be == "a vet" and stored.version == own.version == 4


def test_a_changed_answer_replaces_the_old_one_only(db, teacher, term):
    own = self_assessment.save_answer(db, teacher, UPN, term, "overall", 3, seen=0)
    own = self_assessment.save_answer(db, teacher, UPN, term, "area:effort", 1, seen=own.version)
    self_assessment.save_answer(db, teacher, UPN, term, "overall", 2, seen=own.version)
    assert self_assessment.get_self_assessment(db, UPN, term).ratings == {
        "overall": 2, "area:effort": 1}


def test_an_answer_from_a_stale_screen_is_refused(db, teacher, term):
    self_assessment.save_answer(db, teacher, UPN, term, "overall", 3, seen=0)
    with pytest.raises(Conflict):
        self_assessment.save_answer(db, teacher, UPN, term, "overall", 1, seen=0)
    assert self_assessment.get_self_assessment(db, UPN, term).ratings == {"overall": 3}


@pytest.mark.parametrize(("item", "answer"), [
    ("subject", 1), ("colour:Maths", 1), ("subject:", 1), ("overall", -1), ("overall", "Good"),
    ("went_well", 2), ("aspirations", "vet")])
def test_an_answer_to_no_question_is_refused_and_nothing_stored(db, teacher, term, item, answer):
    with pytest.raises(InvalidInput):
        self_assessment.save_answer(db, teacher, UPN, term, item, answer, seen=0)
    assert self_assessment.get_self_assessment(db, UPN, term).version == 0


def test_only_staff_who_may_edit_the_pupil_start_pupil_mode_for_them(db, admin, term):
    pupils.save_class(db, admin, ClassGroup(name="6M", year_group=6, teacher=None), seen=0)
    other = pupils.save_staff(db, admin, Staff(initials="OT", name="Mr O Ther", role="teacher"))
    pupils.save_pupils(db, admin, [
        Pupil(upn="B123456789012", forename="Tomi", surname="Ade", year_group=6,
              class_name="6M")])
    with pytest.raises(NotAllowed):
        self_assessment.save_answer(db, other, "B123456789012", term, "overall", 1, seen=0)


def test_one_answer_is_one_change_undone_alone(db, teacher, term):
    own = self_assessment.save_answer(db, teacher, UPN, term, "overall", 3, seen=0)
    self_assessment.save_answer(db, teacher, UPN, term, "overall", 1, seen=own.version)
    history.undo(db, teacher)
    assert self_assessment.get_self_assessment(db, UPN, term).ratings == {"overall": 3}
