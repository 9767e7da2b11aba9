"""Every write is one change with its history rows; undo reverts the signed-in user's own latest
change as a whole, only while no one else has touched it, only in its session, never a
signature."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from amtui.core.colours import Rag
from amtui.core.errors import Conflict, NotAllowed, NotFound, OutOfRange
from amtui.core.models import Pupil, Staff
from amtui.core.scale import Step
from amtui.store import attainment, attitude, history, meetings, pupils
from amtui.store.db import open_db

UPN = "A123456789012"


@pytest.fixture
def pupil(db):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5, class_name="5W")])
    return UPN


@pytest.fixture
def colleague(db) -> Staff:
    """DH, who shares 5W with KW (a senior leader granted it)."""
    dh = pupils.save_staff(db, pupils.get_staff(db, "AD"),
                           Staff(initials="DH", name="Mr D Hall", role="teacher"))
    pupils.grant_class(db, pupils.get_staff(db, "SL"), "DH", "5W")
    return dh


def _count(db) -> int:
    return db.execute("SELECT count(*) FROM history").fetchone()[0]


def _step(db, who, text, term, subject="Reading"):
    seen = attainment.get_attainment(db, UPN, subject, term).version
    return attainment.set_step(db, who, UPN, subject, term, Step.parse(text), seen=seen)


def test_each_store_write_records_who_what_old_and_new(db, pupil, teacher, term, scheme):
    before = _count(db)
    _step(db, teacher, "5b", term, "Maths")
    _step(db, teacher, "5b+", term, "Maths")
    attitude.set_value(db, teacher, pupil, term, "attendance", 96.5, scheme, seen=0)
    assert _count(db) == before + 3
    latest = history.entries(db, "attainment")[0]
    assert latest.who == "KW" and latest.table == "attainment"
    assert json.loads(latest.old)["step"] == "5b" and json.loads(latest.new)["step"] == "5b+"
    assert json.loads(latest.key) == {"upn": UPN, "subject": "Maths", "school_year": 2026,
                                      "half_term": 2}


def test_an_unchanged_write_records_nothing(db, pupil, teacher, term):
    _step(db, teacher, "5b", term, "Maths")
    before = _count(db)
    _step(db, teacher, "5b", term, "Maths")
    assert _count(db) == before


def test_undo_reverts_an_update_then_the_insert(db, pupil, teacher, term):
    _step(db, teacher, "5b", term, "Maths")
    _step(db, teacher, "5w", term, "Maths")
    assert history.undo(db, teacher).what == "the Maths step"
    assert attainment.get_attainment(db, pupil, "Maths", term).step == Step.parse("5b")
    history.undo(db, teacher)
    assert attainment.get_attainment(db, pupil, "Maths", term).version == 0


def test_undo_restores_a_deleted_next_step_in_one_go(db, pupil, teacher, term):
    step = meetings.add_next_step(db, teacher, pupil, term, "Maths", "Order numbers to 1 000 000")
    meetings.delete_next_step(db, teacher, step.id, seen=step.version)
    assert meetings.next_steps(db, pupil, term) == []
    history.undo(db, teacher)  # one action, one undo: the row and the meeting mark together
    assert [s.text for s in meetings.next_steps(db, pupil, term)] == ["Order numbers to 1 000 000"]


def test_another_users_later_edit_blocks_undo(db, pupil, teacher, slt, term):
    _step(db, teacher, "5b", term, "Maths")
    attainment.set_override(db, slt, pupil, "Maths", term, Rag.AMBER, "little progress",
                            seen=attainment.get_attainment(db, pupil, "Maths", term).version)
    with pytest.raises(Conflict, match="nothing undone: SL changed"):
        history.undo(db, teacher)
    assert attainment.get_attainment(db, pupil, "Maths", term).override is Rag.AMBER


def test_a_second_undo_never_reverts_over_a_colleagues_edit(db, pupil, teacher, colleague, term):
    """KW sets Reading 4b, DH sets 4w+, KW sets 4s+: KW's first undo brings back DH's 4w+; the
    second would overwrite DH's edit, so it is refused."""
    _step(db, teacher, "4b", term)
    _step(db, colleague, "4w+", term)
    _step(db, teacher, "4s+", term)
    history.undo(db, teacher)
    assert attainment.get_attainment(db, pupil, "Reading", term).step == Step.parse("4w+")
    with pytest.raises(Conflict, match="DH changed"):
        history.undo(db, teacher)
    assert attainment.get_attainment(db, pupil, "Reading", term).step == Step.parse("4w+")


def test_undo_chains_through_ones_own_changes(db, pupil, teacher, term):
    for text in ("4b", "4w", "4s"):
        _step(db, teacher, text, term)
    history.undo(db, teacher)
    history.undo(db, teacher)
    assert attainment.get_attainment(db, pupil, "Reading", term).step == Step.parse("4b")


