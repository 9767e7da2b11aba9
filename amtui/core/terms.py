"""School years and half-terms (T1–T6). "Now" is always passed in, never read from a clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from amtui.core.errors import InvalidInput, OutOfRange, shown
from amtui.core.scheme import Scheme

HALF_TERMS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR = 1900, 2099
_HALF_TERM_RE = re.compile(r"t?(\d+)", re.ASCII)


def check_half_term(half_term: int) -> int:
    if half_term not in HALF_TERMS:
        raise OutOfRange(f"half-term {shown(half_term)} does not exist — use 1 to 6 (T1 to T6)")
    return half_term


def parse_half_term(text: str | int) -> int:
    """Read `T2`, `t2`, `2` (ASCII digits only); `Autumn 2`-style labels are left to the screen."""
    if isinstance(text, int) and not isinstance(text, bool):
        return check_half_term(text)
    match = _HALF_TERM_RE.fullmatch("".join(str(text).split()).lower())
    if match is None:
        raise InvalidInput(f'"{shown(text)}" is not a half-term — use T1 to T6')
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > 1:  # never int() a 5,000-digit paste
        raise OutOfRange(f"half-term {shown(digits)} does not exist — use 1 to 6 (T1 to T6)")
    return check_half_term(int(digits))


def term_start(term: Term, scheme: Scheme) -> date:
    """The first day of a half-term by the scheme's calendar."""
    return _start(term.school_year, term.half_term, scheme)


def _start(school_year: int, half_term: int, scheme: Scheme) -> date:
    month, day = (int(part) for part in scheme.calendar.half_term_starts[half_term - 1].split("-"))
    first_month = int(scheme.calendar.half_term_starts[0].split("-")[0])
    return date(school_year if month >= first_month else school_year + 1, month, day)


@dataclass(frozen=True, slots=True, order=True)
class Term:
    """A half-term of a school year; `school_year` is the calendar year it starts in
    (2026 = 2026-27)."""

    school_year: int
    half_term: int

    def __post_init__(self) -> None:
        check_half_term(self.half_term)

    @property
    def code(self) -> str:
        return f"T{self.half_term}"

    def label(self, scheme: Scheme) -> str:
        name = scheme.calendar.names[self.half_term - 1]
        return f"{year_label(self.school_year)} {name} ({self.code})"

    def previous(self) -> Term:
        if self.half_term == 1:
            return Term(self.school_year - 1, 6)
        return Term(self.school_year, self.half_term - 1)

    def next(self) -> Term:
        if self.half_term == 6:
            return Term(self.school_year + 1, 1)
        return Term(self.school_year, self.half_term + 1)


def year_label(school_year: int) -> str:
    """2026 → `2026-27`."""
    return f"{school_year}-{(school_year + 1) % 100:02d}"


_YEAR_RE = re.compile(r"(\d{4})(?:[-/](\d{2}|\d{4}))?", re.ASCII)


def parse_school_year(text: str | int) -> int:
    """Read `2026`, `2026-27` or `2026/2027` → 2026 (ASCII digits, 1900 to 2099)."""
    if isinstance(text, int) and not isinstance(text, bool):
        start = text
    else:
        match = _YEAR_RE.fullmatch(str(text).strip())
        if match is None:
            raise InvalidInput(f'"{shown(text)}" is not a school year — '
                               "write it as 2026-27 or 2026")
        start = int(match.group(1))
        if match.group(2) and int(match.group(2)[-2:]) != (start + 1) % 100:
            raise InvalidInput(f'"{shown(text)}" is not a school year — the second year must '
                               "follow the first")
    if not FIRST_SCHOOL_YEAR <= start <= LAST_SCHOOL_YEAR:
        raise OutOfRange(f'"{shown(text)}" is not a school year amtui can hold — use one from '
                         f"{year_label(FIRST_SCHOOL_YEAR)} to {year_label(LAST_SCHOOL_YEAR)}")
    return start


def term_on(today: date, scheme: Scheme) -> Term:
    """The half-term that `today` falls in, by the scheme's calendar (holidays count as the
    half-term just ended)."""
    first_month = int(scheme.calendar.half_term_starts[0].split("-")[0])
    school_year = today.year if today.month >= first_month else today.year - 1
    current = 1
    for half_term in HALF_TERMS:
        if _start(school_year, half_term, scheme) <= today:
            current = half_term
    return Term(school_year, current)


_DAY = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")


def parse_day(text: str, today: date) -> date:
    """A day as people write it: dd/mm/yyyy, or dd/mm for the nearest such day to `today`
    (15/09 typed in January is last September; 02/01 typed in December is next month)."""
    found = _DAY.fullmatch(text.strip())
    if found is None:
        raise InvalidInput(f"“{shown(text)}” is not a date — write it as dd/mm or dd/mm/yyyy")
    day, month, year = found.groups()
    years = [int(year)] if year else [today.year - 1, today.year, today.year + 1]
    days = []
    for each in years:
        try:
            days.append(date(each, int(month), int(day)))
        except ValueError:
            continue
    if not days:
        raise InvalidInput(f"“{shown(text)}” is not a day of the calendar — check the day and "
                           "the month")
    return min(days, key=lambda candidate: abs(candidate - today))

