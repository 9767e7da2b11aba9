"""Colour rules, with DOMAIN.md's thresholds and worked examples."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from math import ceil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.colours import (Rag, View, are_colour, attendance_colour, basic_skills_colour,
                                behaviour_suggestion, compare_views, expected_now, may_move_on,
                                progress_colour, progress_state, punctuality_colour,
                                targets_colour, trajectory, worse)
from amtui.core.errors import AmtuiError, OutOfRange
from amtui.core.scale import Step
from amtui.core.scheme import GapBands, ProgressStates

S = Step.parse


def test_rag_is_ordered_worst_first():
    assert Rag.RED < Rag.AMBER < Rag.GREEN
    assert all(Rag)  # Red is 0, yet a colour: `if colour` never reads it as none
    assert worse([Rag.GREEN, None, Rag.AMBER]) is Rag.AMBER and worse([None]) is None


@pytest.mark.parametrize("pct, colour", [(95.1, Rag.GREEN), (100, Rag.GREEN), (95.0, Rag.AMBER),
                                         (90.0, Rag.AMBER), (89.9, Rag.RED), (0, Rag.RED)])
def test_worked_example_attendance_95_and_90_are_amber(pct, colour, scheme):
    assert attendance_colour(pct, scheme) is colour


@pytest.mark.parametrize("pct", [105, -1, 100.1])
def test_impossible_attendance_is_refused(pct, scheme):
    with pytest.raises(OutOfRange, match="0 to 100"):
        attendance_colour(pct, scheme)


@pytest.mark.parametrize("lates, colour", [(0, Rag.GREEN), (1, Rag.AMBER), (3, Rag.AMBER),
                                           (4, Rag.RED), (12, Rag.RED)])
def test_punctuality(lates, colour, scheme):
    assert punctuality_colour(lates, scheme) is colour
    with pytest.raises(AmtuiError):
        punctuality_colour(-1, scheme)


@pytest.mark.parametrize("purple, red, yellow, colour", [
    (1, 0, 0, Rag.RED), (0, 3, 0, Rag.RED), (0, 1, 0, Rag.AMBER), (0, 0, 3, Rag.AMBER),
    (0, 0, 2, Rag.GREEN), (0, 0, 0, Rag.GREEN)])
def test_behaviour_suggestion(purple, red, yellow, colour, scheme):
    assert behaviour_suggestion(purple, red, yellow, scheme) is colour


def test_worked_example_screens_reading_4s_after_t2_is_amber(scheme):
    """SCREENS.md: Reading 4s, start 4w+, target 5w+, expected after T2 4s+, gap −1 → Amber."""
    path = trajectory(S("4w+"), S("5w+"), S("4s"), 2, scheme)
    assert (path.expected, path.gap, path.colour) == (S("4s+"), -1, Rag.AMBER)
    assert are_colour(S("4s"), 5, 2, scheme) is Rag.AMBER


@pytest.mark.parametrize("current, colour", [("5b", Rag.GREEN), ("4s+", Rag.GREEN),
                                             ("4s", Rag.AMBER), ("4w+", Rag.RED)])
def test_gap_bands_zero_minus_one_minus_two(current, colour, scheme):
    # start 4w+, target 5w+: expected after T2 = 4w+ + ceil(2/6 × 6) = 4s+
    assert progress_colour(S("4w+"), S("5w+"), S(current), 2, scheme) is colour


def test_trajectory_rounds_up_to_a_whole_step(scheme):
    # 7 steps over the year: after T1 expected = start + ceil(7/6) = start + 2
    assert expected_now(S("4w"), S("5w+"), 1) == S("4s")


def test_the_high_school_scheme_reads_gaps_against_the_pupils_own_target(scheme):
    high = replace(scheme, progress_bands=GapBands(green_min=1, amber_min=0))
    start, target = S("4w+"), S("5w+")
    assert progress_colour(start, target, S("5b"), 2, high) is Rag.GREEN   # above
    assert progress_colour(start, target, S("4s+"), 2, high) is Rag.AMBER  # on target
    assert progress_colour(start, target, S("4s"), 2, high) is Rag.RED     # below


def test_four_state_wording(scheme):
    four = replace(scheme, progress_states=ProgressStates(enabled=True))
    assert [progress_state(gap, four) for gap in (-2, -1, 0, 1)] == \
        ["Not achieving", "Nearly there", "On target", "Exceeding"]
    assert progress_state(0, scheme) == "Green"


@pytest.mark.parametrize("achieved, partly, not_, colour", [
    (3, 0, 0, Rag.GREEN), (2, 1, 0, Rag.AMBER), (1, 1, 1, Rag.AMBER), (1, 0, 2, Rag.RED),
    (0, 1, 2, Rag.RED), (0, 0, 0, None)])
def test_medium_term_targets_colour(achieved, partly, not_, colour):
    assert targets_colour(achieved, partly, not_) is colour


def test_are_colour_one_step_below_is_amber(scheme):
    assert are_colour(S("5w+"), 5, 6, scheme) is Rag.GREEN
    assert are_colour(S("5w"), 5, 6, scheme) is Rag.AMBER
    assert are_colour(S("5b+"), 5, 6, scheme) is Rag.RED


def test_views_compare_pupil_with_teacher():
    assert compare_views(2, 2) is View.AGREE
    assert compare_views(Rag.GREEN, Rag.AMBER) is View.PUPIL_HIGHER
    assert compare_views(1, 3) is View.PUPIL_LOWER
    assert View.PUPIL_HIGHER.advice == "challenge"


def test_basic_skills_green_above_20_and_four_green_weeks_to_move_on(scheme):
    assert [basic_skills_colour(s, scheme) for s in (25, 21, 20, 13, 12)] == \
        [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.RED]
    assert not may_move_on([21, 22, 19, 25], scheme)
    assert may_move_on([21, 22, 19, 25, 23], scheme)
    with pytest.raises(OutOfRange):
        basic_skills_colour(26, scheme)


def test_labels_and_letters_come_from_the_scheme(scheme):
    yellow = replace(scheme, colour_labels=replace(scheme.colour_labels, amber="Yellow"))
    assert Rag.AMBER.letter(yellow) == "Y" and Rag.AMBER.label(scheme) == "Amber"
    assert Rag.parse("y", yellow) is Rag.AMBER and Rag.parse("green", scheme) is Rag.GREEN


@given(st.integers(0, 40), st.integers(-12, 30), st.integers(1, 6))
def test_expected_now_is_exact(start, delta, half_term):
    if start + delta < 0:
        return
    expected = expected_now(Step.from_ordinal(start), Step.from_ordinal(start + delta), half_term)
    assert expected.ordinal == start + ceil(Fraction(half_term * delta, 6))
