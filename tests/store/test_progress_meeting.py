"""The progress meeting's data on the demo school (today 2026-11-24, Autumn 2): every row is
what core's rules say pupil by pupil, the programmes and their impact are the store's, and only
senior leaders and admins see it."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.colours import Rag, off_track
from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.models import Pupil
from amtui.core.progress import summarise
from amtui.core.scale import Step
from amtui.core.terms import Term, term_start
from amtui.store import attainment, impact, pupils, records
from amtui.store.progress_meeting import Filters, progress_meeting

T2 = Term(2026, 2)


@pytest.fixture
def leader(demo_db):
    return next(s for s in pupils.list_staff(demo_db) if s.role == "slt")


def _summaries(db, scheme):
    return [summarise(r, scheme) for r in records.school_records(db, T2, scheme)]


def _meeting(db, scheme, today, who, **filters):
    return progress_meeting(db, scheme, T2, today, who, Filters(**filters))


def test_off_track_rows_are_cores_rules_red_then_amber(demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader)
    expected = sorted(
        (s.colour, scheme.subjects.index(s.subject), p.year_group, p.class_name, p.sort_key,
          p.upn, s.subject)
         for summary in _summaries(demo_db, scheme) for s in summary.subjects
         if off_track(s.colour, scheme) for p in [summary.record.pupil])
    got = [(row.colour, row.pupil.upn, row.subject) for row in meeting.off_track]
    assert got == [(colour, upn, subject) for colour, *_, upn, subject in expected]
    assert {row.colour for row in meeting.off_track} == {Rag.RED, Rag.AMBER}  # amber counts here
    assert meeting.pupils == 210
    assert meeting.off_track_in("Reading") == len({upn for _, _, _, _, _, upn, subject
                                                   in expected if subject == "Reading"})


def test_each_off_track_pupil_has_their_programmes_and_the_impact_store_gives(
        demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader)
    begun, ends = term_start(T2, scheme), term_start(T2.next(), scheme)
    with_two = 0
    for row in meeting.off_track:
        theirs = [(report, place) for report, place in
                  impact.pupil_places(demo_db, scheme, today, row.pupil.upn)
                  if report.programme.start < ends and place.place.joined < ends
                  and (place.place.left is None or place.place.left >= begun)]
        assert sorted((p.report.programme.id, p.place.sessions, p.place.gain)
                      for p in row.programmes) == \
            sorted((report.programme.id, place.sessions, place.gain) for report, place in theirs)
        subjects = [p.report.programme.subject for p in row.programmes]
        assert subjects == sorted(subjects, key=lambda s: s != row.subject)  # theirs first
        with_two += len(row.programmes) >= 2 and subjects[0] == row.subject
    assert with_two > 0
    assert any(not row.programmes for row in meeting.off_track)


def test_pupils_who_exceeded_their_trajectory(demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader)
    assert meeting.exceeded == ()  # the demo has nobody a step above expected in Autumn 2
    summary = next(s for s in _summaries(demo_db, scheme)
                   for status in s.subjects
                   if status.subject == "Maths" and status.colour is Rag.GREEN
                   and status.trajectory is not None and isinstance(status.step, Step))
    maths = next(s for s in summary.subjects if s.subject == "Maths")
    upn = summary.record.pupil.upn
    seen = attainment.get_attainment(demo_db, upn, "Maths", T2).version
    attainment.set_step(demo_db, leader, upn, "Maths", T2, maths.step + 2, seen=seen)
    meeting = _meeting(demo_db, scheme, today, leader)
    assert [(row.pupil.upn, row.subject, row.status.trajectory.gap)
            for row in meeting.exceeded] == [(upn, "Maths", 2)]
    assert (upn, "Maths") not in {(row.pupil.upn, row.subject) for row in meeting.off_track}


def test_leavers_on_track_since_the_last_round(demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader)
    since = term_start(T2.previous(), scheme)
    expected = sorted((place.pupil.upn, report.programme.id)
                      for report in impact.programme_reports(demo_db, scheme, today)
                      for place in report.places
                      if place.on_track_at_exit and place.place.left is not None
                      and place.place.left >= since)
    assert len(expected) == 4
    assert sorted((leaver.pupil.upn, leaver.programme.report.programme.id)
                  for leaver in meeting.leavers) == expected
    maths = _meeting(demo_db, scheme, today, leader, subject="Maths")
    assert {leaver.programme.report.programme.subject for leaver in maths.leavers} == {"Maths"}


def test_meetings_by_class_not_held_and_not_signed(demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader)
    expected: dict[str, list[int]] = {}
    for summary in _summaries(demo_db, scheme):
        pupil = summary.record.pupil
        if scheme.meetings.meets(pupil.year_group, T2.half_term):
            counts = expected.setdefault(pupil.class_name, [0, 0, 0])
            counts[0] += 1
            counts[1] += summary.state == "not started"
            counts[2] += summary.state not in ("signed", "amended")
    got = {c.class_name: [c.due, c.not_held, c.not_signed] for c in meeting.meetings}
    assert got == expected
    assert next(c.class_name for c in meeting.meetings) == "RB"  # Reception first
    assert meeting.signed == (sum(v[0] - v[2] for v in expected.values()),
                              sum(v[0] for v in expected.values()))


def test_counts_by_group(demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader)
    everyone = pupils.list_pupils(demo_db)
    off = {(row.pupil.upn, row.subject) for row in meeting.off_track}
    tests = {"All pupils": lambda p: True, "SEN": lambda p: p.sen,
             "Pupil premium": lambda p: p.pupil_premium, "EAL": lambda p: p.eal,
             "Girls": lambda p: p.gender == "F", "Boys": lambda p: p.gender == "M"}
    assert [g.label for g in meeting.groups] == list(tests)
    for group in meeting.groups:
        members = {p.upn for p in everyone if tests[group.label](p)}
        assert group.pupils == len(members) > 0
        assert group.off_track == {s: sum((u, s) in off for u in members)
                                   for s in scheme.subjects}
        assert group.off_track_any == len({u for u, _ in off} & members)


def test_girls_and_boys_only_where_the_roster_gives_gender(db, scheme, today, admin, slt):
    pupils.save_pupils(db, admin, [
        Pupil(upn="A123456789012", forename="Zoë", surname="Chen", year_group=5,
              class_name="5W", sen=True),
        Pupil(upn="B123456789012", forename="Sam", surname="Ode", year_group=5,
              class_name="5W")])
    meeting = progress_meeting(db, scheme, T2, today, slt)
    assert [(g.label, g.pupils) for g in meeting.groups] == [
        ("All pupils", 2), ("SEN", 1), ("Pupil premium", 0), ("EAL", 0)]
    assert meeting.off_track == () and meeting.meetings[0].not_held == 2


def test_filters_by_class_subject_and_group(demo_db, scheme, today, leader):
    everyone = pupils.list_pupils(demo_db)
    by_class = _meeting(demo_db, scheme, today, leader, class_name="5W")
    assert by_class.pupils == sum(p.class_name == "5W" for p in everyone)
    assert {row.pupil.class_name for row in by_class.off_track} == {"5W"}
    assert [c.class_name for c in by_class.meetings] == ["5W"]
    maths = _meeting(demo_db, scheme, today, leader, subject="Maths")
    assert maths.subjects == ("Maths",) and maths.pupils == 210
    assert {row.subject for row in maths.off_track} == {"Maths"}
    assert maths.groups[0].off_track == {"Maths": maths.off_track_in("Maths")}
    sen = _meeting(demo_db, scheme, today, leader, group="sen")
    assert sen.pupils == sum(p.sen for p in everyone)
    assert sen.off_track and all(row.pupil.sen for row in sen.off_track)
    whole = _meeting(demo_db, scheme, today, leader)
    assert sen.off_track == tuple(row for row in whole.off_track if row.pupil.sen)


def test_filters_are_read_whatever_their_case(demo_db, scheme, today, leader):
    meeting = _meeting(demo_db, scheme, today, leader, class_name="5w", subject="maths",
                       group="SEN")
    assert meeting.filters == Filters("5W", "Maths", "sen")
    assert meeting.filters.describe() == "class 5W, Maths, SEN"


@pytest.mark.parametrize(("filters", "message"), [
    ({"subject": "Art"}, "“Art” is not a subject of the school's scheme — use Reading, Writing, "
                         "Maths, Science"),
    ({"group": "tall"}, "“tall” is not a group — use sen, pp, eal, girls, boys"),
    ({"class_name": "9Z"}, "there is no class “9Z” — use RB, 1H, 2K, 3P, 4D, 5W, 6M"),
])
def test_a_bad_filter_says_what_to_use(demo_db, scheme, today, leader, filters, message):
    with pytest.raises(InvalidInput) as refused:
        _meeting(demo_db, scheme, today, leader, **filters)
    assert str(refused.value) == message


@pytest.mark.parametrize("initials", ["KW", "JPA"])
def test_a_teacher_or_ta_is_refused(demo_db, scheme, today, initials):
    with pytest.raises(NotAllowed):
        _meeting(demo_db, scheme, today, pupils.get_staff(demo_db, initials))


def test_an_earlier_half_term(demo_db, scheme, leader):
    meeting = progress_meeting(demo_db, scheme, Term(2026, 1), date(2026, 11, 24), leader)
    assert meeting.term == Term(2026, 1)
    assert all(row.status.step is not None for row in meeting.off_track)
