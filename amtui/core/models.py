"""The values shared by the store, the screens and the report: frozen dataclasses, built from
typed values (the store converts its rows; user input is parsed at the edge).

They are plain dataclasses, not pydantic models, because they are on the path to the first
screen: pydantic's import and model building cost ~70 ms of a ~200 ms start.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from amtui.core.colours import Rag
from amtui.core.errors import InvalidInput
from amtui.core.scale import YEAR_GROUPS, Step, SubStage, year_label
from amtui.core.targets import Role
from amtui.core.terms import HALF_TERMS

LevelField = Step | SubStage
Review = Literal["achieved", "partly", "not"]
SupportKind = Literal["learning", "attitude"]
MeetingState = Literal["not started", "in progress", "signed", "amended"]


def _fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(ch)).replace("ł", "l")


def _within(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise InvalidInput(f"{name} {value} is outside {low}–{high}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Staff:
    initials: str
    name: str
    role: Role
    login: str = ""

    def __post_init__(self) -> None:
        _within("the length of initials", len(self.initials), 1, 6)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassGroup:
    name: str
    year_group: int
    teacher: str | None = None  # staff initials

    def __post_init__(self) -> None:
        _within("year group", self.year_group, YEAR_GROUPS[0], YEAR_GROUPS[-1])


@dataclass(frozen=True, slots=True, kw_only=True)
class Pupil:
    upn: str
    forename: str
    surname: str
    year_group: int
    class_name: str
    dob: date | None = None
    sen: bool = False
    pupil_premium: bool = False
    eal: bool = False
    gender: str | None = None  # as the MIS gives it (F, M, …); None where the roster has none
    # forename and surname are the name the pupil goes by (the MIS's preferred name); the legal
    # name is kept beside it when the MIS gives one that differs, else None
    legal_forename: str | None = None
    legal_surname: str | None = None
    version: int = 1

    def __post_init__(self) -> None:
        _within("year group", self.year_group, YEAR_GROUPS[0], YEAR_GROUPS[-1])

    @property
    def display_name(self) -> str:
        return f"{self.surname}, {self.forename}"

    @property
    def sort_key(self) -> tuple[str, str]:
        """Alphabetical as people read it: accents and case do not move a name (Ó Súilleabháin
        files under O, Öztürk beside Ozturk)."""
        return (_fold(self.surname), _fold(self.forename))

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def year(self) -> str:
        return year_label(self.year_group)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attainment:
    """A subject's step for a half-term, with the teacher's colour override if any; in a
    sub-stage scheme also the level the criteria sheet awards, and why the step differs."""

    upn: str
    subject: str
    school_year: int
    half_term: int
    step: LevelField | None = None
    override: Rag | None = None
    override_reason: str = ""
    version: int = 1
    awarded: LevelField | None = None
    step_reason: str = ""  # empty: the step follows the sheet

    def __post_init__(self) -> None:
        _within("half-term", self.half_term, HALF_TERMS[0], HALF_TERMS[-1])


@dataclass(frozen=True, slots=True, kw_only=True)
class StartingPoint:
    """Where a subject's target ladder starts (e.g. KS1 result at the end of Y2)."""

    upn: str
    subject: str
    year_group: int
    step: LevelField
    label: str = ""
    fft: LevelField | None = None
    aspirational: LevelField | None = None
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """An end-of-year target for one year group of a subject."""

    upn: str
    subject: str
    year_group: int
    step: LevelField
    note: str = ""
    raised: bool = False
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class AttitudeEntry:
    upn: str
    school_year: int
    half_term: int
    area: str
    value: float | None = None  # attendance %, or lates
    colour: Rag | None = None
    comment: str = ""
    version: int = 1
    incidents: tuple[int, int, int] | None = None  # behaviour: purple, red, yellow counts

    def __post_init__(self) -> None:
        _within("half-term", self.half_term, HALF_TERMS[0], HALF_TERMS[-1])


@dataclass(frozen=True, slots=True, kw_only=True)
class MediumTarget:
    """A next step agreed at a meeting; reviewed at the next one."""

    id: int
    upn: str
    school_year: int
    half_term: int
    subject: str  # a subject, or "Attitude"
    text: str
    criterion: str = ""
    review: Review | None = None
    position: int = 0
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class SelfAssessment:
    """The pupil's own ratings: item → rating index (colour, or judgement), and free text."""

    upn: str
    school_year: int
    half_term: int
    ratings: dict[str, int] = field(default_factory=dict)
    went_well: str = ""
    find_hard: str = ""
    want_to_be: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportLine:
    """One line of support planned at a meeting: for learning, or for attitude."""

    id: int
    kind: SupportKind
    text: str
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Meeting:
    upn: str
    school_year: int
    half_term: int
    lines: tuple[SupportLine, ...] = ()
    aspirations: str = ""
    judgement: int | None = None
    pupil_judgement: int | None = None
    views_note: str = ""  # where the pupil's view and the evidence differ
    teacher_signed_by: str | None = None
    teacher_signed_at: datetime | None = None
    pupil_signed_at: datetime | None = None
    amended: bool = False
    started: bool = False
    version: int = 1

    @property
    def support(self) -> list[str]:
        return [line.text for line in self.lines if line.kind == "learning"]

    @property
    def attitude_support(self) -> list[str]:
        return [line.text for line in self.lines if line.kind == "attitude"]

    @property
    def signed(self) -> bool:
        return self.teacher_signed_at is not None and self.pupil_signed_at is not None

    @property
    def state(self) -> MeetingState:
        if self.signed:
            return "amended" if self.amended else "signed"
        return "in progress" if self.started else "not started"


@dataclass(frozen=True, slots=True, kw_only=True)
class CriteriaMark:
    upn: str
    subject: str
    stage: int
    number: int
    school_year: int
    half_term: int
    mark: int

    def __post_init__(self) -> None:
        _within("mark", self.mark, 0, 3)


@dataclass(frozen=True, slots=True, kw_only=True)
class BasicSkillsScore:
    upn: str
    school_year: int
    week: int
    level: str
    score: int

    def __post_init__(self) -> None:
        _within("week", self.week, 1, 52)
        if self.score < 0:
            raise InvalidInput(f"score {self.score} is below 0")


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry:
    id: int
    at: datetime
    who: str
    table: str
    key: str
    old: str | None
    new: str | None
    why: str = ""
    undone: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PupilRecord:
    """Everything the class grid and the pupil file need about one pupil for one half-term,
    gathered by the store in a few queries; `core.progress` derives the colours from it."""

    pupil: Pupil
    school_year: int
    half_term: int
    # subject → half-term → record, this year
    steps: dict[str, dict[int, Attainment]] = field(default_factory=dict)
    # subject → attainment at the start of the year
    start_of_year: dict[str, LevelField] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)  # subject → this year's target
    attitude: dict[str, AttitudeEntry] = field(default_factory=dict)  # area key → entry
    meeting: Meeting
    self_assessed: bool = False
    # last half-term's next steps: (subject, review)
    reviews: list[tuple[str, Review | None]] = field(default_factory=list)
    next_steps: int = 0
