"""One school database for all staff: a group shares it (files 0660 in a setgid 2770 folder),
someone outside the group is told which group to join, and a network file system is refused.

The two-user tests run as root: each other "user" is a child process that drops to an
arbitrary uid and groups with no passwd or group entry (54321, 54320, ...), so the system's
users and groups are never touched. The child loads Python and amtui as root and drops its
privileges before it touches the database (the interpreter may live in a folder other users
cannot enter, such as /root); every file it opens after that is opened as the other user."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from amtui.core.errors import AmtuiError, NotAllowed, StorageError
from amtui.core.models import Staff
from amtui.store import groups, local_disk, pupils
from amtui.store.db import open_db
from amtui.store.groups import Group, find_group, require_member
from amtui.store.local_disk import fstype_at, require_local_disk
from amtui.store.school_folder import make_school

GID, B, C, D, OTHER_GID = 54320, 54321, 54322, 54324, 54323
ROOT = os.geteuid() == 0
as_root = pytest.mark.skipif(not ROOT, reason="needs root to act as other users")


def _mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# ---- a folder the group shares -------------------------------------------------------------

def test_a_new_school_in_a_shared_folder_is_the_groups(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    path = folder / "school.db"
    db = open_db(path)
    assert _mode(path) == 0o660 and path.stat().st_gid == folder.stat().st_gid
    assert (_mode(f"{path}-wal"), _mode(f"{path}-shm")) == (0o660, 0o660)
    db.conn.close()
    assert open_db(path).notices == [] and _mode(path) == 0o660  # never tightened to 0600


def test_the_group_keeps_its_rights_while_others_have_the_files_open(tmp_path):
    school = make_school(tmp_path / "shared" / "school.db", Group(os.getegid(), "staff"))
    holder = open_db(school.file)
    db = open_db(school.file)
    assert db.notices == []
    assert [_mode(f"{school.file}{suffix}") for suffix in ("", "-wal", "-shm")] == [0o660] * 3
    holder.conn.close()


def test_a_group_is_found_by_name_or_number():
    assert find_group(str(GID)) == Group(GID, str(GID))
    assert find_group("root").gid == 0
    with pytest.raises(AmtuiError) as refused:
        find_group("amtui-no-such-group")
    assert str(refused.value) == (
        "there is no group amtui-no-such-group on this system — make it with: sudo groupadd "
        "amtui-no-such-group, add each member of staff: sudo usermod -aG amtui-no-such-group "
        "LOGIN, then run amtui init again")


@pytest.mark.parametrize(("members", "says"), [
    ((), "you are not in the group amtui-staff that shares /srv/amtui — ask an admin to run: "
         "sudo usermod -aG amtui-staff kwebb (then log in again)"),
    (("kwebb",), "you were added to the group amtui-staff that shares /srv/amtui after you "
                 "logged in — log out and in again, then try again"),
])
def test_someone_outside_the_group_is_told_how_to_join(members, says, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(os, "getegid", lambda: 1000)
    monkeypatch.setattr(os, "getgroups", lambda: [1000, 27])
    monkeypatch.setattr(groups, "login", lambda: "kwebb")
    with pytest.raises(NotAllowed) as refused:
        require_member(Group(GID, "amtui-staff", members), Path("/srv/amtui"))
    assert str(refused.value) == says


# ---- a network file system -----------------------------------------------------------------

def _table(*mounts: tuple[str, str]) -> str:
    return "".join(f"{n} 1 0:{n} / {point} rw,relatime shared:{n} - {fstype} src rw\n"
                   for n, (point, fstype) in enumerate(mounts, start=20))


def test_the_longest_mount_point_above_a_path_holds_it():
    table = _table(("/", "ext4"), ("/srv", "xfs"), ("/srv/amtui", "nfs4"),
                   ("/srv/amtui2", "ext4"))
    assert fstype_at(Path("/srv/amtui/school.db"), table) == "nfs4"
    assert fstype_at(Path("/srv/amtui2/school.db"), table) == "ext4"
    assert fstype_at(Path("/srv/other.db"), table) == "xfs"
    assert fstype_at(Path("/home/k/school.db"), table) == "ext4"


def test_a_mount_point_with_a_space_and_a_mount_over_another():
    table = _table(("/", "ext4"), ("/mnt/school share", "ext4"), ("/mnt/school share", "cifs"))
    table = table.replace("/mnt/school share", "/mnt/school\\040share")
    assert fstype_at(Path("/mnt/school share/school.db"), table) == "cifs"


def test_a_school_on_a_network_share_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "school.db"
    open_db(path).conn.close()
    monkeypatch.setattr(local_disk, "read_mount_table",
                        lambda: _table(("/", "ext4"), (str(tmp_path), "nfs")))
    for opening in (lambda: open_db(path), lambda: open_db(tmp_path / "new" / "school.db"),
                    lambda: make_school(tmp_path / "another.db", None)):
        with pytest.raises(StorageError) as refused:
            opening()
        assert "is on a network file system (nfs), where SQLite cannot keep the school safe" \
            in str(refused.value)
        assert str(refused.value).endswith(
            "— keep the database on the server's own disk; staff reach it over SSH or in the "
            "browser — see docs/deploy.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.db"]


def test_without_a_mount_table_every_disk_counts_as_local(tmp_path, monkeypatch):
    monkeypatch.setattr(local_disk, "read_mount_table", lambda: None)
    require_local_disk(tmp_path / "school.db")
    monkeypatch.setattr(local_disk, "MOUNT_TABLE", tmp_path / "no-such-table")
    assert local_disk.read_mount_table() is None


# ---- other users (root only) ---------------------------------------------------------------

PRELUDE = """
import json, os, sys
import amtui.cli, amtui.cli_parser, amtui.cli_records, amtui.identity, amtui.crash
import csv, grp, locale, pwd, sqlite3
amtui.cli_parser.build_parser().parse_args(["staff", "list"])  # argparse's own lazy imports
from amtui.core.models import Staff
from amtui.store import pupils
from amtui.store.db import open_db
uid, gids, umask = json.loads(sys.argv[1])
os.setgroups(gids)
os.setgid(gids[0])
os.setuid(uid)
os.umask(umask)
path = sys.argv[2]
"""


def _as(uid: int, gids: list[int], code: str, path: Path, *args: str,
        umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """Run `code` (after PRELUDE) as another user: `path` is `path`, `args` follow it."""
    return subprocess.run(_argv(uid, gids, umask, code, path, *args), capture_output=True,
                          text=True, env=ENV, cwd="/", timeout=120)


def _argv(uid: int, gids: list[int], umask: int, code: str, path: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", PRELUDE + code, json.dumps([uid, gids, umask]), str(path),
            *args]


ENV = {**os.environ, "HOME": "/nonexistent", "XDG_STATE_HOME": "/nonexistent",
       "XDG_CACHE_HOME": "/nonexistent", "AMTUI_DEBUG": ""}


WRITE = """
db = open_db(path, create=False)
admin = pupils.get_staff(db, "AD")
pupils.save_staff(db, admin, Staff(initials=sys.argv[3], name="Mr B Brown", role="teacher"))
print(json.dumps({s: [os.stat(path + s).st_mode & 0o777, os.stat(path + s).st_gid]
                  for s in ("", "-wal", "-shm")}))
