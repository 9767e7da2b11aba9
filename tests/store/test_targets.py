"""Targets in the store: ladders from a starting point, raising, lowering, history."""

from __future__ import annotations

import pytest

from amtui.core.errors import Conflict, InvalidInput, NotAllowed
from amtui.core.models import Pupil, StartingPoint
from amtui.core.scale import Step
from amtui.core.scheme_file import load_scheme
from amtui.store import pupils, targets

UPN = "A123456789012"
S = Step.parse
SCHEME = load_scheme()


@pytest.fixture
def ladder(db, slt, scheme):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn=UPN, forename="A", surname="Other", year_group=5, class_name="5W")])
    return targets.set_starting_point(
        db, slt, StartingPoint(upn=UPN, subject="Reading", year_group=2, step=S("2b+"),
                               label="KS1 result", fft=S("5b+")), scheme, end_year=6, seen=0)


def _change(db, who, year, step, note):
    seen = targets.get_target(db, UPN, "Reading", year).version
    return targets.change_target(db, who, UPN, "Reading", year, S(step), note, SCHEME, seen=seen)


def _start_seen(db):
    return targets.starting_points(db, UPN)[0].version


def test_worked_example_reading_ladder_then_raised_with_a_note(db, teacher, slt, ladder, scheme):
    assert [str(t.step) for t in ladder] == ["3b+", "4b+", "5b+", "6b+"]
    raised = _change(db, teacher, 5, "5w+", "Raised due to good performance at the end of Y4")
    assert raised.raised and raised.note.startswith("Raised due")
    rebuilt = targets.set_starting_point(
        db, slt, StartingPoint(upn=UPN, subject="Reading", year_group=2, step=S("2b+")),
        scheme, end_year=6, seen=_start_seen(db))
    assert {t.year_group: str(t.step) for t in rebuilt}[5] == "5w+"


def test_teacher_cannot_lower_and_nothing_changes(db, teacher, ladder):
    with pytest.raises(NotAllowed, match="senior leader"):
        _change(db, teacher, 5, "5b", "struggling")
    assert targets.get_target(db, UPN, "Reading", 5).step == S("5b+")


def test_slt_lowers_with_a_reason_not_below_fft(db, slt, ladder):
    with pytest.raises(InvalidInput):
        _change(db, slt, 5, "5b", "")
    with pytest.raises(NotAllowed, match="FFT"):  # the end-of-KS2 estimate is 5b+
        _change(db, slt, 6, "5b", "long absence")
    lowered = _change(db, slt, 6, "6b", "long absence")
    assert lowered.step == S("6b") and not lowered.raised


def test_every_change_is_in_the_history(db, teacher, slt, ladder):
    _change(db, teacher, 5, "5w+", "good progress")
    _change(db, slt, 5, "5w", "illness")
    entries = targets.target_history(db, UPN, "Reading")
    assert [(e.who, e.why) for e in entries[:3]] == [
        ("SL", "illness"), ("KW", "carried up with the Y5 target: good progress"),
        ("KW", "good progress")]
    assert len(entries) == 7  # four ladder rungs, two changes, and Y6 carried up by the raise


def test_the_fft_floor_for_an_earlier_year_follows_the_ladder(db, slt, ladder):
    # FFT 5b+ is set in the fixture for the end of KS2 (Y6 target 6b+): Y5's floor is 4b+
    _change(db, slt, 6, "6b", "illness")  # Y6 floor 5b+: fine
    lowered = _change(db, slt, 5, "4s", "long absence")
    assert lowered.step == S("4s")


def test_only_a_senior_leader_sets_a_starting_point(db, teacher, ta, ladder, scheme):
    """A TA lowered a whole ladder through set_starting_point: no role, no FFT floor."""
    for who in (teacher, ta):
        with pytest.raises(NotAllowed, match="only a senior leader may set starting points"):
            targets.set_starting_point(
                db, who, StartingPoint(upn=UPN, subject="Reading", year_group=2, step=S("1b")),
                scheme, end_year=6, seen=_start_seen(db))
    assert targets.get_target(db, UPN, "Reading", 6).step == S("6b+")


