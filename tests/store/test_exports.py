"""Every `amtui export` opens cleanly in a spreadsheet: UTF-8 with a byte-order mark, CRLF line
ends, dates as YYYY-MM-DD in the columns docs/schema.md says hold dates, no live formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from amtui import cli
from amtui.core.errors import NotAllowed
from amtui.core.models import Staff
from amtui.store import exports, pupils

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
COLUMNS = {"pupils": exports.PUPIL_COLUMNS, "attainment": exports.ATTAINMENT_COLUMNS,
           "targets": exports.TARGET_COLUMNS, "attitude": exports.ATTITUDE_COLUMNS}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMATS = {"School year": re.compile(r"\d{4}-\d{2}"), "Half-term": re.compile(r"T[1-6]")}

ADMIN = Staff(initials="AD", name="Ms A Dunn", role="admin")  # exports: admins, leaders


def date_columns(kind: str) -> list[str]:
    """The columns docs/schema.md says hold a date (`YYYY-MM-DD`) in one kind of export."""
    text = DOC.read_text(encoding="utf-8").split(f"### `amtui export {kind}`\n", 1)[1]
    section = text.split("\n#", 1)[0]
    return [line.split(" | ")[0].removeprefix("| ") for line in section.splitlines()
            if line.startswith("| ") and "a date (`YYYY-MM-DD`)" in line]


def test_the_documented_dates_are_the_date_columns():
    assert {kind: date_columns(kind) for kind in COLUMNS} == {
        "pupils": ["DOB"], "attainment": [], "targets": [], "attitude": []}


@pytest.fixture
def formula_pupil(demo_db):
    """A 5W pupil of the demo school whose forename a spreadsheet would run: `=1+1`."""
    upn = pupils.list_pupils(demo_db, "5W")[0].upn
    demo_db.execute("UPDATE pupils SET forename = '=1+1' WHERE upn = ?", [upn])
    return upn


@pytest.mark.parametrize("kind", sorted(COLUMNS))
def test_an_export_opens_cleanly_in_a_spreadsheet(kind, demo_db, scheme, today, formula_pupil,
                                                  tmp_path):
    out = tmp_path / f"{kind}.csv"
    count = exports.export(demo_db, scheme, kind, out, today=today, who=ADMIN)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n")
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert header == COLUMNS[kind] and len(rows) == count > 0
    mine = [row for row in rows if row[0] == formula_pupil]
    assert mine and {row[header.index("Forename")] for row in mine} == {"'=1+1"}
    for column in date_columns(kind):
        values = [row[header.index(column)] for row in rows if row[header.index(column)]]
        assert values and all(ISO_DATE.fullmatch(value) for value in values)
    for column in set(FORMATS) & set(header):
        assert all(FORMATS[column].fullmatch(row[header.index(column)]) for row in rows
                   if row[header.index(column)])


def test_the_pupils_export_imports_back_with_its_dates(demo_db, scheme, today, tmp_path):
    from amtui.store.roster_csv import read_roster

    out = tmp_path / "pupils.csv"
    exports.export(demo_db, scheme, "pupils", out, today=today, who=ADMIN)
    assert [(p.upn, p.dob, p.forename) for p in read_roster(out)] == \
        [(p.upn, p.dob, p.forename) for p in pupils.list_pupils(demo_db)]


def test_the_pupils_export_has_each_pupils_gender_and_it_reads_back(demo_db, scheme, today,
                                                                    tmp_path):
    from amtui.store.roster_csv import read_roster

    out = tmp_path / "pupils.csv"
    exports.export(demo_db, scheme, "pupils", out, today=today, who=ADMIN)
    header, *rows = csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""))
    stored = {row["upn"]: row["gender"] for row in demo_db.query("SELECT upn, gender FROM pupils")}
    assert header[-1] == "Gender" and set(stored.values()) == {"F", "M"}
    assert {row[0]: row[header.index("Gender")] for row in rows} == stored
    assert {p.upn: p.gender for p in read_roster(out)} == stored


def test_an_unknown_export_names_the_ones_there_are(demo_db, scheme, today, tmp_path):
    with pytest.raises(ValueError, match="pupils, attainment, targets, attitude"):
        exports.export(demo_db, scheme, "meetings", tmp_path / "m.csv", today=today, who=ADMIN)


def test_only_senior_leaders_and_admins_export_the_school(demo_db, scheme, today, tmp_path,
                                                          capsys):
    teacher = pupils.get_staff(demo_db, "KW")
    with pytest.raises(NotAllowed, match="only a senior leader or an admin may export"):
        exports.export(demo_db, scheme, "pupils", tmp_path / "p.csv", today=today, who=teacher)
    assert not (tmp_path / "p.csv").exists()
    demo_db.conn.close()
    assert cli.main(["export", "attainment", "--db", str(tmp_path / "demo.db"), "--out",
                     str(tmp_path / "a.csv"), "--as", "KW"]) == 2
    assert "only a senior leader or an admin may" in capsys.readouterr().err


def test_the_roster_export_takes_no_year(demo_db, tmp_path, capsys):
    demo_db.conn.close()
    assert cli.main(["export", "pupils", "--year", "2026-27", "--db",
                     str(tmp_path / "demo.db"), "--out", str(tmp_path / "p.csv")]) == 2
    assert "--year is for the other exports" in capsys.readouterr().err
    assert not (tmp_path / "p.csv").exists()
