"""Colour rules, with DOMAIN.md's thresholds and worked examples."""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import replace
from fractions import Fraction
from math import ceil, floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.colours import (
    Rag,
    View,
    are_colour,
    attendance_colour,
    basic_skills_colour,
    behaviour_suggestion,
    check_attendance,
    check_lates,
    compare_views,
    expected_now,
    may_move_on,
    off_track,
    parse_measure,
    progress_colour,
    progress_state,
    punctuality_colour,
    review_rating,
    shown_attendance,
    targets_colour,
    trajectory,
    worse,
)
from amtui.core.errors import AmtuiError, InvalidInput, OutOfRange
from amtui.core.scale import Step, SubStage
from amtui.core.scheme import GapBands, ProgressStates, TargetsReview
from amtui.core.scheme_file import load_scheme
from amtui.resources import data_path

S = Step.parse


def test_rag_is_ordered_worst_first():
    assert Rag.RED < Rag.AMBER < Rag.GREEN
    assert all(Rag)  # Red is 0, yet a colour: `if colour` never reads it as none
    assert worse([Rag.GREEN, None, Rag.AMBER]) is Rag.AMBER and worse([None]) is None


@pytest.mark.parametrize("pct, colour", [(95.1, Rag.GREEN), (100, Rag.GREEN), (95.0, Rag.AMBER),
                                         (90.0, Rag.AMBER), (89.9, Rag.RED), (0, Rag.RED)])
def test_worked_example_attendance_95_and_90_are_amber(pct, colour, scheme):
    assert attendance_colour(pct, scheme) is colour


@pytest.mark.parametrize("pct, shown, colour", [
    (89.95, 90.0, Rag.AMBER), (95.04, 95.0, Rag.AMBER), (95.05, 95.1, Rag.GREEN),
    (89.94, 89.9, Rag.RED), (90.05, 90.1, Rag.AMBER), (99.96, 100.0, Rag.GREEN),
    (96.54, 96.5, Rag.GREEN), (100, 100.0, Rag.GREEN), (1705 / 1800 * 100, 94.7, Rag.AMBER)])
def test_attendance_is_coloured_as_the_one_decimal_value_shown(pct, shown, colour, scheme):
    """Rounded half-up on the decimal as typed, once, and coloured from that: 89.95 is shown as
    90.0 and is amber; 95.04 is 95.0, amber (binary rounding would make 95.05 95.0)."""
    assert shown_attendance(pct) == shown
    assert attendance_colour(pct, scheme) is colour is attendance_colour(shown, scheme)


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
    assert expected_now(S("4w"), S("5w+"), 1, scheme) == S("4s")


HIGH = load_scheme(data_path("schemes", "high_school_substages.toml"))


@pytest.mark.parametrize("half_term, expected", [(1, "2D"), (2, "2S"), (3, "2S"), (4, "3R"),
                                                 (5, "3R"), (6, "3E")])
def test_a_substage_scheme_does_not_expect_a_substage_before_one_is_due(half_term, expected):
    """Three sub-stages a year from 2D to 3E: one is due every two half-terms, so after T1 the
    pupil is still expected at 2D (rounding up expected 2S: a red at Autumn 1 for a pupil who
    has not moved yet)."""
    start, target = SubStage.parse("2D"), SubStage.parse("3E")
    assert HIGH.expected_rounding == "down"
    assert expected_now(start, target, half_term, HIGH) == SubStage.parse(expected)
    still = trajectory(start, target, start, 1, HIGH)
    assert (still.gap, still.colour, Rag.AMBER.label(HIGH)) == (0, Rag.AMBER, "Yellow")


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
    (3, 0, 0, Rag.GREEN), (2, 1, 0, Rag.AMBER), (1, 0, 1, Rag.AMBER), (1, 0, 2, Rag.RED),
    (0, 1, 2, Rag.RED), (0, 0, 2, Rag.RED), (0, 0, 1, Rag.RED), (0, 0, 0, None),
    # a target reviewed partly is not achieved: 1 of 3 and 0 of 2 are red, 1 of 2 amber
    (1, 2, 0, Rag.RED), (1, 1, 1, Rag.RED), (0, 2, 0, Rag.RED), (0, 1, 0, Rag.RED),
    (1, 1, 0, Rag.AMBER)])
def test_last_half_terms_targets_partly_is_not_achieved(achieved, partly, not_, colour, scheme):
    assert targets_colour(achieved, partly, not_, scheme.targets_review) is colour


