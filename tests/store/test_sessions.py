"""Sessions as a TA logs them: each mark saved as it is made (the first one making the session),
corrections kept in history, and which programmes are due today."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import Conflict, InvalidInput, NotAllowed
from amtui.core.models import Pupil
from amtui.core.programmes import Plan
from amtui.store import history, interventions, pupils, sessions
from amtui.store.sessions import NewSession

ZOE, SAM = "A123456789012", "C123456789012"
START = date(2026, 9, 7)  # a Monday
MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)
READING = Plan(name="Reading booster", subject="Reading", per_week=3, minutes=20)


@pytest.fixture(autouse=True)
def school(db, admin):
    pupils.save_pupils(db, admin, [
        Pupil(upn=ZOE, forename="Zoë", surname="Chen", year_group=5, class_name="5W"),
        Pupil(upn=SAM, forename="Sam", surname="Ode", year_group=5, class_name="5W")])


def _programme(db, teacher, plan=READING, staff=("TA",), start=START, end=None, days=(0, 2, 4),
               members=((ZOE, None), (SAM, None))):
    made = interventions.create_intervention(db, teacher, plan, list(staff), start, end, days)
    for upn, joined in members:
        interventions.add_pupil(db, teacher, made.id, upn, seen=0, joined=joined)
    return interventions.get_intervention(db, made.id)


@pytest.fixture
def reading(db, teacher):
    return _programme(db, teacher)


def _rows(db):
    return [tuple(r) for r in db.execute(
        "SELECT s.on_date, s.minutes, s.logged_by, p.upn, p.present, p.reason, p.note "
        "FROM intervention_sessions s LEFT JOIN session_pupils p ON p.session_id = s.id "
        "ORDER BY s.id, p.upn")]


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---- marking ------------------------------------------------------------------------------

def test_the_first_mark_makes_the_session_in_the_same_change(db, ta, reading, today):
    session_id = sessions.mark(db, ta, NewSession(reading.id, MONDAY, 20), ZOE, present=True,
                               seen=0, today=today)
    assert _rows(db) == [("2026-11-23", 20, "TA", ZOE, 1, "", "")]
    assert sessions.get_session(db, session_id).attended == [ZOE]
    assert db.execute("SELECT count(DISTINCT change_id) FROM history WHERE tbl IN "
                      "('intervention_sessions', 'session_pupils')").fetchone()[0] == 1
    history.undo(db, ta)
    assert _count(db, "intervention_sessions") == 0 and _count(db, "session_pupils") == 0


def test_everyone_left_is_marked_present_in_one_change(db, ta, reading, today):
    session_id = sessions.mark(db, ta, NewSession(reading.id, MONDAY, 20), ZOE, present=False,
                               reason="Ill", seen=0, today=today)
    assert sessions.mark_all(db, ta, session_id, [SAM], today=today) == session_id
    assert _rows(db) == [("2026-11-23", 20, "TA", ZOE, 0, "Ill", ""),
                         ("2026-11-23", 20, "TA", SAM, 1, "", "")]
    history.undo(db, ta)  # one undo takes back the whole of "everyone else present"
    assert _rows(db) == [("2026-11-23", 20, "TA", ZOE, 0, "Ill", "")]
    with pytest.raises(Conflict):  # marked meanwhile by someone else: not overwritten
        sessions.mark_all(db, ta, session_id, [ZOE, SAM], today=today)
    assert _rows(db) == [("2026-11-23", 20, "TA", ZOE, 0, "Ill", "")]
    new = sessions.mark_all(db, ta, NewSession(reading.id, TUESDAY, 20), [ZOE, SAM],
                            today=today)
    assert sessions.get_session(db, new).attended == [ZOE, SAM]


def test_further_marks_absences_notes_and_unmarking(db, ta, reading, today):
    session_id = sessions.mark(db, ta, NewSession(reading.id, MONDAY, 20), ZOE, present=True,
                               seen=0, today=today)
    with pytest.raises(InvalidInput, match="mark the pupil present or absent first"):
        sessions.note_pupil(db, ta, session_id, SAM, "Tired", seen=0)
    assert sessions.mark(db, ta, session_id, SAM, present=False, reason=" Ill ", seen=0,
                         today=today) == session_id
    sessions.note_pupil(db, ta, session_id, ZOE, " Read fluently ", seen=1)
    assert _rows(db) == [("2026-11-23", 20, "TA", ZOE, 1, "", "Read fluently"),
                         ("2026-11-23", 20, "TA", SAM, 0, "Ill", "")]
    sessions.mark(db, ta, session_id, SAM, present=True, reason="ignored", seen=1, today=today)
    assert sessions.get_session(db, session_id).mark(SAM).reason == ""
    with pytest.raises(Conflict, match="someone else changed this session record"):
        sessions.unmark(db, ta, session_id, SAM, seen=1)  # SAM's mark as read has moved on
    sessions.unmark(db, ta, session_id, SAM, seen=2)
    assert sessions.get_session(db, session_id).attended == [ZOE]
    assert sessions.get_session(db, session_id).mark(SAM) is None


def test_a_pupil_without_a_place_that_day_is_not_marked(db, teacher, ta, today):
    programme = _programme(db, teacher, members=((ZOE, date(2026, 11, 30)),))
    with pytest.raises(InvalidInput, match="no place in the programme on 23/11/2026"):
        sessions.mark(db, ta, NewSession(programme.id, MONDAY, 20), ZOE, present=True, seen=0,
                      today=today)
    with pytest.raises(InvalidInput, match="no place in the programme"):
        sessions.mark(db, ta, NewSession(programme.id, MONDAY, 20), SAM, present=True, seen=0,
                      today=today)
    assert _count(db, "intervention_sessions") == 0  # the session went with the refused mark


def test_a_pupil_who_left_is_not_marked_after_leaving(db, teacher, ta, reading, today):
    interventions.end_place(db, teacher, reading.id, reading.place(SAM), date(2026, 11, 20),
                            "Exit met")
    session_id = sessions.mark(db, ta, NewSession(reading.id, date(2026, 11, 20), 20), SAM,
                               present=True, seen=0, today=today)
    with pytest.raises(InvalidInput, match="no place in the programme on 23/11/2026"):
        sessions.mark(db, ta, NewSession(reading.id, MONDAY, 20), SAM, present=True, seen=0,
                      today=today)
    assert [s.id for s in sessions.sessions(db, reading.id)] == [session_id]


@pytest.mark.parametrize(("on", "end", "message"), [
    (date(2026, 11, 25), None, "25/11/2026 is in the future — log a session once it has run"),
    (date(2026, 9, 4), None, "the programme started on 07/09/2026"),
    (date(2026, 11, 23), date(2026, 11, 20), "the programme ended on 20/11/2026"),
])
def test_a_session_outside_the_programme_or_to_come_is_refused(db, teacher, ta, today, on, end,
                                                               message):
    programme = _programme(db, teacher, end=end)
    with pytest.raises(InvalidInput, match=message):
        sessions.mark(db, ta, NewSession(programme.id, on, 20), ZOE, present=True, seen=0,
                      today=today)
    with pytest.raises(InvalidInput, match=message):
        sessions.edit_session(db, ta, NewSession(programme.id, on, 20), on=on, minutes=20,
                              note="", today=today)
    assert _count(db, "intervention_sessions") == 0


def test_a_missed_session_is_logged_for_its_day(db, ta, reading, today):
    session_id = sessions.mark(db, ta, NewSession(reading.id, date(2026, 10, 2), 15), ZOE,
                               present=False, reason="Trip", seen=0, today=today)
    session = sessions.get_session(db, session_id)
    assert (session.on, session.minutes, session.mark(ZOE).reason) == \
        (date(2026, 10, 2), 15, "Trip")


def test_a_ta_who_does_not_run_the_programme_logs_nothing(db, teacher, ta, slt, today):
    theirs = _programme(db, teacher, staff=("KW",))
    with pytest.raises(NotAllowed, match="only the staff who run this intervention"):
        sessions.mark(db, ta, NewSession(theirs.id, MONDAY, 20), ZOE, present=True, seen=0,
                      today=today)
    session_id = sessions.mark(db, slt, NewSession(theirs.id, MONDAY, 20), ZOE, present=True,
                               seen=0, today=today)
    for refused in (
            lambda: sessions.mark(db, ta, session_id, SAM, present=True, seen=0, today=today),
            lambda: sessions.note_pupil(db, ta, session_id, ZOE, "x", seen=1),
            lambda: sessions.unmark(db, ta, session_id, ZOE, seen=1),
            lambda: sessions.remove_session(db, ta, sessions.get_session(db, session_id))):
        with pytest.raises(NotAllowed):
            refused()
    assert _rows(db) == [("2026-11-23", 20, "SL", ZOE, 1, "", "")]


# ---- correcting and removing --------------------------------------------------------------

def test_a_session_is_corrected_with_its_history_kept(db, ta, reading, today):
    session_id = sessions.mark(db, ta, NewSession(reading.id, MONDAY, 20), ZOE, present=True,
                               seen=0, today=today)
    session = sessions.get_session(db, session_id)
    assert sessions.edit_session(db, ta, session, on=date(2026, 11, 20), minutes=25,
                                 note=" Phonics ", today=today) == session_id
    assert db.execute("SELECT on_date, minutes, note, version FROM intervention_sessions"
                      ).fetchone() == ("2026-11-20", 25, "Phonics", 2)
    kept = history.entries(db, "intervention_sessions", {"id": session_id})
    assert [(e.old is None, e.who) for e in kept] == [(False, "TA"), (True, "TA")]
    assert '"on_date": "2026-11-23"' in kept[0].old and '"on_date": "2026-11-20"' in kept[0].new
    with pytest.raises(Conflict):
        sessions.edit_session(db, ta, session, on=MONDAY, minutes=20, note="", today=today)


def test_a_correction_to_a_day_a_marked_pupil_had_no_place_is_refused(db, teacher, ta, today):
    programme = _programme(db, teacher, members=((ZOE, date(2026, 11, 16)),))
    session_id = sessions.mark(db, ta, NewSession(programme.id, MONDAY, 20), ZOE, present=True,
                               seen=0, today=today)
    with pytest.raises(InvalidInput, match="1 of the pupils marked had no place on 13/11/2026"):
        sessions.edit_session(db, ta, sessions.get_session(db, session_id),
                              on=date(2026, 11, 13), minutes=20, note="", today=today)


def test_a_new_session_can_be_made_by_its_details_alone(db, ta, reading, today):
    session_id = sessions.edit_session(db, ta, NewSession(reading.id, MONDAY, 20), on=MONDAY,
                                       minutes=30, note="Hall", today=today)
    assert (sessions.get_session(db, session_id).minutes,
            sessions.get_session(db, session_id).note) == (30, "Hall")


def test_a_session_is_removed_with_its_marks_and_undo_brings_them_back(db, ta, reading, today):
    session_id = sessions.mark(db, ta, NewSession(reading.id, MONDAY, 20), ZOE, present=True,
                               seen=0, today=today)
    sessions.mark(db, ta, session_id, SAM, present=False, reason="Ill", seen=0, today=today)
    before = _rows(db)
    sessions.remove_session(db, ta, sessions.get_session(db, session_id))
    assert _count(db, "intervention_sessions") == 0 and _count(db, "session_pupils") == 0
    history.undo(db, ta)
    assert _rows(db) == before


# ---- due today ----------------------------------------------------------------------------

def _due(db, who, day):
    return [(d.programme.name, d.session.id if d.session else None, d.held_this_week)
            for d in sessions.due_today(db, who, day)]


def test_a_weekday_programme_is_due_on_its_days_only(db, ta, reading):
    assert _due(db, ta, MONDAY) == [("Reading booster", None, 0)]
    assert _due(db, ta, TUESDAY) == []
    assert _due(db, ta, date(2026, 11, 25)) == [("Reading booster", None, 0)]


def test_without_days_a_programme_is_due_on_school_days_until_the_week_is_held(db, teacher, ta,
                                                                               today):
    plan = Plan(name="Maths club", subject="Maths", per_week=2, minutes=15)
    programme = _programme(db, teacher, plan=plan, days=())
    assert _due(db, ta, MONDAY) == [("Maths club", None, 0)]
    sessions.log_session(db, ta, programme.id, MONDAY, 15, [ZOE], today=MONDAY)
    assert _due(db, ta, TUESDAY) == [("Maths club", None, 1)]
    today_id = sessions.log_session(db, ta, programme.id, TUESDAY, 15, [ZOE], today=TUESDAY).id
    assert _due(db, ta, TUESDAY) == [("Maths club", today_id, 1)]  # listed with its session
    assert _due(db, ta, date(2026, 11, 25)) == []  # two held this week
    assert _due(db, ta, date(2026, 11, 30)) == [("Maths club", None, 0)]  # a new week
    assert _due(db, ta, date(2026, 11, 29)) == []  # Sunday


def test_a_session_logged_today_is_listed_even_off_the_programmes_days(db, ta, reading):
    session = sessions.log_session(db, ta, reading.id, TUESDAY, 20, [ZOE], today=TUESDAY)
    assert _due(db, ta, TUESDAY) == [("Reading booster", session.id, 0)]


def test_ended_or_empty_programmes_and_other_staffs_are_not_due(db, teacher, ta):
    _programme(db, teacher, plan=Plan(name="Ended", subject="Maths"), end=date(2026, 11, 20))
    _programme(db, teacher, plan=Plan(name="Later", subject="Maths"),
               members=((ZOE, date(2026, 11, 30)),))
    _programme(db, teacher, plan=Plan(name="Left", subject="Maths"))
    left = interventions.list_interventions(db, run_by="TA")[-1]
    for place in left.places:
        interventions.end_place(db, teacher, left.id, place, date(2026, 11, 20), "Exit met")
    _programme(db, teacher, plan=Plan(name="Not mine", subject="Maths"), staff=("KW",))
    _programme(db, teacher, plan=Plan(name="Mine too", subject="Maths"), staff=("KW", "TA"))
    assert _due(db, ta, MONDAY) == [("Mine too", None, 0)]
    assert _due(db, teacher, MONDAY) == [("Mine too", None, 0), ("Not mine", None, 0)]
