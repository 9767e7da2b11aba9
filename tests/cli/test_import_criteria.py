"""`amtui import criteria`: a school's own sheets, all or nothing, with exit codes and messages
as the other imports give them."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui import cli
from amtui.store.criteria_banks import criteria_for
from amtui.store.db import open_db

SHEET = "Subject,Stage,Number,Code,Text\n" + "".join(
    f"Maths,5,{n},OM5/{n},Our maths criterion {n}\n" for n in range(1, 4))


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A school with an admin (AD), a senior leader (SL) and a teacher (KW)."""
    path = tmp_path / "school.db"
    for initials, name, role in (("AD", "Ms A Dunn", "admin"), ("SL", "Mrs S Lee", "slt"),
                                 ("KW", "Miss K Webb", "teacher")):
        assert cli.main(["staff", "add", initials, name, "--role", role, "--db", str(path),
                         "--as", "AD"]) == 0
    return path


def _import(school: Path, tmp_path: Path, text: str, who: str) -> int:
    file = tmp_path / "criteria.csv"
    file.write_text(text, encoding="utf-8")
    return cli.main(["import", "criteria", str(file), "--db", str(school), "--as", who])


def test_a_senior_leader_imports_a_sheet(school: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert _import(school, tmp_path, SHEET, "SL") == 0
    out = capsys.readouterr().out
    assert "1 criteria sheet imported" in out
    assert "Maths stage 5: 3 criteria, in place of the shipped sheet" in out
    assert [c.code for c in criteria_for(open_db(school), "Maths", 5)] == \
        ["OM5/1", "OM5/2", "OM5/3"]


def test_a_bad_file_imports_nothing_and_exits_2(school: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    bad = SHEET + "Maths,5,5,OM5/5,A gap before me\nArt,5,1,A/1,Paint\n"
    assert _import(school, tmp_path, bad, "SL") == 2
    err = capsys.readouterr().err
    assert "amtui: nothing imported — 2 problems" in err
    assert "line 5: Maths stage 5 has no number 4" in err
    assert 'line 6: Subject "Art" is not one of the school\'s subjects' in err
    assert criteria_for(open_db(school), "Maths", 5)[0].code == "M5/1"


def test_a_teacher_is_refused(school: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert _import(school, tmp_path, SHEET, "KW") == 2
    err = capsys.readouterr().err
    assert "only an admin or a senior leader may import the school's criteria sheets" in err
    assert criteria_for(open_db(school), "Maths", 5)[0].code == "M5/1"


def test_term_is_refused_for_criteria(school: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "criteria.csv"
    file.write_text(SHEET, encoding="utf-8")
    assert cli.main(["import", "criteria", str(file), "--term", "T2", "--db", str(school),
                     "--as", "SL"]) == 2
    assert "--term and --year are for attendance" in capsys.readouterr().err
