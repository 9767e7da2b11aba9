"""The printed profile: what it says, how many pages, and the files it writes."""

from __future__ import annotations

import io
import shutil
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from amtui.core.colours import Rag
from amtui.core.errors import AmtuiError, NotFound
from amtui.core.models import Pupil, StartingPoint
from amtui.core.scale import Step
from amtui.core.terms import Term
from amtui.report.data import profile_data
from amtui.report.printing import print_class, print_profiles, print_pupil, printer_name
from amtui.report.profile import ProfilePDF, render_each, render_profile
from amtui.store import attainment, attitude, meetings, pupils, self_assessment, targets

UPN, EMPTY = "A123456789012", "B123456789012"
TODAY = date(2026, 11, 24)
S = Step.parse


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def school(db, teacher, slt, scheme, term):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn=UPN, forename="Zoë", surname="Dąbrowski", year_group=5, class_name="5W"),
        Pupil(upn=EMPTY, forename="Oğuz", surname="Siân-Łukasz", year_group=5, class_name="5W")])
    for subject, start in (("Reading", "2b+"), ("Writing", "2w+"), ("Maths", "2w+")):
        targets.set_starting_point(db, slt, StartingPoint(
            upn=UPN, subject=subject, year_group=2, step=S(start), label="KS1 result"),
            scheme, end_year=6, seen=0)
    targets.change_target(db, teacher, UPN, "Reading", 5, S("5w+"),
                          "Raised due to good performance at the end of Year 4", scheme,
                          seen=targets.get_target(db, UPN, "Reading", 5).version)

    def step(subject: str, when: Term, text: str) -> None:
        seen = attainment.get_attainment(db, UPN, subject, when).version
        attainment.set_step(db, teacher, UPN, subject, when, S(text), seen=seen)

    for subject in ("Reading", "Writing", "Maths"):
        step(subject, Term(2025, 6), "4w+")
        step(subject, Term(2026, 1), "4s")
    step("Reading", term, "5b")
    step("Writing", term, "4s+")
    step("Maths", term, "4s")
    attainment.set_override(db, teacher, UPN, "Maths", term, Rag.AMBER,
                            "recent maths assessment shows little progress",
                            seen=attainment.get_attainment(db, UPN, "Maths", term).version)
    attitude.set_value(db, teacher, UPN, term, "attendance", 97.2, scheme, seen=0)
    attitude.set_colour(db, teacher, UPN, term, "homework", Rag.AMBER, seen=0)
    attitude.set_comment(db, teacher, UPN, term, "uniform", "Never has PE kit", seen=0)
    meetings.add_next_step(db, teacher, UPN, term, "Maths",
                           "Read, write and order numbers to 1 000 000")
    meetings.add_next_step(db, teacher, UPN, term, "Maths", "Find equivalent fractions")
    meetings.add_next_step(db, teacher, UPN, term, "Attitude", "Bring PE kit every Monday")
    meetings.add_support(db, teacher, UPN, term, "learning",
                         "Focussed teaching with a TA, 3 × 15 minutes a week")
    meetings.update_meeting(db, teacher, UPN, term, judgement=2,
                            seen=meetings.get_meeting(db, UPN, term).version)
    return db


def _render(db, scheme, upn=UPN, **kw) -> tuple[str, int]:
    return _text(render_profile(profile_data(db, scheme, upn, Term(2026, 2), today=TODAY, **kw)))


def test_the_profile_says_what_the_meeting_agreed(school, scheme):
    text, pages = _render(school, scheme)
    assert pages == 1
    for expected in ("Zoë Dąbrowski", "Year 5", "Miss K Webb", "24/11/2026", "KS1 result 2b+",
                     "5w+ ↑", "Raised due to good performance", "G 5b", "A 4s",
                     "Amber: recent maths assessment shows little progress",
                     "Read, write and order numbers to 1 000 000", "Find equivalent fractions",
                     "Focussed teaching with a TA", "G 97.2%", "Never has PE kit",
                     "Bring PE kit every Monday", "Key to stages", "T2 Autumn 2"):
        assert expected in text, expected


def test_unsigned_prints_draft_and_signed_does_not(school, scheme, teacher, term):
    assert "DRAFT" in _render(school, scheme)[0]
    signed = meetings.sign(school, teacher, UPN, term, "teacher",
                           seen=meetings.get_meeting(school, UPN, term).version)
    meetings.sign(school, teacher, UPN, term, "pupil", seen=signed.version)
    text, _ = _render(school, scheme)
    assert "DRAFT" not in text
    assert "Miss K Webb" in text.split("Signed (teacher)")[1]


def test_the_parents_copy_adds_the_grading_key_on_its_own_page(school, scheme):
    text, pages = _render(school, scheme, parents=True)
    assert pages == 2
    key = text.split("Grading key")[1]
    assert "Attendance over 95%" in key and "Never late" in key
    assert " ".join(scheme.progress_descriptors.red.split()[:3]) in key


