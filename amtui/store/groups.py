"""The OS group that shares a school's folder: finding it, whether this account is in it, and
what to say when it is not. Names come from the system's group and user databases (`grp`,
`pwd`); a group may also be given by number (a GID), as `chgrp` accepts."""

from __future__ import annotations

import grp
import os
import pwd
from dataclasses import dataclass
from pathlib import Path

from amtui.core.errors import AmtuiError, NotAllowed, StorageError


@dataclass(frozen=True)
class Group:
    gid: int
    name: str
    """The group's name, or its number when the system has no name for it."""
    members: tuple[str, ...] = ()
    """Logins listed as members (not those for whom it is their primary group)."""


def group_of(gid: int) -> Group:
    try:
        entry = grp.getgrgid(gid)
    except KeyError:
        return Group(gid, str(gid))
    return Group(gid, entry.gr_name, tuple(entry.gr_mem))


def find_group(text: str) -> Group:
    """The group named `text` (or numbered, e.g. 54320); `AmtuiError` saying how to make it."""
    text = text.strip()
    if text.isdigit():
        return group_of(int(text))
    try:
        entry = grp.getgrnam(text)
    except KeyError:
        raise AmtuiError(f"there is no group {text} on this system — make it with: sudo groupadd "
                         f"{text}, add each member of staff: sudo usermod -aG {text} LOGIN, then "
                         "run amtui init again") from None
    return Group(entry.gr_gid, entry.gr_name, tuple(entry.gr_mem))


def login() -> str:
    """This account's login name (from its uid), or `LOGIN` where it has none."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return "LOGIN"


def in_group(gid: int) -> bool:
    """Whether this process acts with the group's rights now (root has every group's)."""
    return os.geteuid() == 0 or gid == os.getegid() or gid in os.getgroups()


def not_in_group(group: Group, shared: Path) -> str:
    """Why this account cannot use `shared` (a school the group shares), and the fix."""
    me = login()
    if me in group.members:
        return (f"you were added to the group {group.name} that shares {shared} after you "
                "logged in — log out and in again, then try again")
    return (f"you are not in the group {group.name} that shares {shared} — ask an admin to run: "
            f"sudo usermod -aG {group.name} {me} (then log in again)")


def require_member(group: Group, shared: Path) -> None:
    """Raise `NotAllowed` unless this account may give files to `group` (root, or a member)."""
    if not in_group(group.gid):
        raise NotAllowed(not_in_group(group, shared))


def denied(path: Path) -> StorageError:
    """What to say when this account may not enter the folder (or read the file) `path`: the
    group to join if its group would let them in, else whose it is."""
    info = path.stat()
    need = 0o010 if path.is_dir() else 0o040  # enter a folder, read a file
    group = group_of(info.st_gid)
    if info.st_mode & need and not in_group(group.gid):
        return StorageError(not_in_group(group, path))
    what = "open the folder" if path.is_dir() else "read the school database"
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = f"user {info.st_uid}"
    return StorageError(f"you may not {what} {path} (mode {info.st_mode & 0o7777:04o}, it "
                        f"belongs to {owner}) — ask {owner} for access, or keep the school "
                        "database where you may (staff sharing one school: see docs/deploy.md)")


def require_reachable(file: Path) -> None:
    """Raise `StorageError` with the fix if this account may not enter a folder on the way to
    `file`, or may not read `file` (a folder yet to be made is no obstacle)."""
    real = Path(os.path.realpath(file))
    for folder in reversed(real.parents):  # from / down
        if not os.path.isdir(folder):
            return
        if not os.access(folder, os.X_OK):
            raise denied(folder)
    if os.path.isfile(real) and not os.access(real, os.R_OK):
        raise denied(real)
