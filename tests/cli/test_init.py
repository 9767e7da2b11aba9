"""`amtui init`: a new school database, private to one account or shared by a group of staff,
never made over an existing file, never on a network share. (Other users opening a shared
school: tests/store/test_shared_db.py.)"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from amtui import cli, cli_parser
from amtui.store import groups, local_disk, pupils
from amtui.store.db import open_db

GROUP = 54320 if os.geteuid() == 0 else os.getegid()
"""A group to share with: as root, a number no group on the system has (root may give files to
any group; no group is made or changed); otherwise this account's own group."""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_school_of_ones_own_is_private(tmp_path, capsys):
    path = tmp_path / "amtui" / "school.db"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert (_mode(path), _mode(path.parent)) == (0o600, 0o700)
    assert [p.name for p in path.parent.iterdir()] == ["school.db"]
    assert pupils.list_staff(open_db(path, create=False)) == []
    out = capsys.readouterr().out
    assert out == (
        f"Made a new school database at {path}\n"
        "  the database: mode 0600, yours alone\n"
        f"  its folder:   {path.parent}, mode 0700\n"
        "Next steps:\n"
        '  1. add the staff, yourself first: amtui staff add INITIALS "Name" --role admin '
        f"--login LOGIN --db {path}\n"
        "  2. set a password for signing in on a shared account or in the browser: amtui staff "
        f"password LOGIN --db {path}\n"
        f"  3. import the roster from your MIS: amtui import pupils FILE.csv --db {path}\n")


def test_a_shared_school_belongs_to_the_group(tmp_path, capsys):
    path = tmp_path / "srv" / "amtui" / "school.db"
    assert cli.main(["init", "--db", str(path), "--group", str(GROUP)]) == 0
    folder = path.parent
    assert (_mode(folder), folder.stat().st_gid) == (0o2770, GROUP)
    assert (_mode(path), path.stat().st_gid) == (0o660, GROUP)
    db = open_db(path, create=False)  # the -wal and -shm SQLite makes now: the group's too
    for beside in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert (_mode(beside), beside.stat().st_gid) == (0o660, GROUP)
    assert db.notices == [] and _mode(path) == 0o660
    db.conn.close()
    out = capsys.readouterr().out
    name = groups.group_of(GROUP).name
    assert f"  the database: mode 0660, group {name} (its -wal and -shm files get the same)\n" \
        in out
    assert (f"  its folder:   {folder}, mode 2770, group {name} (setgid: every file made there "
            "belongs to the group)\n") in out


def test_a_shared_school_others_cannot_reach_is_told(tmp_path, capsys):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    path = closed / "amtui" / "school.db"
    assert cli.main(["init", "--db", str(path), "--group", str(GROUP)]) == 0
    said = capsys.readouterr().err
    assert said.startswith(f"amtui: staff in the group {groups.group_of(GROUP).name} cannot "
                           f"reach {path.parent} yet: ")
    named = Path(said.split(" yet: ")[1].split(" is closed to them")[0])
    assert named in closed.parents or named == closed  # the first folder on the way, from /
    assert said.endswith(f"let them through with: sudo chmod o+x {named}, or keep the school "
                         "elsewhere, e.g. /srv/amtui/school.db\n")


def test_a_shared_school_others_can_reach_needs_no_warning(capsys):
    base = Path(tempfile.mkdtemp(prefix="amtui-init-", dir="/var/tmp"))
    try:
        base.chmod(0o711)
        assert cli.main(["init", "--db", str(base / "amtui" / "school.db"), "--group",
                         str(GROUP)]) == 0
        assert capsys.readouterr().err == ""
    finally:
        shutil.rmtree(base)


def test_init_never_replaces_an_existing_file(tmp_path, capsys):
    path = tmp_path / "school.db"
    path.write_bytes(b"the school's real data")
    assert cli.main(["init", "--db", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"amtui: {path} already exists — amtui init makes a new school only: open that one with "
        f"amtui --db {path}, or choose a new file name\n")
    assert path.read_bytes() == b"the school's real data"


def test_a_group_that_does_not_exist_is_named_with_the_fix(tmp_path, capsys):
    path = tmp_path / "school.db"
    assert cli.main(["init", "--db", str(path), "--group", "amtui-no-such-group"]) == 2
    assert capsys.readouterr().err == (
        "amtui: there is no group amtui-no-such-group on this system — make it with: sudo "
        "groupadd amtui-no-such-group, add each member of staff: sudo usermod -aG "
        "amtui-no-such-group LOGIN, then run amtui init again\n")
    assert not path.exists()


def test_only_a_member_of_the_group_may_share_with_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.setattr(os, "getegid", lambda: 1000)
    monkeypatch.setattr(os, "getgroups", lambda: [1000])
    monkeypatch.setattr(groups, "login", lambda: "kwebb")
    path = tmp_path / "amtui" / "school.db"
    assert cli.main(["init", "--db", str(path), "--group", "54329"]) == 2
    assert capsys.readouterr().err == (
        f"amtui: you are not in the group 54329 that shares {path.parent} — ask an admin to "
        "run: sudo usermod -aG 54329 kwebb (then log in again)\n")
    assert not path.parent.exists()


def test_a_folder_holding_other_files_is_not_given_to_the_group(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("private")
    before = _mode(tmp_path)
    assert cli.main(["init", "--db", str(tmp_path / "school.db"), "--group", str(GROUP)]) == 2
    assert capsys.readouterr().err == (
        f"amtui: {tmp_path} already holds other files, so amtui will not give it to the group "
        f"{groups.group_of(GROUP).name} — give the school a folder of its own, e.g. "
        f"{tmp_path / 'amtui' / 'school.db'}\n")
    assert _mode(tmp_path) == before and not (tmp_path / "school.db").exists()


def test_a_private_school_is_not_made_in_a_shared_folder(tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    assert cli.main(["init", "--db", str(shared / "school.db")]) == 2
    assert capsys.readouterr().err == (
        f"amtui: {shared} is a folder staff share as a group — add --group with its group to "
        "make a shared school there, or choose a folder of your own\n")


def test_a_school_on_a_network_share_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(local_disk, "read_mount_table", lambda: (
        "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
        f"40 22 0:50 / {tmp_path} rw,relatime - cifs //nas/staff rw\n"))
    path = tmp_path / "amtui" / "school.db"
    assert cli.main(["init", "--db", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"amtui: {path} is on a network file system (cifs), where SQLite cannot keep the school "
        "safe (its write-ahead log shares memory through the -shm file, which does not work over "
        "NFS or SMB) — keep the database on the server's own disk; staff reach it over SSH or in "
        "the browser — see docs/deploy.md\n")
    assert not path.parent.exists()


def test_init_has_help_for_every_argument(capsys):
    assert cli.main(["init", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--group NAME   share it with the staff in this OS group" in out
    assert "make a new school database" in cli_parser.build_parser().format_help()


@pytest.mark.parametrize("group", [[], ["--group", str(GROUP)]])
def test_the_first_admin_is_added_as_the_next_steps_say(group, tmp_path, capsys):
    path = tmp_path / "amtui" / "school.db"
    assert cli.main(["init", "--db", str(path), *group]) == 0
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--login", "kwebb",
                     "--db", str(path)]) == 0
    assert [s.login for s in pupils.list_staff(open_db(path, create=False))] == ["kwebb"]
