"""Targets in the store: ladders from a starting point, raising, lowering, history."""

from __future__ import annotations

import pytest

from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.models import Pupil, StartingPoint
from amtui.core.scale import Step
from amtui.store import pupils, targets

UPN = "A123456789012"
S = Step.parse


@pytest.fixture
def ladder(db, teacher, scheme):
    pupils.save_pupils(db, "KW", [Pupil(upn=UPN, forename="A", surname="Other", year_group=5,
                                        class_name="5W")])
    return targets.set_starting_point(
        db, teacher, StartingPoint(upn=UPN, subject="Reading", year_group=2, step=S("2b+"),
                                   label="KS1 result", fft=S("5b+")), scheme, end_year=6)


def test_worked_example_reading_ladder_then_raised_with_a_note(db, teacher, ladder, scheme):
    assert [str(t.step) for t in ladder] == ["3b+", "4b+", "5b+", "6b+"]
    raised = targets.change_target(db, teacher, UPN, "Reading", 5, S("5w+"),
                                   "Raised due to good performance at the end of Y4")
    assert raised.raised and raised.note.startswith("Raised due")
    rebuilt = targets.set_starting_point(
        db, teacher, StartingPoint(upn=UPN, subject="Reading", year_group=2, step=S("2b+")),
        scheme, end_year=6)
    assert {t.year_group: str(t.step) for t in rebuilt}[5] == "5w+"


def test_teacher_cannot_lower_and_nothing_changes(db, teacher, ladder):
    with pytest.raises(NotAllowed, match="senior leader"):
        targets.change_target(db, teacher, UPN, "Reading", 5, S("5b"), "struggling")
    assert targets.get_target(db, UPN, "Reading", 5).step == S("5b+")


def test_slt_lowers_with_a_reason_not_below_fft(db, slt, ladder):
    with pytest.raises(InvalidInput):
        targets.change_target(db, slt, UPN, "Reading", 5, S("5b"), "")
    with pytest.raises(NotAllowed, match="FFT"):  # the end-of-KS2 estimate is 5b+
        targets.change_target(db, slt, UPN, "Reading", 6, S("5b"), "long absence")
    lowered = targets.change_target(db, slt, UPN, "Reading", 6, S("6b"), "long absence")
    assert lowered.step == S("6b") and not lowered.raised


def test_every_change_is_in_the_history(db, teacher, slt, ladder):
    targets.change_target(db, teacher, UPN, "Reading", 5, S("5w+"), "good progress")
    targets.change_target(db, slt, UPN, "Reading", 5, S("5w"), "illness")
    entries = targets.target_history(db, UPN, "Reading")
    assert [(e.who, e.why) for e in entries[:2]] == [("SL", "illness"), ("KW", "good progress")]
    assert len(entries) == 6  # four ladder rungs + two changes


def test_the_fft_floor_for_an_earlier_year_follows_the_ladder(db, slt, ladder):
    # FFT 5b+ is set in the fixture for the end of KS2 (Y6 target 6b+): Y5's floor is 4b+
    targets.change_target(db, slt, UPN, "Reading", 6, S("6b"), "illness")  # Y6 floor 5b+: fine
    lowered = targets.change_target(db, slt, UPN, "Reading", 5, S("4s"), "long absence")
    assert lowered.step == S("4s")
