"""Interventions: programmes with their pupils and staff, and the sessions TAs log."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from amtui.core.errors import InvalidInput, NotFound
from amtui.core.models import Intervention, InterventionSession, LevelField, Staff
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database


def _intervention(row: dict[str, Any], members: list[str]) -> Intervention:
    return Intervention(id=row["id"], name=row["name"], subject=row["subject"],
                        description=row["description"], staff=json.loads(row["staff"]),
                        start=date.fromisoformat(row["start"]),
                        end=date.fromisoformat(row["end"]) if row["end"] else None, pupils=members)


def create_intervention(db: Database, who: Staff, name: str, subject: str, description: str,
                        staff: list[str], start: date, end: date | None = None) -> Intervention:
    if not name.strip():
        raise InvalidInput("an intervention needs a name, e.g. “Maths booster”")
    if end is not None and end < start:
        raise InvalidInput("an intervention cannot end before it starts")
    with history.change(db, who, f"the intervention {name.strip()}") as change:
        check(change, May.RUN_INTERVENTION)
        row = change.write("interventions", {}, {
            "name": name.strip(), "subject": subject, "description": description.strip(),
            "staff": json.dumps(staff), "start": start.isoformat(),
            "end": end.isoformat() if end else None}, seen=None)
    return _intervention(row, [])


def add_pupil(db: Database, who: Staff, intervention_id: int, upn: str,
              entry_step: LevelField | None = None, *, seen: int) -> None:
    """Give a pupil a place (`seen`: the place's version as read, 0 for a new one)."""
    with history.change(db, who, "a place in an intervention") as change:
        check(change, May.RUN_INTERVENTION)
        check(change, May.EDIT_PUPIL, upn=upn)
        get_intervention(db, intervention_id)
        change.write("intervention_pupils", {"intervention_id": intervention_id, "upn": upn},
                     {"entry_step": None if entry_step is None else str(entry_step)}, seen=seen)


def get_intervention(db: Database, intervention_id: int) -> Intervention:
    row = history.read(db, "interventions", {"id": intervention_id})
    if row is None:
        raise NotFound("that intervention no longer exists")
    members = [r["upn"] for r in db.query(
        "SELECT upn FROM intervention_pupils WHERE intervention_id = ?", [intervention_id])]
    return _intervention(row, members)


def list_interventions(db: Database, upn: str | None = None,
                       active_on: date | None = None) -> list[Intervention]:
    """Interventions (a pupil's, if `upn` is given), optionally only those running on a day."""
    sql = "SELECT i.* FROM interventions i"
    params: list[Any] = []
    if upn is not None:
        sql += " JOIN intervention_pupils p ON p.intervention_id = i.id WHERE p.upn = ?"
        params.append(upn)
    rows = list(db.query(sql + " ORDER BY i.start, i.name", params))
    members: dict[int, list[str]] = {}
    for row in db.query("SELECT intervention_id, upn FROM intervention_pupils"):
        members.setdefault(row["intervention_id"], []).append(row["upn"])
    found = [_intervention(row, members.get(row["id"], [])) for row in rows]
    if active_on is not None:
        found = [i for i in found if i.start <= active_on and (i.end is None or i.end >= active_on)]
    return found


def log_session(db: Database, who: Staff, intervention_id: int, on: date, minutes: int,
                attended: list[str], note: str = "", *, today: date) -> InterventionSession:
    """A TA records one session: when, how long, who came."""
    with history.change(db, who, "an intervention session") as change:
        check(change, May.LOG_SESSION, intervention_id=intervention_id)
        intervention = get_intervention(db, intervention_id)
        if on > today:
            raise InvalidInput(f"{on:%d/%m/%Y} is in the future — log a session once it has run")
        if on < intervention.start:
            raise InvalidInput(f"the intervention started on {intervention.start:%d/%m/%Y}")
        if not 1 <= minutes <= 600:
            raise InvalidInput(f"{minutes} minutes is not a session length — enter 1 to 600")
        strangers = [upn for upn in attended if upn not in intervention.pupils]
        if strangers:
            raise InvalidInput(f"{len(strangers)} of those pupils are not in this intervention — "
                               "add them to it first")
        row = change.write("intervention_sessions", {}, {
            "intervention_id": intervention_id, "on_date": on.isoformat(), "minutes": minutes,
            "note": note.strip(), "logged_by": who.initials, "attended": json.dumps(attended)},
            seen=None)
    return _session(row)


def _session(row: dict[str, Any]) -> InterventionSession:
    return InterventionSession(id=row["id"], intervention_id=row["intervention_id"],
                               on=date.fromisoformat(row["on_date"]), minutes=row["minutes"],
                               note=row["note"], logged_by=row["logged_by"],
                               attended=json.loads(row["attended"]))


def sessions(db: Database, intervention_id: int) -> list[InterventionSession]:
    return [_session(row) for row in db.query(
        "SELECT * FROM intervention_sessions WHERE intervention_id = ? ORDER BY on_date, id",
        [intervention_id])]
