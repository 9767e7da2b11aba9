"""School years and half-terms from the scheme's calendar."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import AmtuiError
from amtui.core.terms import Term, parse_half_term, parse_school_year, term_on, term_start


@pytest.mark.parametrize("day, term", [
    (date(2026, 11, 24), Term(2026, 2)), (date(2026, 9, 1), Term(2026, 1)),
    (date(2026, 10, 26), Term(2026, 1)), (date(2027, 1, 5), Term(2026, 3)),
    (date(2027, 7, 20), Term(2026, 6)), (date(2027, 8, 20), Term(2026, 6)),
    (date(2027, 1, 2), Term(2026, 2))])
def test_today_falls_in_a_half_term(day, term, scheme):
    assert term_on(day, scheme) == term


def test_labels_and_neighbours(scheme):
    assert Term(2026, 2).label(scheme) == "2026-27 Autumn 2 (T2)"
    assert Term(2026, 1).previous() == Term(2025, 6) and Term(2025, 6).next() == Term(2026, 1)
    assert term_start(Term(2026, 4), scheme) == date(2027, 2, 23)


def test_reading_half_terms_and_school_years():
    assert parse_half_term("t2") == 2 and parse_half_term(6) == 6
    assert parse_school_year("2026-27") == parse_school_year("2026/2027") == 2026
    for bad in ("2026-28", "next year"):
        with pytest.raises(AmtuiError):
            parse_school_year(bad)
    with pytest.raises(AmtuiError):
        parse_half_term("T7")
