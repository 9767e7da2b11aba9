"""Intervention programmes: the bank a school starts from, a programme with its places, the
sessions a TA logs with who came, the teacher's review, and when a programme is due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from amtui.core.errors import InvalidInput

Verdict = Literal["effective", "partly", "not"]
VERDICTS: tuple[Verdict, ...] = ("effective", "partly", "not")
VERDICT_WORDS = {"effective": "Effective", "partly": "Partly effective", "not": "Not effective"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_PER_WEEK = 20
MAX_MINUTES = 600


def check_plan(per_week: int, minutes: int, days: tuple[int, ...]) -> None:
    """Sessions a week, their length and their weekdays, or `InvalidInput` saying what to fix."""
    if not 0 <= per_week <= MAX_PER_WEEK:
        raise InvalidInput(f"{per_week} sessions a week is not a plan — enter 0 to {MAX_PER_WEEK}")
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput(f"{minutes} minutes is not a session length — enter 1 to {MAX_MINUTES}")
    if any(not 0 <= day <= 6 for day in days) or len(set(days)) != len(days):
        raise InvalidInput("weekdays are Mon to Sun, each once")


def parse_days(text: str) -> tuple[int, ...]:
    """'Mon Wed Fri' (or 'monday, wed, FRI') → (0, 2, 4)."""
    found: list[int] = []
    for word in text.replace(",", " ").split():
        key = word[:3].title()
        if key not in WEEKDAYS:
            raise InvalidInput(f"“{word}” is not a weekday — write them as Mon Tue Wed Thu Fri")
        if WEEKDAYS.index(key) not in found:
            found.append(WEEKDAYS.index(key))
    return tuple(sorted(found))


def days_text(days: tuple[int, ...]) -> str:
    return " ".join(WEEKDAYS[day] for day in days)


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What a programme is: the part a bank entry and a running programme share."""

    name: str
    subject: str  # a subject of the scheme, or an attitude area's name
    description: str = ""
    per_week: int = 1
    minutes: int = 15
    exit_criterion: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BankProgramme:
    id: int
    plan: Plan
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A pupil's place in a programme: from `joined` until `left` (None: still in it)."""

    upn: str
    joined: date
    left: date | None = None
    exit_reason: str = ""
    version: int = 1

    def in_on(self, day: date) -> bool:
        return self.joined <= day and (self.left is None or day <= self.left)


@dataclass(frozen=True, slots=True, kw_only=True)
class Intervention:
    id: int
    plan: Plan
    staff: list[str] = field(default_factory=list)
    start: date
    end: date | None = None
    days: tuple[int, ...] = ()  # weekdays it runs on (0 = Monday); () any day
    places: tuple[Place, ...] = ()
    version: int = 1

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def subject(self) -> str:
        return self.plan.subject

    @property
    def description(self) -> str:
        return self.plan.description

    @property
    def pupils(self) -> list[str]:
        """Everyone who has had a place, in the order they joined."""
        return [place.upn for place in self.places]

    def members_on(self, day: date) -> list[str]:
        return [place.upn for place in self.places if place.in_on(day)]

    def place(self, upn: str) -> Place | None:
        return next((place for place in self.places if place.upn == upn), None)

    def running_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def summary(self) -> str:
        """'3 × 15 min a week, Mon Wed Fri': how it is planned, in a line."""
        plan = f"{self.plan.per_week} × {self.plan.minutes} min a week"
        return f"{plan}, {days_text(self.days)}" if self.days else plan


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionMark:
    """One pupil at one session: present or absent (with a reason), and a note."""

    upn: str
    present: bool
    reason: str = ""
    note: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class InterventionSession:
    id: int
    intervention_id: int
    on: date
    minutes: int
    note: str = ""
    logged_by: str
    marks: tuple[SessionMark, ...] = ()
    version: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.minutes <= MAX_MINUTES:
            raise InvalidInput(f"minutes {self.minutes} is outside 1–{MAX_MINUTES}")

    @property
    def attended(self) -> list[str]:
        return [mark.upn for mark in self.marks if mark.present]

    def mark(self, upn: str) -> SessionMark | None:
        return next((mark for mark in self.marks if mark.upn == upn), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgrammeReview:
    intervention_id: int
    school_year: int
    half_term: int
    verdict: Verdict
    changes: str = ""
    reviewed_by: str = ""
    version: int = 1


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of `day`'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def due_on(programme: Intervention, day: date, held_this_week: int) -> bool:
    """Whether a programme is due on `day`: running, with pupils, and on one of its weekdays;
    without weekdays, on a school day (Mon–Fri) while the week's sessions are not all held."""
    if not programme.running_on(day) or not programme.members_on(day):
        return False
    if programme.days:
        return day.weekday() in programme.days
    return day.weekday() < 5 and held_this_week < programme.plan.per_week
