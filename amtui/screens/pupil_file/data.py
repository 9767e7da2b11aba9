"""What a pupil's file shows, read from the store as one snapshot (`read_file`), with the derived
values (`summarise`) and who is looking. Sections and row functions get this, never the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from amtui.core import models
from amtui.core.basic_skills import summary_line
from amtui.core.conversion import Criterion
from amtui.core.programmes import BankProgramme, Intervention
from amtui.core.progress import PupilSummary, SubjectStatus, summarise
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import (
    access,
    awards,
    basic_skills,
    criteria_banks,
    criteria_marks,
    impact,
    interventions,
    meetings,
    programme_bank,
    pupils,
    records,
    self_assessment,
    targets,
)
from amtui.store.impact import PlaceImpact, ProgrammeReport

Places = tuple[tuple[ProgrammeReport, PlaceImpact], ...]

if TYPE_CHECKING:
    from amtui.app import AmtuiApp


@dataclass(frozen=True, slots=True)
class FileData:
    """One pupil's file for a half-term, as read in one snapshot."""

    summary: PupilSummary
    scheme: Scheme
    term: Term
    role: str                              # the viewer's: who may raise or lower targets
    reviewing: tuple[models.MediumTarget, ...]    # last half-term's next steps, reviewed now
    steps: tuple[models.MediumTarget, ...]        # the next steps agreed at this meeting
    ladder: tuple[models.Target, ...]             # every year's target, every subject
    starts: Mapping[str, models.StartingPoint]    # subject → where its ladder starts
    own: models.SelfAssessment                    # the pupil's self-assessment
    places: Places                         # the pupil's programmes, each with its impact
    running: tuple[Intervention, ...]      # programmes running today the pupil may join
    bank: tuple[BankProgramme, ...]        # the school's bank of programmes
    today: date
    mostly: Mapping[str, tuple[int, ...]]  # subject → criteria mostly achieved (a line)
    sheets: Mapping[str, tuple[Criterion, ...]]  # subject → the sheet of the stage worked at
    view_only: str | None                  # why the viewer may change nothing here
    basic_skills: str | None = None        # level, latest scores and moves, in one line

    @property
    def record(self) -> models.PupilRecord:
        return self.summary.record

    @property
    def meeting(self) -> models.Meeting:
        return self.summary.record.meeting

    def status(self, subject: object) -> SubjectStatus | None:
        return next((s for s in self.summary.subjects if s.subject == subject), None)

    def step_version(self, subject: str) -> int:
        """The stored version of this half-term's step (0 when none is stored yet)."""
        entry = self.record.steps.get(subject, {}).get(self.record.half_term)
        return entry.version if entry else 0

    def attitude(self, area: str) -> models.AttitudeEntry | None:
        return self.record.attitude.get(area)

    def attitude_version(self, area: str) -> int:
        entry = self.record.attitude.get(area)
        return entry.version if entry else 0

    def targets_from_now(self, subject: str) -> list[models.Target]:
        """The subject's targets for this year and later (the ones a meeting may change)."""
        year = self.record.pupil.year_group
        return [t for t in self.ladder if t.subject == subject and t.year_group >= year]

    def next_step(self, target_id: object) -> models.MediumTarget | None:
        return next((s for s in self.steps if s.id == target_id), None)

    def to_review(self, target_id: object) -> models.MediumTarget | None:
        return next((t for t in self.reviewing if t.id == target_id), None)

    def support_line(self, line_id: object) -> models.SupportLine | None:
        return next((line for line in self.meeting.lines if line.id == line_id), None)


def read_file(app: AmtuiApp, upn: str) -> FileData:
    """Everything the file shows, from one committed state of the database."""
    db, viewer, term, scheme, today = app.db, app.user, app.term, app.scheme, app.today
    with records.snapshot(db):
        summary = summarise(records.pupil_record(db, upn, term, viewer=viewer, scheme=scheme),
                            scheme)
        stages = {subject: stage for subject in scheme.subjects
                  if (stage := awards.working_stage(db, upn, subject, term)) is not None}
        sheets = {subject: tuple(criteria_banks.criteria_for(db, subject, stage))
                  for subject, stage in stages.items()}
        mostly = {subject: tuple(criteria_marks.line_criteria(db, upn, subject, stage,
                                                              term.school_year))
                  for subject, stage in stages.items()}
        classmates = {p.upn for p in pupils.list_pupils(db, summary.record.pupil.class_name)}
        return FileData(
            summary, scheme, term, viewer.role,
            reviewing=tuple(meetings.targets_to_review(db, upn, term, scheme)),
            steps=tuple(meetings.next_steps(db, upn, term)),
            ladder=tuple(targets.pupil_targets(db, upn)),
            starts={s.subject: s for s in targets.starting_points(db, upn)},
            own=self_assessment.get_self_assessment(db, upn, term),
            places=tuple(impact.pupil_places(db, scheme, today, upn))
            if interventions.list_interventions(db, upn=upn) else (),
            running=_joinable(interventions.list_interventions(db, active_on=today), upn,
                              classmates, today),
            bank=tuple(programme_bank.bank(db)), today=today,
            mostly=mostly, sheets=sheets, view_only=access.pupil_refusal(db, viewer, upn),
            basic_skills=summary_line(basic_skills.history_of(db, upn),
                                      basic_skills.level_changes(db, upn), scheme))


def _joinable(running: list[Intervention], upn: str, classmates: set[str],
              today: date) -> tuple[Intervention, ...]:
    """The programmes running today that the pupil has never had a place in, for their class:
    with a classmate in them now, or no one yet."""
    return tuple(programme for programme in running if programme.place(upn) is None
                 and (not (now := set(programme.members_on(today))) or now & classmates))
