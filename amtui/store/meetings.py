"""Mentoring meetings: the record, its agreed next steps (the medium-term targets reviewed next
time) and support lines — rows of their own, added, edited and removed by id — signing, and the
*amended* mark a signed meeting takes, in the same change, whenever anything in it changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from amtui.core.errors import InvalidInput, NotAllowed, NotFound
from amtui.core.meeting import previous_meeting
from amtui.core.models import MediumTarget, Meeting, Review, Staff, SupportKind, SupportLine
from amtui.core.scheme import Meetings, Scheme
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database
from amtui.store.history import Change

TABLE = "meetings"
TEXT_FIELDS = ("aspirations", "views_note")
INT_FIELDS = ("judgement", "pupil_judgement")
SUPPORT_KINDS: tuple[SupportKind, ...] = ("learning", "attitude")


def _key(upn: str, term: Term) -> dict[str, Any]:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term}


def _stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def line_from_row(row: dict[str, Any]) -> SupportLine:
    return SupportLine(id=row["id"], kind=row["kind"], text=row["text"], version=row["version"])


def from_row(row: dict[str, Any], lines: tuple[SupportLine, ...] = ()) -> Meeting:
    return Meeting(upn=row["upn"], school_year=row["school_year"], half_term=row["half_term"],
                   lines=lines, aspirations=row["aspirations"], judgement=row["judgement"],
                   pupil_judgement=row["pupil_judgement"], views_note=row["views_note"],
                   teacher_signed_by=row["teacher_signed_by"],
                   teacher_signed_at=_stamp(row["teacher_signed_at"]),
                   pupil_signed_at=_stamp(row["pupil_signed_at"]), amended=bool(row["amended"]),
                   started=bool(row["started"]), version=row["version"])


def support_lines(db: Database, upn: str, term: Term) -> tuple[SupportLine, ...]:
    return tuple(line_from_row(row) for row in db.query(
        "SELECT * FROM support_lines WHERE upn = ? AND school_year = ? AND half_term = ? "
        "ORDER BY kind = 'attitude', position, id",  # learning first
        [upn, term.school_year, term.half_term]))


def get_meeting(db: Database, upn: str, term: Term) -> Meeting:
    row = history.read(db, TABLE, _key(upn, term))
    lines = support_lines(db, upn, term)
    if row is None:
        return Meeting(upn=upn, school_year=term.school_year, half_term=term.half_term,
                       lines=lines, version=0)
    return from_row(row, lines)


def mark_changed(change: Change, upn: str, term: Term, *, in_meeting: bool) -> None:
    """What a change to anything of a half-term's meeting implies, in the same change: a meeting
    with a signature becomes *amended*; a change made in the meeting marks it under way."""
    row = history.read(change.db, TABLE, _key(upn, term))
    values: dict[str, Any] = {}
    if row is not None and row["teacher_signed_at"]:
        values["amended"] = 1
    if in_meeting:
        values["started"] = 1
    if values:
        change.mark(TABLE, _key(upn, term), values,
                    why="changed after signing" if "amended" in values else "")


def update_meeting(db: Database, who: Staff, upn: str, term: Term, *, seen: int,
                   **changes: Any) -> Meeting:
    """Change fields of the meeting record: aspirations and views_note (text), judgement /
    pupil_judgement (index into the scheme's labels, or None). `seen` is the meeting's version
    as read."""
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name in TEXT_FIELDS:
            values[name] = str(value).strip()
        elif name in INT_FIELDS:
            values[name] = None if value is None else int(value)
        else:
            raise InvalidInput(f"a meeting has no field {name!r}")
    with history.change(db, who, "the meeting's " + " and ".join(changes)) as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        change.write(TABLE, _key(upn, term), values, seen=seen)
        mark_changed(change, upn, term, in_meeting=True)
    return get_meeting(db, upn, term)


def sign(db: Database, who: Staff, upn: str, term: Term, party: Literal["teacher", "pupil"],
         *, seen: int) -> Meeting:
    """Sign for the teacher (the pupil's mentor of record), then for the pupil (with them).
    A signature is never undone; a change after it marks the meeting amended."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    with history.change(db, who, f"the {party}'s signature", undoable=False) as change:
        check(change, May.SIGN, upn=upn)
        meeting = get_meeting(db, upn, term)
        if party == "teacher":
            if meeting.teacher_signed_at:
                raise NotAllowed("the teacher has already signed this meeting")
            values: dict[str, Any] = {"teacher_signed_by": who.initials,
                                      "teacher_signed_at": stamp}
        elif party == "pupil":
            if not meeting.teacher_signed_at:
                raise NotAllowed("the teacher signs first, then the pupil")
            if meeting.pupil_signed_at:
                raise NotAllowed("the pupil has already signed this meeting")
            values = {"pupil_signed_at": stamp}
        else:
            raise InvalidInput(f"{party!r} cannot sign — the teacher or the pupil signs")
        values["started"] = 1
        change.write(TABLE, _key(upn, term), values, seen=seen, why=f"{party} signed")
    return get_meeting(db, upn, term)


def _next_position(db: Database, table: str, upn: str, term: Term, **more: str) -> int:
    """The position after the last row of a pupil's list for a half-term (of one kind)."""
    where = " AND ".join(f"[{column}] = ?" for column in ("upn", "school_year", "half_term",
                                                           *more))
    return db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM [{table}] WHERE {where}",
                      [upn, term.school_year, term.half_term, *more.values()]).fetchone()[0]


# Support lines ------------------------------------------------------------------------------

def _line(db: Database, line_id: int) -> dict[str, Any]:
    row = history.read(db, "support_lines", {"id": line_id})
    if row is None:
        raise NotFound("that support line no longer exists — someone else may have removed it")
    return row


def add_support(db: Database, who: Staff, upn: str, term: Term, kind: SupportKind,
                text: str) -> SupportLine:
    """Add a line of support (for learning or attitude) at the end of its list."""
    if kind not in SUPPORT_KINDS:
        raise InvalidInput(f"support is for learning or attitude, not {kind!r}")
    if not text.strip():
        raise InvalidInput("a support line needs some words — e.g. “reading buddy twice a week”")
    with history.change(db, who, "a support line") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        row = change.write("support_lines", {}, {
            **_key(upn, term), "kind": kind, "text": text.strip(),
            "position": _next_position(db, "support_lines", upn, term, kind=kind)}, seen=None)
        mark_changed(change, upn, term, in_meeting=True)
    return line_from_row(row)


def edit_support(db: Database, who: Staff, line_id: int, text: str, *, seen: int) -> SupportLine:
    if not text.strip():
        raise InvalidInput("a support line needs some words — remove it instead if it is not "
                           "wanted")
    with history.change(db, who, "a support line") as change:
        line = _line(db, line_id)
        check(change, May.EDIT_PUPIL, upn=line["upn"])
        row = change.write("support_lines", {"id": line_id}, {"text": text.strip()}, seen=seen)
        mark_changed(change, line["upn"], Term(line["school_year"], line["half_term"]),
                     in_meeting=True)
    return line_from_row(row)


def remove_support(db: Database, who: Staff, line_id: int, *, seen: int) -> None:
    with history.change(db, who, "removing a support line") as change:
        line = _line(db, line_id)
        check(change, May.EDIT_PUPIL, upn=line["upn"])
        change.write("support_lines", {"id": line_id}, None, seen=seen)
        mark_changed(change, line["upn"], Term(line["school_year"], line["half_term"]),
                     in_meeting=True)


# Agreed next steps (medium-term targets) ------------------------------------------------------

def _target(row: dict[str, Any]) -> MediumTarget:
    return MediumTarget(id=row["id"], upn=row["upn"], school_year=row["school_year"],
                        half_term=row["half_term"], subject=row["subject"], text=row["text"],
                        criterion=row["criterion"], review=row["review"], position=row["position"],
                        version=row["version"])


def next_steps(db: Database, upn: str, term: Term) -> list[MediumTarget]:
    """The next steps agreed at this half-term's meeting, in order."""
    rows = db.query("SELECT * FROM medium_targets WHERE upn = ? AND school_year = ? AND "
                    "half_term = ? ORDER BY position, id", [upn, term.school_year, term.half_term])
    return [_target(row) for row in rows]


def cycle(scheme: Scheme | None) -> Meetings:
    """The scheme's meeting cycle; every half-term (the default) for a caller without one."""
    return scheme.meetings if scheme is not None else Meetings()


def meeting_before(db: Database, upn: str, term: Term, scheme: Scheme | None) -> Term | None:
    """The pupil's meeting before `term` in the scheme's cycle, whose next steps `term`'s
    meeting reviews; None for an unknown pupil."""
    rows = list(db.query("SELECT year_group FROM pupils WHERE upn = ?", [upn]))
    return None if not rows else previous_meeting(term, rows[0]["year_group"], cycle(scheme))


def targets_to_review(db: Database, upn: str, term: Term,
                      scheme: Scheme | None = None) -> list[MediumTarget]:
    """The next steps agreed at the previous meeting of the scheme's cycle, reviewed at this one
    (a termly school reviews T2's at T4)."""
    previous = meeting_before(db, upn, term, scheme)
    return [] if previous is None else next_steps(db, upn, previous)


def add_next_step(db: Database, who: Staff, upn: str, term: Term, subject: str, text: str,
                  criterion: str = "", *, scheme: Scheme | None = None) -> MediumTarget:
    """Agree a next step in a subject (or "Attitude"); with the school's scheme, refused beyond
    its number of next steps a subject."""
    if not text.strip():
        raise InvalidInput("a next step needs some words — type what the pupil will do")
    with history.change(db, who, "a next step") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        if scheme is not None:
            _check_room(db, upn, term, subject, scheme.medium_targets_max)
        row = change.write("medium_targets", {}, {
            **_key(upn, term), "subject": subject, "text": text.strip(), "criterion": criterion,
            "position": _next_position(db, "medium_targets", upn, term)}, seen=None)
        mark_changed(change, upn, term, in_meeting=True)
    return _target(row)


def _check_room(db: Database, upn: str, term: Term, subject: str, most: int) -> None:
    """Refuse another next step in a subject that already has the scheme's number of them."""
    agreed = db.execute("SELECT count(*) FROM medium_targets WHERE upn = ? AND school_year = ? "
                        "AND half_term = ? AND subject = ?",
                        [upn, term.school_year, term.half_term, subject]).fetchone()[0]
    if agreed >= most:
        raise InvalidInput(f"{subject} already has {agreed} next step{'s' * (agreed != 1)}, "
                           "the most the school's scheme allows a subject at one meeting — edit "
                           "or remove one to make room for another")


def _get_target(db: Database, target_id: int) -> MediumTarget:
    row = history.read(db, "medium_targets", {"id": target_id})
    if row is None:
        raise NotFound("that next step no longer exists — it may have been removed by someone else")
    return _target(row)


def edit_next_step(db: Database, who: Staff, target_id: int, text: str, *,
                   seen: int) -> MediumTarget:
    if not text.strip():
        raise InvalidInput("a next step needs some words — delete it instead if it is not wanted")
    with history.change(db, who, "a next step") as change:
        target = _get_target(db, target_id)
        check(change, May.EDIT_PUPIL, upn=target.upn)
        change.write("medium_targets", {"id": target_id}, {"text": text.strip()}, seen=seen)
        mark_changed(change, target.upn, Term(target.school_year, target.half_term),
                     in_meeting=True)
    return _get_target(db, target_id)


def delete_next_step(db: Database, who: Staff, target_id: int, *, seen: int) -> None:
    with history.change(db, who, "removing a next step") as change:
        target = _get_target(db, target_id)
        check(change, May.EDIT_PUPIL, upn=target.upn)
        change.write("medium_targets", {"id": target_id}, None, seen=seen)
        mark_changed(change, target.upn, Term(target.school_year, target.half_term),
                     in_meeting=True)


def review_target(db: Database, who: Staff, target_id: int, review: Review | None,
                  meeting_term: Term, *, seen: int) -> MediumTarget:
    """Record at this meeting whether a target from the last meeting was achieved, partly, or
    not."""
    with history.change(db, who, "a target's review") as change:
        target = _get_target(db, target_id)
        check(change, May.EDIT_PUPIL, upn=target.upn)
        change.write("medium_targets", {"id": target_id}, {"review": review}, seen=seen)
        mark_changed(change, target.upn, meeting_term, in_meeting=True)
    return _get_target(db, target_id)
