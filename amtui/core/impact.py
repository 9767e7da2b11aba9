"""Impact of an intervention: a pupil's gain from entry against the scheme's expected rate,
sessions attended of planned, the same gain for classmates not in it, and a programme's summary.

Gains are counted in the scale's own units (steps or sub-stages) by subtracting levels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from amtui.core.colours import ceil_div
from amtui.core.errors import OutOfRange
from amtui.core.scale import Level, Step, level_type
from amtui.core.scheme import Scheme
from amtui.core.terms import HALF_TERMS, Term

DAYS_A_WEEK = 7


@dataclass(frozen=True, slots=True)
class Point:
    """An assessment: the level recorded in a half-term."""

    term: Term
    level: Level


@dataclass(frozen=True, slots=True)
class Gain:
    """Attainment at entry and now (or at exit), what was gained and what was expected for the
    same number of half-terms. Unknown gains are None, with `reason` saying why."""

    entry: Point | None
    now: Point | None
    steps: int | None = None
    half_terms: int | None = None
    expected: int | None = None
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.steps is not None

    @property
    def against_expected(self) -> int | None:
        if self.steps is None or self.expected is None:
            return None
        return self.steps - self.expected


@dataclass(frozen=True, slots=True)
class Sessions:
    """Sessions attended of planned; more attended than planned (extra sessions) is allowed."""

    attended: int
    planned: int

    def __post_init__(self) -> None:
        if self.attended < 0 or self.planned < 0:
            raise OutOfRange("a count of sessions cannot be negative — count from 0")

    @property
    def rate(self) -> float | None:
        return self.attended / self.planned if self.planned else None


@dataclass(frozen=True, slots=True)
class PupilImpact:
    gain: Gain
    sessions: Sessions


@dataclass(frozen=True, slots=True)
class Comparison:
    """The mean gain of the comparison group (classmates of the same starting band not in the
    programme, over the same half-terms) and the programme pupil's gain against it."""

    mean_gain: float | None
    known: int
    unknown: int
    against: float | None


@dataclass(frozen=True, slots=True)
class ProgrammeImpact:
    pupils: int
    known: int
    unknown: int
    mean_gain: float | None
    mean_against_expected: float | None
    sessions: Sessions


def half_terms_between(earlier: Term, later: Term) -> int:
    """Half-terms from one to the other, across school years (negative if `later` is earlier)."""
    per_year = len(HALF_TERMS)
    return ((later.school_year - earlier.school_year) * per_year
            + later.half_term - earlier.half_term)


def expected_gain(half_terms: int, scheme: Scheme) -> int:
    """The gain expected in that many half-terms at the scheme's rate a year, to a whole unit by
    the scheme's rounding (up, or down so nothing is expected before it is due)."""
    share = half_terms * scheme.expected_per_year
    per_year = len(HALF_TERMS)
    return ceil_div(share, per_year) if scheme.expected_rounding == "up" else share // per_year


def entry_point(assessments: Mapping[Term, Level], joined: Term) -> Point | None:
    """The assessment in the half-term the pupil joined, else the nearest one before it."""
    term = max((term for term in assessments if term <= joined), default=None)
    return Point(term, assessments[term]) if term is not None else None


def latest_point(assessments: Mapping[Term, Level], after: Term, until: Term) -> Point | None:
    """The latest assessment after `after`, up to and including `until`."""
    term = max((term for term in assessments if after < term <= until), default=None)
    return Point(term, assessments[term]) if term is not None else None


def pupil_gain(assessments: Mapping[Term, Level], *, joined: Term, now: Term, scheme: Scheme,
               left: Term | None = None) -> Gain:
    """One pupil's gain in one subject from joining a programme to `now`, or to the half-term
    they `left` if that is earlier. `assessments` are the pupil's levels in that subject by
    half-term. The gain and the expected gain cover the half-terms between the two assessments
    used. For the comparison group pass the programme pupil's `joined` and end point."""
    until = left if left is not None and left < now else now
    entry = entry_point(assessments, joined)
    if entry is None:
        return Gain(None, None, reason="no entry assessment")
    current = latest_point(assessments, entry.term, until)
    if current is None:
        return Gain(entry, None, reason="no assessment since joining")
    unit = level_type(scheme.scale)
    if not isinstance(entry.level, unit) or not isinstance(current.level, unit):
        return Gain(entry, current, reason="assessed on another scale")
    half_terms = half_terms_between(entry.term, current.term)
    return Gain(entry, current, current.level - entry.level, half_terms,
                expected_gain(half_terms, scheme))


def starting_band(level: Level) -> tuple[str, int, int]:
    """The band a comparison group shares: on Steps a stage's beginning, working or secure
    (5b and 5b+ alike), on sub-stages the sub-stage itself."""
    width = 2 if isinstance(level, Step) else 1
    return type(level).__name__, level.stage, level.pos // width


def planned_sessions(per_week: int, *, start: date, today: date, end: date | None = None) -> int:
    """Sessions a week × weeks from `start` to today (or `end` if earlier), both days included
    and every week begun counted whole. Nothing is excluded: holidays and closures count."""
    if per_week < 0:
        raise OutOfRange("sessions a week cannot be negative — use 0 or more")
    last = min(today, end) if end is not None else today
    if last < start:
        return 0
    return per_week * ceil_div((last - start).days + 1, DAYS_A_WEEK)


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def compare(gain: Gain, others: Iterable[int | None]) -> Comparison:
    """The pupil's gain against the mean of the comparison group's known gains."""
    group = list(others)
    known = [other for other in group if other is not None]
    mean = _mean(known)
    against = gain.steps - mean if gain.steps is not None and mean is not None else None
    return Comparison(mean, len(known), len(group) - len(known), against)


def summarise_programme(impacts: Sequence[PupilImpact]) -> ProgrammeImpact:
    """Mean gain and mean against expected over the pupils with known gains, how many are known
    and unknown, and sessions attended of planned over all pupils."""
    gains = [impact.gain.steps for impact in impacts if impact.gain.steps is not None]
    against = [value for impact in impacts
               if (value := impact.gain.against_expected) is not None]
    sessions = Sessions(sum(impact.sessions.attended for impact in impacts),
                        sum(impact.sessions.planned for impact in impacts))
    return ProgrammeImpact(len(impacts), len(gains), len(impacts) - len(gains), _mean(gains),
                           _mean(against), sessions)