def test_a_lower_starting_point_lowers_the_ladder_only_by_the_rules(db, slt, ladder, scheme):
    lower = StartingPoint(upn=UPN, subject="Reading", year_group=2, step=S("1b"), fft=S("5b+"))
    with pytest.raises(InvalidInput, match="say why the target is lowered"):
        targets.set_starting_point(db, slt, lower, scheme, end_year=6, seen=_start_seen(db))
    with pytest.raises(NotAllowed, match="FFT"):  # 1b → Y6 5b, below the FFT estimate 5b+
        targets.set_starting_point(db, slt, lower, scheme, end_year=6, seen=_start_seen(db),
                                   why="KS1 result was entered wrongly")
    assert targets.get_target(db, UPN, "Reading", 6).step == S("6b+")


def test_a_ta_changes_no_target(db, ta, ladder):
    with pytest.raises(NotAllowed, match="only the pupil's teacher or a senior leader"):
        _change(db, ta, 5, "5w+", "good progress")


def test_a_stale_target_change_is_refused(db, teacher, slt, ladder):
    seen = targets.get_target(db, UPN, "Reading", 5).version
    _change(db, slt, 5, "5w+", "good progress")
    with pytest.raises(Conflict):
        targets.change_target(db, teacher, UPN, "Reading", 5, S("5s"), "better", SCHEME,
                              seen=seen)


def test_a_raise_over_a_newer_raise_is_a_conflict_not_a_refusal(db, teacher, slt, ladder):
    """Checked against the rules before the version, a stale raise was told only a senior
    leader may lower a target."""
    seen = targets.get_target(db, UPN, "Reading", 6).version
    _change(db, slt, 6, "6s+", "flying")
    with pytest.raises(Conflict):
        targets.change_target(db, teacher, UPN, "Reading", 6, S("6w"), "good progress", SCHEME,
                              seen=seen)


def test_worked_example_a_raise_carries_later_years_up(db, teacher, ladder):
    """000: Reading Y5 raised to 5w+ makes Y6 6w+ — in the same change, undone together."""
    from amtui.store import history

    _change(db, teacher, 5, "5w+", "Raised due to good performance at the end of Y4")
    year6 = targets.get_target(db, UPN, "Reading", 6)
    assert (str(year6.step), year6.raised) == ("6w+", True)
    history.undo(db, teacher)
    assert str(targets.get_target(db, UPN, "Reading", 6).step) == "6b+"


def test_a_raise_never_lowers_a_later_target(db, teacher, ladder):
    _change(db, teacher, 6, "6s+", "flying")
    _change(db, teacher, 5, "5w", "good progress")
    assert str(targets.get_target(db, UPN, "Reading", 6).step) == "6s+"


def test_estimates_are_stored_beside_the_starting_point_and_leave_the_ladder(
        db, teacher, slt, ladder):
    from amtui.core.errors import NotFound

    before = targets.pupil_targets(db, UPN)
    point = targets.set_estimates(db, slt, UPN, "Reading", fft=S("6b"), aspirational=S("6w+"),
                                  seen=_start_seen(db))
    assert (point.fft, point.aspirational, point.step) == (S("6b"), S("6w+"), S("2b+"))
    assert targets.pupil_targets(db, UPN) == before
    with pytest.raises(Conflict):  # judged against the version the caller saw
        targets.set_estimates(db, slt, UPN, "Reading", fft=None, aspirational=None,
                              seen=point.version - 1)
    with pytest.raises(NotAllowed, match="senior leader"):
        targets.set_estimates(db, teacher, UPN, "Reading", fft=None, aspirational=None,
                              seen=point.version)
    with pytest.raises(NotFound, match="starting point"):
        targets.set_estimates(db, slt, UPN, "Maths", fft=S("5b"), aspirational=None, seen=0)
    cleared = targets.set_estimates(db, slt, UPN, "Reading", fft=None, aspirational=None,
                                    seen=point.version)
    assert (cleared.fft, cleared.aspirational) == (None, None)
