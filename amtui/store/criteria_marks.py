"""Criteria marks (dot / line / cross) per pupil, subject, stage and half-term."""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core.criteria import Mark, best_mark
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import attainment, history
from amtui.store.access import May, check
from amtui.store.db import Database


def set_mark(db: Database, who: Staff, upn: str, subject: str, stage: int, number: int,
             term: Term, mark: Mark, *, seen: int, scheme: Scheme | None = None) -> None:
    """Record a criterion's mark for a half-term; in a sub-stage scheme (`scheme`: the school's
    in force unless given) the half-term's step follows the sheet's award, in the same change."""
    with history.change(db, who, f"a {subject} criterion mark") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        change.write("criteria_marks",
                     {"upn": upn, "subject": subject, "stage": stage, "number": number,
                      "school_year": term.school_year, "half_term": term.half_term},
                     {"mark": int(mark)}, seen=seen)
        attainment.follow_sheet(change, scheme, upn, subject, term)


def current_marks(db: Database, upn: str, subject: str, stage: int,
                  school_year: int) -> dict[int, Mark]:
    """Each criterion's mark on the sheet: the best of this year's half-terms (marks only go up)."""
    marks: dict[int, list[Mark]] = {}
    for row in db.query("SELECT number, mark FROM criteria_marks WHERE upn = ? AND subject = ? "
                        "AND stage = ? AND school_year = ?", [upn, subject, stage, school_year]):
        marks.setdefault(row["number"], []).append(Mark(row["mark"]))
    return {number: best_mark(found) for number, found in marks.items()}


def line_criteria(db: Database, upn: str, subject: str, stage: int, school_year: int) -> list[int]:
    """Criteria the pupil has mostly achieved (a line): the first suggestions for next steps."""
    return sorted(number for number, mark in
                  current_marks(db, upn, subject, stage, school_year).items() if mark is Mark.LINE)


@dataclass(frozen=True, slots=True)
class TermMark:
    """One half-term's stored mark for a criterion, and the row's version (for `seen`)."""

    number: int
    half_term: int
    mark: Mark
    version: int


def term_marks(db: Database, upn: str, subject: str, stage: int,
               school_year: int) -> list[TermMark]:
    """This year's marks half-term by half-term (blanked ones too), by criterion then term."""
    return [TermMark(row["number"], row["half_term"], Mark(row["mark"]), row["version"])
            for row in db.query("SELECT number, half_term, mark, version FROM criteria_marks "
                                "WHERE upn = ? AND subject = ? AND stage = ? AND school_year = ? "
                                "ORDER BY number, half_term",
                                [upn, subject, stage, school_year])]
