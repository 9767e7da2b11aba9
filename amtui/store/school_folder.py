"""A new school's database, for `amtui init`: private to one account (0600 in a 0700 folder),
or shared by the staff in one OS group (0660, in a folder of that group with mode 2770 — setgid,
so every file made there later, the -wal and -shm included, belongs to the group)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from amtui.core.errors import AmtuiError, StorageError
from amtui.store.db import is_shared, open_db
from amtui.store.groups import Group, require_member, require_reachable
from amtui.store.local_disk import require_local_disk

SHARED_FOLDER_MODE = 0o2770


@dataclass(frozen=True)
class NewSchool:
    file: Path
    file_mode: int
    folder_mode: int
    group: Group | None
    """The group that shares it; None for a school private to the account that made it."""
    notices: tuple[str, ...]
    """What else was done or is still needed, as sentences."""


def make_school(file: Path, group: Group | None) -> NewSchool:
    """Make a new, empty school database at `file`, which must not exist yet; shared by `group`
    (which this account must be in, or be root) when one is given."""
    file = Path(os.path.abspath(file))
    require_reachable(file)
    require_local_disk(file)
    if os.path.lexists(file):
        raise AmtuiError(f"{file} already exists — amtui init makes a new school only: open that "
                         f"one with amtui --db {file}, or choose a new file name")
    if group is None:
        if file.parent.is_dir() and is_shared(file.parent):
            raise AmtuiError(f"{file.parent} is a folder staff share as a group — add --group "
                             "with its group to make a shared school there, or choose a folder "
                             "of your own")
    else:
        require_member(group, file.parent)
        _share_folder(file.parent, group)
    db = open_db(file)
    notices = list(db.notices)
    db.conn.close()  # the -wal and -shm go with the last connection
    if group is not None and (closed := _closed_on_the_way(file.parent, group)):
        notices.append(closed)
    return NewSchool(file, _mode(file), _mode(file.parent), group, tuple(notices))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _share_folder(folder: Path, group: Group) -> None:
    """Give `folder` (made if need be) to `group`, mode 2770. A folder already holding other
    files is refused, unless it is already this group's shared folder."""
    try:
        if folder.is_dir():
            info = folder.stat()
            ours = info.st_mode & stat.S_ISGID and info.st_gid == group.gid
            if not ours and any(folder.iterdir()):
                raise AmtuiError(f"{folder} already holds other files, so amtui will not give it "
                                 f"to the group {group.name} — give the school a folder of its "
                                 f"own, e.g. {folder / 'amtui' / 'school.db'}")
        else:
            folder.mkdir(parents=True)
        os.chown(folder, -1, group.gid)
        os.chmod(folder, SHARED_FOLDER_MODE)  # after chown, which may clear the setgid bit
    except OSError as exc:
        raise StorageError(f"the folder {folder} cannot be made or given to the group "
                           f"{group.name} ({exc.strerror}) — run amtui init as the folder's "
                           "owner, or choose a new folder") from None


def _closed_on_the_way(folder: Path, group: Group) -> str | None:
    """A sentence naming the first folder above `folder` that the group's members may not pass
    through (neither other users nor the group may enter it), with the fix; None if none."""
    for parent in reversed(Path(os.path.realpath(folder)).parents):
        info = parent.stat()
        if not (info.st_mode & 0o001 or (info.st_mode & 0o010 and info.st_gid == group.gid)):
            return (f"staff in the group {group.name} cannot reach {folder} yet: {parent} is "
                    f"closed to them (mode {stat.S_IMODE(info.st_mode):04o}) — let them through "
                    f"with: sudo chmod o+x {parent}, or keep the school elsewhere, e.g. "
                    "/srv/amtui/school.db")
    return None
