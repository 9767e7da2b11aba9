"""Attitude per area per half-term: the value (attendance %, lates), the colour and a comment."""

from __future__ import annotations

from typing import Any

from amtui.core.colours import Rag, attendance_colour, punctuality_colour
from amtui.core.errors import OutOfRange
from amtui.core.models import AttitudeEntry, Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.db import Database

TABLE = "attitude"


def _key(upn: str, term: Term, area: str) -> dict[str, Any]:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term, "area": area}


def from_row(row: dict[str, Any]) -> AttitudeEntry:
    return AttitudeEntry(upn=row["upn"], school_year=row["school_year"],
                         half_term=row["half_term"], area=row["area"], value=row["value"],
                         colour=None if row["colour"] is None else Rag(row["colour"]),
                         comment=row["comment"], version=row["version"])


def get_attitude(db: Database, upn: str, term: Term, area: str) -> AttitudeEntry:
    row = history.read(db, TABLE, _key(upn, term, area))
    if row is None:
        return AttitudeEntry(upn=upn, school_year=term.school_year, half_term=term.half_term,
                             area=area, version=0)
    return from_row(row)


def colour_for_value(area: str, value: float, scheme: Scheme) -> Rag:
    """The colour a measured area's value earns (attendance %, lates); refuses impossible values."""
    kind = scheme.area(area).kind
    if kind == "attendance":
        return attendance_colour(value, scheme)
    if kind == "punctuality":
        if value != int(value):
            raise OutOfRange(f"{value:g} lates is not a whole number — enter how many times late")
        return punctuality_colour(int(value), scheme)
    raise OutOfRange(f"{scheme.area(area).name} takes a colour, not a number")


def set_value(db: Database, who: Staff, upn: str, term: Term, area: str, value: float | None,
              scheme: Scheme, *, seen: int | None = None) -> AttitudeEntry:
    """Record attendance % or lates; the colour follows from the scheme."""
    colour = None if value is None else colour_for_value(area, value, scheme)
    values = {"value": None if value is None else round(float(value), 1),
              "colour": None if colour is None else int(colour)}
    row = history.write(db, who.initials, TABLE, _key(upn, term, area), values, seen=seen)
    return from_row(row) if row else get_attitude(db, upn, term, area)


def set_colour(db: Database, who: Staff, upn: str, term: Term, area: str, colour: Rag | None,
               *, seen: int | None = None) -> AttitudeEntry:
    """The teacher's colour for an area (behaviour, effort, homework, uniform, ...)."""
    row = history.write(db, who.initials, TABLE, _key(upn, term, area),
                        {"colour": None if colour is None else int(colour)}, seen=seen)
    return from_row(row) if row else get_attitude(db, upn, term, area)


def set_comment(db: Database, who: Staff, upn: str, term: Term, area: str, comment: str,
                *, seen: int | None = None) -> AttitudeEntry:
    row = history.write(db, who.initials, TABLE, _key(upn, term, area),
                        {"comment": comment.strip()}, seen=seen)
    return from_row(row) if row else get_attitude(db, upn, term, area)


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
