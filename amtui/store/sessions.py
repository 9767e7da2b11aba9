"""Intervention sessions as a TA logs them: a session (day, length, a note for the group) and a
row per pupil (present, or absent with a reason; a note). Each mark is saved as it is made; the
first mark of a new session makes the session in the same change. Corrections keep history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.core.errors import InvalidInput, NotFound
from amtui.core.models import Staff
from amtui.core.programmes import (
    MAX_MINUTES,
    Intervention,
    InterventionSession,
    SessionMark,
    due_on,
    week_of,
)
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database
from amtui.store.history import Change
from amtui.store.interventions import get_intervention, list_interventions


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session not yet stored: made with its first mark."""

    intervention_id: int
    on: date
    minutes: int


@dataclass(frozen=True, slots=True)
class Due:
    """A programme due today for the member of staff who runs it, and today's session if one is
    logged already."""

    programme: Intervention
    session: InterventionSession | None
    held_this_week: int


def check_session_day(on: date, today: date) -> None:
    """A session is logged once it has run: never for a day after `today`."""
    if on > today:
        raise InvalidInput(f"{on:%d/%m/%Y} is in the future — log a session once it has run")


def _check_session(programme: Intervention, on: date, minutes: int, today: date) -> None:
    check_session_day(on, today)
    if on < programme.start:
        raise InvalidInput(f"the programme started on {programme.start:%d/%m/%Y} — a session "
                           "is on that day or later")
    if programme.end is not None and on > programme.end:
        raise InvalidInput(f"the programme ended on {programme.end:%d/%m/%Y}")
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput(f"{minutes} minutes is not a session length — enter 1 to "
                           f"{MAX_MINUTES}")


def _had_place(programme: Intervention, upn: str, on: date) -> bool:
    place = programme.place(upn)
    return place is not None and place.in_on(on)


def _make(change: Change, who: Staff, new: NewSession, note: str, today: date) -> int:
    programme = get_intervention(change.db, new.intervention_id)
    _check_session(programme, new.on, new.minutes, today)
    row = change.write("intervention_sessions", {}, {
        "intervention_id": new.intervention_id, "on_date": new.on.isoformat(),
        "minutes": new.minutes, "note": note.strip(), "logged_by": who.initials}, seen=None)
    return int(row["id"])


def _session_row(db: Database, session_id: int) -> dict[str, Any]:
    row = history.read(db, "intervention_sessions", {"id": session_id})
    if row is None:
        raise NotFound("that session no longer exists — someone may have removed it")
    return row


@contextmanager
def _marking(db: Database, who: Staff, session: int | NewSession, upns: list[str], what: str,
             today: date, note: str = "") -> Iterator[tuple[Change, int]]:
    """One change marking `upns` at `session` (made in it if new): checked that who runs the
    programme logs it and that each pupil had a place that day; yields the change and the
    session's id."""
    intervention_id = (session.intervention_id if isinstance(session, NewSession)
                       else int(_session_row(db, session)["intervention_id"]))
    with history.change(db, who, what) as change:
        check(change, May.LOG_SESSION, intervention_id=intervention_id)
        session_id = (_make(change, who, session, note, today)
                      if isinstance(session, NewSession) else session)
        on = date.fromisoformat(_session_row(db, session_id)["on_date"])
        programme = get_intervention(db, intervention_id)
        strangers = [upn for upn in upns if not _had_place(programme, upn, on)]
        if strangers:
            pupils = "that pupil" if len(upns) == 1 else f"{len(strangers)} of those pupils"
            raise InvalidInput(f"{pupils} had no place in the programme on {on:%d/%m/%Y} — a "
                               "teacher adds them to it first")
        yield change, session_id


def mark(db: Database, who: Staff, session: int | NewSession, upn: str, *, present: bool,
         reason: str = "", seen: int, today: date) -> int:
    """Mark a pupil present, or absent with a reason; returns the session's id (made now if
    `session` is a `NewSession`). `seen` is the pupil's mark as read (0: none yet)."""
    with _marking(db, who, session, [upn], "a pupil at a session", today) as (change, made):
        change.write("session_pupils", {"session_id": made, "upn": upn},
                     {"present": int(present), "reason": "" if present else reason.strip()},
                     seen=seen)
    return made


def mark_all(db: Database, who: Staff, session: int | NewSession, upns: list[str], *,
             today: date) -> int:
    """Mark every one of `upns` (none marked yet) present in one change, so one undo takes it
    back; returns the session's id (made now if `session` is a `NewSession`)."""
    with _marking(db, who, session, upns, "pupils at a session", today) as (change, made):
        for upn in upns:  # each not marked yet: one marked meanwhile is a conflict
            change.write("session_pupils", {"session_id": made, "upn": upn},
                         {"present": 1, "reason": ""}, seen=0)
    return made


def note_pupil(db: Database, who: Staff, session_id: int, upn: str, note: str, *,
               seen: int) -> None:
    """A note on one pupil at a session (marked already)."""
    row = _session_row(db, session_id)
    with history.change(db, who, "a note at a session") as change:
        check(change, May.LOG_SESSION, intervention_id=row["intervention_id"])
        if seen == 0:
            raise InvalidInput("mark the pupil present or absent first, then add the note")
        change.write("session_pupils", {"session_id": session_id, "upn": upn},
                     {"note": note.strip()}, seen=seen)


