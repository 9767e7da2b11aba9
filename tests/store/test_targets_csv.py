"""Starting points and target ladders from the MIS: ladders by the scheme's rule, raises carried
up, nothing lowered silently, every bad line by its spreadsheet line, senior leaders only, and
the export imports back to the same ladders."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui import cli
from amtui.core.errors import NotAllowed
from amtui.core.models import Pupil, Staff
from amtui.core.scale import Step, SubStage
from amtui.core.scheme_file import load_scheme
from amtui.core.targets import ladder_end, parse_source
from amtui.resources import data_path
from amtui.store import exports, pupils, targets
from amtui.store.csv_headers import FileProblems
from amtui.store.db import Database, open_db
from amtui.store.targets_csv import (
    COLUMNS,
    import_targets,
    parse_targets,
    read_level,
    save_targets,
)

DATA = Path(__file__).parents[1] / "data"
TODAY_YEAR = 2026
CHEN, OKAFOR, ADEYEMI = "A123456789012", "B123456789013", "F123456789017"
HEADER = "UPN,Subject,Starting point,Source,FFT estimate,Aspirational target,Target year," \
         "Target,Note\n"

ADMIN = Staff(initials="AD", name="Ms A Dunn", role="admin")  # exports: admins, leaders


def _add_pupils(db: Database, admin: Staff) -> None:
    pupils.save_pupils(db, admin, [
        Pupil(upn=CHEN, forename="Zoë", surname="Chen", year_group=5, class_name="5W"),
        Pupil(upn=OKAFOR, forename="Tobi", surname="Okafor", year_group=5, class_name="5W"),
        Pupil(upn=ADEYEMI, forename="Ada", surname="Adeyemi", year_group=2, class_name="2R")])


@pytest.fixture
def school(db, admin):
    _add_pupils(db, admin)
    return db


def _ladder(db: Database, upn: str, subject: str) -> dict[int, str]:
    return {t.year_group: str(t.step) for t in targets.pupil_targets(db, upn)
            if t.subject == subject}


def _save(db: Database, who: Staff, text: str, scheme=None):
    scheme = scheme or load_scheme()
    return save_targets(db, who, parse_targets(text, scheme), scheme)


def _problems(text: str, scheme=None) -> list[str]:
    with pytest.raises(FileProblems) as refused:
        parse_targets(text, scheme or load_scheme())
    return refused.value.problems


def test_worked_examples_ladders_from_ks1_with_reading_raised_and_carried_up(school, slt, scheme):
    report = import_targets(school, slt, DATA / "targets.csv", scheme)
    assert str(report) == "5 target ladders for 3 pupils: 5 new, 0 updated, 0 unchanged"
    assert _ladder(school, CHEN, "Writing") == {3: "3w+", 4: "4w+", 5: "5w+", 6: "6w+"}
    assert _ladder(school, CHEN, "Reading") == {3: "3b+", 4: "4b+", 5: "5w+", 6: "6w+"}
    reading = {t.year_group: t for t in targets.pupil_targets(school, CHEN)
               if t.subject == "Reading"}
    assert reading[5].raised and reading[5].note == "Raised due to good performance"
    assert reading[6].raised and not reading[4].raised
    assert _ladder(school, OKAFOR, "Reading") == {5: "5w", 6: "6w"}  # from the end of Y4
    assert _ladder(school, ADEYEMI, "Maths") == {1: "1w+", 2: "2w+"}  # EYFS → end of KS1
    maths = {s.subject: s for s in targets.starting_points(school, CHEN)}["Maths"]
    assert (maths.label, maths.year_group, maths.fft, maths.aspirational) == \
        ("KS1 result", 2, Step.parse("6w"), Step.parse("6s"))


def test_the_import_is_one_change_and_keeps_the_history(school, slt, scheme):
    import_targets(school, slt, DATA / "targets.csv", scheme)
    [change] = school.query("SELECT * FROM changes WHERE what = 'the targets import'")
    assert change["who"] == "SL"
    whys = [e.why for e in targets.target_history(school, CHEN, "Reading")]
    assert "Raised due to good performance" in whys
    assert "carried up with the Y5 target: Raised due to good performance" in whys
    assert "target ladder from starting point" in whys


def test_importing_the_same_file_again_changes_nothing(school, slt, scheme):
    import_targets(school, slt, DATA / "targets.csv", scheme)
    rows = school.execute("SELECT count(*) FROM history").fetchone()[0]
    again = import_targets(school, slt, DATA / "targets.csv", scheme)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 5)
    assert school.execute("SELECT count(*) FROM history").fetchone()[0] == rows


@pytest.mark.parametrize(("fft", "aspirational", "start"), [
    ("FFT", "Aspirational", "starting point"), ("fft_estimate", "PTT", "STARTING POINT"),
    ("FFT Aspire", "Aspiration", "Baseline")])
def test_header_variants_are_read(fft, aspirational, start):
    [ladder] = parse_targets(f"Targets\n\nupn,SUBJECT,{start},source,{fft},{aspirational}\n"
                             f"{CHEN},maths,2w,KS1,6w,6s\n", load_scheme())
    point = ladder.point
    assert (point.subject, str(point.step), str(point.fft), str(point.aspirational)) == \
        ("Maths", "2w", "6w", "6s")


@pytest.mark.parametrize(("source", "year", "end"), [
    ("KS1", 2, 6), ("KS1 result", 2, 6), ("EYFS", 0, 2), ("End of Reception", 0, 2), ("Y2", 2, 6),
    ("Y4", 4, 6), ("year 4", 4, 6), ("End of Y4", 4, 6), ("KS2", 6, 9)])
def test_sources_name_the_year_the_ladder_starts_from(source, year, end):
    assert parse_source(source)[0] == year and ladder_end(year) == end


def test_an_old_nc_level_becomes_a_sub_stage_through_the_aps_table(db, admin, slt):
    high = load_scheme(data_path("schemes", "high_school_substages.toml"))
    pupils.ensure_subjects(db, high)
    pupils.save_pupils(db, admin, [Pupil(upn=CHEN, forename="Z", surname="C", year_group=5,
                                         class_name="5W")])
    _save(db, slt, f"UPN,Subject,Starting point,Source\n{CHEN},Maths,2B,KS1\n"
                   f"{CHEN},English,2 d,KS1\n", high)
    starts = {s.subject: s.step for s in targets.starting_points(db, CHEN)}
    assert starts == {"Maths": SubStage.parse("St 2 Emerging"), "English": SubStage.parse("2D")}
    # three sub-stages a year, of the four a stage has (Ready, Emerging, Developing, Securing)
    assert _ladder(db, CHEN, "Maths") == {3: "3R", 4: "3S", 5: "4D", 6: "5E"}


def test_levels_of_the_wrong_scale_are_refused_with_the_forms_to_use():
    from amtui.datafiles import load_aps_table

    high = load_scheme(data_path("schemes", "high_school_substages.toml"))
    with pytest.raises(ValueError, match="has no sub-stage in the APS table"):
        read_level("WC", "Starting point", high, load_aps_table())
    with pytest.raises(ValueError, match='"2w" is a step, but this school measures in sub-stages'):
        read_level("2w", "Target", high, load_aps_table())
    with pytest.raises(ValueError, match="or an old NC level such as 2B"):
        read_level("2x", "Target", high, load_aps_table())


def test_every_bad_row_is_reported_by_its_spreadsheet_line():
    problems = _problems(
        "Targets for 2026-27\n"                               # line 1: a title
        + HEADER                                              # line 2
        + "A12345678901,Maths,2w,KS1,,,,,\n"                  # 3
        + f"{CHEN},Art,2w,KS1,,,,,\n"                         # 4
        + f"{CHEN},Maths,,KS1,,,,,\n"                         # 5
        + f"{CHEN},Maths,2A,KS1,,,,,\n"                       # 6
        + f"{CHEN},Maths,2D,KS1,,,,,\n"                       # 7
        + f"{CHEN},Maths,2w,KS9,,,,,\n"                       # 8
        + f"{CHEN},Maths,2w,KS1,,,Y7,7w,\n"                   # 9
        + f"{CHEN},Maths,2w,KS1,,,Y5,,\n"                     # 10
        + f"{CHEN},Maths,2w,KS1,,,Y5,5w,\n"                   # 11
        + f"{CHEN},Maths,2w,KS1,,,Y5,5w,\n"                   # 12
        + f"{CHEN},Maths,2w+,KS1,,,Y6,6w,\n"                  # 13
        + f"{CHEN},Maths,2w,KS1,,,,,\n"                       # 14
        + f"{CHEN},Maths,2w,KS1,,,,,\n"                       # 15
        + f"{CHEN},Maths,2w,KS4,,,,,\n")                      # 16
    assert [p.split(":")[0] for p in problems] == [f"line {n}" for n in range(3, 17)
                                                   if n not in (11, 14)]
    expected = [
        'UPN "A12345678901" is not a UPN',
        'Subject "Art" is not one of this school\'s subjects — use Reading, Writing, Maths, '
        "Science",
        "Starting point is empty — fill it in",
        'Starting point "2A" is an old NC level, but this school measures in steps',
        'Starting point "2D" is a sub-stage, but this school measures in steps',
        'Source "KS9" is not a source — use EYFS, KS1, KS2',
        "Target year Y7 is after the end of the key stage (Y6)",
        "Target is empty but Target year is not — give both",
        "the Maths Y5 target is also on line 11 — give each year's target once",
        "the Maths starting point differs from line 9's for the same pupil",
        "the Maths starting point is also on line 14 — give it once per pupil and subject",
        "a starting point at the end of Y11 starts no ladder"]
    assert len(problems) == len(expected)
    for problem, wanted in zip(problems, expected, strict=True):
        assert wanted in problem


def test_a_file_without_the_required_columns_says_what_it_needs():
    [problem] = _problems("Title\nUPN,Subject,Starting point\nA123456789012,Maths,2w\n")
    assert problem.startswith("line 2: no Source column — the headers found are: UPN, Subject, "
                              "Starting point; the file needs UPN, Subject, Starting point, "
                              "Source")


def test_unknown_upns_are_listed_once_and_nothing_is_saved(school, slt):
    with pytest.raises(FileProblems) as refused:
        _save(school, slt, HEADER + f"{CHEN},Maths,2w,KS1,,,,,\nZ999999999999,Maths,2w,KS1,,,,,"
                                    "\nZ999999999999,Reading,2w,KS1,,,,,\n")
    assert refused.value.problems == [
        "line 3: no pupil has the UPN Z999999999999 — import the roster first (amtui import "
        "pupils), or correct the UPN"]
    assert targets.starting_points(school, CHEN) == []


def test_a_source_after_the_pupils_year_is_refused(school, slt):
    with pytest.raises(FileProblems, match=r"line 2: Source KS1 result is the end of Y2, after "
                                           r"this pupil's year \(Y1\)"):
        pupils.save_pupils(school, pupils.get_staff(school, "AD"), [Pupil(
            upn=ADEYEMI, forename="Ada", surname="Adeyemi", year_group=1, class_name="1R")])
        _save(school, slt, HEADER + f"{ADEYEMI},Maths,2w,KS1,,,,,\n")


def test_a_raise_needs_a_note_and_carries_later_years_up(school, slt):
    text = HEADER + f"{CHEN},Reading,2b+,KS1,,,Y4,4w+,{{}}\n"
    with pytest.raises(FileProblems, match="line 2: the Reading Y4 target 4w\\+ is above the "
                                           "ladder's 4b\\+ — say why it is raised in the Note"):
        _save(school, slt, text.format(""))
    assert targets.starting_points(school, CHEN) == []  # all or nothing
    _save(school, slt, text.format("Flying in Y3"))
    assert _ladder(school, CHEN, "Reading") == {3: "3b+", 4: "4w+", 5: "5w+", 6: "6w+"}


def test_a_raise_never_lowers_a_later_target_already_above_it(school, slt):
    _save(school, slt, HEADER + f"{CHEN},Reading,2b+,KS1,,,Y6,6s,Aiming high\n"
                                f"{CHEN},Reading,2b+,KS1,,,Y4,4w+,Flying\n")
    assert _ladder(school, CHEN, "Reading") == {3: "3b+", 4: "4w+", 5: "5w+", 6: "6s"}


def test_a_new_starting_point_never_lowers_targets_silently(school, slt):
    _save(school, slt, HEADER + f"{CHEN},Reading,2w+,KS1,6w,,,,\n")
    lower = HEADER + f"{CHEN},Reading,2b,KS1,6w,,,,{{}}\n"
    with pytest.raises(FileProblems, match=r"line 2: the Reading starting point 2b \(KS1 result\)"
                                           r" would lower the stored targets \(Y3 3w\+ → 3b, Y4 "
                                           r"4w\+ → 4b, Y5 5w\+ → 5b, Y6 6w\+ → 6b\) — a target "
                                           "is never lowered silently"):
        _save(school, slt, lower.format(""))
    with pytest.raises(FileProblems, match="a target cannot go below the FFT estimate"):
        _save(school, slt, lower.format("KS1 result was entered wrongly"))
    _save(school, slt, HEADER + f"{CHEN},Reading,2w,KS1,,,,,KS1 result was entered wrongly\n")
    assert _ladder(school, CHEN, "Reading") == {3: "3w", 4: "4w", 5: "5w", 6: "6w"}
    [start] = targets.starting_points(school, CHEN)
    assert start.fft == Step.parse("6w")  # a blank FFT estimate keeps the stored one


def test_a_raised_target_is_kept_when_the_starting_point_changes(school, slt, teacher, scheme):
    _save(school, slt, HEADER + f"{CHEN},Reading,2b+,KS1,,,,,\n")
    targets.change_target(school, teacher, CHEN, "Reading", 5, Step.parse("5w+"), "good progress",
                          scheme, seen=targets.get_target(school, CHEN, "Reading", 5).version)
    _save(school, slt, HEADER + f"{CHEN},Reading,2w,KS1,,,,,\n")
    assert _ladder(school, CHEN, "Reading") == {3: "3w", 4: "4w", 5: "5w+", 6: "6w+"}


def test_lowering_a_given_target_needs_a_note(school, slt):
    _save(school, slt, HEADER + f"{CHEN},Maths,2w,KS1,,,,,\n")
    with pytest.raises(FileProblems, match="line 2: the Maths Y6 target 6b is below the ladder's "
                                           "6w — say why it is lowered in the Note column"):
        _save(school, slt, HEADER + f"{CHEN},Maths,2w,KS1,,,Y6,6b,\n")
    _save(school, slt, HEADER + f"{CHEN},Maths,2w,KS1,,,Y6,6b,Long absence in Y5\n")
    assert _ladder(school, CHEN, "Maths")[6] == "6b"


def test_only_a_senior_leader_imports_targets(school, teacher, admin, scheme):
    for who in (teacher, admin):
        with pytest.raises(NotAllowed, match="only a senior leader may set starting points and "
                                             "target ladders"):
            import_targets(school, who, DATA / "targets.csv", scheme)
    assert targets.starting_points(school, CHEN) == []


# ---- the export, read back -----------------------------------------------------------------

def _everything(db: Database) -> tuple[list, list]:
    ladders = sorted(tuple(row) for row in db.execute(
        "SELECT upn, subject, year_group, step, raised, note FROM targets"))
    starts = sorted(tuple(row) for row in db.execute(
        "SELECT upn, subject, year_group, step, label, fft, aspirational FROM starting_points"))
    return ladders, starts


def test_the_export_has_the_imports_columns():
    assert set(COLUMNS) <= set(exports.TARGET_COLUMNS)


def test_export_then_import_gives_the_same_ladders(demo_db, scheme, today, tmp_path):
    out = tmp_path / "targets.csv"
    exports.export(demo_db, scheme, "targets", out, today=today, who=ADMIN)
    before = _everything(demo_db)
    leader = next(s for s in pupils.list_staff(demo_db) if s.role == "slt")
    same = import_targets(demo_db, leader, out, scheme)
    assert same.new == same.changed == 0 and same.unchanged > 800
    assert _everything(demo_db) == before

    fresh = open_db(memory=True)
    pupils.ensure_subjects(fresh, scheme)
    admin = pupils.save_staff(fresh, None, Staff(initials="AD", name="A Dunn", role="admin"))
    leader = pupils.save_staff(fresh, admin, Staff(initials="SL", name="S Lee", role="slt"))
    pupils.save_pupils(fresh, admin, pupils.list_pupils(demo_db))
    report = import_targets(fresh, leader, out, scheme)
    assert report.new == same.unchanged
    assert _everything(fresh) == before  # steps, raised flags and notes


def test_an_earlier_ladders_targets_are_exported_and_read_back(school, slt, scheme, today,
                                                              tmp_path):
    _save(school, slt, HEADER + f"{ADEYEMI},Maths,0w+,EYFS,,,,,\n")
    _save(school, slt, HEADER + f"{ADEYEMI},Maths,2w,KS1,,,,,\n")  # at the end of Y2
    assert _ladder(school, ADEYEMI, "Maths") == {1: "1w+", 2: "2w+", 3: "3w", 4: "4w", 5: "5w",
                                                 6: "6w"}
    out = tmp_path / "targets.csv"
    exports.export(school, scheme, "targets", out, today=today, who=ADMIN)
    fresh = open_db(memory=True)
    pupils.ensure_subjects(fresh, scheme)
    admin = pupils.save_staff(fresh, None, Staff(initials="AD", name="A Dunn", role="admin"))
    leader = pupils.save_staff(fresh, admin, Staff(initials="SL", name="S Lee", role="slt"))
    _add_pupils(fresh, admin)
    import_targets(fresh, leader, out, scheme)
    assert _everything(fresh) == _everything(school)


def test_a_note_a_spreadsheet_would_run_as_a_formula_reads_back_as_written(school, slt, scheme,
                                                                            today, tmp_path):
    _save(school, slt, HEADER + f"{CHEN},Maths,2w,KS1,,,Y5,5w+,+1 step: reads daily at home\n")
    out = tmp_path / "targets.csv"
    exports.export(school, scheme, "targets", out, today=today, who=ADMIN)
    assert ",'+1 step: reads daily at home" in out.read_text()
    before = _everything(school)
    assert import_targets(school, slt, out, scheme).unchanged == 1
    assert _everything(school) == before


def test_a_starting_point_edited_in_the_export_moves_the_ladder(school, slt, scheme, today,
                                                               tmp_path):
    import_targets(school, slt, DATA / "targets.csv", scheme)
    out = tmp_path / "targets.csv"
    exports.export(school, scheme, "targets", out, today=today, who=ADMIN)
    text = out.read_text()
    edited = text.replace(f"{CHEN},Chen,Zoë,Writing,2w+,", f"{CHEN},Chen,Zoë,Writing,2s,")
    assert edited != text
    out.write_text(edited)
    report = import_targets(school, slt, out, scheme)
    assert (report.changed, report.unchanged) == (1, 4)
    assert _ladder(school, CHEN, "Writing") == {3: "3s", 4: "4s", 5: "5s", 6: "6s"}


def test_a_starting_point_without_targets_is_exported_on_its_own_row(school, slt, scheme):
    _save(school, slt, HEADER + f"{CHEN},Science,2w,KS1,,,,,\n")
    school.execute("DELETE FROM targets")
    [row] = exports.target_rows(school, TODAY_YEAR)
    assert row == [CHEN, "Chen", "Zoë", "Science", "2w", "KS1 result", "", "", "", "", "", "", ""]


# ---- the command line ------------------------------------------------------------------------

@pytest.fixture
def school_db(tmp_path: Path, scheme) -> Path:
    path = tmp_path / "school.db"
    db = open_db(path)
    pupils.ensure_subjects(db, scheme)
    admin = pupils.save_staff(db, None, Staff(initials="AD", name="Ms A Dunn", role="admin"))
    pupils.save_staff(db, admin, Staff(initials="SL", name="Mrs S Lee", role="slt"))
    pupils.save_staff(db, admin, Staff(initials="KW", name="Miss K Webb", role="teacher"))
    _add_pupils(db, admin)
    db.conn.close()
    return path


def test_the_command_imports_targets_for_a_senior_leader(school_db, capsys):
    assert cli.main(["import", "targets", str(DATA / "targets.csv"), "--db", str(school_db),
                     "--as", "SL"]) == 0
    assert "5 target ladders for 3 pupils: 5 new" in capsys.readouterr().out
    assert _ladder(open_db(school_db), CHEN, "Reading")[6] == "6w+"


def test_the_command_refuses_a_teacher(school_db, capsys):
    assert cli.main(["import", "targets", str(DATA / "targets.csv"), "--db", str(school_db),
                     "--as", "KW"]) == 2
    assert "only a senior leader may set starting points" in capsys.readouterr().err
    assert targets.starting_points(open_db(school_db), CHEN) == []
