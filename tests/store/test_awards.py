"""The level a criteria sheet awards: per pupil of a class on sheets of 30 and 24 criteria, the
half-term's step following it unless the teacher overrides with a reason, and a Steps scheme's
step from crosses."""

from __future__ import annotations

import pytest

from amtui.core.conversion import Criterion
from amtui.core.criteria import Mark
from amtui.core.errors import InvalidInput
from amtui.core.models import Pupil, Staff
from amtui.core.scale import Step, SubStage
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme, scheme_path
from amtui.core.terms import Term
from amtui.store import (
    attainment,
    awards,
    criteria_banks,
    criteria_marks,
    half_term_tests,
    history,
    meetings,
    schemes,
)
from amtui.store import pupils as pupil_store
from amtui.store.db import Database

T2 = Term(2026, 2)
PUPILS = {"A123456789012": 14, "B123456789012": 17, "C123456789012": 0, "D123456789012": 25}
"""UPN → crosses on stage 2's sheet (worked example: 14 = St 2 Developing, 17 low Securing)."""


@pytest.fixture(scope="module")
def high() -> Scheme:
    return load_scheme("high_school_substages")


@pytest.fixture
def school(db: Database) -> Database:
    """Class 5W with four pupils, and the school's own Maths sheets: 30 criteria at stage 2,
    24 at stage 3."""
    admin = pupil_store.get_staff(db, "AD")
    pupil_store.save_pupils(db, admin, [
        Pupil(upn=upn, forename=f"Pupil{n}", surname="Test", year_group=5, class_name="5W")
        for n, upn in enumerate(PUPILS)])
    criteria_banks.save_criteria(db, admin, [
        Criterion("Maths", stage, number, f"M{stage}/{number}", f"criterion {number}")
        for stage, size in ((2, 30), (3, 24)) for number in range(1, size + 1)])
    return db


def mark(db: Database, who: Staff, upn: str, stage: int, number: int, value: Mark,
         scheme: Scheme | None, term: Term = T2) -> None:
    row = history.read(db, "criteria_marks", {
        "upn": upn, "subject": "Maths", "stage": stage, "number": number,
        "school_year": term.school_year, "half_term": term.half_term})
    criteria_marks.set_mark(db, who, upn, "Maths", stage, number, term, value,
                            seen=row["version"] if row else 0, scheme=scheme)


def cross(db: Database, who: Staff, upn: str, stage: int, count: int, scheme: Scheme | None,
          first: int = 1) -> None:
    for number in range(first, first + count):
        mark(db, who, upn, stage, number, Mark.CROSS, scheme)


def step_row(db: Database, upn: str) -> dict[str, object]:
    row = history.read(db, "attainment", {"upn": upn, "subject": "Maths", "school_year": 2026,
                                          "half_term": 2})
    assert row is not None
    return row


def test_a_class_marked_on_a_30_criteria_sheet_is_awarded_its_sub_stages(school, teacher, high):
    for upn, crosses in PUPILS.items():
        attainment.set_step(school, teacher, upn, "Maths", Term(2026, 1), SubStage(2, 1),
                            seen=0, scheme=high)
        cross(school, teacher, upn, 2, crosses, high)
        mark(school, teacher, upn, 2, 30, Mark.LINE, high)
    found = awards.awarded_for_class(school, high, "5W", "Maths", T2)
    assert {upn: str(a.level) for upn, a in found.items()} == {
        "A123456789012": "2D", "B123456789012": "2S", "C123456789012": "2E",
        "D123456789012": "3R"}
    worked = found["B123456789012"]
    assert (worked.stage, worked.crosses, worked.total) == (2, 17, 30)
    assert (worked.band.name, worked.band.third) == ("Securing", "low")
    assert {upn: step_row(school, upn)["step"] for upn in PUPILS} == {
        upn: str(a.level) for upn, a in found.items()}
    assert step_row(school, "A123456789012")["awarded"] == "2D"
    ready = "D123456789012"  # awarded St 3 Ready: the stage 2 sheet awards it, stage 3 is next
    assert awards.awarding_stage(school, ready, "Maths", T2) == 2
    assert awards.working_stage(school, ready, "Maths", T2) == 3


