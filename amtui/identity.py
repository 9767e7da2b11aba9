"""Who is using amtui: the member of staff whose login is the OS account running it (read from
the account's uid, never from `$LOGNAME` or `$USER`, which anyone can set), or, on a database
that is the account's alone, whoever `--as` names."""

from __future__ import annotations

import os
from pathlib import Path

from amtui.core.errors import NotAllowed, NotFound
from amtui.core.models import Staff
from amtui.store import pupils
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


def signed_in(db: Database, initials: str | None) -> Staff:
    """Who is using amtui: `--as` on a private database; otherwise the member of staff whose
    login is this OS account."""
    if initials:
        path = database_path(db)
        if path is not None and not private_to_me(path):
            raise NotAllowed("--as works only on a database that is yours alone — this one is "
                            "shared, so you are signed in by your own account")
        return pupils.get_staff(db, initials)
    login = os_login()
    if login is None:
        raise NotAllowed("cannot tell who you are from the system — sign in with --as INITIALS")
    staff = pupils.staff_for_login(db, login)
    if staff is None:
        raise NotFound(f'the account "{login}" is not on the staff list — ask an admin to add '
                        f'you: amtui staff add INITIALS "Full name" --role teacher --login {login}')
    return staff
