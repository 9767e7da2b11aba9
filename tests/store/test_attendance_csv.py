"""Attendance and lates from the MIS: every header variant, the one-decimal rounding before the
colour, every bad line reported by its spreadsheet line, one change for the whole file."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from amtui import cli
from amtui.core.colours import Rag
from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.models import Pupil, Staff
from amtui.core.terms import Term
from amtui.store import attitude, history, pupils
from amtui.store.attendance_csv import (
    import_attendance,
    parse_attendance,
    save_attendance,
    shown_percent,
)
from amtui.store.csv_headers import FileProblems
from amtui.store.db import Database, open_db

DATA = Path(__file__).parents[1] / "data"
UPNS = ("A123456789012", "B123456789013", "C123456789014", "D123456789015", "E123456789016")
TERM = Term(2026, 2)


def _add_pupils(db: Database, admin: Staff) -> None:
    pupils.save_pupils(db, admin, [
        Pupil(upn=upn, forename=f"Pupil{n}", surname="Test", year_group=5, class_name="5W")
        for n, upn in enumerate(UPNS)])


@pytest.fixture
def school(db, admin):
    _add_pupils(db, admin)
    return db


def _figures(db: Database, upn: str, term: Term = TERM) -> tuple:
    att = attitude.get_attitude(db, upn, term, "attendance")
    late = attitude.get_attitude(db, upn, term, "punctuality")
    return att.value, att.colour, late.value, late.colour


def _problems(text: str) -> list[str]:
    with pytest.raises(FileProblems) as refused:
        parse_attendance(text)
    return refused.value.problems


def test_a_sims_export_with_title_rows_imports_rounded_and_coloured(school, slt, scheme):
    report = import_attendance(school, slt, DATA / "attendance_sims.csv", scheme, TERM)
    assert (report.updated, report.unchanged) == (5, 0)
    assert "5 pupils updated" in str(report) and "Autumn 2 (T2)" in str(report)
    assert [_figures(school, upn) for upn in UPNS] == [
        (97.4, Rag.GREEN, 0, Rag.GREEN),
        (90.0, Rag.AMBER, 2, Rag.AMBER),   # 89.95 is shown as 90.0, so it is amber
        (95.0, Rag.AMBER, 5, Rag.RED),     # 95.04 is shown as 95.0, so it is amber
        (89.9, Rag.RED, 1, Rag.AMBER),
        (100.0, Rag.GREEN, 0, Rag.GREEN)]


def test_sessions_become_the_percentage_that_is_shown(school, slt, scheme):
    import_attendance(school, slt, DATA / "attendance_sessions.csv", scheme, TERM)
    assert [_figures(school, upn)[:2] for upn in UPNS] == [
        (96.7, Rag.GREEN),   # 58 / 60
        (90.0, Rag.AMBER),   # 341 / 379 = 89.97…
        (95.0, Rag.AMBER),   # 379 / 399 = 94.99…
        (95.0, Rag.AMBER),   # 114 / 120
        (100.0, Rag.GREEN)]
    assert _figures(school, UPNS[2])[2:] == (4, Rag.RED)


@pytest.mark.parametrize(("given", "stored", "colour"), [
    ("89.95", 90.0, Rag.AMBER), ("95.04", 95.0, Rag.AMBER), ("95.05", 95.1, Rag.GREEN),
    ("89.94", 89.9, Rag.RED), ("90", 90.0, Rag.AMBER), ("0", 0.0, Rag.RED),
    ("100.0", 100.0, Rag.GREEN), ("96.5%", 96.5, Rag.GREEN)])
def test_the_value_is_rounded_to_one_decimal_before_it_is_coloured(school, slt, scheme, given,
                                                                   stored, colour):
    rows = parse_attendance(f"UPN,Attendance %\n{UPNS[0]},{given}\n")
    save_attendance(school, slt, rows, scheme, TERM)
    assert _figures(school, UPNS[0])[:2] == (stored, colour)


def test_rounding_is_half_up_on_the_decimal_written_not_on_its_float():
    assert round(95.05, 1) == 95.0  # the float 95.05 is a hair below it: it would read amber
    assert shown_percent(Decimal("95.05")) == 95.1
    assert shown_percent(Decimal("89.85")) == 89.9
    assert shown_percent(Decimal("89.95")) == 90.0
    assert shown_percent(Decimal(1799) * 100 / Decimal(2000)) == 90.0  # 89.95 exactly


@pytest.mark.parametrize("header", ["Attendance %", "Attendance", "Att %", "  attendance_% ",
                                    "ATT%", "Attendance Percentage"])
def test_every_percentage_header_is_read(header):
    [row] = parse_attendance(f"upn,{header}\n{UPNS[0]},93.2\n")
    assert (row.attendance, row.lates) == (93.2, None)


@pytest.mark.parametrize(("possible", "attended"), [
    ("Possible", "Attended"), ("possible sessions", "Present"), ("POSSIBLE", "attended sessions")])
def test_every_sessions_header_is_read(possible, attended):
    [row] = parse_attendance(f"UPN,{possible},{attended}\n{UPNS[0]},120,117\n")
    assert row.attendance == 97.5


@pytest.mark.parametrize("header", ["Lates", "Late", "Late sessions", "late_sessions", "LATES"])
def test_every_lates_header_is_read(header):
    [row] = parse_attendance(f"UPN,Attendance %,{header}\n{UPNS[0]},93.2,3\n")
    assert row.lates == 3


def test_a_lates_only_file_sets_only_punctuality(school, slt, scheme):
    report = save_attendance(school, slt, parse_attendance(f"UPN,Lates\n{UPNS[0]},2\n"), scheme,
                             TERM)
    assert str(report).startswith("lates for")
    assert _figures(school, UPNS[0]) == (None, None, 2, Rag.AMBER)


def test_every_bad_row_is_reported_by_its_spreadsheet_line():
    text = ("Attendance report,,\n"                 # line 1: a title
            "\n"                                    # line 2: blank
            "UPN,Attendance %,Lates\n"              # line 3: the header
            f"{UPNS[0]},101.2,0\n"                  # 4: over 100
            "not-a-upn,96,0\n"                      # 5
            f"{UPNS[1]},,1\n"                       # 6: empty
            f"{UPNS[2]},n/a,1\n"                    # 7
            f"{UPNS[3]},96,1.5\n"                   # 8: a fraction of a late
            f"{UPNS[3]},-3,0\n"                     # 9: also a duplicate
            f"{UPNS[4]},97,600\n")                  # 10
    problems = _problems(text)
    assert [p.split(":")[0] for p in problems] == [
        "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 9", "line 10"]
    assert "Attendance % 101.2 is over 100" in problems[0]
    assert 'UPN "not-a-upn" is not a UPN' in problems[1]
    assert "Attendance % is empty — fill it in" in problems[2]
    assert 'Attendance % "n/a" is not a number' in problems[3]
    assert 'Lates "1.5" is not a whole number' in problems[4]
    assert "is also on line 8 — list each pupil once" in problems[5]
    assert 'Attendance % "-3" is not a number' in problems[6]
    assert "Lates 600 is more than a half-term has sessions" in problems[7]


def test_attended_more_than_possible_is_refused_with_the_reason():
    problems = _problems(f"Title\nUPN,Possible,Attended\n{UPNS[0]},60,61\n{UPNS[1]},0,0\n")
    assert problems == [
        "line 3: Attended (61) is more than Possible (60) — check the two columns are not "
        "swapped",
        "line 4: Possible is 0, so there is no attendance to work out — remove the pupil's row, "
        "or give the sessions they could have attended"]


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("Name,Attendance\nZoë,97\n", "no header row with a UPN column — the first row is: Name, "
                                  "Attendance"),
    ("UPN;Attendance %\nA123456789012;97\n", "the columns are not separated by commas"),
    ("UPN,Possible,Lates\nA123456789012,60,0\n", "there is a Possible column but no Attended"),
    ("UPN,Name\nA123456789012,Zoë\n", "line 1: no attendance or lates column"),
    ("Report\nUPN,Attendance %\n", "line 2: the file has a header but no pupils")])
def test_a_file_without_the_columns_says_what_it_needs(text, message):
    assert message in "\n".join(_problems(text))


def test_unknown_upns_are_listed_and_nothing_is_saved(school, slt, scheme):
    rows = parse_attendance(f"Title\nUPN,Attendance %\n{UPNS[0]},97\nZ999999999999,96\n"
                            f"{UPNS[1]},95\nY999999999998,94\n")
    with pytest.raises(FileProblems) as refused:
        save_attendance(school, slt, rows, scheme, TERM)
    assert refused.value.problems == [
        f"line {n}: no pupil has the UPN {upn} — import the roster first (amtui import pupils), "
        "or correct the UPN" for n, upn in ((4, "Z999999999999"), (6, "Y999999999998"))]
    assert _figures(school, UPNS[0]) == (None, None, None, None)
    assert school.execute("SELECT count(*) FROM pupils").fetchone()[0] == len(UPNS)


def test_the_whole_file_is_one_change_that_undo_reverts(school, slt, scheme):
    import_attendance(school, slt, DATA / "attendance_sims.csv", scheme, TERM)
    [change] = school.query("SELECT * FROM changes WHERE what LIKE '%attendance import'")
    assert change["what"] == "the 2026-27 T2 attendance import"
    assert school.execute("SELECT count(*) FROM history WHERE change_id = ?",
                          [change["id"]]).fetchone()[0] == 2 * len(UPNS)
    history.undo(school, slt)
    assert all(_figures(school, upn) == (None, None, None, None) for upn in UPNS)


def test_importing_again_updates_only_what_changed(school, slt, scheme):
    import_attendance(school, slt, DATA / "attendance_sims.csv", scheme, TERM)
    again = import_attendance(school, slt, DATA / "attendance_sims.csv", scheme, TERM)
    assert (again.updated, again.unchanged) == (0, 5)
    sessions = import_attendance(school, slt, DATA / "attendance_sessions.csv", scheme, TERM)
    assert sessions.updated == 4  # Shah attended every session, as the SIMS file said


def test_a_teacher_imports_only_for_their_own_class(school, admin, teacher, scheme):
    assert save_attendance(school, teacher, parse_attendance(f"UPN,Att %\n{UPNS[0]},97\n"),
                           scheme, TERM).updated == 1
    pupils.save_pupils(school, admin, [Pupil(upn="F123456789017", forename="A", surname="B",
                                             year_group=2, class_name="2R")])
    rows = parse_attendance(f"UPN,Att %\n{UPNS[1]},97\nF123456789017,91\n")
    with pytest.raises(NotAllowed, match="nothing imported — only 2R's teacher"):
        save_attendance(school, teacher, rows, scheme, TERM)
    assert _figures(school, UPNS[1])[0] is None


def test_an_admin_may_not_change_pupils_records(school, admin, scheme):
    with pytest.raises(NotAllowed, match="only the pupil's teacher or a senior leader"):
        import_attendance(school, admin, DATA / "attendance_sims.csv", scheme, TERM)


def test_a_scheme_without_a_punctuality_area_refuses_lates(school, slt, scheme):
    without = dataclasses.replace(scheme, attitude_areas=tuple(
        a for a in scheme.attitude_areas if a.kind != "punctuality"))
    with pytest.raises(InvalidInput, match="the file has lates figures, but this school's "
                                           "scheme has no punctuality area"):
        import_attendance(school, slt, DATA / "attendance_sims.csv", without, TERM)


# ---- the command line ------------------------------------------------------------------------

@pytest.fixture
def school_db(tmp_path: Path, scheme, monkeypatch) -> Path:
    """A school in a file: an admin, a senior leader, a teacher of 5W and five pupils; "today"
    is in Autumn 2 of 2026-27."""
    from datetime import date

    monkeypatch.setattr(cli, "today", lambda: date(2026, 11, 24))
    path = tmp_path / "school.db"
    db = open_db(path)
    pupils.ensure_subjects(db, scheme)
    admin = pupils.save_staff(db, None, Staff(initials="AD", name="Ms A Dunn", role="admin"))
    pupils.save_staff(db, admin, Staff(initials="SL", name="Mrs S Lee", role="slt"))
    _add_pupils(db, admin)
    db.conn.close()
    return path


def test_the_command_imports_into_the_current_half_term(school_db, capsys):
    assert cli.main(["import", "attendance", str(DATA / "attendance_sims.csv"),
                     "--db", str(school_db), "--as", "SL"]) == 0
    out = capsys.readouterr().out
    assert "attendance and lates for 2026-27 Autumn 2 (T2): 5 pupils updated" in out
    db = open_db(school_db)
    assert _figures(db, UPNS[1]) == (90.0, Rag.AMBER, 2, Rag.AMBER)


def test_the_command_takes_a_half_term_and_a_year(school_db, capsys):
    assert cli.main(["import", "attendance", str(DATA / "attendance_sessions.csv"),
                     "--term", "T6", "--year", "2025-26", "--db", str(school_db),
                     "--as", "SL"]) == 0
    assert "2025-26 Summer 2 (T6)" in capsys.readouterr().out
    assert _figures(open_db(school_db), UPNS[0], Term(2025, 6))[:2] == (96.7, Rag.GREEN)


def test_the_command_lists_bad_lines_and_exits_2(school_db, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"UPN,Attendance %\n{UPNS[0]},120\n")
    assert cli.main(["import", "attendance", str(bad), "--db", str(school_db),
                     "--as", "SL"]) == 2
    assert "line 2: Attendance % 120 is over 100" in capsys.readouterr().err


def test_term_and_year_are_refused_for_other_imports(school_db, capsys):
    assert cli.main(["import", "pupils", str(DATA / "attendance_sims.csv"), "--term", "T1",
                     "--db", str(school_db), "--as", "AD"]) == 2
    assert "--term and --year are for attendance" in capsys.readouterr().err
