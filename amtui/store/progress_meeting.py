"""The progress meeting's data (senior leaders, after a round of meetings): pupils off track by
subject and class, red before amber, with the programmes each is in and their impact; pupils who
exceeded their targets; pupils who left a programme on track; meetings not yet held or signed;
counts by group. Filters by class, subject and group. One snapshot serves the screen, the PDF
and the CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from amtui.core.colours import Rag, off_track
from amtui.core.errors import InvalidInput
from amtui.core.models import Pupil, PupilRecord, Staff
from amtui.core.programmes import Intervention
from amtui.core.progress import PupilSummary, SubjectStatus, summarise
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_start
from amtui.store import access, interventions, pupils, records
from amtui.store.db import Database, snapshot
from amtui.store.impact import PlaceImpact, ProgrammeReport, programme_reports

GROUPS: dict[str, tuple[str, Callable[[Pupil], bool]]] = {
    "sen": ("SEN", lambda p: p.sen),
    "pp": ("Pupil premium", lambda p: p.pupil_premium),
    "eal": ("EAL", lambda p: p.eal),
    "girls": ("Girls", lambda p: (p.gender or "").upper() == "F"),
    "boys": ("Boys", lambda p: (p.gender or "").upper() == "M"),
}
"""The groups a progress meeting counts and filters by (`--group` takes the key)."""


@dataclass(frozen=True, slots=True)
class Filters:
    class_name: str | None = None
    subject: str | None = None
    group: str | None = None  # a key of GROUPS

    def describe(self) -> str:
        parts = [f"class {self.class_name}" if self.class_name else "",
                 self.subject or "", GROUPS[self.group][0] if self.group else ""]
        return ", ".join(part for part in parts if part) or "whole school"


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme a pupil is in (or left this half-term), with the pupil's place in it."""

    report: ProgrammeReport
    place: PlaceImpact

    @property
    def name(self) -> str:
        return self.report.programme.name


@dataclass(frozen=True, slots=True)
class OffTrack:
    pupil: Pupil
    subject: str
    status: SubjectStatus
    programmes: tuple[Programme, ...]  # the pupil's, the subject's own first

    @property
    def colour(self) -> Rag:
        assert self.status.colour is not None  # only coloured subjects are off track
        return self.status.colour


@dataclass(frozen=True, slots=True)
class Exceeded:
    pupil: Pupil
    subject: str
    status: SubjectStatus


@dataclass(frozen=True, slots=True)
class Leaver:
    pupil: Pupil
    programme: Programme


@dataclass(frozen=True, slots=True)
class ClassMeetings:
    """A class's meetings due this half-term: held (started), signed by both."""

    class_name: str
    due: int
    not_held: int
    not_signed: int


@dataclass(frozen=True, slots=True)
class GroupCount:
    label: str
    pupils: int
    off_track: dict[str, int]  # subject → pupils off track in it
    off_track_any: int


@dataclass(frozen=True, slots=True)
class ProgressMeeting:
    term: Term
    filters: Filters
    subjects: tuple[str, ...]
    pupils: int
    off_track: tuple[OffTrack, ...]
    exceeded: tuple[Exceeded, ...]
    leavers: tuple[Leaver, ...]
    meetings: tuple[ClassMeetings, ...]
    groups: tuple[GroupCount, ...]
    programmes: tuple[ProgrammeReport, ...] = field(default=())

    def off_track_in(self, subject: str) -> int:
        return len({row.pupil.upn for row in self.off_track if row.subject == subject})

    def summary_line(self, scheme: Scheme) -> str:
        """'Autumn 2 · 210 pupils · off track: Reading 14 · Writing 22 · Maths 17 · 46/210
        meetings signed' (the screen's and the PDF's first line)."""
        signed, due = self.signed
        off = " · ".join(f"{s} {self.off_track_in(s)}" for s in self.subjects)
        return (f"{scheme.calendar.names[self.term.half_term - 1]} · {self.pupils} pupils · "
                f"off track: {off} · {signed}/{due} meetings signed")

    @property
    def signed(self) -> tuple[int, int]:
        """Meetings signed, of those due."""
        due = sum(c.due for c in self.meetings)
        return due - sum(c.not_signed for c in self.meetings), due


def check_filters(db: Database, scheme: Scheme, filters: Filters) -> Filters:
    """The filters as the school names them (`5w` → `5W`, `maths` → `Maths`, `SEN` → `sen`),
    or InvalidInput saying what to use."""
    classes = [c.name for c in pupils.list_classes(db)]
    return Filters(
        _named(filters.class_name, classes,
               lambda: f"there is no class “{filters.class_name}” — use {', '.join(classes)}"),
        _named(filters.subject, list(scheme.subjects),
               lambda: f"“{filters.subject}” is not a subject of the school's scheme — use "
                       f"{', '.join(scheme.subjects)}"),
        _named(filters.group, list(GROUPS),
               lambda: f"“{filters.group}” is not a group — use {', '.join(GROUPS)}"))


def _named(given: str | None, names: list[str], refusal: Callable[[], str]) -> str | None:
    if given is None:
        return None
    for name in names:
        if name.casefold() == given.strip().casefold():
            return name
    raise InvalidInput(refusal())


