"""CSV exports of the roster, attainment (with its colours), targets, attitude and
interventions (places and sessions), for MIS and spreadsheets: UTF-8 with a byte-order mark,
CRLF line ends, dates as YYYY-MM-DD, no cell a live formula (`files.write_private`).
docs/schema.md lists every column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from amtui.core.colours import Rag
from amtui.core.errors import InvalidInput
from amtui.core.models import Pupil, Staff, StartingPoint
from amtui.core.programmes import Intervention, InterventionSession
from amtui.core.progress import summarise
from amtui.core.scale import year_label
from amtui.core.scheme import Scheme
from amtui.core.targets import parse_source
from amtui.core.terms import Term, term_on
from amtui.core.terms import year_label as school_year_label
from amtui.store import attitude, interventions, pupils, records, sessions, targets
from amtui.store.access import check_export
from amtui.store.db import Database, snapshot
from amtui.store.files import write_private
from amtui.store.roster_csv import COLUMNS as ROSTER_COLUMNS

EXPORTS = ("pupils", "attainment", "targets", "attitude", "interventions", "sessions")
PUPIL_COLUMNS = list(ROSTER_COLUMNS)
"""`amtui import pupils` reads these back."""
ATTAINMENT_COLUMNS = ["UPN", "Surname", "Forename", "Class", "School year", "Half-term", "Subject",
                      "Step", "Progress", "Progress letter", "Overridden", "Override reason",
                      "Expected", "Gap", "ARE", "ARE letter"]
TARGET_COLUMNS = ["UPN", "Surname", "Forename", "Subject", "Starting point", "Source",
                  "FFT estimate", "Aspirational target", "Target year", "School year", "Target",
                  "Raised", "Note"]
"""`amtui import targets` reads these back (all but Surname, Forename, School year and Raised,
which are for people)."""
ATTITUDE_COLUMNS = ["UPN", "Surname", "Forename", "School year", "Half-term", "Area", "Value",
                    "Colour", "Letter", "Comment"]
INTERVENTION_COLUMNS = ["Programme id", "Programme", "Subject or area", "Description", "Staff",
                        "Start", "End", "Sessions a week", "Minutes", "Exit criterion", "UPN",
                        "Surname", "Forename", "Class", "Joined", "Left", "Exit reason",
                        "Sessions attended", "Sessions logged"]
SESSION_COLUMNS = ["Programme id", "Programme", "Date", "Minutes", "Logged by", "UPN", "Surname",
                   "Forename", "Class", "Present", "Absence reason", "Pupil note", "Session note"]


def pupil_rows(db: Database) -> list[list]:
    """The roster, one row per pupil, its date of birth as YYYY-MM-DD."""
    def yes(flag: bool) -> str:
        return "Y" if flag else "N"

    return [[p.upn, p.forename, p.surname, year_label(p.year_group), p.class_name,
             p.dob.isoformat() if p.dob else "", yes(p.sen), yes(p.pupil_premium), yes(p.eal),
             p.legal_forename or "", p.legal_surname or "", p.gender or ""]
            for p in pupils.list_pupils(db)]


def _label(rag: Rag | None, scheme: Scheme) -> tuple[str, str]:
    return ("", "") if rag is None else (rag.label(scheme), rag.letter(scheme))


def _years(db: Database, table: str, school_year: int | None) -> list[int]:
    if school_year is not None:
        return [school_year]
    return [r["y"] for r in db.query(f"SELECT DISTINCT school_year AS y FROM [{table}] ORDER BY y")]


def attainment_rows(db: Database, scheme: Scheme, school_year: int | None = None) -> list[list]:
    """One row per pupil, subject, school year and half-term that has a step."""
    rows: list[list] = []
    for year in _years(db, "attainment", school_year):
        for group in pupils.list_classes(db):
            for half_term in range(1, 7):
                for record in records.class_records(db, group.name, Term(year, half_term),
                                                    scheme=scheme):
                    pupil = record.pupil
                    for status in summarise(record, scheme).subjects:
                        if status.step is None:
                            continue
                        path = status.trajectory
                        rows.append([
                            pupil.upn, pupil.surname, pupil.forename, pupil.class_name,
                            school_year_label(year), f"T{half_term}", status.subject,
                            str(status.step), *_label(status.colour, scheme),
                            "Y" if status.overridden else "", status.override_reason,
                            str(path.expected) if path else "", path.gap if path else "",
                            *_label(status.are, scheme)])
    return rows


def _source(start: StartingPoint) -> str:
    """The starting point's Source as the import reads it: its label, or its year."""
    try:
        if parse_source(start.label)[0] == start.year_group:
            return start.label
    except InvalidInput:
        pass
    return year_label(start.year_group)


def _start_cells(start: StartingPoint | None) -> list[str]:
    if start is None:
        return ["", "", "", ""]
    return [str(start.step), _source(start), "" if start.fft is None else str(start.fft),
            "" if start.aspirational is None else str(start.aspirational)]


