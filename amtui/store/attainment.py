"""Steps per subject per half-term, and the teacher's colour overrides."""

from __future__ import annotations

from typing import Any

from amtui.core.colours import Rag
from amtui.core.errors import InvalidInput
from amtui.core.models import Attainment, LevelField, Staff
from amtui.core.scale import stored_level
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database
from amtui.store.meetings import mark_changed

TABLE = "attainment"


def _key(upn: str, subject: str, term: Term) -> dict[str, Any]:
    return {"upn": upn, "subject": subject, "school_year": term.school_year,
            "half_term": term.half_term}


def from_row(row: dict[str, Any]) -> Attainment:
    return Attainment(upn=row["upn"], subject=row["subject"], school_year=row["school_year"],
                      half_term=row["half_term"], step=stored_level(row["step"]),
                      override=None if row["override"] is None else Rag(row["override"]),
                      override_reason=row["override_reason"], version=row["version"])


def get_attainment(db: Database, upn: str, subject: str, term: Term) -> Attainment:
    """The record for a subject and half-term (an empty one, version 0, if none yet)."""
    row = history.read(db, TABLE, _key(upn, subject, term))
    if row is None:
        return Attainment(upn=upn, subject=subject, school_year=term.school_year,
                          half_term=term.half_term, version=0)
    return from_row(row)


def set_step(db: Database, who: Staff, upn: str, subject: str, term: Term,
             step: LevelField | None, *, seen: int, in_meeting: bool = False) -> Attainment:
    """Record (or clear, with None) a pupil's step in a subject for a half-term. `seen` is the
    record's version as read (0: none yet); `in_meeting` marks the meeting under way."""
    with history.change(db, who, f"the {subject} step") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        change.write(TABLE, _key(upn, subject, term),
                     {"step": None if step is None else str(step)}, seen=seen)
        mark_changed(change, upn, term, in_meeting=in_meeting)
    return get_attainment(db, upn, subject, term)


def set_override(db: Database, who: Staff, upn: str, subject: str, term: Term,
                 colour: Rag | None, reason: str, *, seen: int,
                 in_meeting: bool = False) -> Attainment:
    """Override the suggested progress colour, with a reason printed on the profile; None clears."""
    if colour is not None and not reason.strip():
        raise InvalidInput("say why the colour is overridden — "
                           "the reason is printed on the profile")
    values = {"override": None if colour is None else int(colour),
              "override_reason": reason.strip() if colour is not None else ""}
    with history.change(db, who, f"the {subject} colour") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        change.write(TABLE, _key(upn, subject, term), values, seen=seen, why=reason.strip())
        mark_changed(change, upn, term, in_meeting=in_meeting)
    return get_attainment(db, upn, subject, term)


def pupil_attainment(db: Database, upn: str) -> list[Attainment]:
    """Every recorded step of a pupil, oldest first (the profile and the pupil file's context)."""
    rows = db.query("SELECT * FROM attainment WHERE upn = ? "
                    "ORDER BY school_year, half_term, subject", [upn])
    return [from_row(row) for row in rows]


def all_attainment(db: Database, school_year: int | None = None) -> list[Attainment]:
    if school_year is None:
        rows = db.query("SELECT * FROM attainment ORDER BY upn, school_year, half_term, subject")
    else:
        rows = db.query("SELECT * FROM attainment WHERE school_year = ? "
                        "ORDER BY upn, half_term, subject", [school_year])
    return [from_row(row) for row in rows]
