"""The roster import meets whatever file a school has: it reads it, or says what is wrong with
it (an AmtuiError naming the line and the fix) — never any other exception."""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils.migrations import Migrations

from amtui import cli
from amtui.core.errors import AmtuiError, InvalidInput
from amtui.core.models import Pupil, Staff
from amtui.core.scheme_file import load_scheme
from amtui.store import csv_headers, exports, migrations, pupils, roster_csv
from amtui.store.db import open_db
from amtui.store.files import write_private
from amtui.store.roster_csv import COLUMNS, Roster, RosterError, read_roster

HEADER = ",".join(COLUMNS) + "\n"
GOOD_ROW = "A123456789012,Zoë,Chen,Y5,5W,21/03/2016,N,Y,N\n"
NOT_ASCII_DIGITS = ["５", "٥", "۵", "५", "²", "𝟓"]

ADMIN = Staff(initials="AD", name="Ms A Dunn", role="admin")  # exports: admins, leaders


def _read(raw: bytes) -> list[Pupil]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_bytes(raw)
        return read_roster(path)


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _refused(raw: bytes) -> str:
    with pytest.raises(AmtuiError) as refused:
        _read(raw)
    return str(refused.value)


def test_a_good_roster_reads():
    [pupil] = _read((HEADER + GOOD_ROW).encode())
    assert (pupil.upn, pupil.forename, pupil.year_group, pupil.pupil_premium) == \
        ("A123456789012", "Zoë", 5, True)


@pytest.mark.parametrize("raw", [b"UPN\x00,Forename", (HEADER + GOOD_ROW).encode("utf-16-le"),
                                 (HEADER + "A123456789012,Zo\x00e,Chen,5,5W,,,,\n").encode()],
                         ids=["nul-in-header", "utf-16-without-bom", "nul-in-a-name"])
def test_a_nul_byte_means_the_file_is_not_csv_text(raw):
    with pytest.raises(InvalidInput, match=r"line \d+: the file has a NUL character, so it is not "
                                           "CSV text — in your spreadsheet, save it as"):
        _read(raw)


def test_a_nul_is_reported_on_its_line():
    assert _refused((HEADER + GOOD_ROW + "B123456789012,A\x00,B,5,5W\n").encode()) \
        .startswith("line 3: the file has a NUL character")


def test_a_field_too_big_for_csv_is_a_per_file_message():
    message = _refused((HEADER + 'A123456789012,"' + "x" * 200_000 + '",Chen,5,5W\n').encode())
    assert message.startswith("nothing imported") and "cannot be read as CSV" in message


@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_only_ascii_digits_make_a_upn_or_a_date(digit):
    upn = _refused((HEADER + f"A12345678901{digit},Zoë,Chen,5,5W,,,,\n").encode())
    assert "is not a UPN — it is a letter then 12 digits" in upn
    dob = _refused((HEADER + f"A123456789012,Zoë,Chen,5,5W,2{digit}/03/2016,,,\n").encode())
    assert "is not a date — write it as dd/mm/yyyy" in dob


def test_a_upn_is_ascii_letters_too():
    # "ı".upper() is "I": a dotless i must not become a UPN's letter
    assert "is not a UPN" in _refused((HEADER + "ı123456789012,Zoë,Chen,5,5W\n").encode())


def test_a_huge_cell_is_quoted_briefly():
    message = _refused((HEADER + "1" * 5000 + ",Zoë,Chen," + "9" * 5000 + ",5W\n").encode())
    assert len(message) < 400 and "…" in message


def export_pupils(db, out: Path) -> int:
    """The roster as `amtui export pupils` writes it."""
    return exports.export(db, load_scheme(), "pupils", out, today=date(2026, 11, 24), who=ADMIN)


def test_a_roster_with_formulas_exports_as_text_and_imports_as_it_was(tmp_path, monkeypatch):
    odd = [Pupil(upn="A123456789012", forename="=HYPERLINK(\"x\")", surname="-Chen",
                 year_group=5, class_name="@5W"),
           Pupil(upn="B123456789012", forename="+Zoë", surname="Evans", year_group=0,
                 class_name="\tRB")]
    monkeypatch.setattr(exports.pupils, "list_pupils", lambda db: odd)
    out = tmp_path / "pupils.csv"
    assert export_pupils(open_db(tmp_path / "school.db"), out) == 2
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert [row[:5] for row in rows[1:]] == [
        ["A123456789012", "'=HYPERLINK(\"x\")", "'-Chen", "Y5", "'@5W"],
        ["B123456789012", "'+Zoë", "Evans", "R", "'\tRB"]]
    back = read_roster(out)
    assert [(p.forename, p.surname, p.class_name) for p in back] == \
        [("=HYPERLINK(\"x\")", "-Chen", "@5W"), ("+Zoë", "Evans", "RB")]