def target_rows(db: Database, current_year: int, school_year: int | None = None) -> list[list]:
    """One row per pupil, subject and year-group target, with the school year it falls in
    (counted back from the pupil's year group in `current_year`); `school_year` keeps one year.
    A starting point with no targets yet is a row of its own (without a school year)."""
    rows: list[list] = []
    for pupil in pupils.list_pupils(db):
        starts = {s.subject: s for s in targets.starting_points(db, pupil.upn)}
        ladders = targets.pupil_targets(db, pupil.upn)
        for target in ladders:
            year = current_year - (pupil.year_group - target.year_group)
            if school_year is not None and year != school_year:
                continue
            rows.append([pupil.upn, pupil.surname, pupil.forename, target.subject,
                         *_start_cells(starts.get(target.subject)), year_label(target.year_group),
                         school_year_label(year), str(target.step), "Y" if target.raised else "",
                         target.note])
        if school_year is None:
            rows.extend([pupil.upn, pupil.surname, pupil.forename, subject,
                         *_start_cells(starts[subject]), "", "", "", "", ""]
                        for subject in starts if all(t.subject != subject for t in ladders))
    return rows


def attitude_rows(db: Database, scheme: Scheme, school_year: int | None = None) -> list[list]:
    names = {area.key: area.name for area in scheme.attitude_areas}
    rows: list[list] = []
    people = {p.upn: p for p in pupils.list_pupils(db)}
    for entry in attitude.all_attitude(db, school_year):
        pupil = people[entry.upn]
        rows.append([
            pupil.upn, pupil.surname, pupil.forename, school_year_label(entry.school_year),
            f"T{entry.half_term}", names.get(entry.area, entry.area),
            "" if entry.value is None else f"{entry.value:g}", *_label(entry.colour, scheme),
            entry.comment])
    return rows


def _programmes(db: Database, scheme: Scheme, school_year: int | None
                ) -> list[tuple[Intervention, list[InterventionSession]]]:
    """Each programme with its sessions; `school_year` keeps the programmes that ran in it and
    their sessions in it."""
    def year(day: date) -> int:
        return term_on(day, scheme).school_year

    found = []
    logged = sessions.all_sessions(db)
    for programme in interventions.list_interventions(db):
        if school_year is not None and (year(programme.start) > school_year or (
                programme.end is not None and year(programme.end) < school_year)):
            continue
        held = logged.get(programme.id, [])
        found.append((programme, [s for s in held
                                  if school_year is None or year(s.on) == school_year]))
    return found


def _pupil_cells(pupil: Pupil) -> list[str]:
    return [pupil.upn, pupil.surname, pupil.forename, pupil.class_name]


def intervention_rows(db: Database, scheme: Scheme, school_year: int | None = None
                      ) -> list[list]:
    """One row per programme and pupil given a place, with how many of its sessions they came
    to of those held while they had the place."""
    people = {p.upn: p for p in pupils.list_pupils(db)}
    return [[programme.id, programme.name, programme.subject, programme.description,
             ", ".join(programme.staff), programme.start.isoformat(),
             programme.end.isoformat() if programme.end else "", programme.plan.per_week,
             programme.plan.minutes, programme.plan.exit_criterion,
             *_pupil_cells(people[place.upn]), place.joined.isoformat(),
             place.left.isoformat() if place.left else "", place.exit_reason,
             sum(place.upn in s.attended for s in held),
             sum(place.in_on(s.on) for s in held)]
            for programme, held in _programmes(db, scheme, school_year)
            for place in programme.places]


def session_rows(db: Database, scheme: Scheme, school_year: int | None = None) -> list[list]:
    """One row per session and pupil with a place that day (or marked, though not): present
    Y, absent N, or blank where the TA has not marked them."""
    people = {p.upn: p for p in pupils.list_pupils(db)}
    rows: list[list] = []
    for programme, held in _programmes(db, scheme, school_year):
        for session in held:
            members = programme.members_on(session.on)
            marked = [mark.upn for mark in session.marks if mark.upn not in members]
            for upn in [*members, *marked]:
                mark = session.mark(upn)
                present = "" if mark is None else "Y" if mark.present else "N"
                rows.append([programme.id, programme.name, session.on.isoformat(),
                             session.minutes, session.logged_by, *_pupil_cells(people[upn]),
                             present, mark.reason if mark else "", mark.note if mark else "",
                             session.note])
    return rows


def file_name(what: str, school_year: int | None, today: date) -> str:
    """`pupils 2026-11-24.csv`, or `attainment 2026-27 2026-11-24.csv` for one school year."""
    return " ".join([what, *([school_year_label(school_year)] if school_year else []),
                     f"{today:%Y-%m-%d}.csv"])


def export(db: Database, scheme: Scheme, what: str, out: Path, school_year: int | None = None,
           *, today: date, who: Staff) -> int:
    """Write one export (one of `EXPORTS`) to `out` (owner-only, atomically) for `who` (senior
    leaders and admins); `school_year` keeps one school year (the roster is the pupils on roll
    now); returns the row count."""
    check_export(who)
    with snapshot(db):  # the whole export reads one committed state
        if what == "pupils":
            header, rows = PUPIL_COLUMNS, pupil_rows(db)
        elif what == "attainment":
            header, rows = ATTAINMENT_COLUMNS, attainment_rows(db, scheme, school_year)
        elif what == "targets":
            current = term_on(today, scheme).school_year
            header, rows = TARGET_COLUMNS, target_rows(db, current, school_year)
        elif what == "attitude":
            header, rows = ATTITUDE_COLUMNS, attitude_rows(db, scheme, school_year)
        elif what == "interventions":
            header, rows = INTERVENTION_COLUMNS, intervention_rows(db, scheme, school_year)
        elif what == "sessions":
            header, rows = SESSION_COLUMNS, session_rows(db, scheme, school_year)
        else:
            raise InvalidInput(f'"{what}" is not an export — use {", ".join(EXPORTS)}')
    write_private(out, [header, *rows])
    return len(rows)