input()  # holds the database open until told to stop
"""


@pytest.fixture
def shared_school() -> Iterator[Path]:
    """A school shared by group 54320 whose admin AD is root, in a folder other users can
    reach (pytest's own temp folder is in /tmp, which here only root may enter)."""
    base = Path(tempfile.mkdtemp(prefix="amtui-shared-", dir="/var/tmp"))
    os.chmod(base, 0o711)
    try:
        school = make_school(base / "school" / "school.db", find_group(str(GID)))
        db = open_db(school.file, create=False)
        pupils.save_staff(db, None, Staff(initials="AD", name="Ms A Dunn", role="admin"))
        db.conn.close()
        yield school.file
    finally:
        shutil.rmtree(base)


def _staff(path: Path) -> set[str]:
    db = open_db(path, create=False)
    try:
        return {staff.initials for staff in pupils.list_staff(db)}
    finally:
        db.conn.close()


@as_root
def test_a_member_writes_beside_files_another_member_made(shared_school):
    holder = open_db(shared_school, create=False)  # root's -wal and -shm stay beside it
    done = _as(B, [GID], WRITE.replace("input()", "pass"), shared_school, "BB")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"": [0o660, GID], "-wal": [0o660, GID],
                                       "-shm": [0o660, GID]}
    assert _staff(shared_school) == {"AD", "BB"}
    holder.conn.close()


