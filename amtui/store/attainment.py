"""Steps per subject per half-term, and the teacher's colour overrides. In a sub-stage scheme the
criteria sheet awards the step (`awards`): a teacher's step that differs needs a reason."""

from __future__ import annotations

from typing import Any

from amtui.core.colours import Rag
from amtui.core.errors import InvalidInput
from amtui.core.models import Attainment, LevelField, Staff
from amtui.core.scale import Level, stored_level
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import awards, history
from amtui.store.access import May, check
from amtui.store.db import Database
from amtui.store.history import Change
from amtui.store.meetings import mark_changed

TABLE = "attainment"


class StepDiffers(InvalidInput):
    """A step typed where the criteria sheet awards another, without a reason."""

    def __init__(self, step: Level, awarded: Level) -> None:
        super().__init__(f"the criteria sheet awards {awarded} — say why the step is {step} "
                         f"(the reason is kept with it), or type {awarded}")
        self.step, self.awarded = step, awarded


def _key(upn: str, subject: str, term: Term) -> dict[str, Any]:
    return {"upn": upn, "subject": subject, "school_year": term.school_year,
            "half_term": term.half_term}


def from_row(row: dict[str, Any]) -> Attainment:
    return Attainment(upn=row["upn"], subject=row["subject"], school_year=row["school_year"],
                      half_term=row["half_term"], step=stored_level(row["step"]),
                      override=None if row["override"] is None else Rag(row["override"]),
                      override_reason=row["override_reason"], version=row["version"],
                      awarded=stored_level(row["awarded"]), step_reason=row["step_reason"])


def get_attainment(db: Database, upn: str, subject: str, term: Term) -> Attainment:
    """The record for a subject and half-term (an empty one, version 0, if none yet)."""
    row = history.read(db, TABLE, _key(upn, subject, term))
    if row is None:
        return Attainment(upn=upn, subject=subject, school_year=term.school_year,
                          half_term=term.half_term, version=0)
    return from_row(row)


def set_step(db: Database, who: Staff, upn: str, subject: str, term: Term,
             step: LevelField | None, *, seen: int, in_meeting: bool = False, reason: str = "",
             scheme: Scheme | None = None) -> Attainment:
    """Record (or clear, with None) a pupil's step in a subject for a half-term. `seen` is the
    record's version as read (0: none yet); `in_meeting` marks the meeting under way. Where a
    sub-stage scheme's sheet awards a level (`scheme`: the school's in force unless given), a
    step that differs needs `reason` (else `StepDiffers`), and clearing returns to the award."""
    with history.change(db, who, f"the {subject} step") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        values = _step_values(db, scheme, upn, subject, term, step, reason.strip())
        change.write(TABLE, _key(upn, subject, term), values, seen=seen,
                     why=values.get("step_reason", ""))
        mark_changed(change, upn, term, in_meeting=in_meeting)
    return get_attainment(db, upn, subject, term)


def _step_values(db: Database, scheme: Scheme | None, upn: str, subject: str, term: Term,
                 step: LevelField | None, reason: str) -> dict[str, Any]:
    rules = awards.sheet_rules(db) if scheme is None else scheme
    if rules is None or rules.scale != "substages":
        return {"step": None if step is None else str(step)}
    award = awards.awarded(db, rules, upn, subject, term)
    if award is None:
        return {"step": None if step is None else str(step), "awarded": None, "step_reason": ""}
    level = award.level if step is None else step
    if level != award.level and not reason:
        raise StepDiffers(level, award.level)
    return {"step": str(level), "awarded": str(award.level),
            "step_reason": reason if level != award.level else ""}


def follow_sheet(change: Change, scheme: Scheme | None, upn: str, subject: str,
                 term: Term) -> None:
    """What a criteria mark implies, in the same change, where a sub-stage scheme's sheet awards
    the level (`scheme`: the school's in force unless given): the half-term's award is kept,
    and is its step unless the teacher's step differs with a reason."""
    rules = awards.sheet_rules(change.db) if scheme is None else scheme
    if rules is None or rules.scale != "substages":
        return
    award = awards.awarded(change.db, rules, upn, subject, term)
    key = _key(upn, subject, term)
    row = history.read(change.db, TABLE, key)
    if award is None and (row is None or row["awarded"] is None):
        return
    values: dict[str, Any] = {"awarded": None if award is None else str(award.level)}
    if award is not None and (row is None or not row["step_reason"]
                              or row["step"] == values["awarded"]):
        values |= {"step": values["awarded"], "step_reason": ""}
    change.mark(TABLE, key, values, why="awarded by the criteria sheet")
    if "step" in values and (row is None or row["step"] != values["step"]):
        mark_changed(change, upn, term, in_meeting=False)


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
