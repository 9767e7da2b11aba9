"""Attitude per area per half-term: the value (attendance %, lates), the colour and a comment."""

from __future__ import annotations

from typing import Any

from amtui.core.colours import (
    MAX_INCIDENTS,
    Rag,
    attendance_colour,
    check_lates,
    punctuality_colour,
    shown_attendance,
)
from amtui.core.errors import OutOfRange
from amtui.core.models import AttitudeEntry, Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database
from amtui.store.meetings import mark_changed

TABLE = "attitude"


def _key(upn: str, term: Term, area: str) -> dict[str, Any]:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term, "area": area}


def from_row(row: dict[str, Any]) -> AttitudeEntry:
    return AttitudeEntry(upn=row["upn"], school_year=row["school_year"],
                         half_term=row["half_term"], area=row["area"], value=row["value"],
                         colour=None if row["colour"] is None else Rag(row["colour"]),
                         comment=row["comment"], version=row["version"],
                         incidents=None if row["purple"] is None else
                         (row["purple"], row["red"], row["yellow"]))


def get_attitude(db: Database, upn: str, term: Term, area: str) -> AttitudeEntry:
    row = history.read(db, TABLE, _key(upn, term, area))
    if row is None:
        return AttitudeEntry(upn=upn, school_year=term.school_year, half_term=term.half_term,
                             area=area, version=0)
    return from_row(row)


def shown_value(area: str, value: float, scheme: Scheme) -> float:
    """A measured area's value as stored and shown: attendance % to one decimal (rounded
    half-up, 89.95 → 90.0), lates a whole number; refuses impossible values."""
    kind = scheme.area(area).kind
    if kind == "attendance":
        return shown_attendance(value)
    if kind == "punctuality":
        return float(check_lates(value))
    raise OutOfRange(f"{scheme.area(area).name} takes a colour, not a number")


def colour_for_value(area: str, value: float, scheme: Scheme) -> Rag:
    """The colour a measured area's value earns (attendance %, lates), as it is shown; refuses
    impossible values."""
    shown = shown_value(area, value, scheme)
    if scheme.area(area).kind == "attendance":
        return attendance_colour(shown, scheme)
    return punctuality_colour(shown, scheme)


def _write(db: Database, who: Staff, upn: str, term: Term, area: str, values: dict[str, Any],
           what: str, *, seen: int, in_meeting: bool) -> AttitudeEntry:
    with history.change(db, who, what) as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        change.write(TABLE, _key(upn, term, area), values, seen=seen)
        mark_changed(change, upn, term, in_meeting=in_meeting)
    return get_attitude(db, upn, term, area)


def set_value(db: Database, who: Staff, upn: str, term: Term, area: str, value: float | None,
              scheme: Scheme, *, seen: int, in_meeting: bool = False) -> AttitudeEntry:
    """Record attendance % or lates, as shown (attendance to one decimal); the colour of that
    follows from the scheme."""
    shown = None if value is None else shown_value(area, value, scheme)
    colour = None if shown is None else colour_for_value(area, shown, scheme)
    values = {"value": shown, "colour": None if colour is None else int(colour)}
    return _write(db, who, upn, term, area, values, f"the {scheme.area(area).name} figure",
                  seen=seen, in_meeting=in_meeting)


def set_colour(db: Database, who: Staff, upn: str, term: Term, area: str, colour: Rag | None,
               *, seen: int, in_meeting: bool = False) -> AttitudeEntry:
    """The teacher's colour for an area (behaviour, effort, homework, uniform, ...)."""
    return _write(db, who, upn, term, area, {"colour": None if colour is None else int(colour)},
                  f"the {area} colour", seen=seen, in_meeting=in_meeting)


def set_incidents(db: Database, who: Staff, upn: str, term: Term, area: str,
                  counts: tuple[int, int, int], *, seen: int,
                  in_meeting: bool = False) -> AttitudeEntry:
    """Behaviour-ladder incident counts (purple, red, yellow) for the half-term; they suggest a
    colour (core.colours.behaviour_suggestion) that the teacher accepts or changes."""
    if min(counts) < 0 or max(counts) > MAX_INCIDENTS:
        raise OutOfRange(f"incident counts run from 0 to {MAX_INCIDENTS}")
    purple, red, yellow = counts
    return _write(db, who, upn, term, area, {"purple": purple, "red": red, "yellow": yellow},
                  f"the {area} incidents", seen=seen, in_meeting=in_meeting)


MAX_COMMENT = 120


def checked_comment(text: str) -> str:
    """A short comment as stored: trimmed, refused when it is longer than MAX_COMMENT."""
    comment = " ".join(text.split())
    if len(comment) > MAX_COMMENT:
        raise OutOfRange(f"that comment is {len(comment)} characters — keep it to "
                         f"{MAX_COMMENT} (a few words, e.g. Never has PE kit)")
    return comment


def set_comment(db: Database, who: Staff, upn: str, term: Term, area: str, comment: str,
                *, seen: int, in_meeting: bool = False) -> AttitudeEntry:
    return _write(db, who, upn, term, area, {"comment": checked_comment(comment)},
                  f"the {area} comment", seen=seen, in_meeting=in_meeting)


def pupil_attitude(db: Database, upn: str, school_year: int | None = None) -> list[AttitudeEntry]:
    if school_year is None:
        rows = db.query("SELECT * FROM attitude WHERE upn = ? ORDER BY school_year, half_term",
                        [upn])
    else:
        rows = db.query("SELECT * FROM attitude WHERE upn = ? AND school_year = ? "
                        "ORDER BY half_term", [upn, school_year])
    return [from_row(row) for row in rows]


def class_attitude(db: Database, class_name: str, term: Term) -> list[AttitudeEntry]:
    rows = db.query("SELECT a.* FROM attitude a JOIN pupils p ON p.upn = a.upn "
                    "WHERE p.class_name = ? AND a.school_year = ? AND a.half_term = ?",
                    [class_name, term.school_year, term.half_term])
    return [from_row(row) for row in rows]


def all_attitude(db: Database, school_year: int | None = None) -> list[AttitudeEntry]:
    if school_year is None:
        rows = db.query("SELECT * FROM attitude ORDER BY upn, school_year, half_term, area")
    else:
        rows = db.query("SELECT * FROM attitude WHERE school_year = ? "
                        "ORDER BY upn, half_term, area", [school_year])
    return [from_row(row) for row in rows]