@as_root
def test_a_member_who_makes_the_wal_leaves_it_to_the_group_whatever_their_umask(shared_school):
    with subprocess.Popen(_argv(B, [GID], 0o077, WRITE, shared_school, "BB"), text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd="/", env=ENV) as first:
        try:
            assert first.stdout is not None and first.stdin is not None
            made = json.loads(first.stdout.readline())  # B made the -wal and -shm, holds them
            assert made == {"": [0o660, GID], "-wal": [0o660, GID], "-shm": [0o660, GID]}
            assert os.stat(f"{shared_school}-wal").st_uid == B
            second = _as(D, [GID], WRITE.replace("input()", "pass"), shared_school, "DD")
            assert second.returncode == 0, second.stderr  # while B still holds the database
            first.stdin.write("\n")
            first.stdin.close()
            assert first.wait(timeout=60) == 0
        finally:
            first.kill()
    assert _staff(shared_school) == {"AD", "BB", "DD"}


@as_root
def test_a_member_reads_with_the_command_line(shared_school):
    done = _as(B, [GID], "sys.exit(amtui.cli.main(['staff', 'list', '--db', path]))",
               shared_school)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split() == ["AD", "admin", "password:", "—", "Ms", "A", "Dunn"]


@as_root
def test_someone_outside_the_group_is_told_which_group_to_join(shared_school):
    done = _as(C, [OTHER_GID], "sys.exit(amtui.cli.main(['staff', 'list', '--db', path]))",
               shared_school)
    assert done.returncode == 2
    assert done.stderr == (f"amtui: you are not in the group {GID} that shares "
                           f"{shared_school.parent} — ask an admin to run: sudo usermod -aG "
                           f"{GID} LOGIN (then log in again)\n")
    assert done.stdout == ""


@as_root
def test_a_folder_the_group_may_only_read_says_so(shared_school):
    os.chmod(shared_school.parent, 0o2750)
    done = _as(B, [GID], "sys.exit(amtui.cli.main(['staff', 'list', '--db', path]))",
               shared_school)
    assert done.returncode == 2
    assert done.stderr == (f"amtui: the folder {shared_school.parent} is read-only for you, and "
                           "SQLite must make the database's -shm file there even to read it — "
                           "ask whoever looks after it for write access to the folder (mode 2770 "
                           "for staff sharing one school)\n")


@as_root
def test_a_school_private_to_its_owner_names_the_owner(shared_school):
    os.chmod(shared_school.parent, 0o700)
    done = _as(B, [GID], "sys.exit(amtui.cli.main(['staff', 'list', '--db', path]))",
               shared_school)
    assert done.returncode == 2
    assert done.stderr == (f"amtui: you may not open the folder {shared_school.parent} (mode "
                           "0700, it belongs to root) — ask root for access, or keep the school "
                           "database where you may (staff sharing one school: see "
                           "docs/deploy.md)\n")