def test_the_share_of_targets_that_is_amber_is_the_schemes():
    assert targets_colour(1, 0, 3, TargetsReview(amber_from=25)) is Rag.AMBER
    assert targets_colour(2, 0, 1, TargetsReview(amber_from=75)) is Rag.RED
    assert targets_colour(2, 0, 0, TargetsReview(amber_from=100)) is Rag.GREEN


def test_off_track_is_the_schemes_lowest_bands(scheme):
    assert [off_track(colour, scheme) for colour in (Rag.RED, Rag.AMBER, Rag.GREEN, None)] == \
        [True, True, False, False]
    # 001: Yellow is on target, so only red is off track
    assert [off_track(colour, HIGH) for colour in (Rag.RED, Rag.AMBER, Rag.GREEN)] == \
        [True, False, False]


def test_are_colour_one_step_below_is_amber(scheme):
    assert are_colour(S("5w+"), 5, 6, scheme) is Rag.GREEN
    assert are_colour(S("5w"), 5, 6, scheme) is Rag.AMBER
    assert are_colour(S("5b+"), 5, 6, scheme) is Rag.RED


def test_views_compare_pupil_with_teacher():
    assert compare_views(2, 2) is View.AGREE
    assert compare_views(Rag.GREEN, Rag.AMBER) is View.PUPIL_HIGHER
    assert compare_views(1, 3) is View.PUPIL_LOWER
    assert View.PUPIL_HIGHER.advice == "challenge"


def test_a_target_review_compares_with_the_pupils_met_partly_not_yet():
    assert [review_rating(r) for r in ("not", "partly", "achieved")] == [0, 1, 2]
    assert compare_views(2, review_rating("partly")) is View.PUPIL_HIGHER  # "met" vs partly
    assert compare_views(1, review_rating("achieved")) is View.PUPIL_LOWER


def test_basic_skills_green_above_20_and_four_green_weeks_to_move_on(scheme):
    assert [basic_skills_colour(s, scheme) for s in (25, 21, 20, 13, 12)] == \
        [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.RED]
    assert not may_move_on([21, 22, 19, 25], scheme)
    assert not may_move_on([21, 22, 19, 25, 23], scheme)  # consecutive weeks: the 19 resets
    assert may_move_on([19, 25, 23, 21, 22], scheme)
    with pytest.raises(OutOfRange):
        basic_skills_colour(26, scheme)


def test_labels_and_letters_come_from_the_scheme(scheme):
    yellow = replace(scheme, colour_labels=replace(scheme.colour_labels, amber="Yellow"))
    assert Rag.AMBER.letter(yellow) == "Y" and Rag.AMBER.label(scheme) == "Amber"
    assert Rag.parse("y", yellow) is Rag.AMBER and Rag.parse("green", scheme) is Rag.GREEN


@given(st.integers(0, 40), st.integers(-12, 30), st.integers(1, 6))
def test_expected_now_is_exact(scheme, start, delta, half_term):
    if start + delta < 0:
        return
    start_step, target = Step.from_ordinal(start), Step.from_ordinal(start + delta)
    expected = expected_now(start_step, target, half_term, scheme)
    assert expected.ordinal == start + ceil(Fraction(half_term * delta, 6))
    down = expected_now(start_step, target, half_term, replace(scheme, expected_rounding="down"))
    assert down.ordinal == start + floor(Fraction(half_term * delta, 6))


# ---- measures typed in the grid and the pupil file: a finite number in ASCII digits, or refused --

HUGE = "1" * 5000
NOT_ASCII_DIGITS = ["５", "٥", "۵", "५", "²", "½", "Ⅴ", "𝟓"]
KINDS = ["attendance", "punctuality"]

hostile_text = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Nd", "No", "Nl", "Zs"])
            | st.sampled_from("0123456789.,%+-_eE infatyINFATY"), max_size=24),
    st.builds(lambda before, n, after: before + "1" * n + after,
              st.sampled_from(["", "-", "0.", "9"]), st.integers(300, 5000),
              st.sampled_from(["", "%", "e-999", ".5"])))


@pytest.mark.parametrize("text, kind, value", [
    ("96.5", "attendance", 96.5), ("96,5", "attendance", 96.5), (" 96.5 % ", "attendance", 96.5),
    ("100", "attendance", 100.0), ("0", "attendance", 0.0), ("96.5\u00a0%", "attendance", 96.5),
    ("2", "punctuality", 2.0), (" 0 ", "punctuality", 0.0), ("12", "punctuality", 12.0),
    ("3.0", "punctuality", 3.0)])
def test_measures_read_as_before(text, kind, value):
    assert parse_measure(text, kind) == value


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "+infinity",
                                  "inf%"])
