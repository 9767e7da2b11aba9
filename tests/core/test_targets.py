"""Target ladders and who may raise or lower a target."""

from __future__ import annotations

from dataclasses import replace

import pytest

from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.scale import Step, SubStage
from amtui.core.targets import carried_up, check_target_change, target_ladder

S = Step.parse


def test_worked_example_year5_writing_ks1_2w_plus_ladder(scheme):
    ladder = target_ladder(S("2w+"), 2, 6, scheme)
    assert {year: str(step) for year, step in ladder.items()} == \
        {3: "3w+", 4: "4w+", 5: "5w+", 6: "6w+"}


def test_worked_example_year5_reading_2b_plus_raised_to_5w_plus(scheme):
    ladder = target_ladder(S("2b+"), 2, 6, scheme)
    assert (str(ladder[3]), str(ladder[4]), str(ladder[5])) == ("3b+", "4b+", "5b+")
    note = "due to good performance"
    assert check_target_change(ladder[5], S("5w+"), "teacher", note) == "raise"
    assert check_target_change(ladder[6], S("6w+"), "teacher", note) == "raise"


def test_a_raise_needs_a_note(scheme):
    with pytest.raises(InvalidInput, match="say why"):
        check_target_change(S("5b+"), S("5w+"), "teacher", "  ")


def test_only_a_senior_leader_lowers_with_a_reason_never_below_fft():
    with pytest.raises(NotAllowed, match="only a senior leader"):
        check_target_change(S("5w+"), S("5w"), "teacher", "too hard")
    with pytest.raises(InvalidInput):
        check_target_change(S("5w+"), S("5w"), "slt", "")
    with pytest.raises(NotAllowed, match="FFT"):
        check_target_change(S("5w+"), S("5b+"), "slt", "long absence", fft=S("5w"))
    assert check_target_change(S("5w+"), S("5w"), "slt", "long absence", fft=S("5w")) == "lower"


def test_teaching_assistants_do_not_set_targets():
    with pytest.raises(NotAllowed):
        check_target_change(S("5w"), S("5w+"), "ta", "good work")


def test_substage_ladders_at_three_a_year(scheme):
    high = replace(scheme, expected_per_year=3)
    ladder = target_ladder(SubStage.parse("St 2 Developing"), 7, 9, high)
    assert [s.long for s in ladder.values()] == ["St 3 Emerging", "St 4 Ready"]


def test_a_ladder_must_go_forwards(scheme):
    with pytest.raises(InvalidInput):
        target_ladder(S("2w+"), 6, 6, scheme)


def test_worked_example_raising_year5_carries_year6_up(scheme):
    ladder = target_ladder(S("2b+"), 2, 6, scheme)
    assert carried_up(ladder, 5, S("5w+"), scheme) == {6: S("6w+")}
    assert carried_up({**ladder, 6: S("6s")}, 5, S("5w+"), scheme) == {}
    assert carried_up(ladder, 6, S("6s"), scheme) == {}
