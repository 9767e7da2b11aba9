"""A school's own criteria sheets: imported all or nothing with every bad line named, each
subject and stage replacing the shipped sheet (and the school's earlier one) as one change,
admins and senior leaders only; and the shipped banks complete for every shipped scheme."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.core.errors import NotAllowed
from amtui.core.models import Pupil, Staff
from amtui.core.scale import Step
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.datafiles import load_criteria_bank
from amtui.resources import data_path
from amtui.store import attainment, history, pupils
from amtui.store.criteria_banks import (
    class_stage,
    criteria_for,
    save_criteria,
    stages_with_criteria,
)
from amtui.store.criteria_csv import parse_criteria
from amtui.store.csv_headers import FileProblems
from amtui.store.db import Database

HEADER = "Subject,Stage,Number,Code,Text\n"
MATHS_4 = HEADER + "".join(f"maths,4,{n},OW4/{n},Our own maths criterion {n}\n"
                           for n in range(1, 6))


def _stored(db: Database) -> list[tuple[str, int, int, str, str]]:
    return [(r["subject"], r["stage"], r["number"], r["code"], r["text"]) for r in
            db.query("SELECT * FROM criteria_bank ORDER BY subject, stage, number")]


def test_an_import_is_stored_in_the_schemes_spelling(db: Database, slt: Staff,
                                                     scheme: Scheme) -> None:
    report = save_criteria(db, slt, parse_criteria(MATHS_4, scheme))
    assert _stored(db)[0] == ("Maths", 4, 1, "OW4/1", "Our own maths criterion 1")
    assert len(_stored(db)) == 5
    assert [str(sheet) for sheet in report] == \
        ["Maths stage 4: 5 criteria, in place of the shipped sheet"]


def test_the_schools_sheet_wins_over_the_shipped(db: Database, admin: Staff,
                                                 scheme: Scheme) -> None:
    assert criteria_for(db, "Maths", 4)[0].code == "M4/1"
    save_criteria(db, admin, parse_criteria(MATHS_4, scheme))
    assert [c.code for c in criteria_for(db, "maths", 4)] == [f"OW4/{n}" for n in range(1, 6)]
    assert criteria_for(db, "Maths", 5)[0].code == "M5/1"  # other stages keep the shipped


def test_stages_with_criteria_joins_the_schools_and_the_shipped(db: Database, admin: Staff,
                                                                scheme: Scheme) -> None:
    shipped = stages_with_criteria(db, "Writing")
    assert 9 not in shipped and {4, 5} <= set(shipped)
    save_criteria(db, admin, parse_criteria(HEADER + "Writing,9,1,W9/1,Write well\n", scheme))
    assert stages_with_criteria(db, "Writing") == sorted({*shipped, 9})


def test_importing_again_replaces_the_earlier_sheet_as_one_change(db: Database, admin: Staff,
                                                                  scheme: Scheme) -> None:
    save_criteria(db, admin, parse_criteria(MATHS_4 + "Writing,9,1,W9/1,Write well\n", scheme))
    again = HEADER + "Maths,4,1,NEW/1,First again\nMaths,4,2,NEW/2,Second again\n"
    report = save_criteria(db, admin, parse_criteria(again, scheme))
    assert _stored(db) == [("Maths", 4, 1, "NEW/1", "First again"),
                           ("Maths", 4, 2, "NEW/2", "Second again"),
                           ("Writing", 9, 1, "W9/1", "Write well")]
    assert str(report[0]) == "Maths stage 4: 2 criteria, in place of the school's earlier sheet"
    assert db.execute("SELECT COUNT(DISTINCT change_id) FROM history "
                      "WHERE tbl = 'criteria_bank'").fetchone()[0] == 2
    history.undo(db, admin)
    assert [row[3] for row in _stored(db)][:5] == [f"OW4/{n}" for n in range(1, 6)]


def test_a_teacher_may_not_import_criteria(db: Database, teacher: Staff,
                                           scheme: Scheme) -> None:
    with pytest.raises(NotAllowed, match="only an admin or a senior leader may import"):
        save_criteria(db, teacher, parse_criteria(MATHS_4, scheme))
    assert _stored(db) == []


BAD = {
    "missing column": (HEADER.replace(",Code", ""), ["line 1: no Code column"]),
    "no rows": (HEADER, ["line 1:", "no criteria"]),
    "unknown subject": (MATHS_4 + "History,4,6,H4/6,Dates\n",
                        ['line 7: Subject "History" is not one of the school\'s subjects',
                         "Reading, Writing, Maths, Science"]),
    "stage not a number": (MATHS_4 + "Maths,four,6,M/6,Text\n",
                           ['line 7: Stage "four" is not a stage', "0 to 12"]),
    "stage too high": (MATHS_4 + "Maths,13,1,M/6,Text\n", ['line 7: Stage "13" is not a stage']),
    "number not a number": (MATHS_4 + "Maths,4,6a,M/6,Text\n",
                            ['line 7: Number "6a" is not a criterion number']),
    "repeated number": (MATHS_4 + "Maths,4,3,M/6,Text\n",
                        ["line 7: Maths stage 4 number 3 is also on line 4"]),
    "gap": (MATHS_4 + "Maths,4,7,M/7,Text\n", ["line 7: Maths stage 4 has no number 6"]),
    "not from 1": (HEADER + "Maths,9,2,M/2,Text\n", ["line 2: Maths stage 9 has no number 1"]),
    "repeated code": (MATHS_4 + "Maths,4,6,ow4/2,Text\n",
                      ["line 7: code ow4/2 is also on line 3"]),
    "empty code": (MATHS_4 + "Maths,4,6,,Text\n", ["line 7: Code is empty"]),
    "empty text": (MATHS_4 + "Maths,4,6,M/6,  \n", ["line 7: Text is empty"]),
    "text too long": (MATHS_4 + f"Maths,4,6,M/6,{'x' * 201}\n",
                      ["line 7: Text is 201 characters long", "200 at most"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_line_is_named_and_nothing_is_stored(case: str, scheme: Scheme) -> None:
    text, expected = BAD[case]
    with pytest.raises(FileProblems) as caught:
        parse_criteria(text, scheme)
    for part in expected:
        assert part in str(caught.value)
    assert str(caught.value).startswith("nothing imported")


def test_every_bad_line_is_listed_at_once(scheme: Scheme) -> None:
    text = MATHS_4 + "Maths,4,6,,Text\nHistory,4,1,H/1,Dates\n"
    with pytest.raises(FileProblems) as caught:
        parse_criteria(text, scheme)
    assert [p.split(":")[0] for p in caught.value.problems] == ["line 7", "line 8"]


def test_200_characters_is_allowed(scheme: Scheme) -> None:
    assert len(parse_criteria(HEADER + f"Maths,9,1,M/1,{'x' * 200}\n", scheme)[0].text) == 200


SCHEMES = sorted(path.stem for path in data_path("schemes").glob("*.toml"))


@pytest.mark.parametrize("name", SCHEMES)
def test_every_shipped_schemes_core_subjects_have_two_complete_sheets(name: str) -> None:
    scheme = load_scheme(data_path("schemes") / f"{name}.toml")
    bank = load_criteria_bank()
    for subject in scheme.core_subjects:
        stages = sorted({c.stage for c in bank.criteria if c.subject == subject})
        complete = [s for s in stages if len(bank.for_stage(subject, s)) >= 20]
        assert len(complete) >= 2, subject
        for stage in stages:
            sheet = bank.for_stage(subject, stage)
            assert [c.number for c in sheet] == list(range(1, len(sheet) + 1)), (subject, stage)
            assert len({c.code for c in sheet}) == len(sheet), (subject, stage)
            assert all(c.text and len(c.text) <= 200 for c in sheet), (subject, stage)


def test_the_shipped_files_import_as_a_schools_own(tmp_path: Path) -> None:
    """The shipped format is the import's: a school can start from a shipped file."""
    scheme = load_scheme()
    for path in sorted(data_path("criteria").glob("*.csv")):
        text = path.read_text(encoding="utf-8")
        if text.splitlines()[1].split(",")[0] in scheme.subjects:
            assert len(parse_criteria(text, scheme)) == len(text.splitlines()) - 1


def test_a_class_is_marked_and_tested_at_the_stage_most_of_it_works_at(
        db: Database, admin: Staff, teacher: Staff) -> None:
    upns = [f"A12345678901{n}" for n in range(4)]
    pupils.save_pupils(db, admin, [Pupil(upn=upn, forename="P", surname=f"Q{n}", year_group=5,
                                         class_name="5W") for n, upn in enumerate(upns)])
    assert class_stage(db, "5W", "Maths", Term(2026, 2)) == 1  # no levels yet: the lowest sheet
    for upn, step in zip(upns, ("4w", "4s", "5b", "3s+"), strict=True):
        attainment.set_step(db, teacher, upn, "Maths", Term(2026, 1), Step.parse(step), seen=0)
    attainment.set_step(db, teacher, upns[0], "Maths", Term(2026, 3), Step.parse("5b"), seen=0)
    assert class_stage(db, "5W", "Maths", Term(2026, 2)) == 4  # latest up to T2: 4, 4, 5, 3
    assert class_stage(db, "5W", "Maths", Term(2026, 3)) == 5  # T3: 5, 4, 5, 3
