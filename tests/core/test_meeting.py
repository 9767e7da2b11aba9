"""What a meeting still lacks, and the amended rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from amtui.core.meeting import (
    Preparation,
    amends,
    missing_for_meeting,
    missing_to_sign,
    previous_meeting,
)
from amtui.core.models import Meeting
from amtui.core.scheme import Meetings
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.resources import data_path


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


TERMLY = load_scheme(data_path("schemes", "federation_primary.toml")).meetings
FOUR_STATE = load_scheme(data_path("schemes", "four_state_primary.toml")).meetings


@pytest.mark.parametrize("cycle, year_group, term, before", [
    (Meetings(), 5, Term(2026, 4), Term(2026, 3)),
    (Meetings(), 5, Term(2026, 1), Term(2025, 6)),
    (TERMLY, 5, Term(2026, 4), Term(2026, 2)),    # 004: T2's targets are reviewed at T4
    (TERMLY, 5, Term(2026, 3), Term(2026, 2)),
    (TERMLY, 5, Term(2026, 2), Term(2025, 6)),
    (FOUR_STATE, 4, Term(2026, 6), Term(2026, 4)),
    (FOUR_STATE, 6, Term(2026, 5), Term(2026, 4)),  # 003: every half-term in Y6
    (FOUR_STATE, 6, Term(2026, 1), Term(2025, 6)),  # last year's T6, when they were in Y5
    (FOUR_STATE, 0, Term(2026, 2), Term(2025, 6)),
    (Meetings(half_terms=(), every_half_term_years=(6,)), 6, Term(2026, 1), None),
])
def test_the_targets_reviewed_are_those_of_the_previous_meeting_of_the_cycle(cycle, year_group,
                                                                             term, before):
    assert previous_meeting(term, year_group, cycle) == before


def test_only_core_subjects_are_required_to_sign(scheme):
    """Science is taught but not core in the default scheme: its step is not needed to sign."""
    core = Preparation(subjects_with_step=frozenset(scheme.core_subjects), next_steps=1)
    assert "Science" in scheme.subjects and "Science" not in scheme.core_subjects
    assert missing_to_sign(_meeting(judgement=2), core, scheme) == []
    no_maths = replace(core, subjects_with_step=frozenset({"Reading", "Writing", "Science"}))
    assert missing_to_sign(_meeting(judgement=2), no_maths, scheme) == ["Maths step"]
