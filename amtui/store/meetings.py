"""Mentoring meetings: the record, its agreed next steps (the medium-term targets reviewed next
time), signing, and the amended mark when a signed meeting changes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from amtui.core.errors import InvalidInput, NotFound
from amtui.core.models import MediumTarget, Meeting, Review, Staff
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.db import Database, transaction

TABLE = "meetings"
LIST_FIELDS = ("support", "attitude_support")
TEXT_FIELDS = ("aspirations",)
INT_FIELDS = ("judgement", "pupil_judgement")


def _key(upn: str, term: Term) -> dict[str, Any]:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term}


def _stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def from_row(row: dict[str, Any]) -> Meeting:
    return Meeting(upn=row["upn"], school_year=row["school_year"], half_term=row["half_term"],
                   support=json.loads(row["support"]),
                   attitude_support=json.loads(row["attitude_support"]),
                   aspirations=row["aspirations"], judgement=row["judgement"],
                   pupil_judgement=row["pupil_judgement"],
                   teacher_signed_by=row["teacher_signed_by"],
                   teacher_signed_at=_stamp(row["teacher_signed_at"]),
                   pupil_signed_at=_stamp(row["pupil_signed_at"]), amended=bool(row["amended"]),
                   started=bool(row["started"]), version=row["version"])


def get_meeting(db: Database, upn: str, term: Term) -> Meeting:
    row = history.read(db, TABLE, _key(upn, term))
    if row is None:
        return Meeting(upn=upn, school_year=term.school_year, half_term=term.half_term, version=0)
    return from_row(row)


def touch(db: Database, who: Staff, upn: str, term: Term,
          why: str = "changed in the meeting") -> None:
    """Mark the meeting started; a signed meeting that changes becomes amended."""
    meeting = get_meeting(db, upn, term)
    values: dict[str, Any] = {"started": 1}
    if meeting.signed:
        values["amended"] = 1
    history.write(db, who.initials, TABLE, _key(upn, term), values, why=why)


def update_meeting(db: Database, who: Staff, upn: str, term: Term, *, seen: int | None = None,
                   **changes: Any) -> Meeting:
    """Change fields of the meeting record: support / attitude_support (lists of lines),
    aspirations (text), judgement / pupil_judgement (index into the scheme's labels)."""
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name in LIST_FIELDS:
            values[name] = json.dumps([line.strip() for line in value if line.strip()],
                                      ensure_ascii=False)
        elif name in TEXT_FIELDS:
            values[name] = str(value).strip()
        elif name in INT_FIELDS:
            values[name] = None if value is None else int(value)
        else:
            raise InvalidInput(f"a meeting has no field {name!r}")
    with transaction(db):
        history.write(db, who.initials, TABLE, _key(upn, term), values, seen=seen)
        touch(db, who, upn, term, why="edited")
    return get_meeting(db, upn, term)


def sign(db: Database, who: Staff, upn: str, term: Term, party: Literal["teacher", "pupil"],
         *, seen: int | None = None) -> Meeting:
    """Sign for the teacher (the signed-in member of staff) or for the pupil."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    if party == "teacher":
        values: dict[str, Any] = {"teacher_signed_by": who.initials, "teacher_signed_at": stamp}
    elif party == "pupil":
        values = {"pupil_signed_at": stamp}
    else:
        raise InvalidInput(f"{party!r} cannot sign — the teacher or the pupil signs")
    values["started"] = 1
    history.write(db, who.initials, TABLE, _key(upn, term), values, seen=seen, why=f"{party} signed")
    return get_meeting(db, upn, term)


# Agreed next steps (medium-term targets) ------------------------------------------------------

def _target(row: dict[str, Any]) -> MediumTarget:
    return MediumTarget(id=row["id"], upn=row["upn"], school_year=row["school_year"],
                        half_term=row["half_term"], subject=row["subject"], text=row["text"],
                        criterion=row["criterion"], review=row["review"], position=row["position"])


def next_steps(db: Database, upn: str, term: Term) -> list[MediumTarget]:
    """The next steps agreed at this half-term's meeting, in order."""
    rows = db.query("SELECT * FROM medium_targets WHERE upn = ? AND school_year = ? AND "
                    "half_term = ? ORDER BY position, id", [upn, term.school_year, term.half_term])
    return [_target(row) for row in rows]


def targets_to_review(db: Database, upn: str, term: Term) -> list[MediumTarget]:
    """Last half-term's next steps, reviewed at this meeting."""
    return next_steps(db, upn, term.previous())


def add_next_step(db: Database, who: Staff, upn: str, term: Term, subject: str, text: str,
                  criterion: str = "") -> MediumTarget:
    if not text.strip():
        raise InvalidInput("a next step needs some words — type what the pupil will do")
    with transaction(db):
        position = len(next_steps(db, upn, term))
        row = history.write(db, who.initials, "medium_targets", {},
                            {"upn": upn, "school_year": term.school_year,
                             "half_term": term.half_term, "subject": subject,
                             "text": text.strip(), "criterion": criterion, "position": position})
        touch(db, who, upn, term, why="next step added")
    return _target(row)  # type: ignore[arg-type]


def _get_target(db: Database, target_id: int) -> MediumTarget:
    row = history.read(db, "medium_targets", {"id": target_id})
    if row is None:
        raise NotFound("that next step no longer exists — it may have been removed by someone else")
    return _target(row)


def edit_next_step(db: Database, who: Staff, target_id: int, text: str) -> MediumTarget:
    if not text.strip():
        raise InvalidInput("a next step needs some words — delete it instead if it is not wanted")
    with transaction(db):
        target = _get_target(db, target_id)
        history.write(db, who.initials, "medium_targets", {"id": target_id}, {"text": text.strip()})
        touch(db, who, target.upn, Term(target.school_year, target.half_term), why="next step edited")
    return _get_target(db, target_id)


def delete_next_step(db: Database, who: Staff, target_id: int) -> None:
    with transaction(db):
        target = _get_target(db, target_id)
        history.write(db, who.initials, "medium_targets", {"id": target_id}, None)
        touch(db, who, target.upn, Term(target.school_year, target.half_term),
               why="next step removed")


def review_target(db: Database, who: Staff, target_id: int, review: Review | None,
                  meeting_term: Term) -> MediumTarget:
    """Record at this meeting whether last half-term's target was achieved, partly, or not."""
    with transaction(db):
        target = _get_target(db, target_id)
        history.write(db, who.initials, "medium_targets", {"id": target_id}, {"review": review})
        touch(db, who, target.upn, meeting_term, why="target reviewed")
    return _get_target(db, target_id)