def test_not_a_number_is_not_a_number(text, kind):
    with pytest.raises(InvalidInput, match=re.escape(f'"{text}" is not a number — type')):
        parse_measure(text, kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_only_ascii_digits_make_a_measure(digit, kind):
    for text in (digit, f"9{digit}", f"{digit}.5", f"{digit}%"):
        with pytest.raises(InvalidInput, match="is not a number — type"):
            parse_measure(text, kind)


@pytest.mark.parametrize("text", ["1e999", "-1e999", HUGE, f"-{HUGE}", f"{HUGE}%"],
                         ids=["1e999", "-1e999", "huge", "minus-huge", "huge-percent"])
def test_a_number_too_big_for_a_float_is_impossible_attendance(text):
    with pytest.raises(OutOfRange, match="% is impossible — enter a percentage from 0 to 100") \
            as refused:
        parse_measure(text, "attendance")
    assert len(str(refused.value)) < 120


@pytest.mark.parametrize("text", ["1e999", "-1e999", HUGE], ids=["1e999", "-1e999", "huge"])
def test_1e999_lates_is_refused_not_an_overflow(text):
    # the class grid's Lates column raised OverflowError (int(float("1e999")))
    with pytest.raises(OutOfRange, match="lates is impossible — enter how many times late") \
            as refused:
        parse_measure(text, "punctuality")
    assert len(str(refused.value)) < 120


@pytest.mark.parametrize("text, says", [
    ("105", "attendance 105% is impossible"), ("-1", "attendance -1% is impossible"),
    ("100.1%", "attendance 100.1% is impossible")])
def test_impossible_attendance_is_refused_as_typed(text, says):
    with pytest.raises(OutOfRange, match=says):
        parse_measure(text, "attendance")


@pytest.mark.parametrize("text, says", [
    ("2.5", "2.5 lates is not a whole number — enter how many times late"),
    ("-1", "-1 lates is impossible — enter how many times late this half-term, 0 to 500")])
def test_impossible_lates_are_refused_as_typed(text, says):
    with pytest.raises(OutOfRange, match=says):
        parse_measure(text, "punctuality")


@pytest.mark.parametrize("pct", [float("nan"), float("inf"), float("-inf"),
                                 pytest.param(10 ** 5000, id="huge-int")])
def test_attendance_colour_refuses_what_is_not_a_percentage(pct, scheme):
    with pytest.raises(OutOfRange, match="0 to 100"):
        attendance_colour(pct, scheme)


@pytest.mark.parametrize("lates", [float("nan"), float("inf"), float("-inf"), 2.5, -1.0,
                                   pytest.param(-10 ** 5000, id="minus-huge-int")])
def test_punctuality_colour_refuses_what_is_not_a_count(lates, scheme):
    # nan and inf lates were coloured Red rather than refused
    with pytest.raises(OutOfRange, match="lates is"):
        punctuality_colour(lates, scheme)


def test_whole_lates_may_come_as_floats(scheme):
    assert punctuality_colour(0.0, scheme) is Rag.GREEN
    assert punctuality_colour(4.0, scheme) is Rag.RED
    assert check_lates(3.0) == 3 and type(check_lates(3.0)) is int
    assert check_attendance(96.5) == 96.5


@given(hostile_text, st.sampled_from(KINDS))
def test_any_text_is_a_measure_or_an_amtui_error(scheme, text, kind):
    try:
        value = parse_measure(text, kind)
    except AmtuiError as exc:
        assert len(str(exc)) < 200
        return
    assert math.isfinite(value) and text.strip().rstrip("%").strip().isascii()
    colour = attendance_colour(value, scheme) if kind == "attendance" else \
        punctuality_colour(value, scheme)
    assert colour in Rag


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers())
def test_any_number_is_a_colour_or_out_of_range(scheme, number):
    for colour_of in (attendance_colour, punctuality_colour):
        with contextlib.suppress(OutOfRange):
            assert colour_of(number, scheme) in Rag


@given(hostile_text)
def test_any_text_is_a_colour_or_an_amtui_error(scheme, text):
    try:
        assert Rag.parse(text, scheme) in Rag
    except AmtuiError as exc:
        assert len(str(exc)) < 200


@pytest.mark.parametrize("score", [float("nan"), 26, -1, pytest.param(10 ** 5000, id="huge-int")])
def test_basic_skills_refuses_an_impossible_score_without_crashing(score, scheme):
    with pytest.raises(OutOfRange, match="is impossible — the test is out of 25"):
        basic_skills_colour(score, scheme)
