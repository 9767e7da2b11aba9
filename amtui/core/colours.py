"""Colours: progress against the trajectory, against ARE, medium-term targets, attitude, and
the pupil's view against the teacher's. Every threshold comes from the Scheme."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum, IntEnum
from typing import TYPE_CHECKING

from amtui.core.errors import InvalidInput, OutOfRange, shown
from amtui.core.scale import Level, are
from amtui.core.scheme import GapBands, Scheme, TargetsReview
from amtui.core.terms import check_half_term

if TYPE_CHECKING:
    from amtui.core.models import Review


class Rag(IntEnum):
    """The three levels, ordered worst first so `min()` gives the worse colour."""

    RED = 0
    AMBER = 1
    GREEN = 2

    def __bool__(self) -> bool:
        """Every colour is a value: `if colour` must not read Red (0) as "no colour"."""
        return True

    def label(self, scheme: Scheme) -> str:
        return getattr(scheme.colour_labels, self.name.lower())

    def letter(self, scheme: Scheme) -> str:
        return self.label(scheme)[:1].upper()

    @classmethod
    def parse(cls, text: str, scheme: Scheme) -> Rag:
        """Read a level by name, the scheme's label or its first letter (`r`, `Yellow`, `G`)."""
        cleaned = str(text).strip().lower()
        for rag in cls:
            if cleaned in {rag.name.lower(), rag.label(scheme).lower(), rag.letter(scheme).lower()}:
                return rag
        labels = ", ".join(rag.label(scheme) for rag in cls)
        raise InvalidInput(f'"{shown(text)}" is not a colour — use {labels} (or their first '
                           "letters)")


def colour_for_gap(gap: int, bands: GapBands) -> Rag:
    if gap >= bands.green_min:
        return Rag.GREEN
    if gap >= bands.amber_min:
        return Rag.AMBER
    return Rag.RED


