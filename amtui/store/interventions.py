"""Intervention programmes: set up and edited by teachers and senior leaders, with their pupils'
places (joined, left and why) and the teacher's review each half-term. Sessions are in
`store.sessions`, the bank of programmes in `store.programme_bank`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from amtui.core.errors import InvalidInput, NotFound
from amtui.core.models import Staff
from amtui.core.programmes import (
    VERDICTS,
    Intervention,
    Place,
    Plan,
    ProgrammeReview,
    Verdict,
    check_plan,
)
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database


def plan_of(row: dict[str, Any]) -> Plan:
    return Plan(name=row["name"], subject=row["subject"], description=row["description"],
                per_week=row["per_week"], minutes=row["minutes"],
                exit_criterion=row["exit_criterion"])


def plan_row(plan: Plan) -> dict[str, Any]:
    """A plan checked and tidied for storing (a bank entry's row or a programme's)."""
    if not plan.name.strip():
        raise InvalidInput("a programme needs a name, e.g. “Maths booster”")
    if not plan.subject.strip():
        raise InvalidInput("say what the programme is for: a subject or an attitude area")
    check_plan(plan.per_week, plan.minutes, ())
    return {"name": plan.name.strip(), "subject": plan.subject.strip(),
            "description": plan.description.strip(), "per_week": plan.per_week,
            "minutes": plan.minutes, "exit_criterion": plan.exit_criterion.strip()}


def _place(row: dict[str, Any]) -> Place:
    return Place(upn=row["upn"], joined=date.fromisoformat(row["joined"]),
                 left=date.fromisoformat(row["left_on"]) if row["left_on"] else None,
                 exit_reason=row["exit_reason"], version=row["version"])


def _intervention(row: dict[str, Any], places: list[Place]) -> Intervention:
    return Intervention(id=row["id"], plan=plan_of(row), staff=json.loads(row["staff"]),
                        start=date.fromisoformat(row["start"]),
                        end=date.fromisoformat(row["end"]) if row["end"] else None,
                        days=tuple(json.loads(row["days"])), places=tuple(places),
                        version=row["version"])


def _dates(start: date, end: date | None) -> dict[str, Any]:
    if end is not None and end < start:
        raise InvalidInput(f"a programme cannot end ({end:%d/%m/%Y}) before it starts "
                           f"({start:%d/%m/%Y})")
    return {"start": start.isoformat(), "end": end.isoformat() if end else None}


def _runners(db: Database, staff: list[str]) -> str:
    if not staff:
        raise InvalidInput("say who runs the programme: at least one member of staff")
    known = {row[0] for row in db.execute("SELECT initials FROM staff")}
    unknown = [initials for initials in staff if initials not in known]
    if unknown:
        raise InvalidInput(f"no member of staff has the initials {', '.join(unknown)} — "
                           "amtui staff list shows them")
    return json.dumps(list(dict.fromkeys(staff)))


def create_intervention(db: Database, who: Staff, plan: Plan, staff: list[str], start: date,
                        end: date | None = None, days: tuple[int, ...] = ()) -> Intervention:
    values = {**plan_row(plan), **_dates(start, end), "days": json.dumps(sorted(days))}
    check_plan(plan.per_week, plan.minutes, days)
    with history.change(db, who, f"the programme {values['name']}") as change:
        check(change, May.RUN_INTERVENTION)
        values["staff"] = _runners(db, staff)
        row = change.write("interventions", {}, values, seen=None)
    return _intervention(row, [])


def edit_intervention(db: Database, who: Staff, programme: Intervention, plan: Plan,
                      staff: list[str], start: date, end: date | None,
                      days: tuple[int, ...]) -> Intervention:
    """Change a programme as read (`programme.version` guards against a colleague's edit)."""
    values = {**plan_row(plan), **_dates(start, end), "days": json.dumps(sorted(days))}
    check_plan(plan.per_week, plan.minutes, days)
    with history.change(db, who, f"the programme {values['name']}") as change:
        check(change, May.RUN_INTERVENTION)
        values["staff"] = _runners(db, staff)
        _keeps_its_record(db, programme.id, start, end)
        change.write("interventions", {"id": programme.id}, values, seen=programme.version)
    return get_intervention(db, programme.id)


def _keeps_its_record(db: Database, intervention_id: int, start: date, end: date | None) -> None:
    """Refuse dates that would leave a pupil's joining or a logged session outside them."""
    first, last = db.execute(
        "SELECT min(day), max(day) FROM (SELECT on_date AS day FROM intervention_sessions "
        "WHERE intervention_id = ? UNION ALL SELECT joined FROM intervention_pupils "
        "WHERE intervention_id = ?)", [intervention_id, intervention_id]).fetchone()
    if first is not None and date.fromisoformat(first) < start:
        raise InvalidInput(f"the programme's record begins on {date.fromisoformat(first):%d/%m/%Y}"
                           " (a pupil joining or a session) — start it on that day or earlier")
    if last is not None and end is not None and end < date.fromisoformat(last):
        raise InvalidInput(f"the programme's record runs to {date.fromisoformat(last):%d/%m/%Y}"
                           " (a pupil joining or a session) — end it on that day or later")


def remove_intervention(db: Database, who: Staff, programme: Intervention) -> None:
    """Remove a programme set up by mistake: refused once a session is logged (end it instead)."""
    with history.change(db, who, f"removing the programme {programme.name}") as change:
        check(change, May.RUN_INTERVENTION)
        if db.execute("SELECT 1 FROM intervention_sessions WHERE intervention_id = ?",
                      [programme.id]).fetchone():
            raise InvalidInput("sessions are logged for this programme — give it an end date "
                               "instead, so its record is kept")
        for place in programme.places:
            change.write("intervention_pupils", {"intervention_id": programme.id,
                                                 "upn": place.upn}, None, seen=place.version)
        change.write("interventions", {"id": programme.id}, None, seen=programme.version)


def add_pupil(db: Database, who: Staff, intervention_id: int, upn: str, *, seen: int,
              joined: date | None = None) -> None:
    """Give a pupil a place from `joined` (the programme's start if not given); `seen` is the
    place's version as read, 0 for a new one."""
    with history.change(db, who, "a place in a programme") as change:
        check(change, May.RUN_INTERVENTION)
        check(change, May.EDIT_PUPIL, upn=upn)
        programme = get_intervention(db, intervention_id)
        day = joined or programme.start
        if day < programme.start:
            raise InvalidInput(f"the programme starts on {programme.start:%d/%m/%Y} — a pupil "
                               "joins it on that day or later")
        if programme.end is not None and day > programme.end:
            raise InvalidInput(f"the programme ended on {programme.end:%d/%m/%Y} — a pupil "
                               "joins it on that day or earlier")
        change.write("intervention_pupils", {"intervention_id": intervention_id, "upn": upn},
                     {"joined": day.isoformat(), "left_on": None, "exit_reason": ""}, seen=seen)


def end_place(db: Database, who: Staff, intervention_id: int, place: Place, on: date,
              reason: str) -> None:
    """The pupil leaves the programme on `on`, with why (the exit criterion met, say)."""
    if on < place.joined:
        raise InvalidInput(f"they joined on {place.joined:%d/%m/%Y} — a place ends on that day "
                           "or later")
    if not reason.strip():
        raise InvalidInput("say why the place ends, e.g. “back on track in maths for two "
                           "half-terms”")
    with history.change(db, who, "ending a place in a programme") as change:
        check(change, May.RUN_INTERVENTION)
        check(change, May.EDIT_PUPIL, upn=place.upn)
        change.write("intervention_pupils", {"intervention_id": intervention_id,
                                             "upn": place.upn},
                     {"left_on": on.isoformat(), "exit_reason": reason.strip()},
                     seen=place.version)


def remove_pupil(db: Database, who: Staff, intervention_id: int, place: Place) -> None:
    """Take back a place given by mistake (its history keeps it)."""
    with history.change(db, who, "removing a place in a programme") as change:
        check(change, May.RUN_INTERVENTION)
        check(change, May.EDIT_PUPIL, upn=place.upn)
        change.write("intervention_pupils", {"intervention_id": intervention_id,
                                             "upn": place.upn}, None, seen=place.version)


def get_intervention(db: Database, intervention_id: int) -> Intervention:
    row = history.read(db, "interventions", {"id": intervention_id})
    if row is None:
        raise NotFound("that programme no longer exists — someone may have removed it")
    places = [_place(r) for r in db.query(
        "SELECT * FROM intervention_pupils WHERE intervention_id = ? ORDER BY joined, rowid",
        [intervention_id])]
    return _intervention(row, places)


def list_interventions(db: Database, upn: str | None = None, active_on: date | None = None,
                       run_by: str | None = None) -> list[Intervention]:
    """Programmes (a pupil's, if `upn` is given; one member of staff's, with `run_by`),
    optionally only those running on a day."""
    sql = "SELECT i.* FROM interventions i"
    params: list[Any] = []
    if upn is not None:
        sql += " JOIN intervention_pupils p ON p.intervention_id = i.id AND p.upn = ?"
        params.append(upn)
    if run_by is not None:
        sql += " WHERE ? IN (SELECT value FROM json_each(i.staff))"
        params.append(run_by)
    rows = list(db.query(sql + " ORDER BY i.start, i.name", params))
    places: dict[int, list[Place]] = {}
    for row in db.query("SELECT * FROM intervention_pupils ORDER BY joined, rowid"):
        places.setdefault(row["intervention_id"], []).append(_place(row))
    found = [_intervention(row, places.get(row["id"], [])) for row in rows]
    if active_on is not None:
        found = [programme for programme in found if programme.running_on(active_on)]
    return found


def _review(row: dict[str, Any]) -> ProgrammeReview:
    return ProgrammeReview(intervention_id=row["intervention_id"],
                           school_year=row["school_year"], half_term=row["half_term"],
                           verdict=row["verdict"], changes=row["changes"],
                           reviewed_by=row["reviewed_by"], version=row["version"])


def reviews(db: Database, intervention_id: int) -> list[ProgrammeReview]:
    """The programme's reviews, newest first."""
    return [_review(row) for row in db.query(
        "SELECT * FROM intervention_reviews WHERE intervention_id = ? "
        "ORDER BY school_year DESC, half_term DESC", [intervention_id])]


def review(db: Database, who: Staff, intervention_id: int, term: Term, verdict: Verdict,
           changes: str, *, seen: int) -> ProgrammeReview:
    """The teacher's view of how the programme worked this half-term, and what changes."""
    if verdict not in VERDICTS:
        raise InvalidInput(f"a review is effective, partly or not — not {verdict!r}")
    with history.change(db, who, "a programme review") as change:
        check(change, May.RUN_INTERVENTION)
        get_intervention(db, intervention_id)
        row = change.write("intervention_reviews",
                           {"intervention_id": intervention_id,
                            "school_year": term.school_year, "half_term": term.half_term},
                           {"verdict": verdict, "changes": changes.strip(),
                            "reviewed_by": who.initials}, seen=seen)
    return _review(row)