def unmark(db: Database, who: Staff, session_id: int, upn: str, *, seen: int) -> None:
    """Take back a pupil's mark (not yet known whether they came)."""
    row = _session_row(db, session_id)
    with history.change(db, who, "a pupil at a session") as change:
        check(change, May.LOG_SESSION, intervention_id=row["intervention_id"])
        change.write("session_pupils", {"session_id": session_id, "upn": upn}, None, seen=seen)


def edit_session(db: Database, who: Staff, session: InterventionSession | NewSession, *,
                 on: date, minutes: int, note: str, today: date) -> int:
    """Correct a session's day, length or group note (made now if it is a `NewSession`);
    returns its id."""
    intervention_id = session.intervention_id
    with history.change(db, who, "a session") as change:
        check(change, May.LOG_SESSION, intervention_id=intervention_id)
        programme = get_intervention(db, intervention_id)
        _check_session(programme, on, minutes, today)
        if isinstance(session, NewSession):
            return _make(change, who, NewSession(intervention_id, on, minutes), note, today)
        strays = [m.upn for m in session.marks if not _had_place(programme, m.upn, on)]
        if strays:
            raise InvalidInput(f"{len(strays)} of the pupils marked had no place on "
                               f"{on:%d/%m/%Y} — pick the day the session ran")
        change.write("intervention_sessions", {"id": session.id},
                     {"on_date": on.isoformat(), "minutes": minutes, "note": note.strip()},
                     seen=session.version)
        return session.id


def remove_session(db: Database, who: Staff, session: InterventionSession) -> None:
    """A session logged by mistake goes, with its marks (history keeps them)."""
    with history.change(db, who, "removing a session") as change:
        check(change, May.LOG_SESSION, intervention_id=session.intervention_id)
        for pupil in session.marks:
            change.write("session_pupils", {"session_id": session.id, "upn": pupil.upn}, None,
                         seen=pupil.version)
        change.write("intervention_sessions", {"id": session.id}, None, seen=session.version)


def log_session(db: Database, who: Staff, intervention_id: int, on: date, minutes: int,
                attended: list[str], note: str = "", *, today: date,
                absent: dict[str, str] | None = None) -> InterventionSession:
    """A whole session at once (the command line, imports): `attended` present, `absent` (upn →
    reason) absent; members not named are left unmarked."""
    marks = {upn: (True, "") for upn in attended}
    marks.update({upn: (False, reason) for upn, reason in (absent or {}).items()})
    with _marking(db, who, NewSession(intervention_id, on, minutes), list(marks),
                  "an intervention session", today, note) as (change, session_id):
        for upn, (present, reason) in marks.items():
            change.write("session_pupils", {"session_id": session_id, "upn": upn},
                         {"present": int(present), "reason": reason.strip()}, seen=0)
    return get_session(db, session_id)


def _marks(db: Database, session_ids: list[int]) -> dict[int, list[SessionMark]]:
    found: dict[int, list[SessionMark]] = {}
    if not session_ids:
        return found
    marks = ", ".join("?" for _ in session_ids)
    for row in db.query(f"SELECT * FROM session_pupils WHERE session_id IN ({marks}) "
                        "ORDER BY session_id, rowid", session_ids):
        found.setdefault(row["session_id"], []).append(SessionMark(
            upn=row["upn"], present=bool(row["present"]), reason=row["reason"],
            note=row["note"], version=row["version"]))
    return found


def _sessions(db: Database, where: str, params: list[Any]) -> list[InterventionSession]:
    rows = list(db.query(f"SELECT * FROM intervention_sessions WHERE {where} "
                         "ORDER BY on_date, id", params))
    marks = _marks(db, [row["id"] for row in rows])
    return [InterventionSession(id=row["id"], intervention_id=row["intervention_id"],
                                on=date.fromisoformat(row["on_date"]), minutes=row["minutes"],
                                note=row["note"], logged_by=row["logged_by"],
                                marks=tuple(marks.get(row["id"], ())), version=row["version"])
            for row in rows]


def get_session(db: Database, session_id: int) -> InterventionSession:
    found = _sessions(db, "id = ?", [session_id])
    if not found:
        raise NotFound("that session no longer exists — someone may have removed it")
    return found[0]


def sessions(db: Database, intervention_id: int) -> list[InterventionSession]:
    """A programme's sessions, oldest first."""
    return _sessions(db, "intervention_id = ?", [intervention_id])


def all_sessions(db: Database, intervention_ids: list[int] | None = None
                 ) -> dict[int, list[InterventionSession]]:
    """Every programme's sessions (or those of the programmes given), by programme, in one
    read (exports and impact)."""
    found: dict[int, list[InterventionSession]] = {}
    where, params = ("1", []) if intervention_ids is None else (
        "intervention_id IN (SELECT value FROM json_each(?))", [json.dumps(intervention_ids)])
    for session in _sessions(db, where, params):
        found.setdefault(session.intervention_id, []).append(session)
    return found


def due_today(db: Database, who: Staff, today: date) -> list[Due]:
    """The programmes `who` runs that are due today (their weekdays, or a weekday while the
    week's sessions are not all held), and those already logged today, in name order."""
    monday, sunday = week_of(today)
    found = []
    for programme in list_interventions(db, run_by=who.initials, active_on=today):
        week = _sessions(db, "intervention_id = ? AND on_date BETWEEN ? AND ?",
                         [programme.id, monday.isoformat(), sunday.isoformat()])
        todays = [s for s in week if s.on == today]
        held = len([s for s in week if s.on != today])
        if todays or due_on(programme, today, held):
            found.append(Due(programme, todays[-1] if todays else None, held))
    return sorted(found, key=lambda due: due.programme.name.casefold())