def ceil_div(numerator: int, denominator: int) -> int:
    """Exact integer ceiling, so trajectories never meet float rounding."""
    return -(-numerator // denominator)


@dataclass(frozen=True, slots=True)
class Trajectory:
    """The numbers behind a progress colour, for display beside it."""

    start: Level
    target: Level
    expected: Level
    current: Level
    gap: int
    colour: Rag


def expected_now(start: Level, target: Level, half_term: int, scheme: Scheme) -> Level:
    """Start-of-year attainment plus (t / 6) of the way to the target, to a whole step as the
    scheme rounds it: up (Steps), or down, so no sub-stage is expected before one is due."""
    check_half_term(half_term)
    share = half_term * (target - start)
    return start + (ceil_div(share, 6) if scheme.expected_rounding == "up" else share // 6)


def trajectory(start: Level, target: Level, current: Level, half_term: int,
               scheme: Scheme) -> Trajectory:
    expected = expected_now(start, target, half_term, scheme)
    gap = current - expected
    return Trajectory(start, target, expected, current, gap,
                      colour_for_gap(gap, scheme.progress_bands))


def progress_colour(start: Level, target: Level, current: Level, half_term: int,
                    scheme: Scheme) -> Rag:
    """Colour of progress towards the end-of-year target after half-term 1–6."""
    return trajectory(start, target, current, half_term, scheme).colour


def progress_state(gap: int, scheme: Scheme) -> str:
    """The four-state wording (not achieving / nearly there / on target / exceeding) where the
    scheme uses it, else the colour label."""
    colour = colour_for_gap(gap, scheme.progress_bands)
    states = scheme.progress_states
    if not states.enabled:
        return colour.label(scheme)
    if colour is Rag.GREEN:
        return states.labels[3] if gap >= states.exceeding_min else states.labels[2]
    return states.labels[int(colour)]


def are_colour(current: Level, year_group: int, half_term: int, scheme: Scheme) -> Rag:
    """Attainment against the age-related expectation now: at or above green, one step below
    amber."""
    return colour_for_gap(current - are(year_group, half_term), scheme.are_bands)


def targets_colour(achieved: int, partly: int, not_achieved: int,
                   rule: TargetsReview) -> Rag | None:
    """The last meeting's medium-term targets: all achieved green; at least the rule's share
    achieved amber; fewer red (under half by default: 0 of 2 and 1 of 3 are red). A target
    achieved partly is not achieved. None when there were no targets."""
    counts = (achieved, partly, not_achieved)
    if min(counts) < 0:
        raise OutOfRange("target counts cannot be negative")
    total = sum(counts)
    if total == 0:
        return None
    if achieved == total:
        return Rag.GREEN
    if 100 * achieved < rule.amber_from * total:
        return Rag.RED
    return Rag.AMBER


def off_track(colour: Rag | None, scheme: Scheme) -> bool:
    """Whether a shown progress colour is in the scheme's lowest band(s): red, and amber where
    the scheme says so (not where amber means on target, as 001's Yellow does)."""
    if colour is None:
        return False
    return colour is Rag.RED or (colour is Rag.AMBER and scheme.amber_off_track)


def worse(colours: Iterable[Rag | None]) -> Rag | None:
    """The worse of the known colours (the suggested progress colour), or None if none is known."""
    known = [colour for colour in colours if colour is not None]
    return min(known) if known else None


def parse_measure(text: str, kind: str) -> float:
    """Read an attendance % or a count of lates as typed (`96.5`, `96,5`, `2`): a finite number in
    ASCII digits that the measure can take (0–100 %, a whole number of lates 0 or more)."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    what = "the attendance % (e.g. 96.5)" if kind == "attendance" else \
        "how many times late (e.g. 2)"
    refused = f'"{shown(text)}" is not a number — type {what}'
    if not cleaned.isascii():  # float() would read ５ or ٥ as 5
        raise InvalidInput(refused)
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidInput(refused) from None
    if math.isnan(value) or (math.isinf(value) and not any(ch.isdigit() for ch in cleaned)):
        raise InvalidInput(refused)  # nan, inf, -infinity
    if math.isinf(value):  # 1e999 or a 400-digit paste
        impossible = _impossible_attendance if kind == "attendance" else _impossible_lates
        raise impossible(shown(cleaned))
    if kind == "attendance":
        check_attendance(value)
    elif kind == "punctuality":
        check_lates(value)
    return value


def _number(value: float) -> str:
    """A number for a message: `96.5`, `105`, `-1` (never a crash on a huge int)."""
    return f"{value:g}" if isinstance(value, float) else shown(value)


def _impossible_attendance(shown_pct: str) -> OutOfRange:
    return OutOfRange(f"attendance {shown_pct}% is impossible — enter a percentage from 0 to 100")


def _impossible_lates(shown_lates: str) -> OutOfRange:
    return OutOfRange(f"{shown_lates} lates is impossible — enter how many times late this "
                      f"half-term, 0 to {MAX_LATES}")


def check_attendance(pct: float) -> float:
    """An attendance percentage, refusing what no pupil can have (below 0, above 100, nan, inf)."""
    if not 0 <= pct <= 100:
        raise _impossible_attendance(_number(pct))
    return pct


MAX_LATES = 500  # more registration sessions than any half-term has


def check_lates(lates: float) -> int:
    """A count of lates as a whole number, refusing a fraction, a negative, nan, inf, or more
    than a half-term has sessions."""
    if isinstance(lates, float):
        if not math.isfinite(lates):
            raise _impossible_lates(f"{lates:g}")
        if not lates.is_integer():
            raise OutOfRange(f"{lates:g} lates is not a whole number — enter how many times late")
    if lates < 0 or lates > MAX_LATES:
        raise _impossible_lates(_number(lates))
    return int(lates)


def shown_attendance(pct: float) -> float:
    """An attendance % as it is stored, shown and coloured: rounded half-up to one decimal on the
    decimal as typed (89.95 → 90.0, 95.04 → 95.0); impossible values refused."""
    check_attendance(pct)
    return float(Decimal(str(pct)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def attendance_colour(pct: float, scheme: Scheme) -> Rag:
    """Above 95 % green; 90–95 % inclusive amber; below 90 % red (by default) — of the value as
    shown, to one decimal, so 89.95 is 90.0 and amber."""
    shown_pct = shown_attendance(pct)
    if shown_pct > scheme.attendance.green_above:
        return Rag.GREEN
    if shown_pct >= scheme.attendance.amber_from:
        return Rag.AMBER
    return Rag.RED


def punctuality_colour(lates: float, scheme: Scheme) -> Rag:
    """Lates this half-term: none green, a few amber, often red (a whole number; 2.0 will do)."""
    count = check_lates(lates)
    if count <= scheme.punctuality.green_max:
        return Rag.GREEN
    if count <= scheme.punctuality.amber_max:
        return Rag.AMBER
    return Rag.RED


def behaviour_suggestion(purple: int, red: int, yellow: int, scheme: Scheme) -> Rag:
    """Suggest a behaviour colour from behaviour-ladder incident counts (the teacher decides)."""
    if min(purple, red, yellow) < 0:
        raise OutOfRange("incident counts cannot be negative")
    rules = scheme.behaviour
    if purple >= rules.red_purple or red >= rules.red_red:
        return Rag.RED
    if red >= rules.amber_red or yellow >= rules.amber_yellow:
        return Rag.AMBER
    return Rag.GREEN


MAX_INCIDENTS = 200  # more than a half-term's school days, for one pupil on one rung


def parse_incidents(text: str) -> tuple[int, int, int]:
    """Behaviour-ladder incident counts as typed: purple, red and yellow, in that order, apart by
    spaces, `/` or `,` (`0 1 3`, `0/1/3`); each a whole number from 0 to MAX_INCIDENTS."""
    parts = text.replace("/", " ").replace(",", " ").split()
    how = "type purple, red and yellow incidents, e.g. 0 1 3"
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
        raise InvalidInput(f'"{shown(text)}" is not three counts — {how}')
    counts = tuple(int(part) for part in parts)
    if max(counts) > MAX_INCIDENTS:
        raise OutOfRange(f"{max(counts)} incidents in a half-term is impossible — enter counts "
                         f"from 0 to {MAX_INCIDENTS}")
    return counts[0], counts[1], counts[2]


def basic_skills_colour(score: int, scheme: Scheme) -> Rag:
    """Weekly basic-skills test (out of 25 by default): green above 20."""
    bands = scheme.basic_skills
    if not 0 <= score <= bands.out_of:
        raise OutOfRange(f"a score of {_number(score)} is impossible — the test is out of "
                         f"{bands.out_of}")
    if score >= bands.green_min:
        return Rag.GREEN
    if score >= bands.amber_min:
        return Rag.AMBER
    return Rag.RED


def green_run(scores_at_level: Iterable[int], scheme: Scheme) -> int:
    """How many of the latest scores (in week order) are green in a row."""
    run = 0
    for score in scores_at_level:
        run = run + 1 if basic_skills_colour(score, scheme) is Rag.GREEN else 0
    return run


def may_move_on(scores_at_level: Iterable[int], scheme: Scheme) -> bool:
    """A pupil moves on to the next (bridging) level after enough *consecutive* green weeks at
    this one: the latest `green_weeks_to_move_on` scores at the level (in week order) are all
    green. An amber or red week starts the count again."""
    return green_run(scores_at_level, scheme) >= scheme.basic_skills.green_weeks_to_move_on


class View(Enum):
    """The pupil's self-assessment against the teacher's evidence."""

    AGREE = "agree"
    PUPIL_HIGHER = "pupil rates higher"
    PUPIL_LOWER = "pupil rates lower"

    @property
    def advice(self) -> str:
        return {View.AGREE: "agree", View.PUPIL_HIGHER: "challenge",
                View.PUPIL_LOWER: "confirm and celebrate"}[self]


REVIEWS: tuple[Review, ...] = ("not", "partly", "achieved")
"""A target's review as a rating, worst first like `Rag`: the pupil's view of a target is stored
as its index here (`target:<id>` → 0 not yet, 1 partly, 2 met)."""


def review_rating(review: Review) -> int:
    """A target's review on the same ordered scale as the pupil's view of it."""
    return REVIEWS.index(review)


def compare_views(pupil: int, teacher: int) -> View:
    """Compare two ratings on the same ordered scale (colours, judgements, met/partly/not)."""
    if pupil > teacher:
        return View.PUPIL_HIGHER
    if pupil < teacher:
        return View.PUPIL_LOWER
    return View.AGREE