def test_a_24_criteria_sheet_scales_the_bands(school, teacher, high):
    upn = "A123456789012"
    attainment.set_step(school, teacher, upn, "Maths", Term(2025, 6), SubStage(3, 0), seen=0,
                        scheme=high)
    cross(school, teacher, upn, 3, 13, high)  # 24 criteria: 1–6 E, 7–12 D, 13–19 S, 20–24 R
    award = awards.awarded(school, high, upn, "Maths", T2)
    assert award is not None
    assert (award.stage, award.crosses, award.total, str(award.level)) == (3, 13, 24, "3S")
    assert step_row(school, upn)["step"] == "3S"


def test_the_lowest_stage_marked_this_year_when_no_level_is_recorded(school, teacher, high):
    upn = "A123456789012"
    cross(school, teacher, upn, 3, 2, high)
    cross(school, teacher, upn, 2, 20, high)
    assert awards.awarding_stage(school, upn, "Maths", T2) == 2
    assert str(step_row(school, upn)["step"]) == "2S"


def test_no_marks_award_nothing_and_leave_the_step(school, teacher, high):
    upn = "A123456789012"
    saved = attainment.set_step(school, teacher, upn, "Maths", T2, SubStage(2, 2), seen=0,
                                scheme=high)
    assert awards.awarded(school, high, upn, "Maths", T2) is None
    assert (saved.step, saved.awarded, saved.step_reason) == (SubStage(2, 2), None, "")


def test_a_differing_step_is_refused_without_a_reason(school, teacher, high):
    upn = "A123456789012"
    cross(school, teacher, upn, 2, 10, high)
    seen = step_row(school, upn)["version"]
    with pytest.raises(InvalidInput, match="the criteria sheet awards 2D — say why the step is "
                                           "2S") as refused:
        attainment.set_step(school, teacher, upn, "Maths", T2, SubStage(2, 3), seen=seen,
                            scheme=high)
    assert isinstance(refused.value, attainment.StepDiffers)
    assert step_row(school, upn)["step"] == "2D"
    same = attainment.set_step(school, teacher, upn, "Maths", T2, SubStage(2, 2), seen=seen,
                               scheme=high)
    assert (same.step, same.step_reason) == (SubStage(2, 2), "")


def test_an_override_with_a_reason_stays_when_marks_change_and_clearing_returns_to_the_award(
        school, teacher, high):
    upn = "A123456789012"
    cross(school, teacher, upn, 2, 10, high)
    seen = step_row(school, upn)["version"]
    kept = attainment.set_step(school, teacher, upn, "Maths", T2, SubStage(2, 3), seen=seen,
                               reason=" strong half-term test ", scheme=high)
    assert (kept.step, kept.awarded, kept.step_reason) == \
        (SubStage(2, 3), SubStage(2, 2), "strong half-term test")
    cross(school, teacher, upn, 2, 2, high, first=11)
    row = step_row(school, upn)
    assert (row["step"], row["awarded"], row["step_reason"]) == \
        ("2S", "2D", "strong half-term test")
    cleared = attainment.set_step(school, teacher, upn, "Maths", T2, None,
                                  seen=row["version"], scheme=high)
    assert (cleared.step, cleared.awarded, cleared.step_reason) == \
        (SubStage(2, 2), SubStage(2, 2), "")
    cross(school, teacher, upn, 2, 5, high, first=13)  # 17 crosses: the step follows again
    assert step_row(school, upn)["step"] == "2S"


def test_the_override_ends_when_the_award_reaches_the_teachers_step(school, teacher, high):
    upn = "A123456789012"
    cross(school, teacher, upn, 2, 16, high)
    attainment.set_step(school, teacher, upn, "Maths", T2, SubStage(2, 3),
                        seen=step_row(school, upn)["version"], reason="ahead", scheme=high)
    cross(school, teacher, upn, 2, 1, high, first=17)
    row = step_row(school, upn)
    assert (row["step"], row["awarded"], row["step_reason"]) == ("2S", "2S", "")
    cross(school, teacher, upn, 2, 8, high, first=18)
    assert step_row(school, upn)["step"] == "3R"


