"""Impact of an intervention: gain from entry against the expected rate, attendance, the
comparison group and a programme's summary (issue 14, point 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import OutOfRange
from amtui.core.impact import (
    PupilImpact,
    Sessions,
    compare,
    expected_gain,
    half_terms_between,
    planned_sessions,
    pupil_gain,
    summarise_programme,
)
from amtui.core.scale import Level, Step, SubStage
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.resources import data_path

S = Step.parse
SS = SubStage.parse
STEPS = load_scheme()  # 6 steps a year, rounded up
HIGH = load_scheme(data_path("schemes", "high_school_substages.toml"))  # 3 a year, rounded down


def t(half_term: int, school_year: int = 2026) -> Term:
    return Term(school_year, half_term)


def test_joined_at_4w_in_t2_now_4s_plus_in_t4_is_one_step_ahead_of_expected():
    # joined at 4w in T2, now 4s+ in T4: gained 3 steps (4w → 4w+ → 4s → 4s+) in 2 half-terms;
    # expected 6 a year → 2 × 6 / 6 = 2; +1 against expected
    gain = pupil_gain({t(2): S("4w"), t(3): S("4w+"), t(4): S("4s+")}, joined=t(2), now=t(4),
                      scheme=STEPS)
    assert gain.entry is not None and gain.entry.level == S("4w") and gain.entry.term == t(2)
    assert gain.now is not None and gain.now.level == S("4s+") and gain.now.term == t(4)
    assert (gain.steps, gain.half_terms, gain.expected, gain.against_expected) == (3, 2, 2, 1)
    assert gain.known and gain.reason == ""


def test_entry_is_the_nearest_assessment_before_joining():
    # no assessment in T3, the half-term of joining: entry is T2's 4b; now 4s in T5;
    # gained 4 steps in 3 half-terms; expected 3 × 6 / 6 = 3; +1
    gain = pupil_gain({t(1): S("3s+"), t(2): S("4b"), t(5): S("4s"), t(6): S("5b")},
                      joined=t(3), now=t(5), scheme=STEPS)
    assert gain.entry is not None and gain.entry.term == t(2)
    assert (gain.steps, gain.half_terms, gain.expected, gain.against_expected) == (4, 3, 3, 1)


def test_a_slow_pupil_is_behind_expected():
    # joined at 3s+ in T1 of 2025-26, now 4b in T1 of 2026-27: 1 step in 6 half-terms;
    # expected a year: 6; −5
    gain = pupil_gain({t(1, 2025): S("3s+"), t(1): S("4b")}, joined=t(1, 2025), now=t(1),
                      scheme=STEPS)
    assert (gain.steps, gain.half_terms, gain.expected, gain.against_expected) == (1, 6, 6, -5)


def test_a_pupil_with_no_entry_assessment_has_no_gain_and_a_reason():
    # joined in T2; the first assessment is in T3: nothing at or before joining
    gain = pupil_gain({t(3): S("4w"), t(4): S("4s")}, joined=t(2), now=t(4), scheme=STEPS)
    assert gain.entry is None and gain.now is None
    assert (gain.steps, gain.expected, gain.against_expected) == (None, None, None)
    assert not gain.known and gain.reason == "no entry assessment"


def test_a_pupil_with_no_assessment_at_all_has_no_gain():
    gain = pupil_gain({}, joined=t(2), now=t(4), scheme=STEPS)
    assert gain.steps is None and gain.reason


def test_a_pupil_with_an_entry_but_no_later_assessment_has_no_gain():
    # entry 4w in T2, nothing since: the gain is unknown, not 0
    gain = pupil_gain({t(2): S("4w")}, joined=t(2), now=t(4), scheme=STEPS)
    assert gain.entry is not None and gain.entry.level == S("4w")
    assert gain.now is None and gain.steps is None and gain.against_expected is None
    assert "since" in gain.reason


def test_a_programme_that_ended_uses_the_exit_point():
    # joined at 4b in T1, left at the end of T3 at 4w+; by T6 the pupil is 5b, but the
    # programme's impact is up to exit: 3 steps in 2 half-terms; expected 2; +1
    steps = {t(1): S("4b"), t(3): S("4w+"), t(5): S("4s+"), t(6): S("5b")}
    gain = pupil_gain(steps, joined=t(1), now=t(6), left=t(3), scheme=STEPS)
    assert gain.now is not None and gain.now.term == t(3) and gain.now.level == S("4w+")
    assert (gain.steps, gain.half_terms, gain.expected, gain.against_expected) == (3, 2, 2, 1)
    # an end still to come does not cut "now" short
    later = pupil_gain(steps, joined=t(1), now=t(5), left=t(6), scheme=STEPS)
    assert later.now is not None and later.now.term == t(5) and later.steps == 5


def test_sub_stages_count_in_sub_stages_and_round_the_expected_gain_down():
    # high school: 3 sub-stages a year, rounded down. Joined at 7R in T1, now 7D in T4:
    # gained 2 sub-stages (7R → 7E → 7D) in 3 half-terms; expected 3 × 3 / 6 = 1.5 → 1; +1
    gain = pupil_gain({t(1): SS("7R"), t(4): SS("7D")}, joined=t(1), now=t(4), scheme=HIGH)
    assert (gain.steps, gain.half_terms, gain.expected, gain.against_expected) == (2, 3, 1, 1)


def test_sub_stages_across_a_school_year():
    # joined at 7S in T5 of 2025-26, now 8E in T2 of 2026-27: 7S → 8R → 8E is 2 sub-stages in
    # 3 half-terms; expected 1.5 → 1; +1
    gain = pupil_gain({t(5, 2025): SS("7S"), t(2): SS("8E")}, joined=t(5, 2025), now=t(2),
                      scheme=HIGH)
    assert (gain.steps, gain.half_terms, gain.expected, gain.against_expected) == (2, 3, 1, 1)


def test_the_expected_gain_follows_the_schemes_rounding():
    # 1 half-term at 6 a year: exactly 1. At 3 a year: 0.5, which the high school rounds down
    # to 0 and a scheme rounding up makes 1
    assert expected_gain(1, STEPS) == 1
    assert expected_gain(1, HIGH) == 0
    assert expected_gain(1, replace(HIGH, expected_rounding="up")) == 1
    assert expected_gain(0, STEPS) == 0


def test_levels_of_another_scale_than_the_schemes_give_no_gain():
    gain = pupil_gain({t(1): S("4b"), t(2): S("4w")}, joined=t(1), now=t(2), scheme=HIGH)
    assert gain.steps is None and "scale" in gain.reason
    mixed = pupil_gain({t(1): S("4b"), t(2): SS("4D")}, joined=t(1), now=t(2), scheme=STEPS)
    assert mixed.steps is None and "scale" in mixed.reason


def test_half_terms_between_counts_across_years():
    assert half_terms_between(t(2), t(4)) == 2
    assert half_terms_between(t(5, 2025), t(2)) == 3
    assert half_terms_between(t(4), t(2)) == -2


def test_planned_sessions_count_every_week_begun_holidays_included():
    # 3 a week from Mon 12 Oct to Fri 6 Nov 2026: 26 days, 4 weeks begun (the half-term
    # holiday 26–30 Oct is not left out) → 12 planned
    assert planned_sessions(3, start=date(2026, 10, 12), today=date(2026, 11, 6)) == 12
    # the same programme ended on Fri 23 Oct: 12 days, 2 weeks → 6
    assert planned_sessions(3, start=date(2026, 10, 12), today=date(2026, 11, 6),
                            end=date(2026, 10, 23)) == 6
    # on the first day: 1 week begun → 3; before the start: none
    assert planned_sessions(3, start=date(2026, 10, 12), today=date(2026, 10, 12)) == 3
    assert planned_sessions(3, start=date(2026, 10, 12), today=date(2026, 10, 11)) == 0


def test_sessions_attended_of_planned():
    assert Sessions(attended=10, planned=12).rate == pytest.approx(10 / 12)
    assert Sessions(attended=0, planned=0).rate is None
    with pytest.raises(OutOfRange):
        Sessions(attended=-1, planned=3)
    with pytest.raises(OutOfRange):
        planned_sessions(-1, start=date(2026, 10, 12), today=date(2026, 11, 6))


def test_the_comparison_group_is_the_mean_gain_of_known_others():
    # programme pupil gained 3; classmates of the same starting band not in it: 1, 2, unknown, 3
    # → mean 2 over 3 known, 1 unknown; the pupil is +1 against them
    gain = pupil_gain({t(2): S("4w"), t(4): S("4s+")}, joined=t(2), now=t(4), scheme=STEPS)
    group = compare(gain, [1, 2, None, 3])
    assert (group.mean_gain, group.known, group.unknown, group.against) == (2.0, 3, 1, 1.0)


def test_an_empty_comparison_group_has_no_mean():
    gain = pupil_gain({t(2): S("4w"), t(4): S("4s+")}, joined=t(2), now=t(4), scheme=STEPS)
    assert compare(gain, []).mean_gain is None and compare(gain, []).against is None
    nobody_known = compare(gain, [None, None])
    assert (nobody_known.mean_gain, nobody_known.unknown, nobody_known.against) == (None, 2, None)


def test_a_pupil_with_no_gain_is_not_compared():
    unknown = pupil_gain({}, joined=t(2), now=t(4), scheme=STEPS)
    group = compare(unknown, [1, 2])
    assert group.mean_gain == 1.5 and group.against is None


def test_a_programmes_summary():
    # three pupils: +3 steps (+1 against expected) 10 of 12 sessions; +2 (0) 12 of 12;
    # no entry assessment, 6 of 12 → mean gain 2.5 over 2 known, 1 unknown; mean +0.5 against
    # expected; attendance 28 of 36
    steps = {t(2): S("4w"), t(4): S("4s+")}
    level = {t(2): S("4w"), t(4): S("4s")}
    impacts = [
        PupilImpact(pupil_gain(steps, joined=t(2), now=t(4), scheme=STEPS), Sessions(10, 12)),
        PupilImpact(pupil_gain(level, joined=t(2), now=t(4), scheme=STEPS), Sessions(12, 12)),
        PupilImpact(pupil_gain({}, joined=t(2), now=t(4), scheme=STEPS), Sessions(6, 12)),
    ]
    summary = summarise_programme(impacts)
    assert (summary.pupils, summary.known, summary.unknown) == (3, 2, 1)
    assert summary.mean_gain == 2.5 and summary.mean_against_expected == 0.5
    assert summary.sessions == Sessions(28, 36)
    assert summary.sessions.rate == pytest.approx(28 / 36)


def test_an_empty_programme_summary_has_no_means():
    summary = summarise_programme([])
    assert (summary.pupils, summary.mean_gain, summary.mean_against_expected) == (0, None, None)
    assert summary.sessions.rate is None


ordinals = st.integers(min_value=0, max_value=12 * 6 + 5)
terms = st.builds(Term, st.integers(min_value=2020, max_value=2030), st.integers(1, 6))


@given(ordinals, terms, st.integers(min_value=1, max_value=12), st.sampled_from([STEPS, HIGH]))
def test_a_pupil_who_stays_at_the_same_level_gains_nothing(n: int, joined: Term, later: int,
                                                           scheme):
    # however long they stay, the gain is 0 and they fall behind by the whole expected gain
    now = joined
    for _ in range(later):
        now = now.next()
    kind: type[Step] | type[SubStage] = Step if scheme.scale == "steps" else SubStage
    level = kind.from_ordinal(n % (kind.per_stage * 13))
    gain = pupil_gain({joined: level, now: level}, joined=joined, now=now, scheme=scheme)
    assert gain.steps == 0 and gain.half_terms == later
    assert gain.against_expected == -expected_gain(later, scheme)


@given(ordinals, ordinals, st.sampled_from([STEPS, HIGH]))
def test_gain_is_antisymmetric(a: int, b: int, scheme):
    kind: type[Step] | type[SubStage] = Step if scheme.scale == "steps" else SubStage
    n = (kind.per_stage * 13) - 1
    first, second = kind.from_ordinal(min(a, n)), kind.from_ordinal(min(b, n))

    def gained(start: Level, end: Level) -> int | None:
        return pupil_gain({t(1): start, t(3): end}, joined=t(1), now=t(3), scheme=scheme).steps

    forward, back = gained(first, second), gained(second, first)
    assert forward is not None and back is not None and forward == -back


@given(st.integers(min_value=0, max_value=60), st.sampled_from([STEPS, HIGH]))
def test_a_year_of_half_terms_expects_the_schemes_yearly_rate(years: int, scheme):
    assert expected_gain(6 * years, scheme) == years * scheme.expected_per_year
