"""Everything a pupil profile prints, gathered from the store and the core into one model, so the
layout (`profile.py`) only draws."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from amtui.core.colours import Rag
from amtui.core.errors import AmtuiError
from amtui.core.models import Meeting, SelfAssessment
from amtui.core.programmes import Intervention, Place
from amtui.core.progress import summarise
from amtui.core.scale import SUBSTAGE_NAMES
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.core.terms import year_label as school_year_label
from amtui.store import (
    attitude,
    interventions,
    meetings,
    pupils,
    records,
    self_assessment,
    targets,
)
from amtui.store.db import Database, snapshot


class Cell(BaseModel):
    """One coloured cell: the text printed in it and its level (None: nothing recorded)."""

    text: str = ""
    rag: int | None = None


class SubjectRow(BaseModel):
    name: str
    start_label: str = ""
    start: str = ""
    targets: dict[int, str] = {}          # year group → target step
    raised: dict[int, str] = {}           # year group → note
    progress: list[Cell] = []             # one per half-term T1..T6
    chart_steps: list[int | None] = []    # ordinal per half-term, for the chart
    chart_start: int | None = None        # start of year (ordinal)
    chart_target: int | None = None       # end-of-year target (ordinal)
    core: bool = False
    scale: str = "steps"


class AttitudeRow(BaseModel):
    name: str
    cells: list[Cell] = []
    comments: list[str] = []


class Signature(BaseModel):
    name: str
    when: str = ""


class KeyRow(BaseModel):
    heading: str
    red: str
    amber: str
    green: str


class ProfileData(BaseModel):
    school: str
    pupil: str
    year: str
    class_name: str
    teacher: str
    printed: date
    school_year: str
    half_term: int
    half_term_names: list[str]
    labels: dict[str, str]                # "red" → "Red" …
    stage_key: str
    target_years: list[int]
    subjects: list[SubjectRow]
    overrides: list[str]
    next_steps: list[str]
    support: list[str]
    attitude: list[AttitudeRow]
    attitude_next_steps: list[str]
    attitude_support: list[str]
    teacher_signature: Signature | None
    pupil_signature: Signature | None
    judgement: str = ""                   # the agreed judgement ("" until agreed)
    pupil_judgement: str = ""             # the pupil's own overall view of it
    aspirations: str = ""                 # as agreed in the meeting
    own_words: list[str] = []             # the pupil's: what I want to be, went well, find hard
    parents: bool = False
    key: list[KeyRow] = []

    @property
    def draft(self) -> bool:
        return self.teacher_signature is None or self.pupil_signature is None


def stage_key(scheme: Scheme) -> str:
    """The key to stages, worded from the scheme's own values."""
    per_year = scheme.expected_per_year
    if scheme.scale == "substages":
        order = ", ".join(SUBSTAGE_NAMES[1:]) + f", then {SUBSTAGE_NAMES[0]} for the next stage"
        return (f"Each stage is worked through in sub-stages: {order}. Pupils are expected to "
                f"make at least {per_year} sub-stages of progress a year.")
    return ("Stage 1 is Year 1, stage 2 is Year 2, and so on (Reception is stage 0). Each stage "
            "has six steps: b, b+ (beginning), w, w+ (working within), s, s+ (secure), so Year 3 "
            f"runs 3b, 3b+, 3w, 3w+, 3s, 3s+. Pupils are expected to make at least {per_year} "
            "steps of progress a year, and to reach at least the w+ step of their year group by "
            "the end of it (the age-related expectation).")


def _cell(rag: Rag | None, text: str, scheme: Scheme) -> Cell:
    if rag is None:
        return Cell(text=text)
    return Cell(text=f"{rag.letter(scheme)} {text}".strip(), rag=int(rag))


def _when(stamp: datetime | None) -> str:
    return stamp.strftime("%d/%m/%Y") if stamp is not None else ""


