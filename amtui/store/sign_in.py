"""Signing in with a login and a password (or PIN) that an admin sets.

The password is kept only as a salted `hashlib.scrypt` hash, in a table of its own
(`staff_secrets`) whose history rows never show it. Every attempt is recorded in `sign_ins`
(the login tried, when, and how it went; never what was typed). After `FREE_TRIES` wrong
passwords in a row for a login, each further try must wait, twice as long each time
(`WAIT_FIRST` up to `WAIT_MOST`), whoever makes it and from wherever: guessing is slowed to a
few tries an hour, while a teacher who mistypes twice is not held up at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from amtui.core.errors import AmtuiError, InvalidInput, NotFound, StorageError
from amtui.core.models import Staff
from amtui.store import history, pupils
from amtui.store.access import May, check
from amtui.store.db import Database, transaction

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # ~16 MB and ~50 ms a check (OWASP's minimum)
SHORTEST = 6
FREE_TRIES = 3
WAIT_FIRST = timedelta(seconds=5)
WAIT_MOST = timedelta(minutes=5)
FORGET_AFTER = timedelta(hours=1)  # wrong tries older than this no longer count


class SignInRefused(AmtuiError):
    """The login and password do not match, or this login must wait before trying again."""


@dataclass(frozen=True)
class Wait:
    """How long a login must wait before its next try."""

    seconds: int

    def __str__(self) -> str:
        return (f"too many wrong passwords for this login — wait {self.seconds} s and try again "
                "(an admin can set a new password: amtui staff password LOGIN)")


# ---- the hash ------------------------------------------------------------------------------

def hash_secret(secret: str) -> str:
    """`scrypt$N$r$p$salt$hash`, hex: everything needed to check a password later."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=256 * n * r)


