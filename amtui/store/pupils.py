"""Staff, classes, subjects and pupils."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from amtui.core.errors import NotAllowed, NotFound
from amtui.core.models import ClassGroup, Pupil, Staff
from amtui.core.scheme import Scheme
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database, transaction


def _staff(row: dict[str, Any]) -> Staff:
    return Staff(initials=row["initials"], name=row["name"], role=row["role"], login=row["login"])


def list_staff(db: Database) -> list[Staff]:
    return [_staff(row) for row in db.query("SELECT * FROM staff ORDER BY name")]


def get_staff(db: Database, initials: str) -> Staff:
    row = history.read(db, "staff", {"initials": initials.strip().upper()})
    if row is None:
        raise NotFound(f'no staff member with initials "{initials}" — ask an admin to add you '
                       "(amtui staff add)")
    return _staff(row)


def staff_for_login(db: Database, login: str) -> Staff | None:
    rows = list(db.query("SELECT * FROM staff WHERE login = ? LIMIT 1", [login]))
    return _staff(rows[0]) if rows else None


def save_staff(db: Database, who: Staff | None, staff: Staff) -> Staff:
    """Add or update a member of staff (admins). The first member of a new school's database
    adds themselves (`who` None), in any role; nobody changes their own role."""
    initials = staff.initials.strip().upper()
    values = {"name": staff.name, "role": staff.role, "login": staff.login}
    with history.change(db, who or staff, f"staff {initials}") as change:
        if who is None:
            if db.execute("SELECT 1 FROM staff LIMIT 1").fetchone():
                raise NotAllowed("sign in as an admin to add or change staff")
            change.checked = True  # the school's first member of staff
        else:
            check(change, May.MANAGE_STAFF)
            if who.initials == initials and who.role != staff.role:
                raise NotAllowed("nobody changes their own role — ask another admin")
        old = history.read(db, "staff", {"initials": initials})
        change.write("staff", {"initials": initials}, values,
                     seen=old["version"] if old else 0)
    return get_staff(db, initials)


def ensure_subjects(db: Database, scheme: Scheme) -> None:
    """Make sure every subject of the scheme has its row (attainment refers to it)."""
    known = {row["name"] for row in db.query("SELECT name FROM subjects")}
    missing = [s for s in scheme.subjects if s not in known]
    if missing:
        with transaction(db):
            for subject in missing:
                db.execute("INSERT INTO subjects (name, position) VALUES (?, ?)",
                           [subject, scheme.subjects.index(subject)])


def _class(row: dict[str, Any]) -> ClassGroup:
    return ClassGroup(name=row["name"], year_group=row["year_group"], teacher=row["teacher"])


def list_classes(db: Database) -> list[ClassGroup]:
    return [_class(row) for row in db.query("SELECT * FROM classes ORDER BY year_group, name")]


def get_class(db: Database, name: str) -> ClassGroup:
    rows = list(db.query("SELECT * FROM classes WHERE name = ? COLLATE NOCASE", [name.strip()]))
    if not rows:
        known = ", ".join(c.name for c in list_classes(db)) or "none yet"
        raise NotFound(f'no class called "{name}" — classes: {known}')
    return _class(rows[0])


def classes_of(db: Database, initials: str) -> list[ClassGroup]:
    return [_class(row) for row in
            db.query("SELECT * FROM classes WHERE teacher = ? ORDER BY name", [initials])]


def save_class(db: Database, who: Staff, group: ClassGroup, *, seen: int) -> ClassGroup:
    """Add a class or change its year group or teacher (admins and senior leaders)."""
    with history.change(db, who, f"class {group.name}") as change:
        check(change, May.MANAGE_ROSTER)
        change.write("classes", {"name": group.name},
                     {"year_group": group.year_group, "teacher": group.teacher}, seen=seen)
    return get_class(db, group.name)


def class_version(db: Database, name: str) -> int:
    row = history.read(db, "classes", {"name": name})
    return row["version"] if row else 0


def grant_class(db: Database, who: Staff, teacher: str, class_name: str, *,
                allow: bool = True) -> None:
    """A senior leader lets another teacher change a class's records (or takes it back)."""
    with history.change(db, who, f"access to {class_name}") as change:
        check(change, May.GRANT_CLASS)
        get_staff(db, teacher)
        get_class(db, class_name)
        key = {"staff": teacher.upper(), "class_name": class_name}
        old = history.read(db, "class_grants", key)
        change.write("class_grants", key, {} if allow else None,
                     seen=old["version"] if old else 0)


def pupil_from_row(row: dict[str, Any]) -> Pupil:
    return Pupil(upn=row["upn"], forename=row["forename"], surname=row["surname"],
                 year_group=row["year_group"], class_name=row["class_name"],
                 dob=date.fromisoformat(row["dob"]) if row["dob"] else None,
                 sen=bool(row["sen"]), pupil_premium=bool(row["pupil_premium"]),
                 eal=bool(row["eal"]), gender=row["gender"], legal_forename=row["legal_forename"],
                 legal_surname=row["legal_surname"], version=row["version"])


def pupil_values(pupil: Pupil) -> dict[str, Any]:
    return {"forename": pupil.forename, "surname": pupil.surname,
            "year_group": pupil.year_group, "class_name": pupil.class_name,
            "dob": pupil.dob.isoformat() if pupil.dob else None, "sen": int(pupil.sen),
            "pupil_premium": int(pupil.pupil_premium), "eal": int(pupil.eal),
            "gender": pupil.gender, "legal_forename": pupil.legal_forename,
            "legal_surname": pupil.legal_surname}


def get_pupil(db: Database, upn: str) -> Pupil:
    row = history.read(db, "pupils", {"upn": upn.strip()})
    if row is None:
        raise NotFound(f'no pupil with UPN "{upn}" — check the number, or import the roster')
    return pupil_from_row(row)


def list_pupils(db: Database, class_name: str | None = None) -> list[Pupil]:
    """Pupils in name order, of one class or of the whole school."""
    if class_name is None:
        rows = db.query("SELECT * FROM pupils")
    else:
        rows = db.query("SELECT * FROM pupils WHERE class_name = ?", [class_name])
    return sorted((pupil_from_row(row) for row in rows),
                  key=lambda p: (p.year_group, p.class_name, p.sort_key))


def save_pupils(db: Database, who: Staff, pupils: Iterable[Pupil], *,
                create_classes: bool = True) -> tuple[int, int]:
    """Insert or update pupils by UPN in one change (all or nothing), creating any class they
    name (admins and senior leaders: the roster comes from the MIS). Returns (added, updated);
    unchanged rows count as neither."""
    added = updated = 0
    with history.change(db, who, "the roster") as change:
        check(change, May.MANAGE_ROSTER)
        for pupil in pupils:
            if create_classes and history.read(db, "classes", {"name": pupil.class_name}) is None:
                change.write("classes", {"name": pupil.class_name},
                             {"year_group": pupil.year_group, "teacher": None}, seen=0)
            old = history.read(db, "pupils", {"upn": pupil.upn})
            new = change.write("pupils", {"upn": pupil.upn}, pupil_values(pupil),
                               seen=old["version"] if old else 0)
            if old is None:
                added += 1
            elif new != old:
                updated += 1
    return added, updated
