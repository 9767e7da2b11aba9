"""What the pupil file's sections show, from the file's data alone: the row functions are pure,
so these read the demo school through `read_file` and check the rows without running the app."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pupil_helpers import TERM, fresh_pupil

from amtui.core.colours import Rag, View, compare_views
from amtui.datafiles import load_criteria_bank
from amtui.screens.pupil_file import rows
from amtui.screens.pupil_file.data import FileData, read_file
from amtui.store import attainment, attitude, criteria_marks, meetings, pupils, targets


@pytest.fixture
def app(demo_db, make_app):
    return make_app(demo_db)


def text(shown: rows.Shown) -> list[str]:
    return [str(row) for _, row in shown.rows]


def signed_pupil(db) -> str:
    return next(p.upn for p in pupils.list_pupils(db, "5W")
                if meetings.get_meeting(db, p.upn, TERM).state == "signed")


def test_reviews_show_each_target_and_how_many_are_reviewed(demo_db, app):
    upn = fresh_pupil(demo_db)
    due = meetings.targets_to_review(demo_db, upn, TERM)
    shown = rows.review_rows(read_file(app, upn))
    assert shown.heading == "0/3 reviewed"
    assert [key for key, _ in shown.rows] == [t.id for t in due]
    assert text(shown)[0] == f"· to review    {due[0].subject:<10} {due[0].text}"

    meetings.review_target(demo_db, app.user, due[0].id, "achieved", TERM, seen=due[0].version)
    meetings.review_target(demo_db, app.user, due[2].id, "not", TERM, seen=due[2].version)
    shown = rows.review_rows(read_file(app, upn))
    assert shown.heading == "2/3 reviewed"
    assert text(shown)[0] == f"✓ achieved     {due[0].subject:<10} {due[0].text}"
    assert text(shown)[2].startswith("✗ not achieved ")


def test_a_subject_row_spells_out_its_colour_and_targets(demo_db, app):
    upn = fresh_pupil(demo_db)
    data = read_file(app, upn)
    reading = data.status("Reading")
    assert reading is not None and reading.trajectory is not None
    path = reading.trajectory
    [first, *detail] = str(rows.subject_row(reading, data)).split("\n")
    assert first.startswith(f"Reading    {reading.step!s:<5} ")
    assert f"(start {path.start}, expected {path.expected}, target {path.target}, gap " in first
    ladder = " ".join(f"Y{t.year_group} {t.step}" for t in targets.pupil_targets(demo_db, upn)
                      if t.subject == "Reading")
    assert detail[-1].strip().endswith(ladder)
    assert f"T1 {data.record.steps['Reading'][1].step}" in detail[-1]


def test_a_raised_target_and_an_override_show_why(demo_db, app):
    upn = fresh_pupil(demo_db)
    year6 = targets.get_target(demo_db, upn, "Maths", 6)
    targets.change_target(demo_db, app.user, upn, "Maths", 6, year6.step + 2, "flying",
                          app.scheme, seen=year6.version)
    maths = attainment.get_attainment(demo_db, upn, "Maths", TERM)
    attainment.set_override(demo_db, app.user, upn, "Maths", TERM, Rag.AMBER, "slow lately",
                            seen=maths.version)
    data = read_file(app, upn)
    row = str(rows.subject_row(data.status("Maths"), data))
    assert f"Y6 {year6.step + 2}↑" in row
    assert "↑ Y6: flying" in row
    assert row.split("\n")[-1].strip() == "Amber: slow lately"
    assert " A! " in row.split("\n")[0]  # the chip carries the override mark


def test_the_self_assessment_is_compared_with_the_evidence_in_meeting_order(demo_db, app):
    upn = fresh_pupil(demo_db)
    data = read_file(app, upn)
    shown = rows.self_assessment_rows(data)
    keys = [key for key, _ in shown.rows]
    subjects = [k for k in keys if str(k).startswith("subject:")]
    assert subjects == [f"subject:{s}" for s in app.scheme.subjects
                        if f"subject:{s}" in data.own.ratings]
    assert keys.index(subjects[-1]) < keys.index("area:effort") < keys.index("overall")
    views = [compare_views(data.own.ratings[f"subject:{s.subject}"], int(s.colour))
             for s in data.summary.subjects if s.colour is not None]
    areas = [compare_views(rating, int(data.summary.attitude[key[5:]]))
             for key, rating in data.own.ratings.items()
             if key.startswith("area:") and data.summary.attitude.get(key[5:]) is not None]
    counts = {view: (views + areas).count(view) for view in View}
    assert shown.heading == (f"{counts[View.AGREE]} agree · {counts[View.PUPIL_HIGHER]} pupil "
                             f"higher · {counts[View.PUPIL_LOWER]} pupil lower")
    assert text(shown)[-1] == (f"Wants to be: {data.own.want_to_be} · went well: "
                               f"{data.own.went_well or '—'} · finds hard: "
                               f"{data.own.find_hard or '—'}")


def test_attitude_rows_show_figures_colours_comments_and_the_grading_key(demo_db, app):
    upn = fresh_pupil(demo_db)
    seen = attitude.get_attitude(demo_db, upn, TERM, "attendance").version
    attitude.set_value(demo_db, app.user, upn, TERM, "attendance", 96.54, app.scheme, seen=seen)
    entry = attitude.get_attitude(demo_db, upn, TERM, "uniform")
    attitude.set_colour(demo_db, app.user, upn, TERM, "uniform", Rag.RED, seen=entry.version)
    entry = attitude.get_attitude(demo_db, upn, TERM, "uniform")
    attitude.set_comment(demo_db, app.user, upn, TERM, "uniform", "No PE kit",
                         seen=entry.version)
    shown = dict(rows.attitude_rows(read_file(app, upn)).rows)
    assert str(shown["attendance"]).split() == ["Attendance", "96.5%", "G"]
    assert str(shown["uniform"]).split() == ["Uniform", "R", '"No', "PE", 'kit"']
    words = app.scheme.area("attendance").descriptors
    assert str(rows.descriptors(app.scheme, "attendance")) == \
        f"G: {words.green} · A: {words.amber} · R: {words.red}"
    assert str(rows.descriptors(app.scheme, "no such area")) == ""


def test_next_steps_and_support_lines_in_order(demo_db, app):
    upn = fresh_pupil(demo_db)
    meetings.add_next_step(demo_db, app.user, upn, TERM, "Maths", "Times tables to 12")
    meetings.add_next_step(demo_db, app.user, upn, TERM, "Attitude", "Homework on time")
    meetings.add_support(demo_db, app.user, upn, TERM, "attitude", "Homework club")
    meetings.add_support(demo_db, app.user, upn, TERM, "learning", "Reading buddy")
    data = read_file(app, upn)
    assert text(rows.next_step_rows(data)) == ["1. Maths      Times tables to 12",
                                               "2. Attitude   Homework on time"]
    support = rows.support_rows(data)
    assert sorted(text(support)) == ["Attitude: Homework club", "Learning: Reading buddy"]
    assert all(key[0] == "line" for key, _ in support.rows)


def test_a_pupil_in_an_intervention_sees_it_under_support(demo_db, app):
    from amtui.store import interventions

    upn, programme = next((p.upn, found[0]) for p in pupils.list_pupils(demo_db, "5W")
                          if (found := interventions.list_interventions(demo_db, upn=p.upn)))
    shown = rows.support_rows(read_file(app, upn))
    assert (("intervention", programme.id),) == tuple(key for key, _ in shown.rows
                                                      if key[0] == "intervention")[:1]
    assert any(line.startswith(f"Intervention: {programme.name} (since T1) · ")
               for line in text(shown))


def test_the_closing_rows_and_what_signing_still_needs(demo_db, app):
    upn = fresh_pupil(demo_db)
    data = read_file(app, upn)
    assert rows.to_sign(data) == ("To sign: review 3 previous target(s), agree at least one next "
                                  "step, the agreed judgement")
    closing = dict(rows.closing_rows(data).rows)
    assert str(closing["signed"]) == "Signed: teacher ☐   pupil ☐"
    assert rows.closing_rows(data).heading == (
        "e aspirations · j judgement (i Inadequate r Requires improvement g Good o Outstanding)"
        " · ctrl+s sign")

    signed = read_file(app, signed_pupil(demo_db))
    meeting = signed.meeting
    closing = dict(rows.closing_rows(signed).rows)
    assert str(closing["judgement"]).startswith(
        f"Judgement: {app.scheme.judgements[meeting.judgement]}")
    assert str(closing["signed"]).startswith(f"Signed: teacher ☑ {meeting.teacher_signed_by} ")
    assert rows.to_sign(signed).startswith("Signed by both")


def test_ready_then_half_signed(demo_db, app):
    upn = fresh_pupil(demo_db)
    for target in meetings.targets_to_review(demo_db, upn, TERM):
        meetings.review_target(demo_db, app.user, target.id, "partly", TERM, seen=target.version)
    meetings.add_next_step(demo_db, app.user, upn, TERM, "Maths", "Fractions")
    meeting = meetings.update_meeting(demo_db, app.user, upn, TERM, judgement=2,
                                      seen=meetings.get_meeting(demo_db, upn, TERM).version)
    assert rows.to_sign(read_file(app, upn)) == "Ready to sign: ctrl+s"
    meetings.sign(demo_db, app.user, upn, TERM, "teacher", seen=meeting.version)
    assert rows.to_sign(read_file(app, upn)) == \
        "Signed by the teacher — ctrl+s for the pupil's signature"


def test_judgement_keys_are_first_letters_unless_two_share_one(scheme):
    assert rows.judgement_keys(scheme) == ["i", "r", "g", "o"]
    assert rows.judgement_keys(replace(scheme, judgements=("Good", "Great", "Outstanding"))) == \
        ["1", "2", "3"]


def test_suggestions_put_the_criteria_mostly_achieved_first(demo_db, app):
    upn, stage, mostly = next(
        (p.upn, step.stage, lines) for p in pupils.list_pupils(demo_db, "5W")
        if (step := attainment.get_attainment(demo_db, p.upn, "Maths", TERM).step) is not None
        and (lines := criteria_marks.line_criteria(demo_db, p.upn, "Maths", step.stage, 2026)))
    data = read_file(app, upn)
    assert data.mostly["Maths"] == tuple(mostly)
    sheet = load_criteria_bank().for_stage("Maths", stage)
    offered = rows.suggestions(data)["Maths"]
    assert [s.text for s in offered[:len(mostly)]] == \
        [c.text for c in sheet if c.number in mostly]
    assert all(s.mostly for s in offered[:len(mostly)])
    assert not any(s.mostly for s in offered[len(mostly):])
    assert len(offered) == len(sheet)


def test_the_title_names_the_pupil_the_half_term_and_the_place_in_the_class(demo_db, app):
    upn = fresh_pupil(demo_db)
    data = read_file(app, upn)
    pupil = data.record.pupil
    assert str(rows.title(data, "3/30")) == (
        f"{pupil.display_name} · Y5 · 5W · UPN {upn[:4]}…{upn[-2:]} · "
        f"{TERM.label(app.scheme)} · meeting not started   3/30")


def test_a_file_of_another_class_is_read_as_view_only(demo_db, make_app):
    group = next(c.name for c in pupils.list_classes(demo_db) if c.teacher != "KW")
    upn = pupils.list_pupils(demo_db, group)[0].upn
    data: FileData = read_file(make_app(demo_db), upn)
    assert data.view_only and "a senior leader can give you access" in data.view_only
    assert "· view only" in str(rows.title(data, ""))
