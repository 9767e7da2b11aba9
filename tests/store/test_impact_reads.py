"""The impact of programmes as the store reads it: each pupil's gain from joining against the
scheme's expected rate and against classmates of the same starting band, sessions attended of
planned, and whether a leaver left on track."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.impact import Point
from amtui.core.models import ClassGroup, Pupil
from amtui.core.programmes import Plan
from amtui.core.scale import Step
from amtui.core.terms import Term
from amtui.store import attainment, impact, interventions, pupils, sessions

T1, T2 = Term(2026, 1), Term(2026, 2)
START = date(2026, 9, 7)  # a Monday in T1; the tests' today is Tuesday 24/11/2026, in T2
ZOE, SAM, LEFT_ON_TRACK, LEFT_BEHIND = ("A100000000001", "A100000000002", "A100000000003",
                                        "A100000000004")
PEER_1, PEER_2, HIGHER, ELSEWHERE = ("B100000000001", "B100000000002", "B100000000003",
                                     "B100000000004")
STEPS = {  # upn → (T1, T2) in Reading
    ZOE: ("4b", "4w"), SAM: (None, "4b"), LEFT_ON_TRACK: ("4w", "4s+"),
    LEFT_BEHIND: ("4w", "4w"), PEER_1: ("4b+", "4w"), PEER_2: ("4b", "4s"),
    HIGHER: ("5b", "5s"), ELSEWHERE: ("4b", "4b"),
}


@pytest.fixture
def programme(db, admin, teacher, ta, today):
    pupils.save_class(db, admin, ClassGroup(name="5X", year_group=5, teacher="KW"), seen=0)
    pupils.save_pupils(db, admin, [
        Pupil(upn=upn, forename="P", surname=upn[-2:], year_group=5,
              class_name="5X" if upn == ELSEWHERE else "5W") for upn in STEPS])
    for upn, levels in STEPS.items():
        for term, text in zip((T1, T2), levels, strict=True):
            if text is not None:
                attainment.set_step(db, teacher, upn, "Reading", term, Step.parse(text), seen=0)
    made = interventions.create_intervention(
        db, teacher, Plan(name="Reading booster", subject="Reading", per_week=3, minutes=20),
        ["TA"], START, days=(0, 2, 4))
    for upn in (ZOE, SAM, LEFT_ON_TRACK, LEFT_BEHIND):
        interventions.add_pupil(db, teacher, made.id, upn, seen=0)
    for upn in (LEFT_ON_TRACK, LEFT_BEHIND):
        place = interventions.get_intervention(db, made.id).place(upn)
        interventions.end_place(db, teacher, made.id, place, date(2026, 11, 6), "Exit reached")
    sessions.log_session(db, ta, made.id, date(2026, 11, 2), 20, [ZOE, LEFT_ON_TRACK],
                         absent={SAM: "Ill"}, today=today)
    sessions.log_session(db, ta, made.id, date(2026, 11, 23), 20, [ZOE, SAM], today=today)
    return made


def _place(report, upn):
    return next(p for p in report.places if p.place.upn == upn)


def test_a_pupil_with_entry_and_now_has_steps_against_the_expected(db, scheme, today,
                                                                   programme):
    report = impact.programme_report(db, scheme, today, programme.id)
    zoe = _place(report, ZOE)
    assert zoe.gain.entry == Point(T1, Step.parse("4b")) and zoe.gain.now == Point(
        T2, Step.parse("4w"))
    assert (zoe.gain.steps, zoe.gain.half_terms, zoe.gain.expected, zoe.gain.against_expected) \
        == (2, 1, 1, 1)  # 6 steps a year, rounded up: 1 a half-term
    assert zoe.on_track_at_exit is None  # still in it


def test_a_pupil_without_an_entry_assessment_has_no_gain_and_the_reason(db, scheme, today,
                                                                         programme):
    sam = _place(impact.programme_report(db, scheme, today, programme.id), SAM)
    assert not sam.gain.known and sam.gain.entry is None
    assert sam.gain.reason == "no entry assessment"
    assert sam.comparison is None


def test_the_comparison_is_classmates_of_the_same_band_not_in_the_programme(db, scheme, today,
                                                                              programme):
    zoe = _place(impact.programme_report(db, scheme, today, programme.id), ZOE)
    # PEER_1 (4b+ → 4w: 1) and PEER_2 (4b → 4s: 4); not HIGHER (5b), not ELSEWHERE (5X), nor
    # the programme's own pupils
    assert (zoe.comparison.mean_gain, zoe.comparison.known, zoe.comparison.unknown,
            zoe.comparison.against) == (2.5, 2, 0, -0.5)


def test_sessions_are_attended_of_planned_to_today_or_leaving(db, scheme, today, programme):
    report = impact.programme_report(db, scheme, today, programme.id)
    # 07/09 to 24/11 is 79 days: 12 weeks begun, × 3; to 06/11 is 61 days: 9 weeks
    assert [(p.place.upn, p.sessions.attended, p.sessions.planned) for p in report.places] == [
        (ZOE, 2, 36), (SAM, 1, 36), (LEFT_ON_TRACK, 1, 27), (LEFT_BEHIND, 0, 27)]
    assert len(report.held) == 2
    assert (report.summary.pupils, report.summary.known, report.summary.unknown) == (4, 3, 1)
    assert (report.summary.sessions.attended, report.summary.sessions.planned) == (4, 126)


def test_a_leaver_is_on_track_at_exit_with_the_expected_gain(db, scheme, today, programme):
    report = impact.programme_report(db, scheme, today, programme.id)
    on_track, behind = _place(report, LEFT_ON_TRACK), _place(report, LEFT_BEHIND)
    assert (on_track.gain.steps, on_track.gain.expected, on_track.on_track_at_exit) == \
        (3, 1, True)
    assert (behind.gain.steps, behind.gain.expected, behind.on_track_at_exit) == (0, 1, False)


def test_a_pupils_places_carry_their_own_impact(db, scheme, today, programme, teacher):
    other = interventions.create_intervention(
        db, teacher, Plan(name="Attendance club", subject="Attendance", per_week=1), ["KW"],
        START)
    interventions.add_pupil(db, teacher, other.id, ZOE, seen=0)
    found = impact.pupil_places(db, scheme, today, ZOE)
    assert [(report.programme.name, place.place.upn) for report, place in found] == \
        [("Attendance club", ZOE), ("Reading booster", ZOE)]
    attendance = found[0][1]
    assert attendance.gain is None and attendance.comparison is None
    assert (attendance.sessions.attended, attendance.sessions.planned) == (0, 12)
    assert not found[0][0].about_a_subject and found[1][0].about_a_subject
    assert impact.pupil_places(db, scheme, today, ELSEWHERE) == []


def test_an_attitude_programme_has_no_gain(db, scheme, today, teacher, admin):
    pupils.save_pupils(db, admin, [Pupil(upn=ZOE, forename="Z", surname="C", year_group=5,
                                         class_name="5W")])
    made = interventions.create_intervention(
        db, teacher, Plan(name="Good mornings", subject="Punctuality"), ["KW"], START)
    interventions.add_pupil(db, teacher, made.id, ZOE, seen=0)
    report = impact.programme_report(db, scheme, today, made.id)
    assert [p.gain for p in report.places] == [None]
    assert (report.summary.known, report.summary.unknown, report.summary.mean_gain) == \
        (0, 1, None)
    assert report.comparison is None


def test_every_place_in_the_demo_has_a_report_row_counting_its_sessions(demo_db, scheme,
                                                                         today):
    reports = impact.programme_reports(demo_db, scheme, today)
    assert len(reports) == demo_db.execute("SELECT count(*) FROM interventions").fetchone()[0]
    places = {(r["intervention_id"], r["upn"]) for r in demo_db.query(
        "SELECT intervention_id, upn FROM intervention_pupils")}
    assert {(r.programme.id, p.place.upn) for r in reports for p in r.places} == places
    attended = {(r["intervention_id"], r["upn"]): r["n"] for r in demo_db.query(
        "SELECT s.intervention_id, p.upn, sum(p.present) AS n FROM session_pupils p "
        "JOIN intervention_sessions s ON s.id = p.session_id GROUP BY 1, 2")}
    held = {r["intervention_id"]: r["n"] for r in demo_db.query(
        "SELECT intervention_id, count(*) AS n FROM intervention_sessions GROUP BY 1")}
    assert all(held.values())
    for report in reports:
        assert len(report.held) == held.get(report.programme.id, 0)
        for place in report.places:
            assert place.sessions.attended == attended.get((report.programme.id,
                                                            place.place.upn), 0)
            assert place.sessions.planned > 0
        assert report.summary.sessions.attended == sum(
            attended.get((report.programme.id, p.place.upn), 0) for p in report.places)
    assert sum(p.on_track_at_exit is not None for r in reports for p in r.places) > 0
