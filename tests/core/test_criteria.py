"""Criteria marking and cross counts → bands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.criteria import Mark, band_for_crosses, best_mark, step_for_crosses
from amtui.core.errors import AmtuiError, OutOfRange
from amtui.core.scale import Step, SubStage


def test_worked_example_14_crosses_is_stage_2_developing_3_more_reach_low_securing():
    band = band_for_crosses(14, 30)
    assert band.name == "Developing" and band.to_next == 3
    assert band.substage(2) == SubStage.parse("St 2 Developing")
    securing = band_for_crosses(14 + band.to_next, 30)
    assert (securing.name, securing.third) == ("Securing", "low")


@pytest.mark.parametrize("crosses, name", [(1, "Emerging"), (8, "Emerging"), (9, "Developing"),
                                           (16, "Developing"), (17, "Securing"), (24, "Securing"),
                                           (25, "Ready"), (30, "Ready")])
def test_the_bands_of_a_30_criteria_sheet(crosses, name):
    assert band_for_crosses(crosses, 30).name == name


def test_ready_means_the_next_stage():
    assert band_for_crosses(27, 30).substage(2) == SubStage.parse("3R")
    assert band_for_crosses(27, 30).to_next == 0


def test_other_sheet_sizes_scale_in_proportion():
    assert [band_for_crosses(c, 15).name for c in (4, 5, 8, 9, 12, 13)] == \
        ["Emerging", "Developing", "Developing", "Securing", "Securing", "Ready"]


@pytest.mark.parametrize("crosses", [-1, 31])
def test_a_count_outside_the_sheet_is_refused(crosses):
    with pytest.raises(OutOfRange):
        band_for_crosses(crosses, 30)


def test_marks_keys_and_best_so_far():
    assert [Mark.from_key(k) for k in (".", "/", "x", " ", "backspace")] == \
        [Mark.DOT, Mark.LINE, Mark.CROSS, Mark.BLANK, Mark.BLANK]
    assert best_mark([Mark.DOT, Mark.CROSS, Mark.LINE]) is Mark.CROSS
    assert best_mark([]) is Mark.BLANK
    with pytest.raises(AmtuiError):
        Mark.from_key("q")


def test_steps_split_a_sheet_evenly():
    steps = [step_for_crosses(c, 30, 3) for c in range(31)]
    assert steps[0] == Step.parse("3b") and steps[-1] == Step.parse("3s+")
    assert steps == sorted(steps)
    assert len(set(steps)) == 6


@given(st.integers(4, 60), st.data())
def test_bands_are_monotone_and_to_next_lands_in_the_next_band(total, data):
    bands = [band_for_crosses(c, total) for c in range(total + 1)]
    assert [b.index for b in bands] == sorted(b.index for b in bands)
    crosses = data.draw(st.integers(0, total))
    band = bands[crosses]
    if band.name == "Ready":
        assert band.to_next == 0
    else:
        assert band.to_next > 0
        assert bands[crosses + band.to_next].index == band.index + 1
        assert bands[crosses + band.to_next - 1].index == band.index
