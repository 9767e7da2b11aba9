"""A trust's view of its schools: per school, year group and subject, how many pupils are on
track, off track, exceeding or not yet assessed in a half-term, and per year group how many of
the meetings due were held on time. Counts only: no pupil's name or UPN leaves this module.

The counts come from two SQL queries shipped in data/trust/ (`progress.sql`, `meetings.sql`),
run on each school's file opened read-only with its own scheme's settings as parameters:
docs/trust.md quotes the same queries for Datasette, so both give the same numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_start
from amtui.resources import data_path
from amtui.store.db import Database, open_db, snapshot
from amtui.store.schemes import scheme_in_force

QUERIES = ("progress", "meetings")


@dataclass(frozen=True, slots=True)
class SubjectCounts:
    """One year group's pupils in one subject: the four counts add up to `roll`."""

    year_group: int
    subject: str
    on_track: int
    off_track: int
    exceeding: int
    not_assessed: int
    roll: int


@dataclass(frozen=True, slots=True)
class MeetingCounts:
    """One year group's meetings this half-term: `due` by the scheme's cycle, `on_time` of them
    signed by mentor and pupil before the next half-term began."""

    year_group: int
    roll: int
    due: int
    on_time: int


@dataclass(frozen=True, slots=True)
class SchoolCounts:
    """One school's counts for one half-term (`term_label` in its scheme's words)."""

    school: str
    file: str
    term: Term
    term_label: str
    subjects: tuple[SubjectCounts, ...]
    meetings: tuple[MeetingCounts, ...]


@cache
def query(name: str) -> str:
    """The text of a shipped query (one of `QUERIES`), exactly as docs/trust.md quotes it."""
    return data_path("trust", f"{name}.sql").read_text(encoding="utf-8")


def parameters(scheme: Scheme, term: Term) -> dict[str, object]:
    """The queries' named parameters: the half-term and the scheme's settings they read."""
    return {
        "school_year": term.school_year,
        "half_term": term.half_term,
        "subjects": json.dumps(list(scheme.subjects)),
        "green_min": scheme.progress_bands.green_min,
        "amber_min": scheme.progress_bands.amber_min,
        "expected_rounding": scheme.expected_rounding,
        "amber_off_track": int(scheme.amber_off_track),
        "exceeding_min": scheme.progress_states.exceeding_min,
        "review_amber_from": scheme.targets_review.amber_from,
        "meeting_half_terms": json.dumps(list(scheme.meetings.half_terms)),
        "every_half_term_years": json.dumps(list(scheme.meetings.every_half_term_years)),
        "next_half_term_starts": term_start(term.next(), scheme).isoformat(),
    }


def _run(db: Database, name: str, params: dict[str, object]) -> list[dict[str, Any]]:
    """Run a shipped query with the parameters it names (SQLite refuses unused ones)."""
    text = query(name)
    return list(db.query(text, {key: value for key, value in params.items()
                                if f":{key}" in text}))


def school_counts(db: Database, scheme: Scheme, term: Term, file: str = "") -> SchoolCounts:
    """The school's counts for `term`, read as one snapshot."""
    params = parameters(scheme, term)
    with snapshot(db):
        progress = _run(db, "progress", params)
        meetings = _run(db, "meetings", params)
    return SchoolCounts(
        school=scheme.school, file=file, term=term, term_label=term.label(scheme),
        subjects=tuple(SubjectCounts(**row) for row in progress),
        meetings=tuple(MeetingCounts(year_group=row["year_group"], roll=row["roll"],
                                     due=row["meetings_due"] or 0,
                                     on_time=row["meetings_on_time"] or 0) for row in meetings))


def trust_counts(paths: Sequence[Path],
                 term_for: Callable[[Scheme], Term]) -> list[SchoolCounts]:
    """Each school's counts, its file opened read-only (never created, migrated or written),
    for the half-term `term_for` picks by its scheme. All files are opened first: one that
    cannot be is refused (its path and the reason) before anything is counted."""
    opened: list[Database] = []
    try:
        # one by one: those opened before a refusal are still closed below
        opened.extend(open_db(path, readonly=True, create=False) for path in paths)
        counts = []
        for path, db in zip(paths, opened, strict=True):
            scheme = scheme_in_force(db)
            counts.append(school_counts(db, scheme, term_for(scheme), path.name))
        return counts
    finally:
        for db in opened:
            db.conn.close()
