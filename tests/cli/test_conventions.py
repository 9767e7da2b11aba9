"""The command line keeps the conventions of a good Unix tool: --version, help on every argument
with examples, exit codes listed, quiet when its reader goes away, files in the system's own
folders, and a licence in the source package."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest

import amtui
from amtui import cli, cli_parser, folders
from amtui.store.db import default_db_path

ROOT = Path(__file__).parents[2]
SHELL = {"|", ">", ">>", "<", "&&", "||", ";"}
"""Where an example's amtui command ends and the shell's part begins."""
ROSTER = ("UPN,Forename,Surname,Year,Reg group\n"
          "A123456789012,Zoë,Chen,Y5,5W\n"
          "B123456789012,Łukasz,Dąbrowski,5,5W\n")


def _run(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "amtui", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=60, check=False)


# ---- --version ----------------------------------------------------------------------------

def test_version_is_the_installed_packages(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"amtui {metadata.version('amtui')}\n"


def test_version_without_an_installed_package_is_the_source_trees(monkeypatch):
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert cli_parser.version() == amtui.__version__


def test_version_as_a_process_loads_neither_ui_nor_database():
    code = ("import sys, contextlib, io; from amtui import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    done = cli.main(['--version'])\n"
            "print(done, out.getvalue().strip(), sorted(m for m in "
            "('textual', 'sqlite_utils', 'fpdf', 'pydantic') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=60, check=True)
    assert out.stdout.strip() == f"0 amtui {metadata.version('amtui')} []"


# ---- help -----------------------------------------------------------------------------------

def _parsers(parser: argparse.ArgumentParser,
             path: tuple[str, ...] = ("amtui",)) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser, the top one first, with the command that reaches it (`amtui staff add`)."""
    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _examples(epilog: str) -> list[str]:
    """The command lines under `Examples:`, up to the first blank line."""
    lines = epilog.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return [line.strip() for line in lines if line.strip()]


def _parses_as(command: str, example: str) -> bool:
    """Whether `example` is a whole shell line running `command` with arguments it takes (a
    pipe or a redirection may follow)."""
    try:
        argv = shlex.split(example, comments=True)
    except ValueError:  # an open quote: the line was cut
        return False
    argv = argv[:next((i for i, word in enumerate(argv) if word in SHELL), len(argv))]
    if argv[:len(command.split())] != command.split():
        return False
    try:
        cli_parser.build_parser().parse_args(argv[1:])
    except SystemExit:
        return False
    return True


def test_every_argument_of_every_command_has_help():
    missing = []
    for command, parser in _parsers(cli_parser.build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{command} {choice.dest}" for choice in action._choices_actions
                            if not choice.help]
            elif not action.help:
                missing.append(f"{command} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_every_command_has_examples_that_parse():
    without, wrong = [], []
    for command, parser in _parsers(cli_parser.build_parser()):
        if "Examples:\n" not in (parser.epilog or "") or not issubclass(
                parser.formatter_class, argparse.RawDescriptionHelpFormatter):
            without.append(command)
            continue
        examples = _examples(parser.epilog or "")
        if not 2 <= len(examples) <= 4:
            without.append(command)
        wrong += [example for example in examples if not _parses_as(command, example)]
    assert (without, wrong) == ([], [])


def test_help_lists_the_exit_codes(capsys):
    assert cli.main(["--help"]) == 0
    codes = capsys.readouterr().out.split("Exit codes:\n", 1)[1]
    assert [line.split()[0] for line in codes.strip().splitlines()] == \
        ["0", "1", "2", "130", "141"]


def test_import_pupils_help_keeps_its_examples_and_lists_the_headers(capsys):
    assert cli.main(["import", "pupils", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Examples:\n  amtui import pupils" in out and "The roster's columns" in out


# ---- a reader that goes away ----------------------------------------------------------------

def _into_a_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run amtui writing into a pipe whose reader has already gone (as `| head -1` leaves it)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return _run(*args, stdout=write)
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["staff", "add", "--help"]])
def test_help_into_a_closed_pipe_ends_quietly(args):
    done = _into_a_closed_pipe(*args)
    assert (done.returncode, done.stderr) == (cli.PIPE_CLOSED, "")


def test_a_listing_into_a_closed_pipe_ends_quietly(tmp_path):
    school = tmp_path / "school.db"
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db",
                     str(school)]) == 0
    done = _into_a_closed_pipe("staff", "list", "--db", str(school))
    assert (done.returncode, done.stderr) == (cli.PIPE_CLOSED, "")


