"""Who may do what is decided in the store: screens and the command line meet the same rules."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.colours import Rag
from amtui.core.errors import NotAllowed
from amtui.core.models import ClassGroup, Pupil, Staff
from amtui.core.programmes import Plan
from amtui.core.scale import Step
from amtui.store import attainment, interventions, pupils, records, sessions
from amtui.store.access import may_edit_pupil

MINE, THEIRS = "A123456789012", "B123456789012"


@pytest.fixture(autouse=True)
def school(db, admin):
    pupils.save_staff(db, admin, Staff(initials="JB", name="Mr J Bell", role="teacher"))
    pupils.save_class(db, admin, ClassGroup(name="4B", year_group=4, teacher="JB"), seen=0)
    pupils.save_pupils(db, admin, [
        Pupil(upn=MINE, forename="Zoë", surname="Chen", year_group=5, class_name="5W"),
        Pupil(upn=THEIRS, forename="Ali", surname="Khan", year_group=4, class_name="4B")])


def _step(db, who, upn, term, text="4b"):
    return attainment.set_step(db, who, upn, "Reading", term, Step.parse(text), seen=0)


def test_a_ta_stores_no_step_and_overrides_no_colour(db, ta, term):
    with pytest.raises(NotAllowed, match="only the pupil's teacher or a senior leader"):
        _step(db, ta, MINE, term)
    with pytest.raises(NotAllowed, match="teaching assistant"):
        attainment.set_override(db, ta, MINE, "Reading", term, Rag.RED, "no progress", seen=0)
    assert attainment.get_attainment(db, MINE, "Reading", term).version == 0


def test_a_teacher_changes_only_their_own_classes(db, teacher, term):
    _step(db, teacher, MINE, term)
    with pytest.raises(NotAllowed, match=r"only 4B's teacher \(JB, or the pupil's mentor\)"):
        _step(db, teacher, THEIRS, term)
    assert not may_edit_pupil(db, teacher, THEIRS) and may_edit_pupil(db, teacher, MINE)


def test_a_senior_leader_grants_a_class_and_changes_any(db, teacher, slt, term):
    _step(db, slt, THEIRS, term)
    pupils.grant_class(db, slt, "KW", "4B")
    attainment.set_step(db, teacher, THEIRS, "Reading", term, Step.parse("4w"), seen=1)
    with pytest.raises(NotAllowed, match="only a senior leader may give a teacher another"):
        pupils.grant_class(db, teacher, "KW", "4B", allow=False)


def test_only_an_admin_manages_staff_and_nobody_promotes_themselves(db, teacher, admin):
    with pytest.raises(NotAllowed, match="only an admin may add staff"):
        pupils.save_staff(db, teacher, Staff(initials="KW", name="Miss K Webb", role="slt"))
    with pytest.raises(NotAllowed, match="nobody changes their own role"):
        pupils.save_staff(db, admin, Staff(initials="AD", name="Ms A Dunn", role="slt"))
    assert pupils.get_staff(db, "KW").role == "teacher"


def test_only_the_first_member_of_staff_adds_themselves(db):
    with pytest.raises(NotAllowed, match="sign in as an admin"):
        pupils.save_staff(db, None, Staff(initials="XX", name="Someone", role="slt"))


def test_the_roster_is_for_admins_and_senior_leaders(db, teacher):
    with pytest.raises(NotAllowed, match="import the roster"):
        pupils.save_pupils(db, teacher, [Pupil(upn=MINE, forename="Z", surname="C",
                                               year_group=5, class_name="5W")])


def test_a_ta_logs_sessions_of_their_own_programmes_and_reads_only_those_pupils(
        db, teacher, ta, term):
    ours = interventions.create_intervention(db, teacher, Plan(name="Reading booster",
                                                               subject="Reading"),
                                             ["TA"], date(2026, 9, 7))
    other = interventions.create_intervention(db, teacher, Plan(name="Maths booster",
                                                                subject="Maths"),
                                              ["KW"], date(2026, 9, 7))
    interventions.add_pupil(db, teacher, ours.id, MINE, seen=0)
    sessions.log_session(db, ta, ours.id, date(2026, 11, 20), 15, [MINE],
                         today=date(2026, 11, 24))
    with pytest.raises(NotAllowed, match="only the staff who run this intervention"):
        sessions.log_session(db, ta, other.id, date(2026, 11, 20), 15, [],
                             today=date(2026, 11, 24))
    with pytest.raises(NotAllowed, match="only a teacher or a senior leader may set up"):
        interventions.create_intervention(db, ta, Plan(name="Spelling", subject="Writing"),
                                          ["TA"], date(2026, 9, 7))
    assert [r.pupil.upn for r in records.class_records(db, "5W", term, viewer=ta)] == [MINE]
    assert records.class_records(db, "4B", term, viewer=ta) == []
    with pytest.raises(NotAllowed, match="only the pupils of the interventions you run"):
        records.pupil_record(db, THEIRS, term, viewer=ta)

