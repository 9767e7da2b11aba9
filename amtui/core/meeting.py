"""The mentoring meeting: the meeting before it in the scheme's cycle (whose next steps it
reviews), what is still missing before it, what blocks signing, and amending."""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core.models import Meeting
from amtui.core.scheme import Meetings, Scheme
from amtui.core.terms import HALF_TERMS, Term


def previous_meeting(term: Term, year_group: int, cycle: Meetings) -> Term | None:
    """The last half-term before `term` that held a meeting for a pupil in `year_group` in
    `term`'s school year, by the scheme's cycle (a termly school's T4 follows T2), within the
    year before it; None if the cycle held none for them."""
    earlier = term
    for _ in HALF_TERMS:
        earlier = earlier.previous()
        if cycle.meets(year_group - (term.school_year - earlier.school_year), earlier.half_term):
            return earlier
    return None


@dataclass(frozen=True, slots=True)
class Preparation:
    """What is on record for a pupil this half-term, as the mentor's checklist sees it."""

    subjects_with_step: frozenset[str] = frozenset()
    areas_with_colour: frozenset[str] = frozenset()
    self_assessed: bool = False
    targets_to_review: int = 0
    targets_reviewed: int = 0
    next_steps: int = 0


def missing_for_meeting(prep: Preparation, scheme: Scheme) -> list[str]:
    """What the mentor still lacks to arrive prepared: steps, attendance, the pupil's
    self-assessment."""
    missing = [f"{subject.lower()} step" for subject in scheme.subjects
               if subject not in prep.subjects_with_step]
    missing.extend(area.name.lower() for area in scheme.attitude_areas
                   if area.kind == "attendance" and area.key not in prep.areas_with_colour)
    if not prep.self_assessed:
        missing.append("self-assess")
    return missing


def missing_to_sign(meeting: Meeting, prep: Preparation, scheme: Scheme) -> list[str]:
    """What must be done before the meeting can be signed: a step in each of the scheme's core
    subjects (the others are optional), the previous targets reviewed, a next step agreed and
    the agreed judgement."""
    missing = [f"{subject} step" for subject in scheme.core_subjects
               if subject not in prep.subjects_with_step]
    if prep.targets_reviewed < prep.targets_to_review:
        unreviewed = prep.targets_to_review - prep.targets_reviewed
        missing.append(f"review {unreviewed} previous target(s)")
    if prep.next_steps == 0:
        missing.append("agree at least one next step")
    if meeting.judgement is None:
        missing.append("the agreed judgement")
    return missing


def amends(meeting: Meeting) -> bool:
    """Whether an edit to this meeting's record marks it amended (it was already signed)."""
    return meeting.signed
