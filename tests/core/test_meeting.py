"""What a meeting still lacks, and the amended rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from amtui.core.meeting import Preparation, amends, missing_for_meeting, missing_to_sign
from amtui.core.models import Meeting


def _meeting(**kw) -> Meeting:
    return Meeting(upn="A123456789012", school_year=2026, half_term=2, **kw)


def test_preparation_lists_steps_attendance_and_self_assessment(scheme):
    prep = Preparation(subjects_with_step=frozenset({"Reading", "Maths"}))
    assert missing_for_meeting(prep, scheme) == ["writing step", "science step", "attendance",
                                                 "self-assess"]
    ready = Preparation(subjects_with_step=frozenset(scheme.subjects),
                        areas_with_colour=frozenset({"attendance"}), self_assessed=True)
    assert missing_for_meeting(ready, scheme) == []


def test_signing_needs_reviews_a_next_step_and_the_judgement(scheme):
    prep = Preparation(subjects_with_step=frozenset(scheme.subjects), targets_to_review=3,
                       targets_reviewed=1)
    assert missing_to_sign(_meeting(), prep, scheme) == [
        "review 2 previous target(s)", "agree at least one next step", "the agreed judgement"]
    done = Preparation(subjects_with_step=frozenset(scheme.subjects), targets_to_review=3,
                       targets_reviewed=3, next_steps=2)
    assert missing_to_sign(_meeting(judgement=2), done, scheme) == []


def test_states_and_amending():
    stamp = datetime(2026, 11, 24, 10, 30)
    assert _meeting().state == "not started"
    assert _meeting(started=True).state == "in progress"
    signed = _meeting(started=True, teacher_signed_at=stamp, pupil_signed_at=stamp)
    assert signed.state == "signed" and amends(signed)
    assert replace(signed, amended=True).state == "amended"
    assert not amends(_meeting(teacher_signed_at=stamp))
