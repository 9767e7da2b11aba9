"""Criteria marking and cross counts → bands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.criteria import Mark, band_for_crosses, best_mark, step_for_crosses
from amtui.core.errors import AmtuiError, OutOfRange
from amtui.core.marking import band_text, crosses, have_it, is_gap, usual_stage
from amtui.core.scale import Step, SubStage
from amtui.core.scheme import Scheme


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


# ---- the marking sheet (amtui/core/marking.py) ----------------------------------------------


def test_a_30_criteria_sheet_in_words():
    substages = Scheme(name="t", scale="substages")
    assert band_text(14, 30, 2, substages) == "St 2 Developing, mid — 3 crosses to Securing"
    assert band_text(17, 30, 2, substages) == "St 2 Securing, low — 8 crosses to Ready"
    assert band_text(30, 30, 2, substages) == "St 3 Ready, high"
    assert band_text(24, 30, 2, substages).endswith("— 1 cross to Ready")
    assert band_text(0, 30, 3, Scheme(name="t", scale="steps")) == "3b — 6 crosses to 3b+"
    assert band_text(30, 30, 3, Scheme(name="t", scale="steps")) == "3s+"


def test_crosses_and_have_it_count_only_crosses():
    sheets = [{1: Mark.CROSS, 2: Mark.LINE}, {1: Mark.CROSS, 3: Mark.DOT}, {}]
    assert [crosses(marks) for marks in sheets] == [1, 1, 0]
    assert have_it(sheets, [1, 2, 3, 4]) == {1: 2, 2: 0, 3: 0, 4: 0}
    assert is_gap(1, 3) and not is_gap(2, 3) and not is_gap(0, 0)


def test_the_usual_stage_is_the_nearest_sheet_to_most_of_the_class():
    assert usual_stage([4, 4, 5, 3], [1, 2, 3, 4, 5, 6]) == 4
    assert usual_stage([7, 7], [1, 2, 3]) == 3
    assert usual_stage([], [2, 3]) == 2
    assert usual_stage([4], []) is None


@given(st.integers(4, 60), st.data())
def test_more_crosses_never_give_a_lower_band_and_bands_cover_the_sheet(total, data):
    bands = [band_for_crosses(c, total) for c in range(total + 1)]
    assert {b.index for b in bands} == {0, 1, 2, 3}  # every band is reachable on any size
    low, high = sorted(data.draw(st.lists(st.integers(0, total), min_size=2, max_size=2)))
    assert bands[low].index <= bands[high].index
    assert bands[low].substage(2) <= bands[high].substage(2)
    for scale in ("substages", "steps"):
        assert band_text(high, total, 2, Scheme(name="t", scale=scale))  # words for every count