def test_the_agreed_judgement_and_the_aspirations_print_at_the_foot_of_one_page(
        school, scheme, teacher, term):
    meetings.update_meeting(school, teacher, UPN, term, aspirations="Vet",
                            seen=meetings.get_meeting(school, UPN, term).version)
    self_assessment.save_self_assessment(school, teacher, UPN, term, {"overall": 3}, seen=0,
                                         want_to_be="a vet", went_well="times tables")
    for parents, expected_pages in ((False, 1), (True, 2)):
        text, pages = _render(school, scheme, parents=parents)
        assert pages == expected_pages
        page = text.split("Grading key")[0]
        closing = page.split("Aspirations")[1].split("Signed (teacher)")[0]
        assert "Vet" in closing and "I want to be: a vet" in closing
        assert "What went well: times tables" in closing
        assert "Agreed judgement" in closing
        assert "Good (the pupil's own view: Outstanding)" in closing


def test_a_judgement_not_yet_agreed_says_so(school, scheme, teacher, term):
    meetings.update_meeting(school, teacher, UPN, term, judgement=None,
                            seen=meetings.get_meeting(school, UPN, term).version)
    text, _ = _render(school, scheme)
    assert "Agreed judgement" in text and "not yet agreed" in text


def test_a_pupil_with_no_data_still_prints_sensibly(school, scheme):
    text, pages = _render(school, scheme, upn=EMPTY)
    assert pages == 1 and "Oğuz Siân-Łukasz" in text and "No targets set yet" in text


def test_long_text_wraps_within_two_pages(school, scheme, teacher, term):
    for n in range(12):
        meetings.add_next_step(school, teacher, UPN, term, "Writing",
                               f"Step {n}: " + "use a wide range of sentence openers " * 12)
    for _ in range(10):
        meetings.add_support(school, teacher, UPN, term, "learning",
                             "Daily reading with an adult " * 20)
    text, pages = _render(school, scheme)
    assert pages <= 2 and "… and" in text


def test_folder_output_is_one_private_file_per_pupil(school, scheme, tmp_path):
    seen = []
    paths = print_profiles(school, scheme, [UPN, EMPTY], Term(2026, 2), parents=False,
                           out=tmp_path / "out", one_file=False,
                           progress=lambda i, n: seen.append((i, n)), today=TODAY)
    assert [p.name for p in paths] == ["5W Dabrowski Zoe T2 2026-27.pdf",
                                       "5W Sian-Lukasz Oguz T2 2026-27.pdf"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert seen == [(1, 2), (2, 2)]
    one = print_profiles(school, scheme, [UPN, EMPTY], Term(2026, 2), parents=False,
                         out=tmp_path / "class.pdf", one_file=True, today=TODAY)
    assert _text(one[0].read_bytes())[1] == 2


def test_pupils_with_the_same_name_get_a_file_each(school, scheme, teacher, tmp_path):
    twin = "C123456789012"
    pupils.save_pupils(school, pupils.get_staff(school, "AD"), [
        Pupil(upn=twin, forename="Zoë", surname="Dąbrowski", year_group=5, class_name="5W")])
    paths = print_profiles(school, scheme, [UPN, twin], Term(2026, 2), parents=False,
                           out=tmp_path, one_file=False, today=TODAY)
    assert [p.name for p in paths] == ["5W Dabrowski Zoe T2 2026-27.pdf",
                                       "5W Dabrowski Zoe T2 2026-27 9012.pdf"]


def test_a_printer_command_gets_the_file(school, scheme, tmp_path):
    log = tmp_path / "printed.txt"
    fake = tmp_path / "fake-lp"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n")
    fake.chmod(0o755)
    printing = replace(scheme.printing, command=f"{fake} -d staffroom",
                       folder=str(tmp_path / "pdfs"))
    configured = replace(scheme, printing=printing)
    result = print_pupil(school, configured, UPN, Term(2026, 2))
    assert result.sent_to == f"{fake} -d staffroom"
    assert log.read_text().strip() == f"-d staffroom {result.paths[0]}"


def test_a_failing_printer_is_reported_and_the_pdf_kept(school, scheme, tmp_path):
    printing = replace(scheme.printing, command="false", folder=str(tmp_path))
    with pytest.raises(AmtuiError, match="printer refused"):
        print_pupil(school, replace(scheme, printing=printing), UPN, Term(2026, 2))
    assert list(tmp_path.glob("*.pdf"))


def test_a_missing_pupil_is_named(school, scheme, tmp_path):
    with pytest.raises(NotFound):
        print_profiles(school, scheme, ["Z000000000000"], Term(2026, 2), parents=False,
                       out=tmp_path / "x.pdf", one_file=True)


def test_a_whole_demo_class_prints_one_page_each(demo_db, scheme, tmp_path):
    calls = []
    result = print_class(demo_db, scheme, "5W", Term(2026, 2), folder=tmp_path,
                         progress=lambda i, n: calls.append(i))
    text, pages = _text(result.paths[0].read_bytes())
    assert pages == 30 and calls == list(range(1, 31))
    assert result.sent_to is None and "Miss K Webb" in text


# ---- file names: a class's one file and its parents' copy never overwrite each other ------------

def test_one_file_and_the_parents_copy_are_named_by_class_and_copy(school, scheme, tmp_path):
    for _ in range(2):  # printing the same thing again replaces the same file
        for parents in (False, True):
            print_profiles(school, scheme, [UPN, EMPTY], Term(2026, 2), parents=parents,
                           out=tmp_path, one_file=True, today=TODAY)
    files = sorted(tmp_path.iterdir())
    assert [p.name for p in files] == ["5W T2 2026-27 parents.pdf", "5W T2 2026-27.pdf"]
    assert [_text(p.read_bytes())[1] for p in files] == [4, 2]  # + a grading key each
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)


