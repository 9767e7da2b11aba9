"""Programmes in the store: set up, edited and removed by teachers and senior leaders, with
places (joined, left and why), a review each half-term and the bank, every change audited."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from amtui.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from amtui.core.models import ClassGroup, Pupil, Staff
from amtui.core.programmes import Plan
from amtui.core.terms import Term
from amtui.store import history, interventions, programme_bank, pupils, sessions

MINE, ALSO_MINE, THEIRS = "A123456789012", "C123456789012", "B123456789012"
START = date(2026, 9, 7)
PLAN = Plan(name="Reading booster", subject="Reading", description="Guided reading",
            per_week=3, minutes=20, exit_criterion="Secure in reading for two half-terms")


@pytest.fixture(autouse=True)
def school(db, admin):
    pupils.save_staff(db, admin, Staff(initials="JB", name="Mr J Bell", role="teacher"))
    pupils.save_class(db, admin, ClassGroup(name="4B", year_group=4, teacher="JB"), seen=0)
    pupils.save_pupils(db, admin, [
        Pupil(upn=MINE, forename="Zoë", surname="Chen", year_group=5, class_name="5W"),
        Pupil(upn=ALSO_MINE, forename="Sam", surname="Ode", year_group=5, class_name="5W"),
        Pupil(upn=THEIRS, forename="Ali", surname="Khan", year_group=4, class_name="4B")])


def _new(db, who, **kw):
    return interventions.create_intervention(db, who, kw.pop("plan", PLAN), kw.pop("staff", ["TA"]),
                                             kw.pop("start", START), **kw)


def _stored(db, id_):
    return db.execute("SELECT name, subject, per_week, minutes, staff, start, end, days, "
                      "exit_criterion FROM interventions WHERE id = ?", [id_]).fetchone()


# ---- a programme --------------------------------------------------------------------------

def test_a_teacher_sets_up_a_programme_as_planned(db, teacher):
    made = _new(db, teacher, plan=replace(PLAN, name="  Reading booster "), staff=["TA", "KW"],
                days=(4, 0, 2))
    assert _stored(db, made.id) == ("Reading booster", "Reading", 3, 20, '["TA", "KW"]',
                                    "2026-09-07", None, "[0, 2, 4]",
                                    "Secure in reading for two half-terms")
    got = interventions.get_intervention(db, made.id)
    assert got == made
    assert (got.days, got.staff, got.summary) == ((0, 2, 4), ["TA", "KW"],
                                                  "3 × 20 min a week, Mon Wed Fri")


@pytest.mark.parametrize(("plan", "message"), [
    (replace(PLAN, name="  "), "a programme needs a name"),
    (replace(PLAN, subject=""), "say what the programme is for"),
    (replace(PLAN, per_week=21), "21 sessions a week is not a plan — enter 0 to 20"),
    (replace(PLAN, per_week=-1), "-1 sessions a week is not a plan"),
    (replace(PLAN, minutes=0), "0 minutes is not a session length — enter 1 to 600"),
    (replace(PLAN, minutes=601), "601 minutes is not a session length"),
])
def test_a_plan_that_is_not_one_is_refused_saying_what_to_fix(db, teacher, plan, message):
    with pytest.raises(InvalidInput, match=message):
        _new(db, teacher, plan=plan)
    with pytest.raises(InvalidInput, match=message):
        programme_bank.add_to_bank(db, teacher, plan)
    assert db.execute("SELECT count(*) FROM interventions").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM programme_bank").fetchone()[0] == 0


def test_dates_staff_and_days_are_checked(db, teacher):
    with pytest.raises(InvalidInput, match=r"cannot end \(06/09/2026\) before it starts "
                                           r"\(07/09/2026\)"):
        _new(db, teacher, end=date(2026, 9, 6))
    with pytest.raises(InvalidInput, match="no member of staff has the initials ZZ, QQ"):
        _new(db, teacher, staff=["TA", "ZZ", "QQ"])
    with pytest.raises(InvalidInput, match="at least one member of staff"):
        _new(db, teacher, staff=[])
    with pytest.raises(InvalidInput, match="weekdays are Mon to Sun, each once"):
        _new(db, teacher, days=(0, 0))
    assert db.execute("SELECT count(*) FROM interventions").fetchone()[0] == 0
    assert history.entries(db, "interventions") == []


def test_an_edit_changes_the_programme_and_bumps_its_version(db, teacher):
    made = _new(db, teacher)
    edited = interventions.edit_intervention(
        db, teacher, made, replace(PLAN, per_week=2, minutes=30), ["KW"], START,
        date(2026, 12, 18), (1, 3))
    assert _stored(db, made.id)[2:] == (2, 30, '["KW"]', "2026-09-07", "2026-12-18", "[1, 3]",
                                        "Secure in reading for two half-terms")
    assert edited.version == made.version + 1 and edited.end == date(2026, 12, 18)


def test_an_edit_from_a_stale_read_is_a_conflict_and_changes_nothing(db, teacher, slt):
    seen = _new(db, teacher)
    interventions.edit_intervention(db, slt, seen, replace(PLAN, minutes=25), ["TA"], START,
                                    None, ())
    with pytest.raises(Conflict, match="someone else changed this intervention record"):
        interventions.edit_intervention(db, teacher, seen, replace(PLAN, minutes=40), ["TA"],
                                        START, None, ())
    assert _stored(db, seen.id)[3] == 25


def test_an_edit_keeps_the_places_and_sessions_within_the_programmes_dates(db, teacher, ta,
                                                                           today):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0, joined=date(2026, 9, 14))
    sessions.log_session(db, ta, made.id, date(2026, 10, 2), 20, [MINE], today=today)
    seen = interventions.get_intervention(db, made.id)
    with pytest.raises(InvalidInput, match=r"record begins on 14/09/2026 .* start it on that day "
                                           r"or earlier"):
        interventions.edit_intervention(db, teacher, seen, PLAN, ["TA"], date(2026, 9, 15),
                                        None, ())
    with pytest.raises(InvalidInput, match=r"record runs to 02/10/2026 .* end it on that day or "
                                           r"later"):
        interventions.edit_intervention(db, teacher, seen, PLAN, ["TA"], START,
                                        date(2026, 10, 1), ())
    assert _stored(db, made.id)[5:7] == ("2026-09-07", None)
    interventions.edit_intervention(db, teacher, seen, PLAN, ["TA"], date(2026, 9, 14),
                                    date(2026, 10, 2), ())
    assert _stored(db, made.id)[5:7] == ("2026-09-14", "2026-10-02")


def test_a_programme_without_sessions_is_removed_with_its_places(db, teacher):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0)
    interventions.remove_intervention(db, teacher, interventions.get_intervention(db, made.id))
    assert db.execute("SELECT count(*) FROM interventions").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM intervention_pupils").fetchone()[0] == 0
    assert interventions.list_interventions(db) == []


# ---- places -------------------------------------------------------------------------------

def _places(db, id_):
    return [tuple(r) for r in db.execute(
        "SELECT upn, joined, left_on, exit_reason FROM intervention_pupils "
        "WHERE intervention_id = ? ORDER BY joined, upn", [id_])]


def test_a_pupil_joins_on_the_start_or_the_day_given(db, teacher):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0)
    interventions.add_pupil(db, teacher, made.id, ALSO_MINE, seen=0, joined=date(2026, 10, 5))
    assert _places(db, made.id) == [(MINE, "2026-09-07", None, ""),
                                    (ALSO_MINE, "2026-10-05", None, "")]
    got = interventions.get_intervention(db, made.id)
    assert got.pupils == [MINE, ALSO_MINE]
    assert got.members_on(date(2026, 9, 30)) == [MINE]
    assert [p.id for p in interventions.list_interventions(db, upn=ALSO_MINE)] == [made.id]


def test_joining_before_the_programme_starts_is_refused(db, teacher):
    made = _new(db, teacher)
    with pytest.raises(InvalidInput, match="the programme starts on 07/09/2026"):
        interventions.add_pupil(db, teacher, made.id, MINE, seen=0, joined=date(2026, 9, 6))
    assert _places(db, made.id) == []


def test_joining_after_the_programme_ends_is_refused(db, teacher):
    made = _new(db, teacher, end=date(2026, 10, 23))
    with pytest.raises(InvalidInput, match="the programme ended on 23/10/2026"):
        interventions.add_pupil(db, teacher, made.id, MINE, seen=0, joined=date(2026, 11, 2))
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0, joined=date(2026, 10, 23))
    assert _places(db, made.id) == [(MINE, "2026-10-23", None, "")]


def test_a_place_ends_with_a_reason_on_or_after_joining(db, teacher):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0, joined=date(2026, 9, 14))
    place = interventions.get_intervention(db, made.id).place(MINE)
    with pytest.raises(InvalidInput, match="say why the place ends"):
        interventions.end_place(db, teacher, made.id, place, date(2026, 11, 20), "  ")
    with pytest.raises(InvalidInput, match="they joined on 14/09/2026"):
        interventions.end_place(db, teacher, made.id, place, date(2026, 9, 13), "Met it")
    assert _places(db, made.id) == [(MINE, "2026-09-14", None, "")]
    interventions.end_place(db, teacher, made.id, place, date(2026, 11, 20), " Exit met ")
    assert _places(db, made.id) == [(MINE, "2026-09-14", "2026-11-20", "Exit met")]
    left = interventions.get_intervention(db, made.id).place(MINE)
    assert left.in_on(date(2026, 11, 20)) and not left.in_on(date(2026, 11, 23))
    with pytest.raises(Conflict):  # the place as first read has moved on
        interventions.end_place(db, teacher, made.id, place, date(2026, 11, 21), "Again")


def test_a_place_given_by_mistake_is_taken_back(db, teacher):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0)
    place = interventions.get_intervention(db, made.id).place(MINE)
    interventions.remove_pupil(db, teacher, made.id, place)
    assert _places(db, made.id) == []
    assert interventions.list_interventions(db, upn=MINE) == []


# ---- reviews ------------------------------------------------------------------------------

def test_one_review_per_programme_per_half_term_overwritten_only_as_seen(db, teacher, slt):
    made = _new(db, teacher)
    first = interventions.review(db, teacher, made.id, Term(2026, 1), "partly",
                                 " More phonics ", seen=0)
    assert (first.verdict, first.changes, first.reviewed_by, first.version) == \
        ("partly", "More phonics", "KW", 1)
    with pytest.raises(Conflict, match="changed this programme review record"):  # a 2nd "new"
        interventions.review(db, slt, made.id, Term(2026, 1), "not", "", seen=0)
    interventions.review(db, slt, made.id, Term(2026, 1), "effective", "", seen=first.version)
    interventions.review(db, teacher, made.id, Term(2026, 2), "not", "Stop it", seen=0)
    assert [(r.half_term, r.verdict, r.reviewed_by) for r in interventions.reviews(db, made.id)] \
        == [(2, "not", "KW"), (1, "effective", "SL")]
    with pytest.raises(InvalidInput, match="effective, partly or not"):
        interventions.review(db, teacher, made.id, Term(2026, 3), "great", "", seen=0)


# ---- the bank -----------------------------------------------------------------------------

def test_the_bank_is_added_to_edited_and_removed_from(db, teacher, slt):
    entry = programme_bank.add_to_bank(db, teacher, PLAN)
    maths = programme_bank.add_to_bank(db, slt, Plan(name="Times tables", subject="Maths"))
    assert [e.plan.name for e in programme_bank.bank(db)] == ["Times tables", "Reading booster"]
    edited = programme_bank.edit_in_bank(db, teacher, entry, replace(PLAN, minutes=10))
    assert programme_bank.get_entry(db, entry.id).plan.minutes == 10 == edited.plan.minutes
    with pytest.raises(Conflict, match="someone else changed this programme record"):
        programme_bank.edit_in_bank(db, slt, entry, replace(PLAN, minutes=12))
    programme_bank.remove_from_bank(db, slt, maths)
    assert [e.id for e in programme_bank.bank(db)] == [entry.id]


# ---- who may ------------------------------------------------------------------------------

def test_a_ta_sets_up_nothing_and_adds_no_pupil(db, teacher, ta):
    made = _new(db, teacher)
    with pytest.raises(NotAllowed, match="only a teacher or a senior leader may set up"):
        _new(db, ta)
    with pytest.raises(NotAllowed, match="only a teacher or a senior leader"):
        interventions.add_pupil(db, ta, made.id, MINE, seen=0)
    with pytest.raises(NotAllowed, match="only a teacher or a senior leader"):
        programme_bank.add_to_bank(db, ta, PLAN)
    with pytest.raises(NotAllowed):
        interventions.review(db, ta, made.id, Term(2026, 2), "effective", "", seen=0)
    assert _places(db, made.id) == [] and programme_bank.bank(db) == []


def test_a_teacher_gives_places_to_their_own_class_and_a_senior_leader_to_any(db, teacher, slt):
    made = _new(db, teacher)
    with pytest.raises(NotAllowed, match=r"only 4B's teacher \(JB"):
        interventions.add_pupil(db, teacher, made.id, THEIRS, seen=0)
    interventions.add_pupil(db, slt, made.id, THEIRS, seen=0)
    place = interventions.get_intervention(db, made.id).place(THEIRS)
    with pytest.raises(NotAllowed, match=r"only 4B's teacher"):
        interventions.end_place(db, teacher, made.id, place, date(2026, 10, 1), "Moved")
    with pytest.raises(NotAllowed, match=r"only 4B's teacher"):
        interventions.remove_pupil(db, teacher, made.id, place)
    assert _places(db, made.id) == [(THEIRS, "2026-09-07", None, "")]


# ---- history and undo ---------------------------------------------------------------------

def test_each_change_is_in_history_and_undo_reverts_ones_own_last(db, teacher):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0)
    key = {"intervention_id": made.id, "upn": MINE}
    [added] = history.entries(db, "intervention_pupils", key)
    assert added.who == "KW" and added.old is None and json.loads(added.new)["joined"] == \
        "2026-09-07"
    [created] = history.entries(db, "interventions", {"id": made.id})
    assert json.loads(created.new)["name"] == "Reading booster"

    place = interventions.get_intervention(db, made.id).place(MINE)
    interventions.end_place(db, teacher, made.id, place, date(2026, 10, 9), "Exit met")
    assert history.undo(db, teacher).tables == ("intervention_pupils",)
    assert _places(db, made.id) == [(MINE, "2026-09-07", None, "")]
    assert [e.undone for e in history.entries(db, "intervention_pupils", key)] == \
        [False, True, False]  # the undo, the end undone, the place

    edited = interventions.edit_intervention(db, teacher, interventions.get_intervention(
        db, made.id), replace(PLAN, name="Reading plus"), ["TA"], START, None, ())
    assert edited.name == "Reading plus"
    history.undo(db, teacher)
    assert _stored(db, made.id)[0] == "Reading booster"


def test_undo_takes_back_a_whole_removal(db, teacher):
    made = _new(db, teacher)
    interventions.add_pupil(db, teacher, made.id, MINE, seen=0)
    interventions.remove_intervention(db, teacher, interventions.get_intervention(db, made.id))
    history.undo(db, teacher)
    assert _stored(db, made.id)[0] == "Reading booster"
    assert _places(db, made.id) == [(MINE, "2026-09-07", None, "")]


def test_undo_of_a_bank_entry_removes_it(db, teacher, slt):
    programme_bank.add_to_bank(db, teacher, PLAN)
    with pytest.raises(NotFound, match="nothing of yours to undo"):
        history.undo(db, slt)
    history.undo(db, teacher)
    assert programme_bank.bank(db) == []
