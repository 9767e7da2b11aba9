"""School years and half-terms from the scheme's calendar."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import AmtuiError, InvalidInput, OutOfRange
from amtui.core.terms import (
    HALF_TERMS,
    Term,
    parse_day,
    parse_half_term,
    parse_school_year,
    term_on,
    term_start,
)


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


# ---- hostile text: only ASCII digits are digits, and nothing but an AmtuiError escapes ---------

HUGE = "1" * 5000  # past Python's 4,300-digit limit for int("...")
NOT_ASCII_DIGITS = ["５", "٥", "۵", "५", "²", "½", "Ⅴ", "𝟓"]

hostile_text = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Nd", "No", "Nl", "Zs"]) | st.sampled_from("0123456789tT-/ "),
            max_size=16),
    st.builds(lambda before, n: before + "1" * n, st.sampled_from(["", "T", "t0", "2026-"]),
              st.integers(4250, 5000)))


@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_only_ascii_digits_make_a_half_term(digit):
    for text in (digit, f"T{digit}", f"t{digit}"):
        with pytest.raises(InvalidInput, match=r"is not a half-term — use T1 to T6"):
            parse_half_term(text)


@pytest.mark.parametrize("text", [HUGE, f"T{HUGE}", "T" + "0" * 5000 + "9", "T77"],
                         ids=["huge", "T-huge", "T-zeros-9", "T77"])
def test_a_half_term_past_6_does_not_exist_however_long(text):
    with pytest.raises(OutOfRange, match=r"does not exist — use 1 to 6 \(T1 to T6\)") as refused:
        parse_half_term(text)
    assert len(str(refused.value)) < 120


def test_half_terms_keep_reading_as_before():
    assert [parse_half_term(t) for t in ("1", "T2", " t 3 ", "t04", "005", 6)] == [1, 2, 3, 4, 5, 6]
    with pytest.raises(OutOfRange, match="half-term 7 does not exist"):
        parse_half_term("t007")
    with pytest.raises(OutOfRange, match="does not exist"):
        parse_half_term(10 ** 5000)


@pytest.mark.parametrize("text", ["٢٠٢٦", "２０２６-２７", "2026-２７", "2026/٢٠٢٧", "²⁰²⁶"])
def test_only_ascii_digits_make_a_school_year(text):
    with pytest.raises(InvalidInput, match="is not a school year — write it as 2026-27 or 2026"):
        parse_school_year(text)


@pytest.mark.parametrize("text", ["0000", "0001-02", "9999", "1899-00", "2100-01", 0,
                                  pytest.param(10 ** 5000, id="huge-int")])
def test_a_school_year_no_date_can_hold_is_refused(text):
    # 0000 and 9999 reached date() in term_start and crashed with a ValueError
    with pytest.raises(OutOfRange, match="use one from 1900-01 to 2099-00"):
        parse_school_year(text)


def test_school_years_keep_reading_as_before():
    assert [parse_school_year(t) for t in ("2026", " 2026-27 ", "2026/27", "2026/2027", 2026,
                                           "1999-00", "2099")] == \
        [2026, 2026, 2026, 2026, 2026, 1999, 2099]


def test_a_huge_school_year_is_refused_briefly():
    with pytest.raises(InvalidInput) as refused:
        parse_school_year(HUGE)
    assert len(str(refused.value)) < 120


@given(hostile_text)
def test_any_text_is_a_half_term_or_an_amtui_error(text):
    try:
        half_term = parse_half_term(text)
    except AmtuiError as exc:
        assert len(str(exc)) < 200
        return
    assert half_term in HALF_TERMS and "".join(text.split()).isascii()


@given(hostile_text)
def test_any_text_is_a_school_year_or_an_amtui_error(scheme, text):
    try:
        year = parse_school_year(text)
    except AmtuiError as exc:
        assert len(str(exc)) < 200
        return
    assert text.strip().isascii() and term_start(Term(year, 6), scheme).year in (year, year + 1)


@given(st.integers())
def test_any_int_is_a_half_term_or_an_amtui_error(number):
    try:
        assert parse_half_term(number) == number
    except AmtuiError:
        assert number not in HALF_TERMS


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(-150, 150))
def test_a_day_typed_without_its_year_is_the_nearest_such_day(today, offset):
    from datetime import timedelta

    day = today + timedelta(days=offset)
    assert parse_day(f"{day.day}/{day.month}", today) == day
    assert parse_day(f"{day:%d/%m/%Y}", today) == day


def test_days_people_type():
    today = date(2026, 1, 10)
    assert parse_day("15/09", today) == date(2025, 9, 15)  # last September
    assert parse_day(" 2/2 ", today) == date(2026, 2, 2)
    assert parse_day("29/02", date(2028, 1, 5)) == date(2028, 2, 29)
    for bad, said in (("31/02", "not a day of the calendar"), ("2026-01-10", "dd/mm"),
                      ("monday", "dd/mm")):
        with pytest.raises(InvalidInput, match=said):
            parse_day(bad, today)