def test_a_mark_and_the_step_it_awards_are_one_change_and_amend_a_signed_meeting(
        school, teacher, high):
    upn = "A123456789012"
    cross(school, teacher, upn, 2, 8, high)
    meeting = meetings.get_meeting(school, upn, T2)
    meetings.sign(school, teacher, upn, T2, "teacher", seen=meeting.version)
    cross(school, teacher, upn, 2, 1, high, first=9)
    assert step_row(school, upn)["step"] == "2D"
    assert meetings.get_meeting(school, upn, T2).amended
    history.undo(school, teacher)
    assert step_row(school, upn)["step"] == "2E"
    assert criteria_marks.current_marks(school, upn, "Maths", 2, 2026).get(9) is None


def test_a_steps_scheme_maps_crosses_to_its_six_steps_and_records_nothing(
        school, teacher, scheme):
    upn = "A123456789012"
    attainment.set_step(school, teacher, upn, "Maths", Term(2026, 1), Step(2, 0), seen=0)
    cross(school, teacher, upn, 2, 16, scheme)
    award = awards.awarded(school, scheme, upn, "Maths", T2)
    assert award is not None and award.level == Step(2, 3)  # 16 of 30: 2w+
    assert history.read(school, "attainment", {"upn": upn, "subject": "Maths",
                                               "school_year": 2026, "half_term": 2}) is None
    typed = attainment.set_step(school, teacher, upn, "Maths", T2, Step(2, 5), seen=0,
                                scheme=scheme)
    assert (typed.step, typed.awarded, typed.step_reason) == (Step(2, 5), None, "")


def test_without_a_scheme_given_the_schools_adopted_scheme_decides(school, teacher):
    upn = "A123456789012"
    cross(school, teacher, upn, 2, 9, None)  # no scheme adopted: the marks award nothing
    assert history.read(school, "attainment", {"upn": upn, "subject": "Maths",
                                               "school_year": 2026, "half_term": 2}) is None
    path = scheme_path("high_school_substages")
    schemes.adopt(school, pupil_store.get_staff(school, "AD"), schemes.read_text(path), str(path))
    cross(school, teacher, upn, 2, 1, None, first=10)
    assert step_row(school, upn)["step"] == "2D"


def test_a_half_terms_award_counts_the_marks_up_to_it(school, teacher, high):
    upn = "A123456789012"
    t1 = Term(2026, 1)
    for number in range(1, 10):
        mark(school, teacher, upn, 2, number, Mark.CROSS, high)  # T2: 9 crosses
    mark(school, teacher, upn, 2, 10, Mark.CROSS, high, term=t1)  # T1: 1 cross
    assert attainment.get_attainment(school, upn, "Maths", t1).step == SubStage(2, 1)
    award = awards.awarded(school, high, upn, "Maths", T2)
    assert award is not None and (award.crosses, str(award.level)) == (10, "2D")


def test_a_half_term_test_answer_moves_the_award_as_a_mark_does(school, teacher, high):
    """Answers raise the sheet's marks, and the level the sheet awards follows in the same
    change (one undo takes both back)."""
    upn = "B123456789012"
    attainment.set_step(school, teacher, upn, "Maths", Term(2026, 1), SubStage(2, 1), seen=0,
                        scheme=high)
    cross(school, teacher, upn, 2, 16, high)  # Developing, high: one cross from Securing
    assert step_row(school, upn)["step"] == str(SubStage(2, 2))
    test = half_term_tests.create_test(school, teacher, "Autumn 2 Maths St 2", "Maths", 2, T2)
    half_term_tests.answer(school, teacher, test.id, upn, 17, Mark.CROSS, seen=0, scheme=high)
    assert step_row(school, upn)["step"] == str(SubStage(2, 3))  # 17 crosses: low Securing
    history.undo(school, teacher)
    assert step_row(school, upn)["step"] == str(SubStage(2, 2))