def test_head_of_the_help_through_a_shell_pipe():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(f"{shlex.quote(sys.executable)} -m amtui --help | head -1", shell=True,
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.stdout.startswith("usage: amtui") and done.stderr == ""


# ---- folders --------------------------------------------------------------------------------

@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, with no XDG folders set and no $AMTUI_DB."""
    for name in ("AMTUI_DB", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
                 "XDG_STATE_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")
def test_folders_on_linux_without_xdg_settings(home):
    assert (folders.data_dir(), folders.cache_dir(), folders.config_dir(), folders.log_dir(),
            folders.documents_dir()) == (
        home / ".local/share/amtui", home / ".cache/amtui", home / ".config/amtui",
        home / ".local/state/amtui/log", home / "Documents/amtui")
    assert default_db_path() == home / ".local/share/amtui/school.db"


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")
def test_folders_follow_the_xdg_settings(home, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Dokumente"))
    assert folders.data_dir() == home / "data/amtui"
    assert folders.documents_dir() == home / "Dokumente/amtui"
    assert default_db_path() == home / "data/amtui/school.db"


def test_amtui_db_comes_before_the_data_folder(home, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("AMTUI_DB", str(home / "elsewhere.db"))
    assert default_db_path() == home / "elsewhere.db"


@pytest.fixture
def school(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A school of two pupils in 5W, whose admin AD imported them; Documents in the home."""
    monkeypatch.setattr(cli, "today", lambda: date(2026, 11, 24))
    path = home / "school.db"
    roster = home / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db", str(path)]) == 0
    assert cli.main(["import", "pupils", str(roster), "--db", str(path), "--as", "AD"]) == 0
    return path


def test_export_without_out_goes_to_documents(school, capsys):
    capsys.readouterr()
    assert cli.main(["export", "pupils", "--db", str(school), "--as", "AD"]) == 0
    written = folders.documents_dir() / "pupils 2026-11-24.csv"
    assert capsys.readouterr().out == f"2 rows written to {written}\n"
    assert "A123456789012" in written.read_text(encoding="utf-8-sig")


def test_export_of_a_year_without_out_names_the_year(school, capsys):
    capsys.readouterr()
    assert cli.main(["export", "attainment", "--year", "2026-27", "--db", str(school), "--as",
                     "AD"]) == 0
    written = folders.documents_dir() / "attainment 2026-27 2026-11-24.csv"
    assert written.exists() and str(written) in capsys.readouterr().out


def test_print_without_out_goes_to_documents(school, capsys):
    capsys.readouterr()
    assert cli.main(["print", "profile", "--upn", "A123456789012", "--db", str(school),
                     "--as", "AD"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == folders.documents_dir()
    assert printed.read_bytes().startswith(b"%PDF")


def test_print_of_a_class_without_out_is_a_folder_in_documents(school, capsys):
    capsys.readouterr()
    assert cli.main(["print", "profile", "--class", "5W", "--db", str(school), "--as", "AD"]) == 0
    folder = folders.documents_dir() / "5W T2 2026-27"
    names = ["5W Chen Zoe T2 2026-27.pdf", "5W Dabrowski Lukasz T2 2026-27.pdf"]
    assert capsys.readouterr().out.splitlines() == [str(folder / name) for name in names]
    assert sorted(path.name for path in folder.iterdir()) == names


# ---- the package ----------------------------------------------------------------------------

def test_the_licence_is_mit_and_ships_in_the_source_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == {"text": "MIT"}
    assert "LICENSE" in project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "2026 the amtui authors" in licence


def test_users_get_a_range_of_textual_and_tests_an_exact_one():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "textual>=8.2,<9" in project["dependencies"]
    assert "platformdirs>=3" in project["dependencies"]
    assert any(dep.startswith("textual==") for dep in project["optional-dependencies"]["test"])
