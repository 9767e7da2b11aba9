"""Derived values for a pupil and a half-term: per-subject trajectory, progress and ARE colours,
attitude colours, meeting state, what is missing, and whether the pupil is off track."""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core.colours import (
    Rag,
    Trajectory,
    are_colour,
    off_track,
    targets_colour,
    trajectory,
    worse,
)
from amtui.core.meeting import Preparation, missing_for_meeting
from amtui.core.models import MeetingState, PupilRecord
from amtui.core.scale import Level, Step
from amtui.core.scheme import Scheme, TargetsReview


@dataclass(frozen=True, slots=True)
class SubjectStatus:
    subject: str
    step: Level | None
    start: Level | None
    target: Level | None
    trajectory: Trajectory | None
    suggested: Rag | None        # worse of trajectory and the last meeting's targets
    colour: Rag | None           # what is shown: the override, else the suggestion
    override_reason: str
    are: Rag | None

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)


@dataclass(frozen=True, slots=True)
class PupilSummary:
    record: PupilRecord
    subjects: tuple[SubjectStatus, ...]
    attitude: dict[str, Rag | None]
    state: MeetingState
    missing: tuple[str, ...]
    off_track: bool  # a subject's shown progress colour is in the scheme's lowest band(s)

    @property
    def worst(self) -> Rag | None:
        return worse(s.colour for s in self.subjects)


def reviews_colour(record: PupilRecord, subject: str, scheme: Scheme | None = None) -> Rag | None:
    """How the next steps agreed in this subject at the last meeting went, by the scheme's rule
    (the default rule without one), or None if there were none or none is reviewed yet."""
    rule = scheme.targets_review if scheme is not None else TargetsReview()
    reviews = [review for of, review in record.reviews if of == subject and review is not None]
    return targets_colour(reviews.count("achieved"), reviews.count("partly"), reviews.count("not"),
                          rule)


def subject_status(record: PupilRecord, subject: str, scheme: Scheme) -> SubjectStatus:
    entry = record.steps.get(subject, {}).get(record.half_term)
    step = entry.step if entry else None
    start = record.start_of_year.get(subject)
    target_row = record.targets.get(subject)
    target = target_row.step if target_row else None
    path = None
    if step is not None and start is not None and target is not None \
            and type(step) is type(start) is type(target):
        path = trajectory(start, target, step, record.half_term, scheme)
    suggested = None
    if step is not None:
        suggested = worse([path.colour if path else None,
                           reviews_colour(record, subject, scheme)])
    override = entry.override if entry else None
    are = None
    if isinstance(step, Step):
        are = are_colour(step, record.pupil.year_group, record.half_term, scheme)
    return SubjectStatus(subject, step, start, target, path, suggested,
                         override if override is not None else suggested,
                         entry.override_reason if entry and override is not None else "", are)


def preparation(record: PupilRecord) -> Preparation:
    return Preparation(
        subjects_with_step=frozenset(s for s, terms in record.steps.items()
                                     if terms.get(record.half_term) and
                                     terms[record.half_term].step is not None),
        areas_with_colour=frozenset(a for a, e in record.attitude.items() if e.colour is not None),
        self_assessed=record.self_assessed,
        targets_to_review=len(record.reviews),
        targets_reviewed=sum(review is not None for _, review in record.reviews),
        next_steps=record.next_steps)


def summarise(record: PupilRecord, scheme: Scheme) -> PupilSummary:
    """The pupil's colours for the half-term, and what their meeting still lacks: nothing once
    it is signed, or in a half-term the scheme's cycle holds no meeting for them."""
    subjects = tuple(subject_status(record, subject, scheme) for subject in scheme.subjects)
    attitude = {area.key: (record.attitude[area.key].colour if area.key in record.attitude
                           else None)
                for area in scheme.attitude_areas}
    due = scheme.meetings.meets(record.pupil.year_group, record.half_term)
    missing = (tuple(missing_for_meeting(preparation(record), scheme))
               if due and not record.meeting.signed else ())
    return PupilSummary(record, subjects, attitude, record.meeting.state, missing,
                        any(off_track(status.colour, scheme) for status in subjects))
