"""Gather `PupilRecord`s — a class's (or one pupil's) data for a half-term — in a fixed number
of queries, whatever the class size."""

from __future__ import annotations

from collections import defaultdict

from amtui.core.errors import NotAllowed
from amtui.core.meeting import previous_meeting
from amtui.core.models import (
    Attainment,
    AttitudeEntry,
    Meeting,
    PupilRecord,
    Staff,
    StartingPoint,
    SupportLine,
    Target,
)
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import access, attainment, attitude, meetings, pupils, targets
from amtui.store.db import Database, snapshot


def _records(db: Database, upns_sql: str, param: str, term: Term,
             scheme: Scheme | None) -> list[PupilRecord]:
    """Records for the pupils selected by `upns_sql` (a query of one `upn` column); the targets
    to review are those of each pupil's previous meeting in the scheme's cycle (every half-term
    without a scheme), read once for each such half-term (one, unless the cycle differs by year
    group)."""
    people = sorted((pupils.pupil_from_row(row) for row in db.query(
        f"SELECT * FROM pupils WHERE upn IN ({upns_sql})", [param])), key=lambda p: p.sort_key)
    sy, ht = term.school_year, term.half_term
    steps: dict[str, dict[str, dict[int, Attainment]]] = defaultdict(lambda: defaultdict(dict))
    last_year: dict[str, dict[str, Attainment]] = defaultdict(dict)
    for row in db.query(f"SELECT * FROM attainment WHERE upn IN ({upns_sql}) AND "
                        "(school_year = ? OR (school_year = ? AND half_term = 6))",
                        [param, sy, sy - 1]):
        record = attainment.from_row(row)
        if record.school_year == sy:
            steps[record.upn][record.subject][record.half_term] = record
        else:
            last_year[record.upn][record.subject] = record
    this_year: dict[str, dict[str, Target]] = defaultdict(dict)
    for row in db.query("SELECT targets.* FROM targets JOIN pupils USING (upn) WHERE "
                        f"targets.year_group = pupils.year_group AND upn IN ({upns_sql})", [param]):
        this_year[row["upn"]][row["subject"]] = targets.target_from_row(row)
    starts: dict[str, dict[str, StartingPoint]] = defaultdict(dict)
    for row in db.query(f"SELECT * FROM starting_points WHERE upn IN ({upns_sql})", [param]):
        starts[row["upn"]][row["subject"]] = targets.start_from_row(row)
    feelings: dict[str, dict[str, AttitudeEntry]] = defaultdict(dict)
    for row in db.query(f"SELECT * FROM attitude WHERE upn IN ({upns_sql}) AND school_year = ? "
                        "AND half_term = ?", [param, sy, ht]):
        feelings[row["upn"]][row["area"]] = attitude.from_row(row)
    lines: dict[str, list[SupportLine]] = defaultdict(list)
    for row in db.query(f"SELECT * FROM support_lines WHERE upn IN ({upns_sql}) AND "
                        "school_year = ? AND half_term = ? "
                        "ORDER BY kind = 'attitude', position, id", [param, sy, ht]):
        lines[row["upn"]].append(meetings.line_from_row(row))
    met = {row["upn"]: meetings.from_row(row, tuple(lines[row["upn"]])) for row in db.query(
        f"SELECT * FROM meetings WHERE upn IN ({upns_sql}) AND school_year = ? AND half_term = ?",
        [param, sy, ht])}
    assessed = {row["upn"] for row in db.query(
        f"SELECT upn FROM self_assessments WHERE upn IN ({upns_sql}) AND school_year = ? "
        "AND half_term = ? AND ratings != '{}'", [param, sy, ht])}
    before = {pupil.upn: previous_meeting(term, pupil.year_group, meetings.cycle(scheme))
              for pupil in people}
    reviews = defaultdict(list)
    for previous in {term for term in before.values() if term is not None}:  # one, as a rule
        for row in db.query(f"SELECT upn, subject, review FROM medium_targets "
                            f"WHERE upn IN ({upns_sql}) AND school_year = ? AND half_term = ? "
                            "ORDER BY position, id",
                            [param, previous.school_year, previous.half_term]):
            if before[row["upn"]] == previous:
                reviews[row["upn"]].append((row["subject"], row["review"]))
    agreed = {row["upn"]: row["n"] for row in db.query(
        f"SELECT upn, count(*) AS n FROM medium_targets WHERE upn IN ({upns_sql}) AND "
        "school_year = ? AND half_term = ? GROUP BY upn", [param, sy, ht])}

    records = []
    for pupil in people:
        start_of_year = {}
        for subject, point in starts[pupil.upn].items():
            if point.year_group == pupil.year_group - 1:
                start_of_year[subject] = point.step
        for subject, record in last_year[pupil.upn].items():
            if record.step is not None:
                start_of_year[subject] = record.step
        records.append(PupilRecord(
            pupil=pupil, school_year=sy, half_term=ht, steps=steps[pupil.upn],
            start_of_year=start_of_year, targets=this_year[pupil.upn], attitude=feelings[pupil.upn],
            meeting=met.get(pupil.upn) or Meeting(upn=pupil.upn, school_year=sy, half_term=ht,
                                                   lines=tuple(lines[pupil.upn]), version=0),
            self_assessed=pupil.upn in assessed, reviews=reviews[pupil.upn],
            next_steps=agreed.get(pupil.upn, 0)))
    return records


def class_records(db: Database, class_name: str, term: Term, viewer: Staff | None = None,
                  scheme: Scheme | None = None) -> list[PupilRecord]:
    """One record per pupil of the class, in name order (the class grid's data), read as one
    snapshot; with a `viewer`, only the pupils they may read."""
    with snapshot(db):
        found = _records(db, "SELECT upn FROM pupils WHERE class_name = ?", class_name, term,
                         scheme)
        allowed = access.readable(db, viewer) if viewer else None
    return found if allowed is None else [r for r in found if r.pupil.upn in allowed]


def school_records(db: Database, term: Term, scheme: Scheme | None = None) -> list[PupilRecord]:
    """Every pupil's record, in name order (the progress meeting's data), read as one
    snapshot."""
    with snapshot(db):
        return _records(db, "SELECT upn FROM pupils WHERE upn != ?", "", term, scheme)


def pupil_record(db: Database, upn: str, term: Term, viewer: Staff | None = None,
                 scheme: Scheme | None = None) -> PupilRecord:
    """One pupil's record for a half-term, read as one snapshot; a `viewer` who may not read
    this pupil is refused."""
    with snapshot(db):
        if viewer is not None and not access.may_read_pupil(db, viewer, upn):
            raise NotAllowed("you can see only the pupils of the interventions you run")
        records = _records(db, "SELECT ?", upn, term, scheme)
        if not records:
            pupils.get_pupil(db, upn)  # raises NotFound with the message
    return records[0]


def school_years(db: Database, current: int) -> list[int]:
    """The school years that hold any attainment, attitude or meeting rows, and `current`,
    oldest first (the years worth offering in a picker)."""
    found = {row["school_year"] for row in db.query(
        "SELECT DISTINCT school_year FROM attainment UNION "
        "SELECT DISTINCT school_year FROM attitude UNION "
        "SELECT DISTINCT school_year FROM meetings")}
    return sorted(found | {current})