def profile_data(db: Database, scheme: Scheme, upn: str, term: Term, *, parents: bool = False,
                 today: date | None = None) -> ProfileData:
    """Gather a pupil's profile for a half-term, read as one snapshot (raises NotFound for an
    unknown UPN)."""
    with snapshot(db):  # one committed state, whatever others write meanwhile
        pupil = pupils.get_pupil(db, upn)
        group = pupils.get_class(db, pupil.class_name)
        teacher = _staff_name(db, group.teacher)
        by_term = [summarise(records.pupil_record(db, upn, Term(term.school_year, ht),
                                                  scheme=scheme), scheme)
                   for ht in range(1, term.half_term + 1)]
        now = by_term[-1]
        starts = {s.subject: s for s in targets.starting_points(db, upn)}
        ladder = targets.pupil_targets(db, upn)
        target_years = sorted({t.year_group for t in ladder})
        subjects = []
        overrides = []
        for index, subject in enumerate(scheme.subjects):
            statuses = [summary.subjects[index] for summary in by_term]
            start = starts.get(subject)
            mine = [t for t in ladder if t.subject == subject]
            progress = [_cell(s.colour, str(s.step) if s.step else "", scheme) for s in statuses]
            for half_term, status in enumerate(statuses, start=1):
                if status.overridden and status.colour is not None:
                    overrides.append(f"{subject}, T{half_term} — {status.colour.label(scheme)}: "
                                     f"{status.override_reason}")
            latest = statuses[-1]
            subjects.append(SubjectRow(
                name=subject, start_label=start.label if start else "",
                start=str(start.step) if start else "",
                targets={t.year_group: str(t.step) for t in mine},
                raised={t.year_group: t.note for t in mine if t.raised and t.note},
                progress=progress + [Cell() for _ in range(6 - len(progress))],
                chart_steps=[s.step.ordinal if s.step else None for s in statuses],
                chart_start=latest.start.ordinal if latest.start else None,
                chart_target=latest.target.ordinal if latest.target else None,
                core=subject in scheme.core_subjects, scale=scheme.scale))
        feelings = attitude.pupil_attitude(db, upn, term.school_year)
        attitude_rows = []
        for area in scheme.attitude_areas:
            cells = [Cell() for _ in range(6)]
            comments = []
            for entry in feelings:
                if entry.area != area.key or entry.half_term > term.half_term:
                    continue
                value = "" if entry.value is None else (
                    f"{entry.value:.1f}%" if area.kind == "attendance" else f"{entry.value:g}")
                cells[entry.half_term - 1] = _cell(entry.colour, value, scheme)
                if entry.comment:
                    comments.append(f"T{entry.half_term}: {entry.comment}")
            attitude_rows.append(AttitudeRow(name=area.name, cells=cells, comments=comments))
        meeting = now.record.meeting
        agreed = meetings.next_steps(db, upn, term)
        day = today or date.today()
        support = list(meeting.support) + [
            programme_line(iv, place) for iv in interventions.list_interventions(db, upn=upn)
            if (place := iv.place(upn)) is not None and current(iv, place, day)]
        own = self_assessment.get_self_assessment(db, upn, term)
        return ProfileData(
            school=scheme.school, pupil=pupil.full_name, year=f"Year {pupil.year_group}"
            if pupil.year_group else "Reception", class_name=pupil.class_name, teacher=teacher,
            printed=day, school_year=school_year_label(term.school_year),
            half_term=term.half_term, half_term_names=list(scheme.calendar.names),
            labels=asdict(scheme.colour_labels), stage_key=stage_key(scheme),
            target_years=target_years, subjects=subjects, overrides=overrides,
            next_steps=[f"{s.subject}: {s.text}" for s in agreed if s.subject != "Attitude"],
            support=list(dict.fromkeys(support)), attitude=attitude_rows,
            attitude_next_steps=[s.text for s in agreed if s.subject == "Attitude"],
            attitude_support=list(meeting.attitude_support),
            teacher_signature=Signature(name=_staff_name(db, meeting.teacher_signed_by),
                                        when=_when(meeting.teacher_signed_at))
            if meeting.teacher_signed_at else None,
            pupil_signature=Signature(name=pupil.full_name, when=_when(meeting.pupil_signed_at))
            if meeting.pupil_signed_at else None,
            **_closing(meeting, own, scheme), parents=parents,
            key=grading_key(scheme) if parents else [])


def current(programme: Intervention, place: Place, day: date) -> bool:
    """Whether the pupil is still in the programme on `day` (neither left nor ended)."""
    return (place.left is None or place.left >= day) and \
        (programme.end is None or programme.end >= day)


def programme_line(programme: Intervention, place: Place) -> str:
    """`Maths booster — Focussed teaching with a TA (3 × 15 min a week, since 14/09/2026)`."""
    plan = programme.plan
    described = f"{plan.name} — {plan.description}" if plan.description else plan.name
    return f"{described} ({plan.per_week} × {plan.minutes} min a week, since " \
           f"{place.joined:%d/%m/%Y})"


def _closing(meeting: Meeting, own: SelfAssessment, scheme: Scheme) -> dict[str, Any]:
    """The agreed judgement (and the pupil's own view of it), the aspirations and the pupil's
    own words, for the bottom of the page."""
    labels = scheme.judgements
    said = own.ratings.get("overall", meeting.pupil_judgement)
    words = [f"{title}: {text}" for title, text in (
        ("I want to be", own.want_to_be), ("What went well", own.went_well),
        ("What I find hard", own.find_hard)) if text]
    return {"judgement": labels[meeting.judgement] if meeting.judgement is not None else "",
            "pupil_judgement": labels[said] if said is not None and 0 <= said < len(labels)
            else "", "aspirations": meeting.aspirations, "own_words": words}


def _staff_name(db: Database, initials: str | None) -> str:
    if not initials:
        return ""
    try:
        return pupils.get_staff(db, initials).name
    except AmtuiError:
        return initials


def grading_key(scheme: Scheme) -> list[KeyRow]:
    """The parents' grading key: what each colour means, for progress and every attitude area."""
    rows = [KeyRow(heading="Progress", **asdict(scheme.progress_descriptors)),
            KeyRow(heading="Last half-term's targets", **asdict(scheme.targets_descriptors))]
    rows += [KeyRow(heading=area.name, **asdict(area.descriptors))
             for area in scheme.attitude_areas if any(asdict(area.descriptors).values())]
    return rows