def matches(stored: str, secret: str) -> bool:
    """Whether `secret` is the password `stored` (a `hash_secret` string) was made from."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        tried = _scrypt(secret, bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(tried, bytes.fromhex(digest))
    except ValueError:
        return False


@cache
def _decoy() -> str:
    """Checked against when there is no password to check, so that takes as long as a real
    check (made on first use: hashing costs ~50 ms, not to be paid at every start)."""
    return hash_secret("")


def check_rules(secret: str) -> None:
    """A password or PIN: at least `SHORTEST` characters, not all the same one."""
    if len(secret) < SHORTEST:
        raise InvalidInput(f"a password or PIN needs at least {SHORTEST} characters — this one "
                           f"has {len(secret)}")
    if len(set(secret)) == 1:
        raise InvalidInput("a password or PIN of one character repeated is too easy to guess — "
                           "choose another")
    if secret != secret.strip():
        raise InvalidInput("a password or PIN cannot begin or end with a space")


# ---- setting one ---------------------------------------------------------------------------

def staff_for_sign_in(db: Database, login: str) -> Staff | None:
    """The member of staff whose login this is (any case), or None."""
    rows = list(db.query("SELECT initials FROM staff WHERE login = ? COLLATE NOCASE AND "
                         "login != ''", [login.strip()]))
    return pupils.get_staff(db, rows[0]["initials"]) if len(rows) == 1 else None


def set_password(db: Database, who: Staff, login: str, secret: str) -> Staff:
    """Give the member of staff with this login a new password (admins). Wrong tries counted
    against the login are forgotten. Undo never reverts it."""
    check_rules(secret)
    staff = staff_for_sign_in(db, login)
    if staff is None:
        raise NotFound(f'no member of staff has the login "{login.strip()}" — give them one '
                       'first: amtui staff add INITIALS "Name" --role ROLE --login LOGIN')
    hashed = hash_secret(secret)
    with history.change(db, who, f"password of {staff.initials}", undoable=False) as change:
        check(change, May.MANAGE_STAFF)
        old = history.read(db, "staff_secrets", {"initials": staff.initials})
        change.write("staff_secrets", {"initials": staff.initials},
                     {"hash": hashed, "set_at": history.now()},
                     seen=old["version"] if old else 0, why="password set")
        _record(db, staff.login, "password set")  # wrong tries before it no longer count
    return staff


def has_password(db: Database, initials: str) -> bool:
    return db.execute("SELECT 1 FROM staff_secrets WHERE initials = ?",
                      [initials]).fetchone() is not None


def anyone_can_sign_in(db: Database) -> bool:
    """Whether any member of staff has both a login and a password."""
    return db.execute("SELECT 1 FROM staff_secrets JOIN staff USING (initials) "
                      "WHERE staff.login != '' LIMIT 1").fetchone() is not None


# ---- signing in ----------------------------------------------------------------------------

def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _record(db: Database, login: str, outcome: str, now: datetime | None = None) -> None:
    if db.readonly:
        return  # nothing can be written, so nothing is kept (and no try is slowed)
    with transaction(db):
        db.execute("INSERT INTO sign_ins (login, at, outcome) VALUES (?, ?, ?)",
                   [login.strip().lower()[:64], _now(now).isoformat(timespec="seconds"),
                    outcome])


def wait_left(db: Database, login: str, now: datetime | None = None) -> Wait | None:
    """How long `login` must wait before its next try, if it must (see the module's doc)."""
    moment = _now(now)
    since = (moment - FORGET_AFTER).isoformat(timespec="seconds")
    rows = [row[0] for row in db.execute(
        "SELECT at FROM sign_ins WHERE login = ? AND at >= ? AND outcome = 'wrong' AND "
        "id > (SELECT coalesce(max(id), 0) FROM sign_ins WHERE login = ? AND outcome IN "
        "('signed in', 'password set')) ORDER BY id",
        [login.strip().lower(), since, login.strip().lower()])]
    if len(rows) < FREE_TRIES:
        return None
    wait = min(WAIT_FIRST * 2 ** (len(rows) - FREE_TRIES), WAIT_MOST)
    left = datetime.fromisoformat(rows[-1]) + wait - moment
    seconds = int(left.total_seconds() + 0.999)
    return Wait(seconds) if seconds > 0 else None


def attempt(db: Database, login: str, secret: str, now: datetime | None = None) -> Staff:
    """The member of staff this login and password sign in, or `SignInRefused` saying why —
    the same words for an unknown login as for a wrong password."""
    if not login.strip():
        raise SignInRefused("type your login first")
    if (wait := wait_left(db, login, now)) is not None:
        _record(db, login, "waited", now)
        raise SignInRefused(str(wait))
    staff = staff_for_sign_in(db, login)
    stored = _stored_hash(db, staff)
    if matches(stored or _decoy(), secret) and stored is not None and staff is not None:
        _record(db, login, "signed in", now)
        return staff
    _record(db, login, "wrong", now)
    if not anyone_can_sign_in(db):
        raise SignInRefused("no one can sign in here yet — an admin sets each member of staff a "
                            "password: amtui staff password LOGIN")
    raise SignInRefused("that login and password do not match — check them (is Caps Lock on?) "
                        "and try again")


def _stored_hash(db: Database, staff: Staff | None) -> str | None:
    if staff is None:
        return None
    row = db.execute("SELECT hash FROM staff_secrets WHERE initials = ?",
                     [staff.initials]).fetchone()
    return row[0] if row else None


def signed_out(db: Database, staff: Staff, now: datetime | None = None) -> None:
    """Keep that `staff` signed out (left, or timed out), if the database can be written: a
    busy or read-only database must not keep anyone signed in."""
    with suppress(StorageError):
        _record(db, staff.login or staff.initials, "signed out", now)


def attempts(db: Database, login: str) -> list[tuple[str, str]]:
    """(when, outcome) of every try recorded for `login`, oldest first."""
    return [(row[0], row[1]) for row in db.execute(
        "SELECT at, outcome FROM sign_ins WHERE login = ? ORDER BY id", [login.strip().lower()])]


# ---- preferences ---------------------------------------------------------------------------

def theme_of(db: Database, staff: Staff) -> str:
    row = db.execute("SELECT theme FROM staff WHERE initials = ?", [staff.initials]).fetchone()
    return row[0] if row else ""


def keep_theme(db: Database, staff: Staff, theme: str) -> None:
    """Remember the colour theme `staff` chose (a preference, not a record: no history)."""
    if db.readonly:
        return
    with transaction(db):
        db.execute("UPDATE staff SET theme = ? WHERE initials = ?", [theme[:64], staff.initials])
