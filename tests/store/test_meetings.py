"""Meetings: fields, next steps and their review, signing, amended."""

from __future__ import annotations

import pytest

from amtui.core.errors import InvalidInput
from amtui.core.models import Pupil
from amtui.core.terms import Term
from amtui.store import history, meetings, pupils, self_assessment

UPN = "A123456789012"


@pytest.fixture(autouse=True)
def pupil(db):
    pupils.save_pupils(db, "KW", [Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5,
                                        class_name="5W")])


def test_a_meeting_starts_when_anything_is_recorded(db, teacher, term):
    assert meetings.get_meeting(db, UPN, term).state == "not started"
    meeting = meetings.update_meeting(db, teacher, UPN, term, aspirations=" Vet ", judgement=2,
                                      support=["Maths booster", " "])
    assert (meeting.state, meeting.aspirations, meeting.judgement, meeting.support) == \
        ("in progress", "Vet", 2, ["Maths booster"])
    with pytest.raises(InvalidInput):
        meetings.update_meeting(db, teacher, UPN, term, colour=1)


def test_next_steps_are_reviewed_at_the_following_meeting(db, teacher):
    autumn1, autumn2 = Term(2026, 1), Term(2026, 2)
    first = meetings.add_next_step(db, teacher, UPN, autumn1, "Maths", "Equivalent fractions")
    meetings.add_next_step(db, teacher, UPN, autumn1, "Attitude", "Homework on time")
    assert [t.text for t in meetings.targets_to_review(db, UPN, autumn2)] == \
        ["Equivalent fractions", "Homework on time"]
    reviewed = meetings.review_target(db, teacher, first.id, "partly", autumn2)
    assert reviewed.review == "partly"
    assert meetings.get_meeting(db, UPN, autumn2).state == "in progress"
    assert meetings.targets_to_review(db, UPN, Term(2027, 1)) == []
    assert [t.id for t in meetings.targets_to_review(db, UPN, Term(2026, 1))] == []


def test_last_years_summer_2_steps_are_reviewed_in_autumn_1(db, teacher):
    meetings.add_next_step(db, teacher, UPN, Term(2025, 6), "Reading", "Read aloud")
    assert [t.text for t in meetings.targets_to_review(db, UPN, Term(2026, 1))] == ["Read aloud"]


def test_signed_then_edited_is_amended_with_history_kept(db, teacher, term):
    meetings.update_meeting(db, teacher, UPN, term, judgement=2)
    meetings.sign(db, teacher, UPN, term, "teacher")
    signed = meetings.sign(db, teacher, UPN, term, "pupil")
    assert signed.state == "signed" and signed.teacher_signed_by == "KW"
    amended = meetings.update_meeting(db, teacher, UPN, term, judgement=3)
    assert amended.state == "amended" and amended.judgement == 3
    olds = [e.old for e in history.entries(db, "meetings")]
    assert any(old and '"judgement": 2' in old for old in olds)


def test_an_empty_next_step_is_refused(db, teacher, term):
    with pytest.raises(InvalidInput):
        meetings.add_next_step(db, teacher, UPN, term, "Maths", "  ")


def test_self_assessment_ratings_merge(db, teacher, term):
    self_assessment.save_self_assessment(db, teacher, UPN, term, {"subject:Maths": 2},
                                         want_to_be="Vet")
    merged = self_assessment.save_self_assessment(db, teacher, UPN, term, {"overall": 3})
    assert merged.ratings == {"subject:Maths": 2, "overall": 3} and merged.want_to_be == "Vet"
