"""The command line, as a user meets it: exit codes, one-line reasons, files it writes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from amtui import cli, identity
from amtui.store import pupils
from amtui.store.db import open_db

GOOD = ("UPN,Forename,Surname,Year,Reg group,DOB,SEN,Pupil premium,EAL\n"
        "A123456789012,Zoë,Chen,Y5,5W,21/03/2016,N,Y,N\n"
        "B123456789012,Łukasz,Dąbrowski,5,5W,2016-05-02,Y,,\n"
        "C123456789012,Siân,Evans,R,RB,,,,\n")


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A school whose first member of staff, the admin AD, imported the roster."""
    path = tmp_path / "school.db"
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db", str(path)]) == 0
    assert cli.main(["import", "pupils", str(_csv(tmp_path, GOOD)), "--db", str(path),
                     "--as", "AD"]) == 0
    return path


def _csv(folder: Path, text: str, name: str = "roster.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _upns(path: Path) -> list[str]:
    return [p.upn for p in pupils.list_pupils(open_db(path))]


def test_help_lists_every_command(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("open", "demo", "import", "export", "print", "backup", "staff"):
        assert command in out


def test_help_and_a_bad_command_as_a_process():
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    ok = subprocess.run([sys.executable, "-m", "amtui", "--help"], capture_output=True, text=True,
                        env=env, timeout=60)
    assert ok.returncode == 0 and "amtui" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "amtui", "export", "nonsense", "--out", "x"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "invalid choice" in bad.stderr


def test_help_does_not_import_the_ui_or_the_database():
    code = ("import sys; from amtui import cli; import contextlib, io\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            "    cli.main(['--help'])\n"
            "print(sorted(m for m in ('textual', 'sqlite_utils', 'fpdf', 'pydantic') "
            "if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.stdout.strip() == "[]"


def test_import_adds_then_updates_by_upn(school, tmp_path, capsys):
    capsys.readouterr()
    changed = GOOD.replace("Zoë,Chen,Y5,5W", "Zoë,Chen-Smith,Y5,5W")
    assert cli.main(["import", "pupils", str(_csv(tmp_path, changed, "v2.csv")), "--db",
                     str(school), "--as", "AD"]) == 0
    assert "0 added, 1 updated, 2 unchanged" in capsys.readouterr().out
    pupil = pupils.get_pupil(open_db(school), "A123456789012")
    assert (pupil.surname, pupil.forename, pupil.year_group, pupil.pupil_premium) == \
        ("Chen-Smith", "Zoë", 5, True)
    assert pupils.get_pupil(open_db(school), "C123456789012").year_group == 0


BAD = {
    "missing column": ("UPN,Forename,Year,Class\nA123456789012,Zoë,5,5W\n",
                       ["no Surname column", "headers found are: UPN, Forename, Year, Class"]),
    "duplicate upn": ("UPN,Forename,Surname,Year,Class\nA999999999999,A,B,5,5W\n"
                      "A999999999999,C,D,5,5W\n", ["line 3:", "also on line 2"]),
    "bad year": ("UPN,Forename,Surname,Year,Class\nA999999999999,A,B,Y14,5W\n",
                 ['line 2: Year "Y14" is not a year group', "use R, Y1"]),
    "bad upn": ("UPN,Forename,Surname,Year,Class\n12345,A,B,5,5W\n",
                ['line 2: UPN "12345"', "a letter then 12 digits"]),
    "bad dob": ("UPN,Forename,Surname,Year,Class,DOB\nA999999999999,A,B,5,5W,31/02/2016\n",
                ['line 2: DOB "31/02/2016"', "dd/mm/yyyy"]),
    "empty file": ("", ["the file is empty"]),
    "header only": ("UPN,Forename,Surname,Year,Class\n", ["no pupils"]),
    "semicolons": ("UPN;Forename;Surname;Year;Class\nA999999999999;A;B;5;5W\n",
                   ["not separated by commas"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_roster_imports_nothing_and_says_why(case, school, tmp_path, capsys):
    text, expected = BAD[case]
    before = _upns(school)
    capsys.readouterr()
    assert cli.main(["import", "pupils", str(_csv(tmp_path, text, "bad.csv")), "--db",
                     str(school), "--as", "AD"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("amtui: ") and "Traceback" not in err
    for part in expected:
        assert part in err
    assert _upns(school) == before


def test_wrong_encoding_is_refused_with_the_fix(school, tmp_path, capsys):
    text = "UPN,Forename,Surname,Year,Class\nA999999999999,Zoë,B,5,5W\n"
    assert cli.main(["import", "pupils", str(_csv(tmp_path, text, encoding="latin-1")), "--db",
                     str(school), "--as", "AD"]) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert "A999999999999" not in _upns(school)


def test_export_pupils_round_trips_unchanged(school, tmp_path, capsys):
    out = tmp_path / "pupils.csv"
    assert cli.main(["export", "pupils", "--db", str(school), "--out", str(out), "--as",
                     "AD"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    capsys.readouterr()
    assert cli.main(["import", "pupils", str(out), "--db", str(school), "--as", "AD"]) == 0
    assert "0 added, 0 updated, 3 unchanged" in capsys.readouterr().out


@pytest.fixture
def demo_file(demo_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_path.read_bytes())
    return copy


@pytest.mark.parametrize("what", ["attainment", "targets", "attitude"])
def test_exports_are_private_and_filter_by_year(what, demo_file, tmp_path):
    every, one = tmp_path / "all.csv", tmp_path / "one.csv"
    assert cli.main(["export", what, "--db", str(demo_file), "--out", str(every), "--as",
                     "MG"]) == 0
    assert cli.main(["export", what, "--db", str(demo_file), "--year", "2026-27",
                     "--out", str(one), "--as", "MG"]) == 0
    assert stat.S_IMODE(every.stat().st_mode) == 0o600
    rows, some = every.read_text().splitlines(), one.read_text().splitlines()
    assert len(some) > 1
    assert len(some) < len(rows) and set(some) <= set(rows)
    year = rows[0].split(",").index("School year")
    assert {line.split(",")[year] for line in some[1:]} == {"2026-27"}


def test_attainment_export_carries_steps_and_colour_letters(demo_file, tmp_path):
    out = tmp_path / "a.csv"
    cli.main(["export", "attainment", "--db", str(demo_file), "--year", "2026", "--out", str(out),
              "--as", "MG"])
    header, *rows = [line.split(",") for line in out.read_text("utf-8-sig").splitlines()]
    assert header[:8] == ["UPN", "Surname", "Forename", "Class", "School year", "Half-term",
                          "Subject", "Step"]
    letters = {row[header.index("Progress letter")] for row in rows}
    assert {"G", "A"} <= letters


def test_a_missing_database_is_explained(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "none.db")]) == 2
    assert "amtui demo" in capsys.readouterr().err


def test_an_account_not_on_the_staff_list_opens_on_the_sign_in_screen(school, monkeypatch):
    opened = []
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: opened.append(user))
    monkeypatch.setattr(identity, "os_login", lambda: "nobody")
    assert cli.main(["--db", str(school)]) == 0
    assert opened == [None]  # None: whoever is at the keyboard signs in


def test_a_command_from_an_unknown_account_without_a_terminal_says_how_to_be_added(
        school, capsys, monkeypatch):
    monkeypatch.setattr(identity, "os_login", lambda: "nobody")
    assert cli.main(["staff", "grant", "AD", "5W", "--db", str(school)]) == 2
    err = capsys.readouterr().err
    assert 'the account "nobody" is not on the staff list' in err and "amtui staff add" in err


def test_the_environment_cannot_choose_who_signs_in(school, capsys, monkeypatch):
    """`LOGNAME=rvaughan amtui` signed in as the senior leader: identity is the uid's account."""
    opened = []
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: opened.append(user))
    assert cli.main(["staff", "add", "RV", "Mr R Vaughan", "--role", "slt", "--login",
                     "rvaughan", "--db", str(school), "--as", "AD"]) == 0
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "rvaughan")
    assert cli.main(["--db", str(school)]) == 0
    assert opened == [None]  # not RV: the sign-in screen, for whoever is at the keyboard


def test_as_is_refused_on_a_shared_database(school, capsys, monkeypatch):
    opened = []
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: opened.append(user))
    monkeypatch.setattr(identity, "private_to_me", lambda path: False)
    assert cli.main(["--db", str(school), "--as", "AD"]) == 2 and opened == []
    assert "--as works only on a database that is yours alone" in capsys.readouterr().err


def test_nobody_promotes_themselves(school, capsys):
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "teacher", "--db",
                     str(school), "--as", "AD"]) == 0
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "slt", "--db", str(school),
                     "--as", "KW"]) == 2
    assert "only an admin may add staff" in capsys.readouterr().err
    assert pupils.get_staff(open_db(school), "KW").role == "teacher"