def test_the_parents_copies_one_per_pupil_get_their_own_names(school, scheme, tmp_path):
    names = {parents: [p.name for p in print_profiles(
        school, scheme, [UPN, EMPTY], Term(2026, 2), parents=parents, out=tmp_path,
        one_file=False, today=TODAY)] for parents in (False, True)}
    assert names[True] == ["5W Dabrowski Zoe T2 2026-27 parents.pdf",
                           "5W Sian-Lukasz Oguz T2 2026-27 parents.pdf"]
    assert len(list(tmp_path.glob("*.pdf"))) == 4


def test_the_grid_names_a_class_file_as_the_command_line_does(school, scheme, tmp_path):
    paths = [print_class(school, scheme, "5W", Term(2026, 2), folder=tmp_path, parents=parents,
                         one_file=one_file).paths
             for one_file in (True, False) for parents in (False, True)]
    assert [p.name for p in paths[0] + paths[1]] == ["5W T2 2026-27.pdf",
                                                     "5W T2 2026-27 parents.pdf"]
    assert {p.parent.name for p in paths[2] + paths[3]} == {"5W T2 2026-27"}
    assert len(list(tmp_path.rglob("*.pdf"))) == 6


def test_print_one_file_with_and_without_parents_from_the_command_line(demo_path, tmp_path,
                                                                       capsys):
    from amtui import cli

    db = tmp_path / "demo.db"
    shutil.copyfile(demo_path, db)
    db.chmod(0o600)
    out = tmp_path / "out"
    for extra in ([], ["--parents"]):
        assert cli.main(["print", "profile", "--class", "5W", "--one-file", "--out", str(out),
                         "--db", str(db), "--year", "2026-27", "--term", "T2", *extra]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["5W T2 2026-27 parents.pdf",
                                                    "5W T2 2026-27.pdf"]
    assert capsys.readouterr().out.split("\n")[:2] == [str(out / "5W T2 2026-27.pdf"),
                                                       str(out / "5W T2 2026-27 parents.pdf")]


@pytest.mark.parametrize("command, printer", [
    ("lp -d staffroom", "staffroom"), ("lpr -Pstaff-room", "staff-room"),
    ("lp -P 1 -d 'staff room' -n 1", "staff room"), ("/usr/local/bin/print-it", "print-it")])
def test_the_printer_is_named_from_its_command(command, printer):
    assert printer_name(command) == printer


# ---- a file per pupil: the batch drawn (and its font read) once, then cut --------------------

def test_a_class_one_file_per_pupil_reads_the_font_once(school, scheme, monkeypatch):
    added = []
    add_font = ProfilePDF.add_font

    def recorded_add_font(self, family, style, fname):
        added.append(Path(fname).name)
        return add_font(self, family, style, fname)

    monkeypatch.setattr(ProfilePDF, "add_font", recorded_add_font)
    datas = [profile_data(school, scheme, upn, Term(2026, 2), today=TODAY)
             for upn in (UPN, EMPTY, UPN)]
    each = list(render_each(datas))
    assert added == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]  # one document for the batch
    monkeypatch.setattr(ProfilePDF, "add_font", add_font)
    assert [_text(pdf) for pdf in each] == [_render(school, scheme, upn) for upn in
                                            (UPN, EMPTY, UPN)]
    assert {PdfReader(io.BytesIO(pdf)).metadata.title for pdf in each} == {"Pupil profile"}


def test_a_parents_copy_per_pupil_keeps_each_pupils_two_pages(school, scheme):
    datas = [profile_data(school, scheme, upn, Term(2026, 2), today=TODAY, parents=True)
             for upn in (UPN, EMPTY)]
    each = [_text(pdf) for pdf in render_each(datas)]
    assert [pages for _, pages in each] == [2, 2]
    assert "Dąbrowski" in each[0][0] and "Dąbrowski" not in each[1][0]