def test_an_apostrophe_that_guards_nothing_is_kept():
    [pupil] = _read((HEADER + "A123456789012,'Ana,O'Neill,5,5W\n").encode())
    assert (pupil.forename, pupil.surname) == ("'Ana", "O'Neill")


# ---- rosters as MIS export them -----------------------------------------------------------------

DATA = Path(__file__).parents[1] / "data"
TITLED = ("Student List,,,,,\nPrinted 02/09/2025 08:15,,,,,\n,,,,,\n"
          "UPN,Legal Forename,Preferred Forename,Surname,Reg Group,Year Taught In,DOB\n")


def _text(text: str) -> Roster:
    return roster_csv.check_roster(text)


def _problems(text: str) -> list[str]:
    with pytest.raises(RosterError) as refused:
        _text(text)
    return refused.value.problems


def _row(pupil: Pupil) -> tuple:
    return (pupil.upn, pupil.forename, pupil.surname, pupil.legal_forename, pupil.legal_surname,
            pupil.year_group, pupil.class_name, pupil.dob, pupil.sen, pupil.pupil_premium,
            pupil.eal)


SAMPLES = {
    "sims_roster.csv": (
        [("K801200024001", "Chidi", "Okonkwo-Barnes", "Chidinma", None, 5, "5W",
          date(2015, 11, 2), False, False, True),
         ("Z801200024002", "Thomas", "Fairweather", None, None, 5, "5W", date(2016, 3, 21),
          True, True, False),
         ("N801200024003", "Immy", "Hart", "Imogen", "Quinlan-Hart", 5, "5W", date(2016, 7, 14),
          True, False, False),
         ("R801200023004", "Seun", "Adeyemi", "Oluwaseun", None, 5, "5H", date(2015, 9, 30),
          False, True, True),
         ("V80120002501A", "Zofia", "Kowalczyk", None, None, 0, "RB", date(2020, 12, 5), False,
          False, True),
         ("A801200022005", "Alfie", "Pemberton", None, None, 0, "RB", date(2021, 4, 19), False,
          False, False)],
        ["line 10: UPN A801200022005's check letter does not match its digits"]),
    "arbor_roster.csv": (
        [("E938211519001", "Tilly", "Ashworth", "Matilda", None, 6, "6A", date(2014, 10, 14),
          False, False, False),
         ("U938211519002", "Reuben", "Castellano", None, None, 6, "6A", date(2015, 2, 3), True,
          True, True),
         ("V938211520003", "Priya", "Raman", None, None, 5, "5A", date(2016, 3, 21), False,
          False, True),
         ("J938211520004", "Nell", "Whitcombe", "Eleanor", "Whitcombe-Lee", 5, "5A",
          date(2016, 2, 29), True, True, False),
         ("N93821152200B", "Dawit", "Haile", None, None, 0, "RA", date(2021, 1, 11), False, False,
          True),
         ("P938211518006", "Freya", "Lindqvist", None, None, 1, "1A", date(2019, 6, 6), False,
          False, False),
         ("C938211521007", "Lucas", "Ferreira", None, None, 0, "RA", date(2021, 5, 23), False,
          True, True)],
        ["line 8: UPN C938211521007's check letter does not match its digits"]),
    "bromcom_roster.csv": (
        [("G330412417101", "Harriet", "Blackwood", None, None, 3, "3B", date(2017, 12, 7), False,
          False, False),
         ("W330412417102", "Kofi", "Mensah-Ward", None, None, 3, "3B", date(2018, 3, 21), True,
          True, True),
         ("W330412418103", "Ottilie", "Fenwick", None, None, 2, "2B", date(2019, 1, 15), False,
          False, False),
         ("X330412419104", "Ravi", "Chaudhry", None, None, 1, "1B", date(2020, 8, 30), False,
          True, True),
         ("C330412416105", "Sienna", "Marlowe", None, None, 4, "4B", date(2016, 9, 2), True,
          False, False),
         ("L330412420106", "Jonah", "Abernethy", None, None, 0, "RB", date(2020, 11, 19), False,
          False, False),
         ("E33041242010C", "Amira", "Haddad", None, None, 0, "RB", date(2021, 7, 4), False, False,
          True)],
        ["line 8: UPN X330412419104's check letter does not match its digits"]),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_mis_export_reads_with_its_warnings(name):
    """Title rows, Excel's dates, preferred and legal names, SEN and FSM codes, a temporary UPN
    and a wrong check letter, as SIMS, Arbor and Bromcom files have them."""
    expected, warnings = SAMPLES[name]
    roster = roster_csv.load_roster(DATA / name)
    assert [_row(p) for p in roster.pupils] == expected
    assert len(roster.warnings) == len(warnings)
    assert all(w.startswith(start) for w, start in zip(roster.warnings, warnings, strict=True))
    assert "imported as written" in roster.warnings_text()


def test_the_fields_claim_distinct_headers_and_export_only_headers_they_read():
    assert len(roster_csv.HEADERS) == sum(len(f.headers) for f in roster_csv.FIELDS)
    assert all(csv_headers.norm(c) in roster_csv.HEADERS for c in COLUMNS)


@pytest.mark.parametrize(("field", "header"), [
    (spec.name, header) for spec in roster_csv.FIELDS for header in spec.headers])
def test_every_header_the_help_lists_is_read(field, header):
    values = {"UPN": "B801200005001", "Forename": "Zoë", "Surname": "Chen", "Year": "Y5",
              "Class": "5W", "DOB": "21/03/2016", "SEN": "K", "Pupil premium": "Y", "EAL": "Y",
              "Preferred forename": "Zo", "Legal forename": "Zoë", "Preferred surname": "Chen",
              "Legal surname": "Chen-Li", "Admission number": "001234", "Gender": "Female"}
    fallback = {"Preferred forename": "Forename", "Legal forename": "Forename",
                "Preferred surname": "Surname", "Legal surname": "Surname"}
    columns = [c for c in roster_csv.REQUIRED if c != fallback.get(field)]
    odd = header.upper().replace(" ", "  ")  # case and spacing do not matter
    text = _csv_text([[*columns, odd], [*(values[c] for c in columns), values[field]]])
    [pupil] = _text(text).pupils
    read = {"UPN": pupil.upn, "Forename": pupil.forename, "Surname": pupil.surname,
            "Year": str(pupil.year_group), "Class": pupil.class_name, "DOB": str(pupil.dob),
            "SEN": pupil.sen, "Pupil premium": pupil.pupil_premium, "EAL": pupil.eal,
            "Preferred forename": pupil.forename, "Legal forename": pupil.forename,
            "Preferred surname": pupil.surname, "Legal surname": pupil.surname,
            "Admission number": pupil.upn, "Gender": pupil.gender}
    assert read[field] == {"Year": "5", "DOB": "2016-03-21", "SEN": True, "Pupil premium": True,
                           "EAL": True, "Admission number": "B801200005001",
                           "Gender": "F"}.get(field, values[field])


@pytest.mark.parametrize(("value", "gender"), [
    ("F", "F"), ("f", "F"), ("Female", "F"), ("FEMALE", "F"), (" girl ", "F"), ("M", "M"),
    ("male", "M"), ("Boy", "M"), ("BOY", "M"), ("  Non-binary ", "Non-binary"), ("X", "X"),
    ("", None), ("   ", None)])
def test_the_gender_column_reads_f_and_m_and_keeps_any_other_value(value, gender):
    [pupil] = _text(_csv_text([["UPN", "Forename", "Surname", "Year", "Class", "Gender"],
                               ["B801200005001", "Zoë", "Chen", "5", "5W", value]])).pupils
    assert pupil.gender == gender


@pytest.mark.parametrize("header", ["Gender", "Sex", "Legal sex", "LEGAL SEX"])
def test_the_gender_column_has_the_headers_mis_exports_give_it(header):
    [pupil] = _text(f"UPN,Forename,Surname,Year,Class,{header}\n"
                    "B801200005001,Zoë,Chen,5,5W,Girl\n").pupils
    assert pupil.gender == "F"


def test_a_roster_without_a_gender_column_reads_none():
    [pupil] = _text("UPN,Forename,Surname,Year,Class\nB801200005001,Zoë,Chen,5,5W\n").pupils
    assert pupil.gender is None


def test_the_gender_is_stored_exported_and_read_back(db, admin, tmp_path):
    roster = _text("UPN,Forename,Surname,Year,Class,Sex\n"
                   "B801200005001,Zoë,Chen,5,5W,female\n"
                   "V00000020012B,Sam,Ode,5,5W,\n"
                   "A123456789012,Ali,Khan,5,5W,Not stated\n")
    roster_csv.save_roster(db, admin, roster.pupils)
    stored = {p.upn: p.gender for p in pupils.list_pupils(db)}
    assert stored == {"B801200005001": "F", "V00000020012B": None,
                      "A123456789012": "Not stated"}
    assert db.execute("SELECT count(*) FROM pupils WHERE gender IS NULL").fetchone()[0] == 1
    assert export_pupils(db, tmp_path / "out.csv") == 3
    assert {p.upn: p.gender for p in read_roster(tmp_path / "out.csv")} == stored
    again = roster_csv.save_roster(db, admin, read_roster(tmp_path / "out.csv"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_the_import_help_lists_the_gender_column():
    assert "Gender: Gender, Sex, Legal Sex" in roster_csv.headers_help(200)


def test_the_preferred_name_is_shown_and_the_legal_one_kept():
    text = ("Legal Forename,Legal Surname,Preferred Forename,Preferred Surname,Forename,UPN,"
            "Year,Class\n"
            "Alexandra,Smith-Jones,Lexi,Jones,Alex,B801200005001,5,5W\n"
            "Alexandra,Smith,,,,V00000020012B,5,5W\n")
    lexi, alexandra = _text(text).pupils
    assert (lexi.display_name, lexi.legal_forename, lexi.legal_surname) == \
        ("Jones, Lexi", "Alexandra", "Smith-Jones")
    assert (alexandra.display_name, alexandra.legal_forename, alexandra.legal_surname) == \
        ("Smith, Alexandra", None, None)


def test_a_plain_forename_beside_a_preferred_one_is_the_legal_one():
    text = "UPN,Forename,Preferred Forename,Surname,Year,Class\nB801200005001,Thomas,Tom,Ng,5,5W\n"
    [pupil] = _text(text).pupils
    assert (pupil.forename, pupil.legal_forename) == ("Tom", "Thomas")


@pytest.mark.parametrize(("value", "year"), [
    ("Year R", 0), ("YR", 0), ("Reception", 0), ("R", 0), ("year  r", 0), ("Year 5", 5),
    ("5", 5), ("Y5", 5), ("y 5", 5), ("Year 11", 11)])
def test_year_groups_as_exports_write_them(value, year):
    [pupil] = _text(f"UPN,Forename,Surname,NC Year,Class\nB801200005001,A,B,{value},5W\n").pupils
    assert pupil.year_group == year


@pytest.mark.parametrize(("value", "born"), [
    ("2015-11-02 00:00:00", date(2015, 11, 2)), ("2015-11-02", date(2015, 11, 2)),
    ("2015-11-02T00:00:00", date(2015, 11, 2)), ("21-Mar-2016", date(2016, 3, 21)),
    ("21-mar-16", date(2016, 3, 21)), ("21 March 2016", date(2016, 3, 21)),
    ("21/03/16", date(2016, 3, 21)), ("21/03/2016", date(2016, 3, 21)),
    ("2016-03-21", date(2016, 3, 21)), ("1/3/2016", date(2016, 3, 1)),
    ("21/03/2016 00:00", date(2016, 3, 21)), ("21-03-2016", date(2016, 3, 21)),
    ("29/02/2016", date(2016, 2, 29)), ("", None)])
def test_dates_as_excel_writes_them(value, born):
    [pupil] = _text(f"UPN,Forename,Surname,Year,Class,Date of Birth\n"
                    f"B801200005001,A,B,5,5W,{value}\n").pupils
    assert pupil.dob == born


@pytest.mark.parametrize("value", ["31/02/2016", "21/13/2016", "21-Smarch-2016", "2016/03/21",
                                   "21/03/2016 lunchtime", "03/21", "21.03-2016", "0/03/2016"])
def test_a_date_that_is_not_one_is_refused_with_the_forms(value):
    [problem] = _problems(f"UPN,Forename,Surname,Year,Class,DOB\nB801200005001,A,B,5,5W,{value}\n")
    assert problem.startswith(f'line 2: DOB "{value}" is not a date — write it as dd/mm/yyyy')


@pytest.mark.parametrize(("sen", "fsm", "flags"), [
    ("N", "F", (False, False)), ("", "", (False, False)), ("K", "T", (True, True)),
    ("E", "Y", (True, True)), ("Y", "Yes", (True, True)), ("None", "No", (False, False)),
    ("n", "True", (False, True)), ("k", "FALSE", (True, False))])
def test_sen_and_fsm_codes(sen, fsm, flags):
    [pupil] = _text(f"UPN,Forename,Surname,Year,Class,SEN Status,FSM\n"
                    f"B801200005001,A,B,5,5W,{sen},{fsm}\n").pupils
    assert (pupil.sen, pupil.pupil_premium) == flags


def test_unknown_sen_and_fsm_codes_say_which_codes_to_use():
    problems = _problems("UPN,Forename,Surname,Year,Class,SEN Status,Pupil Premium Indicator\n"
                         "B801200005001,A,B,5,5W,Q,Maybe\n")
    assert problems == [
        'line 2: SEN "Q" is not an SEN status — use N (none), K (SEN support), E (EHC plan), or '
        "Y / N (blank means none)",
        'line 2: Pupil premium "Maybe" is not yes or no — use Y or N, T or F, Yes or No (blank '
        "means no)"]


def test_title_rows_are_skipped_and_lines_are_the_spreadsheets():
    text = TITLED + "B801200005001,Alexandra,Lexi,Jones,5W,Year 5,21-Mar-2016\n"
    [pupil] = _text(text).pupils
    assert (pupil.forename, pupil.legal_forename) == ("Lexi", "Alexandra")
    warned = _text(TITLED + "\n\nA801200005001,Alexandra,,Jones,5W,Year 5,\n").warnings
    assert warned == ["line 7: UPN A801200005001's check letter does not match its digits (the "
                      "DfE rule) — check the UPN in your MIS: a letter or digit may be mistyped"]


def test_every_bad_row_is_listed_by_its_line_and_nothing_is_read():
    rows = ["B801200005001,Alexandra,Lexi,Jones,5W,Year 5,21/03/2016",  # line 5: good
            "V00000020012B,,,Jones,5W,Year 5,",                        # 6: no name
            "E938211519001,Ann,,Lee,5W,Year 14,",                      # 7: unknown year
            "U938211519002,Ann,,Lee,5W,Year 5,31/02/2016",             # 8: bad date
            '"B801200005001\n",Ann,,Lee,5W,Year 5,',                   # 9: duplicate UPN
            "B80120000500,Ann,,Lee,5W,Year 5,",                        # 11: malformed UPN
            "B80120000500I,Ann,,Lee,5W,Year 5,",                       # 12: malformed temporary
            ",Ann,,Lee,5W,Year 5,",                                    # 13: no UPN
            "N93821152200B,Ann,,Lee,,5,"]                              # 14: no class
    problems = _problems(TITLED + "\n".join(rows[:5]) + "\n\n" + "\n".join(rows[5:]) + "\n")
    assert problems == [
        "line 6: Legal Forename is empty — fill it in",
        'line 7: Year "Year 14" is not a year group — use R, Y1 … Y11 (or 0–11)',
        'line 8: DOB "31/02/2016" is not a date — write it as dd/mm/yyyy (e.g. 21/03/2016), '
        "21-Mar-2016 or yyyy-mm-dd",
        "line 9: UPN B801200005001 is also on line 5 — list each pupil once",
        'line 11: UPN "B80120000500" is not a UPN — it is a letter then 12 digits (e.g. '
        "B801200005001), or for a temporary UPN a letter, 11 digits and a letter",
        'line 12: UPN "B80120000500I" is not a UPN — it is a letter then 12 digits (e.g. '
        "B801200005001), or for a temporary UPN a letter, 11 digits and a letter",
        "line 13: UPN is empty — fill in the pupil's UPN from your MIS",
        "line 14: Class is empty — fill it in"]


def test_a_header_without_a_required_column_names_it_and_the_help():
    [problem] = _problems("Pupil list,,\n,,\nUPN,Preferred Forename,Reg Group,Year\n"
                          "B801200005001,A,5W,5\n")
    assert problem == ("line 3: no Surname column — the headers found are: UPN, Preferred "
                       "Forename, Reg Group, Year; the roster needs UPN, Forename, Surname, Year, "
                       "Class (`amtui import pupils --help` lists the headers each may have)")


def test_semicolons_under_a_title_row_are_named():
    [problem] = _problems("Pupil list\nUPN;Forename;Surname;Year;Class\nB801200005001;A;B;5;5W\n")
    assert problem.startswith("line 2: the columns are not separated by commas")


def test_legal_names_are_stored_and_exported_and_read_back_unchanged(db, admin, tmp_path):
    roster = roster_csv.load_roster(DATA / "sims_roster.csv")
    report = roster_csv.save_roster(db, admin, roster.pupils)
    assert (report.added, report.updated) == (6, 0)
    stored = pupils.get_pupil(db, "N801200024003")
    assert (stored.display_name, stored.legal_forename, stored.legal_surname) == \
        ("Hart, Immy", "Imogen", "Quinlan-Hart")
    assert export_pupils(db, tmp_path / "out.csv") == 6
    again = roster_csv.save_roster(db, admin, read_roster(tmp_path / "out.csv"))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)


def test_a_school_from_before_legal_names_keeps_its_pupils(tmp_path):
    path = tmp_path / "school.db"
    older = Migrations(migrations.MIGRATION_SET)
    for name, step in migrations.STEPS.items():
        if name != "0004_legal_names":
            older(name=name)(step)
    conn = sqlite3.connect(path, isolation_level=None)
    older.apply(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO classes (name, year_group) VALUES ('5W', 5)")
    conn.execute("INSERT INTO pupils (upn, forename, surname, year_group, class_name) "
                 "VALUES ('B801200005001', 'Zoë', 'Chen', 5, '5W')")
    conn.close()
    pupil = pupils.get_pupil(open_db(path), "B801200005001")
    assert (pupil.display_name, pupil.legal_forename, pupil.legal_surname) == \
        ("Chen, Zoë", None, None)


def test_import_pupils_help_lists_every_accepted_header(capsys):
    assert cli.main(["import", "pupils", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for spec in roster_csv.FIELDS:
        assert f"{spec.name}: {', '.join(spec.headers)} —" in out


def test_import_lists_the_warnings_after_the_summary(tmp_path, capsys):
    path = tmp_path / "school.db"
    assert cli.main(["staff", "add", "AD", "Ms A Dunn", "--role", "admin", "--db", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["import", "pupils", str(DATA / "bromcom_roster.csv"), "--db", str(path),
                     "--as", "AD"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "1 warning (imported as written — correct them in your MIS and import again):",
        "  line 8: UPN X330412419104's check letter does not match its digits (the DfE rule) — "
        "check the UPN in your MIS: a letter or digit may be mistyped"]
    assert len(pupils.list_pupils(open_db(path))) == 7


# ---- fuzzing: whatever the file holds, the answer is pupils or an AmtuiError --------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cells = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["A123456789012", "B123456789012", "Y5", "R", "5", "Y", "N", "", "21/03/2016",
                     "2016-02-30", "=1+1", "'=1+1", "\x00", "\r", '"', "５", "T²"]),
    st.builds(lambda n: "1" * n, st.integers(4250, 5000)))


def _answer(raw: bytes) -> None:
    try:
        result = _read(raw)
    except AmtuiError as exc:
        assert str(exc)
        if isinstance(exc, RosterError):
            assert exc.problems and all(exc.problems)
        return
    assert all(isinstance(pupil, Pupil) for pupil in result)
    assert all(pupil.upn.isascii() and "\x00" not in pupil.forename for pupil in result)


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_are_a_roster_or_an_amtui_error(raw):
    _answer(raw)


@FUZZ
@given(st.text(max_size=400), st.sampled_from(["", "\ufeff"]))
def test_any_text_is_a_roster_or_an_amtui_error(text, bom):
    _answer((bom + text).encode("utf-8"))


@FUZZ
@given(st.lists(st.lists(cells, max_size=11), max_size=6))
def test_any_rows_under_the_real_header_are_a_roster_or_an_amtui_error(rows):
    _answer((HEADER + _csv_text(rows)).encode("utf-8"))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "Z", "ı", "a"]),
                          st.text("0123456789５٥", min_size=11, max_size=13),
                          cells, cells, cells, cells, cells), max_size=6))
def test_rows_that_look_like_pupils_are_a_roster_or_an_amtui_error(rows):
    text = _csv_text([[letter + digits, *rest, "", "", ""] for letter, digits, *rest in rows])
    _answer((HEADER + text).encode("utf-8"))


@FUZZ
@given(st.lists(st.lists(cells, max_size=11), max_size=4))
def test_whatever_write_private_writes_reads_back_or_is_refused(rows):
    with tempfile.TemporaryDirectory() as folder:
        out = write_private(Path(folder) / "r.csv", [list(COLUMNS), *rows])
        _answer(out.read_bytes())
