"""The school's bank of programmes: plans to start a programme from (a name, what it is for,
sessions a week, their length, the exit criterion)."""

from __future__ import annotations

from amtui.core.errors import NotFound
from amtui.core.models import Staff
from amtui.core.programmes import BankProgramme, Plan
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database
from amtui.store.interventions import plan_of, plan_row


def bank(db: Database) -> list[BankProgramme]:
    return [BankProgramme(id=row["id"], plan=plan_of(row), version=row["version"])
            for row in db.query("SELECT * FROM programme_bank ORDER BY subject, name")]


def get_entry(db: Database, entry_id: int) -> BankProgramme:
    row = history.read(db, "programme_bank", {"id": entry_id})
    if row is None:
        raise NotFound("that programme is no longer in the bank — someone may have removed it")
    return BankProgramme(id=row["id"], plan=plan_of(row), version=row["version"])


def add_to_bank(db: Database, who: Staff, plan: Plan) -> BankProgramme:
    values = plan_row(plan)
    with history.change(db, who, f"{values['name']} in the bank of programmes") as change:
        check(change, May.RUN_INTERVENTION)
        row = change.write("programme_bank", {}, values, seen=None)
    return BankProgramme(id=row["id"], plan=plan_of(row), version=row["version"])


def edit_in_bank(db: Database, who: Staff, entry: BankProgramme, plan: Plan) -> BankProgramme:
    values = plan_row(plan)
    with history.change(db, who, f"{values['name']} in the bank of programmes") as change:
        check(change, May.RUN_INTERVENTION)
        change.write("programme_bank", {"id": entry.id}, values, seen=entry.version)
    return get_entry(db, entry.id)


def remove_from_bank(db: Database, who: Staff, entry: BankProgramme) -> None:
    """Programmes started from it keep their own copy of the plan."""
    with history.change(db, who, f"removing {entry.plan.name} from the bank") as change:
        check(change, May.RUN_INTERVENTION)
        change.write("programme_bank", {"id": entry.id}, None, seen=entry.version)