def _chosen(record: PupilRecord, filters: Filters) -> bool:
    pupil = record.pupil
    return ((filters.class_name is None or pupil.class_name == filters.class_name)
            and (filters.group is None or GROUPS[filters.group][1](pupil)))


def progress_meeting(db: Database, scheme: Scheme, term: Term, today: date, who: Staff,
                     filters: Filters = Filters()) -> ProgressMeeting:
    """Everything the progress meeting shows for `term` (senior leaders and admins: it covers
    every pupil), read as one snapshot. Leavers are those who left on track since the
    half-term before began (the last round of meetings)."""
    access.check_overview(who)
    filters = check_filters(db, scheme, filters)
    subjects = tuple(s for s in scheme.subjects if filters.subject in (None, s))
    with snapshot(db):
        every = (records.class_records(db, filters.class_name, term, scheme=scheme)
                 if filters.class_name else records.school_records(db, term, scheme))
        chosen = [r for r in every if _chosen(r, filters)]
        upns = {record.pupil.upn for record in chosen}
        reports = programme_reports(db, scheme, today, [
            programme for programme in interventions.list_interventions(db)
            if not upns.isdisjoint(programme.pupils)])
    begun, ends = term_start(term, scheme), _term_end(term, scheme)
    places: dict[str, list[Programme]] = {}
    for report in reports:
        if not _runs_within(report.programme, begun, ends):
            continue
        for place in report.places:
            if place.place.joined <= ends and (place.place.left is None
                                               or place.place.left >= begun):
                places.setdefault(place.pupil.upn, []).append(Programme(report, place))
    summaries = [summarise(record, scheme) for record in chosen]
    off, exceeded = [], []
    for summary in summaries:
        pupil = summary.record.pupil
        for status in summary.subjects:
            if status.subject not in subjects:
                continue
            if off_track(status.colour, scheme):
                own = sorted(places.get(pupil.upn, []),
                             key=lambda p: p.report.programme.subject != status.subject)
                off.append(OffTrack(pupil, status.subject, status, tuple(own)))
            elif status.trajectory is not None and \
                    status.trajectory.gap >= scheme.progress_states.exceeding_min:
                exceeded.append(Exceeded(pupil, status.subject, status))
    off.sort(key=lambda row: (row.colour, subjects.index(row.subject), *_in_class(row.pupil)))
    exceeded.sort(key=lambda row: (subjects.index(row.subject), *_in_class(row.pupil)))
    since = term_start(term.previous(), scheme)
    leavers = sorted((Leaver(place.pupil, Programme(report, place))
                      for report in reports for place in report.places
                      if place.pupil.upn in upns and report.programme.subject in subjects
                      and place.on_track_at_exit
                      and place.place.left is not None and since <= place.place.left <= ends),
                     key=lambda leaver: _in_class(leaver.pupil))
    return ProgressMeeting(term, filters, subjects, len(chosen), tuple(off), tuple(exceeded),
                           tuple(leavers), _meetings(summaries, scheme, term),
                           _groups(summaries, subjects, scheme), tuple(reports))


def _in_class(pupil: Pupil) -> tuple[int, str, tuple[str, str]]:
    """Reception first, then by year group, class and name."""
    return pupil.year_group, pupil.class_name, pupil.sort_key


def _runs_within(programme: Intervention, begun: date, ends: date) -> bool:
    return programme.start <= ends and (programme.end is None or programme.end >= begun)


def _term_end(term: Term, scheme: Scheme) -> date:
    return term_start(term.next(), scheme) - timedelta(days=1)


def _meetings(summaries: list[PupilSummary], scheme: Scheme,
              term: Term) -> tuple[ClassMeetings, ...]:
    by_class: dict[tuple[int, str], list[int]] = {}
    for summary in summaries:
        pupil = summary.record.pupil
        if not scheme.meetings.meets(pupil.year_group, term.half_term):
            continue
        counts = by_class.setdefault((pupil.year_group, pupil.class_name), [0, 0, 0])
        counts[0] += 1
        counts[1] += summary.state == "not started"
        counts[2] += summary.state not in ("signed", "amended")
    return tuple(ClassMeetings(name, *counts)
                 for (_, name), counts in sorted(by_class.items()))


def _groups(summaries: list[PupilSummary], subjects: tuple[str, ...],
            scheme: Scheme) -> tuple[GroupCount, ...]:
    """The counts for everyone chosen, then for each group the roster records (gender only
    where it gives one)."""
    found = []
    gendered = any(s.record.pupil.gender for s in summaries)
    for key, (label, test) in [("all", ("All pupils", lambda _: True)), *GROUPS.items()]:
        if key in ("girls", "boys") and not gendered:
            continue
        members = [s for s in summaries if test(s.record.pupil)]
        counts = {subject: sum(off_track(status.colour, scheme) for s in members
                               for status in s.subjects if status.subject == subject)
                  for subject in subjects}
        found.append(GroupCount(label, len(members), counts, sum(
            any(off_track(st.colour, scheme) for st in s.subjects if st.subject in subjects)
            for s in members)))
    return tuple(found)
