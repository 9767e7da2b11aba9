"""The words impact is shown in, the same on every screen and in print."""

from __future__ import annotations

from amtui.core.impact import Comparison, Gain, Point, Sessions
from amtui.core.impact_words import compared_text, gain_text, sessions_text, signed
from amtui.core.scale import Step
from amtui.core.terms import Term

T1, T2 = Term(2026, 1), Term(2026, 2)


def test_signed_numbers_use_a_real_minus_and_one_decimal():
    assert [signed(v) for v in (None, 0, 0.04, 2, -1, 0.55, -1.25, -0.04)] == \
        ["—", "0", "0", "+2", "−1", "+0.6", "−1.2", "0"]


def test_a_gain_reads_against_what_was_expected_or_says_why_not():
    known = Gain(Point(T1, Step.parse("4w")), Point(T2, Step.parse("4s")), 2, 1, 1)
    assert gain_text(known) == "+2 vs +1"
    assert gain_text(Gain(None, None, reason="no entry assessment")) == "no entry assessment"
    assert gain_text(None) == "—"  # a programme about an attitude area


def test_sessions_and_the_comparison_group():
    assert sessions_text(Sessions(9, 10)) == "9/10"
    assert compared_text(Comparison(1.5, 4, 0, -0.5)) == "−0.5"
    assert compared_text(Comparison(None, 0, 3, None)) == "—"
    assert compared_text(None) == "—"