def test_a_reason_that_starts_with_undo_is_just_words(db, pupil, teacher, term, scheme):
    """Undo used to skip edits whose reason began with "undo" and then revert two at once."""
    attitude.set_colour(db, teacher, pupil, term, "homework", Rag.GREEN, seen=0)
    _step(db, teacher, "5b", term, "Maths")
    attainment.set_override(db, teacher, pupil, "Maths", term, Rag.RED,
                            "Undone homework all half-term",
                            seen=attainment.get_attainment(db, pupil, "Maths", term).version)
    history.undo(db, teacher)
    record = attainment.get_attainment(db, pupil, "Maths", term)
    assert record.override is None and record.step == Step.parse("5b")
    assert attitude.get_attitude(db, pupil, term, "homework").colour is Rag.GREEN


def test_undo_is_only_for_this_session(db, pupil, teacher, term):
    _step(db, teacher, "5b", term, "Maths")
    db.session = "a later session"
    with pytest.raises(NotFound, match="nothing of yours to undo in this session"):
        history.undo(db, teacher)


def test_undo_has_a_time_limit(db, pupil, teacher, term):
    _step(db, teacher, "5b", term, "Maths")
    old = (datetime.now(UTC) - history.UNDO_WINDOW - timedelta(minutes=1)).isoformat()
    db.execute("UPDATE changes SET at = ?", [old])
    with pytest.raises(NotAllowed, match="more than 30 minutes old"):
        history.undo(db, teacher)
    assert attainment.get_attainment(db, pupil, "Maths", term).step == Step.parse("5b")


def test_a_signature_is_never_undone(db, pupil, teacher, term):
    meeting = meetings.update_meeting(db, teacher, pupil, term, judgement=2, seen=0)
    meeting = meetings.sign(db, teacher, pupil, term, "teacher", seen=meeting.version)
    meeting = meetings.sign(db, teacher, pupil, term, "pupil", seen=meeting.version)
    with pytest.raises(NotAllowed, match="cannot be undone — a signature stands"):
        history.undo(db, teacher)
    assert meetings.get_meeting(db, pupil, term).signed


def test_a_step_in_a_signed_meeting_and_its_amended_mark_undo_together(db, pupil, teacher, term):
    meeting = meetings.update_meeting(db, teacher, pupil, term, judgement=2, seen=0)
    meeting = meetings.sign(db, teacher, pupil, term, "teacher", seen=meeting.version)
    meetings.sign(db, teacher, pupil, term, "pupil", seen=meeting.version)
    _step(db, teacher, "5b", term, "Maths")
    assert meetings.get_meeting(db, pupil, term).state == "amended"
    history.undo(db, teacher)
    assert meetings.get_meeting(db, pupil, term).state == "signed"
    assert attainment.get_attainment(db, pupil, "Maths", term).step is None


def test_undo_from_another_connection_is_refused_by_session(tmp_path, scheme):
    """Two copies of amtui open as the same teacher: each undoes only its own changes."""
    path = tmp_path / "school.db"
    first = open_db(path)
    pupils.ensure_subjects(first, scheme)
    admin = pupils.save_staff(first, None, Staff(initials="AD", name="A", role="admin"))
    kw = pupils.save_staff(first, admin, Staff(initials="KW", name="K", role="slt"))
    pupils.save_pupils(first, admin, [Pupil(upn=UPN, forename="A", surname="B", year_group=5,
                                            class_name="5W")])
    second = open_db(path)
    from amtui.core.terms import Term

    attainment.set_step(first, kw, UPN, "Maths", Term(2026, 2), Step.parse("5b"), seen=0)
    with pytest.raises(NotFound):
        history.undo(second, kw)


def test_nothing_to_undo(db, teacher):
    with pytest.raises(NotFound, match="nothing of yours to undo"):
        history.undo(db, teacher)


def test_a_failed_write_leaves_no_trace(db, pupil, teacher, term, scheme):
    before = _count(db)
    with pytest.raises(OutOfRange):
        attitude.set_value(db, teacher, pupil, term, "attendance", 105, scheme, seen=0)
    assert _count(db) == before
    assert attitude.get_attitude(db, pupil, term, "attendance").version == 0


def test_every_history_row_belongs_to_a_change_by_a_real_member_of_staff(db, pupil, teacher,
                                                                         term):
    _step(db, teacher, "5b", term, "Maths")
    orphans = db.execute("SELECT count(*) FROM history h LEFT JOIN changes c ON c.id = "
                         "h.change_id LEFT JOIN staff s ON s.initials = h.who "
                         "WHERE c.id IS NULL OR s.initials IS NULL").fetchone()[0]
    assert orphans == 0
