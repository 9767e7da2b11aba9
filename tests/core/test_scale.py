"""Steps and sub-stages: parsing, formatting, ordering and exact arithmetic."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import AmtuiError, InvalidInput, InvalidStep, OutOfRange
from amtui.core.scale import (
    MAX_STAGE,
    STEP_NAMES,
    Step,
    SubStage,
    are,
    parse_level,
    parse_year_group,
    shown,
    stored_level,
    year_label,
)

steps = st.builds(Step, st.integers(0, MAX_STAGE), st.integers(0, 5))
substages = st.builds(SubStage, st.integers(0, MAX_STAGE), st.integers(0, 3))


def test_a_step_is_written_stage_then_step():
    assert str(Step(5, 3)) == "5w+"
    assert [str(Step(3, pos)) for pos in range(6)] == ["3b", "3b+", "3w", "3w+", "3s", "3s+"]
    assert Step(3, 5) + 1 == Step.parse("4b")


def test_input_is_case_insensitive_and_tolerates_spaces():
    assert Step.parse("5 W+") == Step(5, 3)
    assert Step.parse(" 12s+ ") == Step(12, 5)


@pytest.mark.parametrize("text", ["6x", "", "w+", "5w++", "13b", "5 w w", "-1b"])
def test_anything_else_is_refused_with_the_valid_forms(text):
    with pytest.raises(InvalidStep) as refused:
        Step.parse(text)
    assert "is not a step — use" in str(refused.value)


def test_the_message_shows_the_forms_for_the_stage_typed():
    with pytest.raises(InvalidStep,
                       match=r'"6x" is not a step — use 6b, 6b\+, 6w, 6w\+, 6s or 6s\+'):
        Step.parse("6x")


def test_invalid_step_is_a_user_facing_value_error():
    assert issubclass(InvalidStep, AmtuiError) and issubclass(AmtuiError, ValueError)


def test_distances_are_counted_in_steps():
    assert Step.parse("5w+") - Step.parse("4w+") == 6
    assert Step.parse("4s") - Step.parse("4s+") == -1
    assert Step.parse("2b+") + 6 == Step.parse("3b+")


def test_going_below_the_scale_is_refused():
    with pytest.raises(InvalidStep):
        Step.parse("0b") - 1


def test_worked_example_are_year_5_is_5w_plus_at_the_end_of_the_year():
    assert are(5, 6) == Step.parse("5w+")
    assert are(5, 2) == Step.parse("4s+")
    assert are(5, 1) == Step.parse("4s")


def test_are_refuses_half_term_7():
    with pytest.raises(OutOfRange):
        are(5, 7)


def test_worked_example_substage_order():
    order = ["St 2 Ready", "St 2 Emerging", "St 2 Developing", "St 2 Securing", "St 3 Ready"]
    parsed = [SubStage.parse(text) for text in order]
    assert parsed == sorted(parsed)
    assert [str(s) for s in parsed] == ["2R", "2E", "2D", "2S", "3R"]
    assert SubStage.parse("2d") == SubStage.parse("stage 2 developing")


def test_year_groups_read_every_way_schools_write_them():
    assert [parse_year_group(t) for t in ("R", "Reception", "Y5", "Year 5", "5", 11)] == \
        [0, 0, 5, 5, 5, 11]
    assert year_label(0) == "R" and year_label(6) == "Y6"
    with pytest.raises(AmtuiError):
        parse_year_group("Y14")


@given(steps)
def test_parse_format_round_trip(step):
    assert Step.parse(str(step)) == step


@given(steps, st.data())
def test_parse_survives_any_case_and_spacing(step, data):
    text = str(step)
    mangled = "".join(ch.upper() if data.draw(st.booleans()) else ch for ch in text)
    spaced = " ".join(mangled) if data.draw(st.booleans()) else f"  {mangled} "
    assert Step.parse(spaced) == step


@given(steps, steps)
def test_ordering_agrees_with_ordinals(a, b):
    assert (a < b) == (a.ordinal < b.ordinal)
    assert (a == b) == (a.ordinal == b.ordinal)


@given(steps, steps)
def test_adding_the_difference_gets_there(a, b):
    assert a + (b - a) == b


@given(steps, st.integers(-20, 20))
def test_adding_n_then_subtracting_gives_n(a, n):
    if 0 <= a.ordinal + n <= Step(MAX_STAGE, 5).ordinal:
        assert (a + n) - a == n


@given(substages, substages)
def test_substages_order_and_add_like_steps(a, b):
    assert (a < b) == (a.ordinal < b.ordinal)
    assert a + (b - a) == b
    assert SubStage.parse(str(a)) == a and SubStage.parse(a.long) == a


@given(st.one_of(steps, substages))
def test_a_stored_level_reads_back_as_itself(level):
    # "2S" (St 2 Securing) must not come back as the step 2s, nor "2s" as a sub-stage
    assert stored_level(str(level)) == level and type(stored_level(str(level))) is type(level)


def test_nothing_stored_reads_as_none():
    assert stored_level(None) is None


@given(st.text(max_size=8))
def test_garbage_is_either_a_step_or_an_invalid_step(text):
    try:
        result = Step.parse(text)
    except InvalidStep:
        return
    assert result.name in STEP_NAMES


# ---- hostile text: only ASCII digits are digits, and nothing but an AmtuiError escapes ---------

HUGE = "1" * 5000  # past Python's 4,300-digit limit for int("...")
NOT_ASCII_DIGITS = ["５", "٥", "۵", "५", "²", "½", "Ⅴ", "𝟓"]
SCALE_TEXT = "0123456789bwsBWS+RrEeDdSsTtYy stagereadyemergingdevelopingsecuring"

hostile_text = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Nd", "No", "Nl", "Zs"]) | st.sampled_from(SCALE_TEXT),
            max_size=24),
    st.builds(lambda before, n, after: before + "1" * n + after,
              st.sampled_from(["", "T", "Y", "St ", "-", "0"]), st.integers(4250, 5000),
              st.sampled_from(["", "b", "w+", "D", " Developing"])))


@pytest.mark.parametrize("text", [HUGE, HUGE + "b", f"{HUGE}w+", "5" + "0" * 5000 + "s"],
                         ids=["huge", "huge-b", "huge-w+", "5-zeros-s"])
def test_a_huge_number_is_not_a_step_and_the_message_stays_short(text):
    with pytest.raises(InvalidStep, match="is not a step — use 5b") as refused:
        Step.parse(text)
    assert len(str(refused.value)) < 120 and "…" in str(refused.value)


@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_only_ascii_digits_make_a_level_or_a_year_group(digit):
    for text in (f"{digit}w+", f"{digit}b"):
        with pytest.raises(InvalidStep, match="is not a step"):
            Step.parse(text)
    for text in (f"{digit}D", f"St {digit} Developing"):
        with pytest.raises(InvalidStep, match="is not a sub-stage"):
            SubStage.parse(text)
    for text in (digit, f"Y{digit}", f"Year {digit}"):
        with pytest.raises(InvalidInput, match="is not a year group — use R, Y1"):
            parse_year_group(text)


@pytest.mark.parametrize("text", [HUGE, f"Y{HUGE}", "Y" + "0" * 5000 + "5"],
                         ids=["huge", "Y-huge", "Y-zeros-5"])
def test_a_huge_year_group_is_refused_briefly(text):
    with pytest.raises(InvalidInput, match="is not a year group") as refused:
        parse_year_group(text)
    assert len(str(refused.value)) < 120


def test_a_huge_int_year_group_is_refused_not_crashed():
    with pytest.raises(InvalidInput, match="is not a year group"):
        parse_year_group(10 ** 5000)


def test_shown_cuts_long_text_and_survives_huge_ints():
    assert shown("5w+") == "5w+" and shown(12) == "12"
    assert shown("x" * 100) == "x" * 39 + "…" and len(shown("x" * 100, 10)) == 10
    assert shown(10 ** 5000) == "(a number too long to show)"


@given(hostile_text)
def test_any_text_is_a_step_or_an_amtui_error(text):
    try:
        step = Step.parse(text)
    except AmtuiError as exc:
        assert len(str(exc)) < 200
        return
    assert Step.parse(str(step)) == step and str(step).isascii()


@given(hostile_text)
def test_any_text_is_a_substage_or_an_amtui_error(text):
    try:
        level = SubStage.parse(text)
    except AmtuiError as exc:
        assert len(str(exc)) < 200
        return
    assert SubStage.parse(str(level)) == level


@given(hostile_text, st.sampled_from(["steps", "substages"]))
def test_any_text_is_a_level_or_an_amtui_error(text, scale):
    with contextlib.suppress(AmtuiError):
        parse_level(text, scale)


@given(hostile_text)
def test_any_text_is_a_year_group_or_an_amtui_error(text):
    try:
        year = parse_year_group(text)
    except AmtuiError as exc:
        assert len(str(exc)) < 200
        return
    assert year in range(12) and "".join(text.split()).isascii()


def test_a_message_stays_short_when_what_was_typed_is_escaped():
    """Control and unprintable characters are written out (`\\x1f`), which made a message
    longer than the text it quoted: the cut comes after the escaping."""
    from amtui.core.errors import SHOWN_CHARS, shown

    typed = "000000000" + "\x1f" * 11 + "\U0001134e" * 8
    assert len(shown(typed)) == SHOWN_CHARS and shown(typed).endswith("…")
    with pytest.raises(InvalidStep) as refused:
        Step.parse(typed)
    assert len(str(refused.value)) < 200
