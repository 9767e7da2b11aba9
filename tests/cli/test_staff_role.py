"""`amtui staff role` (admins change anyone's role but their own) and `amtui staff list`'s
password column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from amtui import cli
from amtui.store import pupils
from amtui.store.db import open_db


@pytest.fixture
def school(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The admin AD (who added themselves) and the teacher KW."""
    path = tmp_path / "school.db"
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--login", "adunn",
                     "--db", str(path)]) == 0
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "teacher", "--login",
                     "kwebb", "--db", str(path), "--as", "AD"]) == 0
    capsys.readouterr()
    return path


def role_of(path: Path, initials: str) -> str:
    return pupils.get_staff(open_db(path), initials).role


def test_an_admin_changes_a_role_and_is_told(school, capsys):
    assert cli.main(["staff", "role", "kw", "slt", "--db", str(school), "--as", "AD"]) == 0
    assert capsys.readouterr().out == "KW Miss K Webb is now a senior leader (slt)\n"
    assert role_of(school, "KW") == "slt"


def test_nobody_changes_their_own_role(school, capsys):
    assert cli.main(["staff", "role", "AD", "teacher", "--db", str(school), "--as", "AD"]) == 2
    assert "nobody changes their own role" in capsys.readouterr().err
    assert role_of(school, "AD") == "admin"


def test_a_teacher_may_not_change_roles(school, capsys):
    assert cli.main(["staff", "role", "AD", "ta", "--db", str(school), "--as", "KW"]) == 2
    assert capsys.readouterr().err.startswith("amtui: ")
    assert (role_of(school, "AD"), role_of(school, "KW")) == ("admin", "teacher")


def test_an_unknown_member_of_staff_is_named_with_the_fix(school, capsys):
    assert cli.main(["staff", "role", "ZZ", "ta", "--db", str(school), "--as", "AD"]) == 2
    err = capsys.readouterr().err
    assert 'no member of staff has the initials "ZZ"' in err and "amtui staff add" in err
    assert sorted(s.initials for s in pupils.list_staff(open_db(school))) == ["AD", "KW"]


def test_staff_list_says_who_has_a_password(school, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert cli.main(["staff", "password", "kwebb", "--stdin", "--db", str(school),
                     "--as", "AD"]) == 0
    capsys.readouterr()
    assert cli.main(["staff", "list", "--db", str(school)]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert sorted(lines) == ["AD", "KW"]
    assert "password: —" in lines["AD"] and "password: yes" in lines["KW"]
