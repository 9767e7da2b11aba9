"""The demo school: deterministic, realistic, and built from the scheme."""

from __future__ import annotations

from collections import Counter

from amtui.core.colours import shown_attendance
from amtui.core.models import Staff
from amtui.core.progress import summarise
from amtui.core.scale import Step
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.resources import data_path
from amtui.store import pupils, records
from amtui.store.db import open_db
from amtui.store.demo import build_demo

DUMP_TABLES = ("staff", "classes", "pupils", "attainment", "targets", "starting_points",
               "attitude", "meetings", "medium_targets", "self_assessments", "interventions",
               "intervention_sessions", "basic_skills")


def _dump(db) -> dict[str, list[tuple]]:
    return {t: [tuple(r.values()) for r in db.query(f"SELECT * FROM [{t}] ORDER BY 1, 2")]
            for t in DUMP_TABLES}


def test_same_arguments_build_the_same_school(scheme, today):
    first, second = open_db(memory=True), open_db(memory=True)
    build_demo(first, scheme, today=today)
    build_demo(second, scheme, today=today)
    assert _dump(first) == _dump(second)


def test_another_seed_builds_another_school(scheme, today):
    first, second = open_db(memory=True), open_db(memory=True)
    build_demo(first, scheme, today=today)
    build_demo(second, scheme, today=today, seed=7)
    assert _dump(first)["pupils"] != _dump(second)["pupils"]


def test_reception_to_year_6_with_thirty_a_class_and_every_role(demo_db):
    classes = pupils.list_classes(demo_db)
    assert [c.year_group for c in classes] == list(range(7))
    assert all(len(pupils.list_pupils(demo_db, c.name)) == 30 for c in classes)
    roles = Counter(s.role for s in pupils.list_staff(demo_db))
    assert roles["teacher"] == 7 and roles["ta"] >= 2 and roles["slt"] >= 1 and roles["admin"] == 1
    webb = pupils.get_staff(demo_db, "KW")
    assert webb == Staff(initials="KW", name="Miss K Webb", role="teacher", login="kwebb")
    assert [c.name for c in pupils.classes_of(demo_db, "KW")] == ["5W"]


def test_names_keep_their_accents(demo_db):
    names = {p.forename for p in pupils.list_pupils(demo_db)} | \
        {p.surname for p in pupils.list_pupils(demo_db)}
    assert names & {"Zoë", "Siân", "Łukasz", "Oğuz", "Dąbrowski", "Seán", "Chloé"}


def test_two_years_of_half_termly_steps_that_all_parse(demo_db):
    years = {r["school_year"] for r in demo_db.query("SELECT DISTINCT school_year FROM attainment")}
    assert years == {2025, 2026}
    for row in demo_db.query("SELECT DISTINCT step FROM attainment"):
        Step.parse(row["step"])


def test_this_half_term_is_a_realistic_mix(demo_db, scheme):
    summaries = [summarise(r, scheme) for r in records.class_records(demo_db, "5W", Term(2026, 2))]
    states = Counter(s.state for s in summaries)
    assert states["not started"] > states["signed"] > 0
    assert any(s.missing for s in summaries), "some pupils are not ready for their meeting"
    assert any(s.off_track for s in summaries) and not all(s.off_track for s in summaries)
    assert any(st.overridden for s in summaries for st in s.subjects)


def test_raised_targets_carry_a_note(demo_db):
    raised = list(demo_db.query("SELECT note FROM targets WHERE raised = 1"))
    assert raised and all(r["note"].startswith("Raised") for r in raised)


def test_the_build_writes_no_history_and_says_it_is_the_demo(demo_db):
    assert demo_db.execute("SELECT count(*) FROM history").fetchone()[0] == 0
    origin = demo_db.execute("SELECT value FROM school_facts WHERE name = 'origin'").fetchone()
    assert origin[0].startswith('{"demo"')


def test_a_bigger_school_has_more_forms(scheme, today):
    db = open_db(memory=True)
    summary = build_demo(db, scheme, today=today, pupils=420, years=1)
    assert summary.pupils == 420 and summary.classes == 14
    assert len({c.name for c in pupils.list_classes(db)}) == 14


def test_next_steps_fit_the_pupils_stage(demo_db):
    rows = list(demo_db.query(
        "SELECT p.year_group, m.subject, m.criterion, m.text FROM medium_targets m "
        "JOIN pupils p USING (upn)"))
    reception = {r["text"] for r in rows if r["year_group"] == 0}
    assert reception and not any("1 000 000" in text for text in reception)
    coded = [r for r in rows if r["criterion"]]
    assert coded, "next steps come from the criteria bank where it has the stage"
    for row in coded:  # a criterion code names its stage: M4/2 is maths stage 4
        stage = int(row["criterion"][1:].split("/")[0])
        assert row["year_group"] - 2 <= stage <= row["year_group"] + 1


def test_aspirations_and_comments_vary(demo_db):
    assert demo_db.execute("SELECT count(DISTINCT aspirations) FROM meetings").fetchone()[0] >= 15
    comments = demo_db.execute(
        "SELECT count(DISTINCT comment) FROM attitude WHERE comment != ''").fetchone()[0]
    assert comments >= 15


def test_attendance_is_stored_as_shown(demo_db):
    values = [r["value"] for r in demo_db.query(
        "SELECT value FROM attitude WHERE area = 'attendance'")]
    assert values and all(v == shown_attendance(v) for v in values)


def test_meetings_follow_the_schemes_cycle(today):
    termly = load_scheme(data_path("schemes", "four_state_primary.toml"))
    db = open_db(memory=True)
    build_demo(db, termly, today=today, pupils=70)
    held = {(r["year_group"], r["half_term"]) for r in db.query(
        "SELECT DISTINCT c.year_group, m.half_term FROM meetings m JOIN pupils p USING (upn) "
        "JOIN classes c ON c.name = p.class_name WHERE m.school_year = 2026")}
    assert held and all(termly.meetings.meets(year, half) for year, half in held)
    assert (6, 1) in held and (5, 1) not in held and (5, 2) in held