def test_staff_add_can_make_them_a_class_teacher(school, capsys):
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "teacher", "--class", "5w",
                     "--db", str(school), "--as", "AD"]) == 0
    assert "KW teaches 5W" in capsys.readouterr().out
    assert pupils.get_class(open_db(school), "5W").teacher == "KW"


def test_staff_add_lets_them_sign_in(school, monkeypatch):
    opened = []
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: opened.append(user))
    monkeypatch.setattr(identity, "os_login", lambda: "kwebb")
    assert cli.main(["staff", "add", "kw", "Miss K Webb", "--role", "teacher", "--login", "kwebb",
                     "--db", str(school), "--as", "AD"]) == 0
    assert cli.main(["--db", str(school)]) == 0
    assert [u.initials for u in opened] == ["KW"]


def test_demo_builds_and_opens_as_miss_webb(tmp_path, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: opened.append(user.initials))
    path = tmp_path / "demo.db"
    assert cli.main(["demo", "--db", str(path)]) == 0
    assert opened == ["KW"] and "210 pupils in 7 classes" in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = _upns(path)
    assert cli.main(["demo", "--db", str(path), "--no-open"]) == 0
    assert _upns(path) == first and opened == ["KW"]


def test_demo_never_replaces_a_real_school(school, capsys):
    before = _upns(school)
    assert cli.main(["demo", "--db", str(school), "--no-open"]) == 2
    assert "not a demo school" in capsys.readouterr().err
    assert _upns(school) == before


