"""Who is using amtui: the member of staff whose login is the OS account running it (read from
the account's uid, never from `$LOGNAME` or `$USER`, which anyone can set); on a database that
is the account's alone, whoever `--as` names; otherwise whoever signs in with their login and
password (the app's sign-in screen, or a prompt at the command line)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from amtui.core.errors import NotAllowed, NotFound
from amtui.core.models import Staff
from amtui.store import pupils, sign_in
from amtui.store.db import Database, database_path


def os_login() -> str | None:
    """The name of the OS account running amtui, read from its uid (never from `$LOGNAME` or
    `$USER`, which anyone can set), or None where the account has no name (some containers)."""
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return None


def private_to_me(path: Path) -> bool:
    """Whether the database file belongs to this OS account and no one else may read it (a
    teacher's own laptop): only then may `--as` choose who is signed in."""
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def chosen(db: Database, initials: str) -> Staff:
    """The member of staff `--as` names, on a database that is this account's alone."""
    path = database_path(db)
    if path is not None and not private_to_me(path):
        raise NotAllowed("--as works only on a database that is yours alone — this one is "
                         "shared, so sign in with your login and password")
    return pupils.get_staff(db, initials)


def by_account(db: Database) -> Staff | None:
    """The one member of staff whose login is this OS account, or None (no one, or an account
    several people share, such as the browser's)."""
    login = os_login()
    return sign_in.staff_for_sign_in(db, login) if login else None


def opening(db: Database, initials: str | None, *, ask: bool = False) -> Staff | None:
    """Who the app opens for: `--as`, else this account's member of staff; None when someone
    must sign in on the app's sign-in screen (always, with `ask`)."""
    if initials:
        return chosen(db, initials)
    return None if ask else by_account(db)


def signed_in(db: Database, initials: str | None) -> Staff:
    """Who runs a command: `--as` on a private database; otherwise the member of staff whose
    login is this OS account; otherwise, at a terminal, whoever signs in at the prompt."""
    if initials:
        return chosen(db, initials)
    if (staff := by_account(db)) is not None:
        return staff
    if sys.stdin.isatty():
        return _prompted(db)
    login = os_login() or "(none)"
    raise NotFound(f'the account "{login}" is not on the staff list, and there is no terminal to '
                   "sign in at — ask an admin to add you: amtui staff add INITIALS "
                   f'"Full name" --role teacher --login {login}')


def _prompted(db: Database) -> Staff:
    """Sign in at the terminal: login, then password (not echoed)."""
    import getpass

    login = input("amtui login: ")
    return sign_in.attempt(db, login, getpass.getpass("password: "))
