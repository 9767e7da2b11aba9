"""Weekly basic-skills tests: the consecutive-green-weeks rule at its edges, levels, weeks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.basic_skills import (
    LevelChange,
    WeekScore,
    check_level,
    level_at,
    moves,
    next_level,
    parse_score,
    school_week,
    scores_at,
    summary_line,
)
from amtui.core.colours import may_move_on
from amtui.core.errors import InvalidInput, OutOfRange
from amtui.core.scheme_file import load_scheme

SCHEME = load_scheme()
GREEN, AMBER, RED = 22, 17, 5
scores = st.lists(st.integers(0, 25), max_size=30)
greens = st.integers(21, 25)
not_green = st.integers(0, 20)


def test_three_greens_an_amber_and_three_greens_is_not_yet():
    assert not may_move_on([GREEN] * 3 + [AMBER] + [GREEN] * 3, SCHEME)
    assert may_move_on([GREEN] * 3 + [AMBER] + [GREEN] * 4, SCHEME)


def test_four_in_a_row_is_ready_and_a_red_in_the_middle_resets():
    assert may_move_on([GREEN] * 4, SCHEME)
    assert not may_move_on([GREEN, GREEN, RED, GREEN, GREEN], SCHEME)
    assert not may_move_on([], SCHEME)


@given(scores, st.lists(greens, min_size=4, max_size=10))
def test_four_latest_greens_always_move_on(before, run):
    assert may_move_on(before + run, SCHEME)


@given(scores, not_green, st.lists(greens, max_size=3))
def test_a_week_below_green_resets_the_count(before, miss, run):
    assert not may_move_on([*before, miss, *run], SCHEME)


@given(scores)
def test_the_rule_reads_only_the_latest_weeks(weeks):
    need = SCHEME.basic_skills.green_weeks_to_move_on
    latest = weeks[-need:]
    assert may_move_on(weeks, SCHEME) == (len(latest) == need and min(latest) >= 21)


def test_levels_go_up_through_bridging_levels():
    assert next_level("Level 4") == "Level 4/5 bridging"
    assert next_level("level 4/5 bridging") == "Level 5"
    assert check_level(" level  7 ") == "Level 7"
    with pytest.raises(InvalidInput, match="Level 4/5 bridging"):
        next_level("Times tables")
    with pytest.raises(InvalidInput, match="not next to each other"):
        check_level("Level 4/6 bridging")


def test_scores_are_whole_numbers_up_to_the_test():
    assert parse_score(" 25 ", SCHEME) == 25
    with pytest.raises(OutOfRange, match="from 0 to 25"):
        parse_score("30", SCHEME)
    with pytest.raises(InvalidInput):
        parse_score("2.5", SCHEME)


def test_week_one_starts_on_the_first_day_of_the_year():
    assert SCHEME.calendar.half_term_starts[0] == "09-01"
    assert school_week(date(2026, 9, 1), SCHEME) == (2026, 1)
    assert school_week(date(2026, 8, 31), SCHEME) == (2025, 52)
    assert school_week(date(2026, 9, 8), SCHEME) == (2026, 2)
    assert school_week(date(2026, 11, 24), SCHEME) == (2026, 13)


def test_level_history_from_tests_and_recorded_moves():
    tests = [WeekScore(2026, 4, "Level 3", 22), WeekScore(2026, 5, "Level 3", 23),
             WeekScore(2026, 6, "Level 3/4 bridging", 19)]
    moved = [LevelChange(2026, 6, "Level 3/4 bridging"), LevelChange(2026, 8, "Level 4")]
    assert level_at(tests, moved, 2026, 5, "Level 1") == "Level 3"
    assert level_at(tests, moved, 2026, 7, "Level 1") == "Level 3/4 bridging"
    assert level_at(tests, moved, 2026, 9, "Level 1") == "Level 4"
    assert level_at([], [], 2026, 9, "Level 1") == "Level 1"
    assert scores_at(tests, "Level 3", 2026, 4) == [22]
    assert [(m.week, m.old, m.new) for m in moves(tests, moved)] == [
        (6, "Level 3", "Level 3/4 bridging"), (8, "Level 3/4 bridging", "Level 4")]
    assert summary_line(tests, moved, SCHEME) == (
        "Basic skills: Level 4 · 22 G, 23 G, 19 A · moved on from Level 3 in week 6, "
        "moved on from Level 3/4 bridging in week 8")
    assert summary_line([], [], SCHEME) is None
