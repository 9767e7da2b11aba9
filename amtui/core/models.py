"""Pydantic models shared by the store, the screens and the report.

Attainment values are `Level`s (a `Step` or a `SubStage`), read from and written as text.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from amtui.core.colours import Rag
from amtui.core.scale import Step, SubStage, year_label
from amtui.core.targets import Role

LevelField = Step | SubStage
Review = Literal["achieved", "partly", "not"]
MeetingState = Literal["not started", "in progress", "signed", "amended"]


def _fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(ch)).replace("ł", "l")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Staff(Model):
    initials: str = Field(min_length=1, max_length=6)
    name: str
    role: Role
    login: str = ""


class ClassGroup(Model):
    name: str
    year_group: int = Field(ge=0, le=11)
    teacher: str | None = None  # staff initials


class Pupil(Model):
    upn: str
    forename: str
    surname: str
    year_group: int = Field(ge=0, le=11)
    class_name: str
    dob: date | None = None
    sen: bool = False
    pupil_premium: bool = False
    eal: bool = False
    version: int = 1

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


class Attainment(Model):
    """A subject's step for a half-term, with the teacher's colour override if any."""

    upn: str
    subject: str
    school_year: int
    half_term: int = Field(ge=1, le=6)
    step: LevelField | None = None
    override: Rag | None = None
    override_reason: str = ""
    version: int = 1


class StartingPoint(Model):
    """Where a subject's target ladder starts (e.g. KS1 result at the end of Y2)."""

    upn: str
    subject: str
    year_group: int
    step: LevelField
    label: str = ""
    fft: LevelField | None = None
    aspirational: LevelField | None = None
    version: int = 1


class Target(Model):
    """An end-of-year target for one year group of a subject."""

    upn: str
    subject: str
    year_group: int
    step: LevelField
    note: str = ""
    raised: bool = False
    version: int = 1


class AttitudeEntry(Model):
    upn: str
    school_year: int
    half_term: int = Field(ge=1, le=6)
    area: str
    value: float | None = None  # attendance %, or lates
    colour: Rag | None = None
    comment: str = ""
    version: int = 1


class MediumTarget(Model):
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


class SelfAssessment(Model):
    """The pupil's own ratings: item → rating index (colour, or judgement), and free text."""

    upn: str
    school_year: int
    half_term: int
    ratings: dict[str, int] = {}
    went_well: str = ""
    find_hard: str = ""
    want_to_be: str = ""
    version: int = 1


class Meeting(Model):
    upn: str
    school_year: int
    half_term: int
    support: list[str] = []
    attitude_support: list[str] = []
    aspirations: str = ""
    judgement: int | None = None
    pupil_judgement: int | None = None
    teacher_signed_by: str | None = None
    teacher_signed_at: datetime | None = None
    pupil_signed_at: datetime | None = None
    amended: bool = False
    started: bool = False
    version: int = 1

    @property
    def signed(self) -> bool:
        return self.teacher_signed_at is not None and self.pupil_signed_at is not None

    @property
    def state(self) -> MeetingState:
        if self.signed:
            return "amended" if self.amended else "signed"
        return "in progress" if self.started else "not started"


class Intervention(Model):
    id: int
    name: str
    subject: str
    description: str = ""
    staff: list[str] = []
    start: date
    end: date | None = None
    pupils: list[str] = []


class InterventionSession(Model):
    id: int
    intervention_id: int
    on: date
    minutes: int = Field(ge=1, le=600)
    note: str = ""
    logged_by: str
    attended: list[str] = []


class CriteriaMark(Model):
    upn: str
    subject: str
    stage: int
    number: int
    school_year: int
    half_term: int
    mark: int = Field(ge=0, le=3)


class BasicSkillsScore(Model):
    upn: str
    school_year: int
    week: int = Field(ge=1, le=52)
    level: str
    score: int = Field(ge=0)


class HistoryEntry(Model):
    id: int
    at: datetime
    who: str
    table: str
    key: str
    old: str | None
    new: str | None
    why: str = ""
    undone: bool = False


class PupilRecord(Model):
    """Everything the class grid and the pupil file need about one pupil for one half-term,
    gathered by the store in a few queries; `core.progress` derives the colours from it."""

    pupil: Pupil
    school_year: int
    half_term: int
    steps: dict[str, dict[int, Attainment]] = {}  # subject → half-term → record, this year
    start_of_year: dict[str, LevelField] = {}      # subject → attainment at the start of the year
    targets: dict[str, Target] = {}                # subject → this year's end-of-year target
    attitude: dict[str, AttitudeEntry] = {}        # area key → this half-term's entry
    meeting: Meeting
    self_assessed: bool = False
    reviews: list[tuple[str, Review | None]] = []  # last half-term's next steps: (subject, review)
    next_steps: int = 0
