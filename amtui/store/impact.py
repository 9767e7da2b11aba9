"""The impact of programmes, read from the store and worked out by `core.impact`: per pupil
their gain from joining against the expected rate and against classmates of the same starting
band who were not in it, and sessions attended of planned; per programme a summary. One read
of the attainment serves every programme asked about."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from amtui.core.impact import (
    Comparison,
    Gain,
    ProgrammeImpact,
    PupilImpact,
    Sessions,
    compare,
    planned_sessions,
    pupil_gain,
    starting_band,
    summarise_programme,
)
from amtui.core.models import Pupil
from amtui.core.programmes import Intervention, InterventionSession, Place, ProgrammeReview
from amtui.core.scale import Level, stored_level
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_on
from amtui.store import interventions, pupils, sessions
from amtui.store.db import Database, snapshot

Assessments = dict[Term, Level]


@dataclass(frozen=True, slots=True)
class PlaceImpact:
    """One pupil's place and how it went. `gain` is None for a programme about an attitude
    area (its colours are in the pupil file), `comparison` None when no classmate compares."""

    pupil: Pupil
    place: Place
    gain: Gain | None
    sessions: Sessions
    comparison: Comparison | None

    @property
    def on_track_at_exit(self) -> bool | None:
        """Whether a pupil who left had at least the expected gain (None: still in it, or
        not known)."""
        if self.place.left is None or self.gain is None:
            return None
        against = self.gain.against_expected
        return None if against is None else against >= 0


@dataclass(frozen=True, slots=True)
class ProgrammeReport:
    programme: Intervention
    places: tuple[PlaceImpact, ...]
    summary: ProgrammeImpact
    comparison: float | None  # mean of the pupils' gains against their comparison groups
    held: tuple[InterventionSession, ...]
    reviews: tuple[ProgrammeReview, ...]

    @property
    def about_a_subject(self) -> bool:
        return all(place.gain is not None for place in self.places) if self.places else True


class _Reader:
    """What the impact of `chosen` programmes needs, read once: the pupils of the classes their
    pupils are in (the comparison groups), those pupils' assessments in the programmes'
    subjects, and the programmes' sessions."""

    def __init__(self, db: Database, scheme: Scheme, today: date,
                 chosen: list[Intervention]) -> None:
        self.scheme, self.today = scheme, today
        self.now = term_on(today, scheme)
        placed = json.dumps(sorted({upn for programme in chosen for upn in programme.pupils}))
        self.pupils = {row["upn"]: pupils.pupil_from_row(row) for row in db.query(
            "SELECT * FROM pupils WHERE class_name IN (SELECT class_name FROM pupils "
            "WHERE upn IN (SELECT value FROM json_each(?)))", [placed])}
        self.classes: dict[str, list[str]] = defaultdict(list)
        for pupil in self.pupils.values():
            self.classes[pupil.class_name].append(pupil.upn)
        subjects = json.dumps(sorted({programme.subject for programme in chosen}))
        earliest = min((place.joined for programme in chosen for place in programme.places),
                       default=today)
        self.levels: dict[tuple[str, str], Assessments] = defaultdict(dict)
        self.gains: dict[tuple[str, str, Term, Term], Gain] = {}
        for row in db.query(  # entry is at or before joining: the year before is enough
                "SELECT upn, subject, school_year, half_term, step FROM attainment "
                "WHERE step IS NOT NULL AND subject IN (SELECT value FROM json_each(?)) "
                "AND upn IN (SELECT value FROM json_each(?)) AND school_year >= ?",
                [subjects, json.dumps(sorted(self.pupils)),
                 term_on(earliest, scheme).school_year - 1]):
            self.levels[row["upn"], row["subject"]][Term(row["school_year"],
                                                         row["half_term"])] = \
                stored_level(row["step"])
        self.logged = sessions.all_sessions(db, [programme.id for programme in chosen])

    def report(self, db: Database, programme: Intervention) -> ProgrammeReport:
        subject = programme.subject if programme.subject in self.scheme.subjects else None
        held = self.logged.get(programme.id, [])
        places = tuple(self.place(programme, place, subject, held)
                       for place in programme.places if place.upn in self.pupils)
        against = [p.comparison.against for p in places
                   if p.comparison is not None and p.comparison.against is not None]
        return ProgrammeReport(
            programme, places,
            summarise_programme([PupilImpact(p.gain or Gain(None, None, reason="attitude"),
                                             p.sessions) for p in places]),
            sum(against) / len(against) if against else None, tuple(held),
            tuple(interventions.reviews(db, programme.id)))

    def place(self, programme: Intervention, place: Place, subject: str | None,
              held: list[InterventionSession]) -> PlaceImpact:
        pupil = self.pupils[place.upn]
        end = min(self.today, place.left) if place.left else self.today
        if programme.end is not None:
            end = min(end, programme.end)
        attended = sum(place.upn in session.attended for session in held)
        planned = planned_sessions(programme.plan.per_week, start=place.joined, today=end)
        if subject is None:
            return PlaceImpact(pupil, place, None, Sessions(attended, planned), None)
        joined, until = term_on(place.joined, self.scheme), term_on(end, self.scheme)
        gain = self.gain(place.upn, subject, joined, until)
        return PlaceImpact(pupil, place, gain, Sessions(attended, planned),
                           self.comparison(programme, pupil, subject, gain, joined, until))

    def gain(self, upn: str, subject: str, joined: Term, until: Term) -> Gain:
        """A pupil's gain over those half-terms (classmates are asked for the same ones by
        every pupil of a programme: worked out once)."""
        key = (upn, subject, joined, until)
        if key not in self.gains:
            self.gains[key] = pupil_gain(self.levels.get((upn, subject), {}), joined=joined,
                                         now=self.now, left=until, scheme=self.scheme)
        return self.gains[key]

    def comparison(self, programme: Intervention, pupil: Pupil, subject: str, gain: Gain,
                   joined: Term, until: Term) -> Comparison | None:
        """Classmates of the same starting band who never had a place in the programme, over
        the same half-terms."""
        if gain.entry is None:
            return None
        band = starting_band(gain.entry.level)
        others = []
        for upn in self.classes[pupil.class_name]:
            if upn in programme.pupils:
                continue
            theirs = self.gain(upn, subject, joined, until)
            if theirs.entry is not None and starting_band(theirs.entry.level) == band:
                others.append(theirs.steps)
        return compare(gain, others) if others else None


def programme_reports(db: Database, scheme: Scheme, today: date,
                      programmes: Iterable[Intervention] | None = None
                      ) -> list[ProgrammeReport]:
    """Each programme's impact (every programme's, unless given), read as one snapshot."""
    with snapshot(db):
        chosen = list(programmes) if programmes is not None else \
            interventions.list_interventions(db)
        reader = _Reader(db, scheme, today, chosen)
        return [reader.report(db, programme) for programme in chosen]


def programme_report(db: Database, scheme: Scheme, today: date,
                     intervention_id: int) -> ProgrammeReport:
    with snapshot(db):
        return programme_reports(db, scheme, today,
                                 [interventions.get_intervention(db, intervention_id)])[0]


def pupil_places(db: Database, scheme: Scheme, today: date,
                 upn: str) -> list[tuple[ProgrammeReport, PlaceImpact]]:
    """A pupil's programmes, each with the pupil's own place and its impact."""
    with snapshot(db):
        reports = programme_reports(db, scheme, today,
                                    interventions.list_interventions(db, upn=upn))
    return [(report, next(p for p in report.places if p.place.upn == upn)) for report in reports]
