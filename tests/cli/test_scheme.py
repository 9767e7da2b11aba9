"""`amtui scheme use` / `show`: one scheme for the whole school, kept in its database; a file
given with --scheme or $AMTUI_SCHEME is only tried, and says so."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations

from amtui import cli
from amtui.core.scheme_file import load_scheme, scheme_path
from amtui.resources import data_path
from amtui.store import migrations, schemes
from amtui.store.db import open_db

STEPS = data_path("schemes", "steps_primary.toml")
HIGH = data_path("schemes", "high_school_substages.toml")


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert cli.main(["demo", "--db", str(path), "--no-open"]) == 0
    return path


@pytest.fixture
def demo(built_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A fresh copy of the demo school as `amtui demo` makes it (DC is its admin)."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(built_demo, copy)
    copy.chmod(0o600)
    capsys.readouterr()
    return copy


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list:
    """What `amtui` opened the app with: (scheme, user's initials, the database's notices)."""
    seen: list = []
    monkeypatch.setattr(cli, "launch_app",
                        lambda db, scheme, user: seen.append((scheme, user.initials, db.notices)))
    return seen


def _adoptions(path: Path) -> list[schemes.Adopted]:
    return schemes.adoptions(open_db(path))


def test_the_demo_adopts_its_scheme_and_show_prints_it(demo, capsys):
    [adopted] = _adoptions(demo)
    assert (adopted.name, adopted.adopted_by) == (load_scheme().name, "DC")
    assert cli.main(["scheme", "show", "--db", str(demo)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{load_scheme().name} — {load_scheme().school}\n")
    assert "Reading*, Writing*, Maths*, Science" in out and "DC" in out and err == ""


def test_an_admin_adopts_a_scheme_and_every_member_of_staff_works_to_it(demo, capsys, opened,
                                                                        monkeypatch, tmp_path):
    assert cli.main(["scheme", "use", str(STEPS), "--db", str(demo), "--as", "DC"]) == 0
    assert "Steps primary, half-termly (Steps Primary Academy) is now the school's scheme" in \
        capsys.readouterr().out
    assert cli.main(["scheme", "show", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Steps primary, half-termly — Steps Primary Academy\n")
    assert out.index("Steps primary, half-termly  (") < out.index(load_scheme().name + "  (")
    for user in ("KW", "DC"):  # each in their own home: nothing of the scheme is per user
        monkeypatch.setenv("HOME", str(tmp_path / user))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / user / "cache"))
        assert cli.main(["--db", str(demo), "--as", user]) == 0
    assert [(scheme, user) for scheme, user, _ in opened] == [
        (load_scheme(STEPS), "KW"), (load_scheme(STEPS), "DC")]
    assert capsys.readouterr().err == ""


def test_show_toml_prints_the_file_as_it_was_adopted(demo, capsys):
    assert cli.main(["scheme", "use", str(HIGH), "--db", str(demo), "--as", "DC"]) == 0
    capsys.readouterr()
    assert cli.main(["scheme", "show", "--toml", "--db", str(demo)]) == 0
    assert capsys.readouterr().out == HIGH.read_text(encoding="utf-8")


def test_a_teacher_may_not_adopt_a_scheme(demo, capsys):
    assert cli.main(["scheme", "use", str(STEPS), "--db", str(demo), "--as", "KW"]) == 2
    assert "only an admin may adopt the school's scheme — you are signed in as a teacher" in \
        capsys.readouterr().err
    assert len(_adoptions(demo)) == 1


def test_every_adoption_is_kept(demo):
    for path in (STEPS, HIGH, STEPS):
        assert cli.main(["scheme", "use", str(path), "--db", str(demo), "--as", "DC"]) == 0
    assert [a.source for a in _adoptions(demo)] == [
        str(STEPS), str(HIGH), str(STEPS), str(scheme_path())]


def test_an_invalid_file_is_refused_with_its_reason_and_nothing_is_stored(demo, tmp_path, capsys):
    bad = tmp_path / "ours.toml"
    bad.write_text('name = "Ours"\nsubjects = ["Maths", "Maths"]\n', encoding="utf-8")
    assert cli.main(["scheme", "use", str(bad), "--db", str(demo), "--as", "DC"]) == 2
    err = capsys.readouterr().err
    assert err == f'amtui: {bad}: subjects: "Maths" is listed twice — list each subject once\n'
    assert len(_adoptions(demo)) == 1
    assert cli.main(["scheme", "use", str(tmp_path / "none.toml"), "--db", str(demo),
                     "--as", "DC"]) == 2
    assert "none.toml: no such scheme file" in capsys.readouterr().err


def test_a_file_to_try_overrides_the_schools_and_says_so(demo, capsys, opened, monkeypatch):
    assert cli.main(["--db", str(demo), "--as", "KW", "--scheme", str(HIGH)]) == 0
    monkeypatch.setenv("AMTUI_SCHEME", str(STEPS))
    assert cli.main(["--db", str(demo), "--as", "KW"]) == 0
    assert [scheme for scheme, _, _ in opened] == [load_scheme(HIGH), load_scheme(STEPS)]
    err = capsys.readouterr().err
    for path in (HIGH, STEPS):
        said = f"trying scheme {path} — not the school's"
        assert f"amtui: {said}" in err  # on the terminal, and in the app:
        assert any(said in notice for _, _, notices in opened for notice in notices)
    assert len(_adoptions(demo)) == 1  # trying adopts nothing
    assert cli.main(["scheme", "show", "--db", str(demo)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(load_scheme().name) and f"trying scheme {STEPS}" in err


def test_scheme_use_adopts_only_the_file_it_is_given(demo, capsys):
    assert cli.main(["scheme", "use", str(STEPS), "--scheme", str(HIGH), "--db", str(demo),
                     "--as", "DC"]) == 2
    assert "--scheme tries a file without adopting it" in capsys.readouterr().err
    assert len(_adoptions(demo)) == 1


def test_a_new_school_works_to_the_shipped_default_and_is_told_how_to_adopt_one(
        tmp_path, capsys, opened):
    path = tmp_path / "school.db"
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db", str(path)]) == 0
    assert cli.main(["--db", str(path), "--as", "AD"]) == 0
    [(scheme, _, notices)] = opened
    assert scheme == load_scheme()
    assert any("has not adopted a scheme" in notice and "amtui scheme use FILE.toml" in notice
               for notice in notices)
    assert "has not adopted a scheme, so the shipped default is in use" in capsys.readouterr().err


def test_a_database_from_before_schemes_were_kept_works_to_the_default_until_it_adopts_one(
        tmp_path, capsys, opened):
    path = tmp_path / "school.db"
    older = Migrations(migrations.MIGRATION_SET)
    for name, step in migrations.STEPS.items():
        if name != "0005_school_scheme":
            older(name=name)(step)
    conn = sqlite3.connect(path, isolation_level=None)
    older.apply(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO staff (initials, name, role) VALUES ('AD', 'Ms A Dunn', 'admin')")
    conn.close()
    path.chmod(0o600)
    assert cli.main(["--db", str(path), "--as", "AD"]) == 0
    assert "shipped default is in use" in capsys.readouterr().err
    assert cli.main(["scheme", "use", str(STEPS), "--db", str(path), "--as", "AD"]) == 0
    assert cli.main(["--db", str(path), "--as", "AD"]) == 0
    assert [scheme for scheme, _, _ in opened] == [load_scheme(), load_scheme(STEPS)]
    assert "shipped default" not in capsys.readouterr().err


def test_show_on_a_school_that_adopted_none_shows_the_default_and_its_toml(tmp_path, capsys):
    path = tmp_path / "school.db"
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["scheme", "show", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(load_scheme().name) and "Adopted" not in out
    assert "shipped default (shown here)" in err
    assert cli.main(["scheme", "show", "--toml", "--db", str(path)]) == 0
    assert capsys.readouterr().out == scheme_path().read_text(encoding="utf-8")


def test_a_demo_built_with_another_scheme_adopts_it(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert cli.main(["demo", "--db", str(path), "--no-open", "--scheme", str(HIGH),
                     "--pupils", "20", "--years", "1"]) == 0
    assert "trying" not in capsys.readouterr().err
    assert [(a.name, a.adopted_by) for a in _adoptions(path)] == [(load_scheme(HIGH).name, "DC")]
    assert schemes.school_scheme(open_db(path)) == load_scheme(HIGH)
