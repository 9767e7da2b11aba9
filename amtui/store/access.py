"""Who may do what: decided here, once, for every screen and command. Every store write opens a
change (`history.change`) and calls `check` on it before writing; a refusal names who may.

- teachers change the records of their own classes' pupils (the class teacher, the pupil's
  mentor, or a teacher a senior leader has granted the class) and may raise targets;
- senior leaders change any pupil's records, set starting points, lower targets (the rules in
  core still apply: a reason, never below FFT) and grant classes;
- teaching assistants log the sessions of the programmes they run and read those pupils;
- admins manage staff, roles, classes and the roster, and adopt the school's scheme;
- the teacher's signature is the mentor of record's, and the pupil signs after it.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import TypeVar

from amtui.core.errors import NotAllowed
from amtui.core.models import Staff
from amtui.store.db import Database
from amtui.store.history import Change


class May(Enum):
    """What a change does, as far as permission goes."""

    EDIT_PUPIL = "change this pupil's records"
    LOWER_TARGET = "lower a target"
    SET_STARTING_POINT = "set starting points and target ladders"
    SIGN = "sign the meeting"
    MANAGE_ROSTER = "import the roster or change classes"
    MANAGE_STAFF = "add staff or change roles"
    MANAGE_SCHEME = "adopt the school's scheme"
    MANAGE_CRITERIA = "import the school's criteria sheets"
    GRANT_CLASS = "give a teacher another class"
    RUN_INTERVENTION = "set up an intervention"
    SET_TEST = "set a half-term test"
    LOG_SESSION = "log this intervention's sessions"
    EXPORT = "export the whole school's records"
    OVERVIEW = "see the whole school's progress meeting"


T = TypeVar("T")

ROLE_NAMES = {"teacher": "a teacher", "ta": "a teaching assistant", "slt": "a senior leader",
              "admin": "an admin"}


def check(change: Change, may: May, *, upn: str | None = None,
          intervention_id: int | None = None) -> None:
    """Allow `change` to go on, or raise `NotAllowed` saying who may."""
    who, db = change.who, change.db
    if may is May.EDIT_PUPIL:
        _pupil_scope(db, who, _need(upn))
    elif may is May.SIGN:
        mentor = mentor_of_record(db, _need(upn))
        if mentor is None:
            raise NotAllowed("this pupil has no mentor of record to sign — an admin sets the "
                             "class teacher (amtui staff add … --class)")
        if who.initials != mentor:
            raise NotAllowed(f"only the pupil's mentor ({mentor}) signs the meeting, and the "
                             "pupil signs with them")
    elif may in (May.LOWER_TARGET, May.SET_STARTING_POINT, May.GRANT_CLASS):
        _role(who, may, "slt")
    elif may in (May.MANAGE_ROSTER, May.MANAGE_CRITERIA):
        _role(who, may, "admin", "slt")
    elif may in (May.MANAGE_STAFF, May.MANAGE_SCHEME):
        _role(who, may, "admin")
    elif may in (May.RUN_INTERVENTION, May.SET_TEST):
        _role(who, may, "teacher", "slt")
    elif may is May.LOG_SESSION:  # noqa: SIM102 - one branch per permission, as above
        if who.role != "slt" and who.initials not in _runners(db, _need(intervention_id)):
            raise NotAllowed("only the staff who run this intervention, or a senior leader, "
                             "log its sessions")
    change.checked = True


def check_export(who: Staff) -> None:
    """Exports hold every pupil's records: senior leaders and admins only (a read, so no
    change is opened)."""
    _role(who, May.EXPORT, "slt", "admin")


def check_overview(who: Staff) -> None:
    """The progress meeting covers every pupil: senior leaders and admins only (a read)."""
    _role(who, May.OVERVIEW, "slt", "admin")


def _need(value: T | None) -> T:
    if value is None:
        raise RuntimeError("a permission check without the record it is about")
    return value


def _role(who: Staff, may: May, *roles: str) -> None:
    if who.role not in roles:
        allowed = " or ".join(ROLE_NAMES[r] for r in roles)
        raise NotAllowed(f"only {allowed} may {may.value} — you are signed in as "
                         f"{ROLE_NAMES[who.role]}")


def _runners(db: Database, intervention_id: int) -> list[str]:
    row = db.execute("SELECT staff FROM interventions WHERE id = ?", [intervention_id]).fetchone()
    return json.loads(row[0]) if row else []


def _pupil_scope(db: Database, who: Staff, upn: str) -> None:
    refusal = pupil_refusal(db, who, upn)
    if refusal is not None:
        raise NotAllowed(refusal)


def pupil_refusal(db: Database, who: Staff, upn: object) -> str | None:
    """Why `who` may not change a pupil's records (None: they may)."""
    row = db.execute("SELECT class_name, mentor FROM pupils WHERE upn = ?", [upn]).fetchone()
    if row is None or (who.role == "teacher" and who.initials == row[1]):
        return None  # no such pupil (the write itself says so), or their mentor
    return class_refusal(db, who, row[0])


def class_refusal(db: Database, who: Staff, class_name: str) -> str | None:
    """Why `who` may not change the records of a class's pupils (None: they may) — for the
    store's check, and for a screen to say so before anything is typed."""
    if who.role == "slt":
        return None
    if who.role != "teacher":
        return (f"only the pupil's teacher or a senior leader may {May.EDIT_PUPIL.value} — you "
                f"are signed in as {ROLE_NAMES[who.role]}")
    row = db.execute("SELECT teacher FROM classes WHERE name = ?", [class_name]).fetchone()
    teacher = row[0] if row else None
    if who.initials == teacher or granted(db, who, class_name):
        return None
    by = f"{teacher}, " if teacher else ""
    return (f"only {class_name}'s teacher ({by}or the pupil's mentor) or a senior leader may "
            f"change {class_name}'s records — a senior leader can give you access to the class")


def granted(db: Database, who: Staff, class_name: str) -> bool:
    return db.execute("SELECT 1 FROM class_grants WHERE staff = ? AND class_name = ?",
                      [who.initials, class_name]).fetchone() is not None


def mentor_of_record(db: Database, upn: str) -> str | None:
    """The pupil's mentor: the one recorded for them, else their class teacher."""
    row = db.execute("SELECT coalesce(p.mentor, c.teacher) FROM pupils p "
                     "JOIN classes c ON c.name = p.class_name WHERE p.upn = ?", [upn]).fetchone()
    return row[0] if row else None


def may_edit_pupil(db: Database, who: Staff, upn: str) -> bool:
    return pupil_refusal(db, who, upn) is None


def readable(db: Database, who: Staff) -> set[str] | None:
    """The pupils `who` may read: for a teaching assistant those of the programmes they run;
    None (every pupil) for everyone else."""
    if who.role != "ta":
        return None
    return {row[0] for row in db.execute(
        "SELECT ip.upn FROM intervention_pupils ip JOIN interventions i "
        "ON i.id = ip.intervention_id JOIN json_each(i.staff) s WHERE s.value = ?",
        [who.initials])}


def may_read_pupil(db: Database, who: Staff, upn: str) -> bool:
    allowed = readable(db, who)
    return allowed is None or upn in allowed
