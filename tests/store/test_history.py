"""Every write leaves one history row; undo reverts one's own last edit, never another's."""

from __future__ import annotations

import json

import pytest

from amtui.core.colours import Rag
from amtui.core.errors import Conflict, NotFound
from amtui.core.models import Pupil
from amtui.core.scale import Step
from amtui.store import attainment, attitude, history, meetings, pupils

UPN = "A123456789012"


@pytest.fixture
def pupil(db):
    pupils.save_pupils(db, "KW", [Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5,
                                        class_name="5W")])
    return UPN


def _count(db) -> int:
    return db.execute("SELECT count(*) FROM history").fetchone()[0]


def test_each_store_write_records_who_what_old_and_new(db, pupil, teacher, term, scheme):
    before = _count(db)
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5b"))
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5b+"))
    attitude.set_value(db, teacher, pupil, term, "attendance", 96.5, scheme)
    assert _count(db) == before + 3
    latest = history.entries(db, "attainment")[0]
    assert latest.who == "KW" and latest.table == "attainment"
    assert json.loads(latest.old)["step"] == "5b" and json.loads(latest.new)["step"] == "5b+"
    assert json.loads(latest.key) == {"upn": UPN, "subject": "Maths", "school_year": 2026,
                                      "half_term": 2}


def test_an_unchanged_write_records_nothing(db, pupil, teacher, term):
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5b"))
    before = _count(db)
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5b"))
    assert _count(db) == before


def test_undo_reverts_an_update_then_the_insert(db, pupil, teacher, term):
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5b"))
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5w"))
    history.undo(db, "KW")
    assert attainment.get_attainment(db, pupil, "Maths", term).step == Step.parse("5b")
    history.undo(db, "KW")
    assert attainment.get_attainment(db, pupil, "Maths", term).version == 0


def test_undo_restores_a_deleted_row(db, pupil, teacher, term):
    step = meetings.add_next_step(db, teacher, pupil, term, "Maths", "Order numbers to 1 000 000")
    meetings.delete_next_step(db, teacher, step.id)
    assert meetings.next_steps(db, pupil, term) == []
    history.undo(db, "KW")  # the meeting touch
    history.undo(db, "KW")  # the delete
    assert [s.text for s in meetings.next_steps(db, pupil, term)] == ["Order numbers to 1 000 000"]


def test_another_users_later_edit_blocks_undo(db, pupil, teacher, slt, term):
    attainment.set_step(db, teacher, pupil, "Maths", term, Step.parse("5b"))
    attainment.set_override(db, slt, pupil, "Maths", term, Rag.AMBER, "little progress")
    with pytest.raises(Conflict, match="nothing undone"):
        history.undo(db, "KW")
    assert attainment.get_attainment(db, pupil, "Maths", term).override is Rag.AMBER


def test_nothing_to_undo(db):
    with pytest.raises(NotFound, match="nothing of yours to undo"):
        history.undo(db, "KW")


def test_a_failed_write_leaves_no_trace(db, pupil, teacher, term, scheme):
    before = _count(db)
    with pytest.raises(Exception):
        attitude.set_value(db, teacher, pupil, term, "attendance", 105, scheme)
    assert _count(db) == before
    assert attitude.get_attitude(db, pupil, term, "attendance").version == 0
