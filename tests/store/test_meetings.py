"""Meetings: fields, support lines and next steps as rows, their review, signing in order by the
mentor of record, and the amended mark written with the change that causes it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from amtui.core.colours import Rag
from amtui.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from amtui.core.models import Pupil
from amtui.core.scale import Step
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.resources import data_path
from amtui.store import attainment, attitude, history, meetings, pupils, self_assessment

UPN = "A123456789012"


@pytest.fixture(autouse=True)
def pupil(db):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5, class_name="5W")])


def _signed(db, teacher, term):
    meeting = meetings.update_meeting(db, teacher, UPN, term, judgement=2, seen=0)
    meeting = meetings.sign(db, teacher, UPN, term, "teacher", seen=meeting.version)
    return meetings.sign(db, teacher, UPN, term, "pupil", seen=meeting.version)


def test_a_meeting_starts_when_anything_is_recorded(db, teacher, term):
    assert meetings.get_meeting(db, UPN, term).state == "not started"
    meeting = meetings.update_meeting(db, teacher, UPN, term, aspirations=" Vet ", judgement=2,
                                      seen=0)
    meetings.add_support(db, teacher, UPN, term, "learning", "Maths booster")
    meeting = meetings.get_meeting(db, UPN, term)
    assert (meeting.state, meeting.aspirations, meeting.judgement, meeting.support) == \
        ("in progress", "Vet", 2, ["Maths booster"])
    with pytest.raises(InvalidInput):
        meetings.update_meeting(db, teacher, UPN, term, colour=1, seen=meeting.version)


def test_two_teachers_adding_support_at_once_both_keep_their_line(db, teacher, slt, term):
    """Support was a list written back whole: the second writer's list replaced the first's."""
    meetings.add_support(db, teacher, UPN, term, "learning", "Reading buddy")
    meetings.add_support(db, slt, UPN, term, "learning", "Maths booster")
    assert meetings.get_meeting(db, UPN, term).support == ["Reading buddy", "Maths booster"]


def test_removing_a_line_from_a_stale_screen_removes_that_line_or_nothing(db, teacher, slt,
                                                                          term):
    first = meetings.add_support(db, teacher, UPN, term, "learning", "Reading buddy")
    meetings.add_support(db, teacher, UPN, term, "learning", "Maths booster")
    meetings.edit_support(db, slt, first.id, "Reading buddy, daily", seen=first.version)
    with pytest.raises(Conflict):  # the teacher's screen still shows the old first line
        meetings.remove_support(db, teacher, first.id, seen=first.version)
    assert meetings.get_meeting(db, UPN, term).support == ["Reading buddy, daily",
                                                           "Maths booster"]


def test_a_removed_line_cannot_be_edited(db, teacher, term):
    line = meetings.add_support(db, teacher, UPN, term, "attitude", "Weekly check-in")
    meetings.remove_support(db, teacher, line.id, seen=line.version)
    with pytest.raises(NotFound, match="no longer exists"):
        meetings.edit_support(db, teacher, line.id, "Daily check-in", seen=line.version)


def test_stale_meeting_fields_are_refused(db, teacher, slt, term):
    seen = meetings.get_meeting(db, UPN, term).version
    meetings.update_meeting(db, slt, UPN, term, aspirations="Vet", seen=seen)
    with pytest.raises(Conflict):
        meetings.update_meeting(db, teacher, UPN, term, aspirations="Pilot", seen=seen)
    assert meetings.get_meeting(db, UPN, term).aspirations == "Vet"


def test_next_steps_are_reviewed_at_the_following_meeting(db, teacher):
    autumn1, autumn2 = Term(2026, 1), Term(2026, 2)
    first = meetings.add_next_step(db, teacher, UPN, autumn1, "Maths", "Equivalent fractions")
    meetings.add_next_step(db, teacher, UPN, autumn1, "Attitude", "Homework on time")
    assert [t.text for t in meetings.targets_to_review(db, UPN, autumn2)] == \
        ["Equivalent fractions", "Homework on time"]
    reviewed = meetings.review_target(db, teacher, first.id, "partly", autumn2, seen=first.version)
    assert reviewed.review == "partly"
    assert meetings.get_meeting(db, UPN, autumn2).state == "in progress"
    assert meetings.targets_to_review(db, UPN, Term(2027, 1)) == []
    assert [t.id for t in meetings.targets_to_review(db, UPN, Term(2026, 1))] == []


def test_stale_next_step_edits_are_refused(db, teacher, slt, term):
    step = meetings.add_next_step(db, teacher, UPN, term, "Maths", "Fractions")
    meetings.edit_next_step(db, slt, step.id, "Equivalent fractions", seen=step.version)
    with pytest.raises(Conflict):
        meetings.edit_next_step(db, teacher, step.id, "Adding fractions", seen=step.version)
    with pytest.raises(Conflict):
        meetings.delete_next_step(db, teacher, step.id, seen=step.version)
    with pytest.raises(Conflict):
        meetings.review_target(db, teacher, step.id, "achieved", term.next(), seen=step.version)
    assert [s.text for s in meetings.next_steps(db, UPN, term)] == ["Equivalent fractions"]


def test_a_deleted_next_steps_id_is_never_given_to_a_new_one(db, teacher, term):
    old = meetings.add_next_step(db, teacher, UPN, term, "Maths", "Fractions")
    meetings.delete_next_step(db, teacher, old.id, seen=old.version)
    new = meetings.add_next_step(db, teacher, UPN, term, "Maths", "Decimals")
    assert new.id != old.id


def test_last_years_summer_2_steps_are_reviewed_in_autumn_1(db, teacher):
    meetings.add_next_step(db, teacher, UPN, Term(2025, 6), "Reading", "Read aloud")
    assert [t.text for t in meetings.targets_to_review(db, UPN, Term(2026, 1))] == ["Read aloud"]


def test_signed_then_edited_is_amended_with_history_kept(db, teacher, term):
    signed = _signed(db, teacher, term)
    assert signed.state == "signed" and signed.teacher_signed_by == "KW"
    amended = meetings.update_meeting(db, teacher, UPN, term, judgement=3, seen=signed.version)
    assert amended.state == "amended" and amended.judgement == 3
    olds = [e.old for e in history.entries(db, "meetings")]
    assert any(old and '"judgement": 2' in old for old in olds)


def test_a_grid_edit_to_a_signed_meeting_marks_it_amended(db, teacher, term):
    """A step or a homework colour keyed in the class grid changed a signed meeting silently."""
    _signed(db, teacher, term)
    attainment.set_step(db, teacher, UPN, "Maths", term, Step.parse("5b"), seen=0)
    assert meetings.get_meeting(db, UPN, term).state == "amended"
    changes = db.execute("SELECT count(DISTINCT change_id) FROM history WHERE change_id = "
                         "(SELECT max(change_id) FROM history)").fetchone()[0]
    tables = {row["tbl"] for row in db.query(
        "SELECT tbl FROM history WHERE change_id = (SELECT max(change_id) FROM history)")}
    assert changes == 1 and tables == {"attainment", "meetings"}


def test_a_homework_colour_from_the_grid_marks_a_signed_meeting_amended(db, teacher, term):
    _signed(db, teacher, term)
    attitude.set_colour(db, teacher, UPN, term, "homework", Rag.RED, seen=0)
    assert meetings.get_meeting(db, UPN, term).state == "amended"


def test_a_grid_edit_before_the_meeting_does_not_start_it(db, teacher, term):
    attainment.set_step(db, teacher, UPN, "Maths", term, Step.parse("5b"), seen=0)
    assert meetings.get_meeting(db, UPN, term).state == "not started"


def test_the_pupil_signs_after_the_teacher(db, teacher, term):
    with pytest.raises(NotAllowed, match="the teacher signs first"):
        meetings.sign(db, teacher, UPN, term, "pupil", seen=0)
    assert meetings.get_meeting(db, UPN, term).pupil_signed_at is None


def test_only_the_mentor_of_record_signs(db, ta, slt, term):
    with pytest.raises(NotAllowed, match=r"only the pupil's mentor \(KW\) signs"):
        meetings.sign(db, ta, UPN, term, "teacher", seen=0)
    with pytest.raises(NotAllowed, match=r"mentor \(KW\)"):
        meetings.sign(db, slt, UPN, term, "teacher", seen=0)
    assert meetings.get_meeting(db, UPN, term).teacher_signed_at is None


def test_a_signature_is_given_once(db, teacher, term):
    signed = _signed(db, teacher, term)
    with pytest.raises(NotAllowed, match="already signed"):
        meetings.sign(db, teacher, UPN, term, "pupil", seen=signed.version)


def test_an_empty_next_step_is_refused(db, teacher, term):
    with pytest.raises(InvalidInput):
        meetings.add_next_step(db, teacher, UPN, term, "Maths", "  ")


def test_self_assessment_ratings_merge(db, teacher, term):
    first = self_assessment.save_self_assessment(db, teacher, UPN, term, {"subject:Maths": 2},
                                                 want_to_be="Vet", seen=0)
    merged = self_assessment.save_self_assessment(db, teacher, UPN, term, {"overall": 3},
                                                  seen=first.version)
    assert merged.ratings == {"subject:Maths": 2, "overall": 3} and merged.want_to_be == "Vet"


def test_a_termly_school_reviews_t2s_targets_at_t4(db, teacher):
    """004 meets at the end of each term (T2, T4, T6): T2's next steps are reviewed at T4, and
    none at T3 are agreed to be reviewed there."""
    termly = load_scheme(data_path("schemes", "federation_primary.toml"))
    agreed = meetings.add_next_step(db, teacher, UPN, Term(2026, 2), "Maths", "Column addition",
                                    scheme=termly)
    assert [t.id for t in meetings.targets_to_review(db, UPN, Term(2026, 4), termly)] == \
        [agreed.id]
    assert meetings.targets_to_review(db, UPN, Term(2026, 6), termly) == []
    assert meetings.targets_to_review(db, UPN, Term(2026, 4)) == []  # half-termly: T3's
    assert meetings.targets_to_review(db, "B123456789012", Term(2026, 4), termly) == []


def test_next_steps_a_subject_are_capped_by_the_scheme(db, teacher, scheme, term):
    """The scheme's medium_targets_max (3 by default) next steps a subject at one meeting; the
    next is refused, saying why and what to do, and nothing is written."""
    for text in ("Fractions", "Decimals", "Percentages"):
        meetings.add_next_step(db, teacher, UPN, term, "Maths", text, scheme=scheme)
    with pytest.raises(InvalidInput, match=r"Maths already has 3 next steps, the most .* — edit "
                                           "or remove one"):
        meetings.add_next_step(db, teacher, UPN, term, "Maths", "Ratio", scheme=scheme)
    meetings.add_next_step(db, teacher, UPN, term, "Reading", "Inference", scheme=scheme)
    meetings.add_next_step(db, teacher, UPN, term.next(), "Maths", "Ratio", scheme=scheme)
    one = replace(scheme, medium_targets_max=1)
    with pytest.raises(InvalidInput, match="Reading already has 1 next step, "):
        meetings.add_next_step(db, teacher, UPN, term, "Reading", "Summary", scheme=one)
    assert [s.text for s in meetings.next_steps(db, UPN, term)] == [
        "Fractions", "Decimals", "Percentages", "Inference"]