def test_backup_is_a_private_copy(school, tmp_path):
    out = tmp_path / "backup.db"
    assert cli.main(["backup", "--db", str(school), "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _upns(out) == _upns(school)
    assert cli.main(["backup", "--db", str(school), "--out", str(out)]) == 2


def test_print_names_a_missing_pupil_or_class(school, tmp_path, capsys):
    assert cli.main(["print", "profile", "--upn", "Z000000000000", "--db", str(school),
                     "--out", str(tmp_path / "x.pdf")]) == 2
    assert 'no pupil with UPN "Z000000000000"' in capsys.readouterr().err
    assert cli.main(["print", "profile", "--class", "9Z", "--db", str(school),
                     "--out", str(tmp_path / "x.pdf")]) == 2
    assert 'no class called "9Z"' in capsys.readouterr().err


def test_print_a_class_to_a_folder_and_a_pupil_to_a_file(demo_file, tmp_path, capsys):
    assert cli.main(["print", "profile", "--class", "5W", "--db", str(demo_file), "--year",
                     "2026-27", "--term", "T2", "--out", str(tmp_path / "5W")]) == 0
    written = sorted((tmp_path / "5W").glob("*.pdf"))
    assert len(written) == 30 and all(" T2 2026-27" in path.name for path in written)
    upn = pupils.list_pupils(open_db(demo_file), "5W")[0].upn
    out = tmp_path / "one.pdf"
    assert cli.main(["print", "profile", "--upn", upn, "--parents", "--db", str(demo_file),
                     "--out", str(out)]) == 0
    assert out.exists() and stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("argv, says", [
    (["demo", "--pupils", "0", "--no-open"], "'0' is not a whole number of 1 or more"),
    (["demo", "--years", "many", "--no-open"], "'many' is not a whole number of 1 or more"),
    (["export", "marks", "--out", "x.csv"], "invalid choice"),
])
def test_a_bad_argument_is_one_line_and_exit_2(argv, says, tmp_path, capsys):
    assert cli.main([*argv, "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err.strip()
    assert says in err and "--help" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("initials, name, says", [
    ("K9", "Miss K Webb", "are not initials"),
    ("KW", "  ", "the name is empty"),
])
def test_staff_add_refuses_bad_initials_and_names(initials, name, says, school, capsys):
    assert cli.main(["staff", "add", initials, name, "--role", "teacher", "--db", str(school)]) == 2
    assert says in capsys.readouterr().err
    assert [s.initials for s in pupils.list_staff(open_db(school))] == ["AD"]


def test_one_login_signs_in_one_member_of_staff(school, capsys):
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "teacher", "--login", "kwebb",
                     "--db", str(school), "--as", "AD"]) == 0
    assert cli.main(["staff", "add", "JB", "Mr J Bell", "--role", "ta", "--login", "kwebb",
                     "--db", str(school), "--as", "AD"]) == 2
    assert "already belongs to KW" in capsys.readouterr().err
    assert [s.initials for s in pupils.list_staff(open_db(school))] == ["KW", "AD"]


def test_a_first_import_says_to_add_yourself_first(tmp_path, capsys):
    """Every change names a real member of staff, so a new school starts with its first one."""
    path = tmp_path / "new.db"
    assert cli.main(["import", "pupils", str(_csv(tmp_path, GOOD)), "--db", str(path)]) == 2
    assert "add yourself first" in capsys.readouterr().err
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db", str(path)]) == 0
    assert cli.main(["import", "pupils", str(_csv(tmp_path, GOOD)), "--db", str(path),
                     "--as", "AD"]) == 0
    assert "3 added" in capsys.readouterr().out


def test_a_bad_roster_creates_no_database(tmp_path, capsys):
    path = tmp_path / "new.db"
    bad = _csv(tmp_path, "UPN,Forename,Surname,Year,Class\nnot-a-upn,A,B,Y5,5W\n")
    assert cli.main(["import", "pupils", str(bad), "--db", str(path)]) == 2
    assert "line 2" in capsys.readouterr().err and not path.exists()


def test_a_failed_demo_rebuild_keeps_the_old_demo(tmp_path, monkeypatch):
    path = tmp_path / "demo.db"
    assert cli.main(["demo", "--db", str(path), "--no-open"]) == 0
    first = _upns(path)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("amtui.store.demo.build_demo", broken)
    assert cli.main(["demo", "--db", str(path), "--no-open"]) == 2
    assert _upns(path) == first
    assert [p.name for p in tmp_path.iterdir() if "building" in p.name] == []


def test_opening_resumes_the_collector_even_when_the_app_fails(school, monkeypatch, capsys):
    import gc

    def fails(db, scheme, user):
        assert not gc.isenabled()  # paused while the app starts
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cli, "launch_app", fails)
    assert cli.main(["staff", "add", "KW", "Miss K Webb", "--role", "teacher",
                     "--db", str(school), "--as", "AD"]) == 0
    assert cli.main(["--db", str(school), "--as", "KW"]) == 2
    assert gc.isenabled() and "Input/output error" in capsys.readouterr().err


def test_a_senior_leader_grants_a_class_and_nobody_else_can(school, capsys):
    for initials, name, role in (("KW", "Miss K Webb", "teacher"), ("SL", "Mrs S Lee", "slt")):
        assert cli.main(["staff", "add", initials, name, "--role", role, "--db", str(school),
                         "--as", "AD"]) == 0
    assert cli.main(["staff", "grant", "KW", "rb", "--db", str(school), "--as", "KW"]) == 2
    assert "only a senior leader may give a teacher another class" in capsys.readouterr().err
    assert cli.main(["staff", "grant", "KW", "rb", "--db", str(school), "--as", "SL"]) == 0
    assert "KW may now change RB's records" in capsys.readouterr().out
    from amtui.store.access import may_edit_pupil

    db = open_db(school)
    assert may_edit_pupil(db, pupils.get_staff(db, "KW"), "C123456789012")
