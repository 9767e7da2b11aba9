"""A school's scheme: every threshold, label and setting the rules read. Loaded from TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from amtui.core.errors import InvalidScheme

DEFAULT_SCHEME = "default.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColourLabels(_Section):
    """What the school calls each of the three levels (some say Yellow for Amber)."""

    red: str = "Red"
    amber: str = "Amber"
    green: str = "Green"


class GapBands(_Section):
    """Gap (current − expected, in steps) → level: gap ≥ green_min is green, ≥ amber_min amber."""

    green_min: int = 0
    amber_min: int = -1

    @model_validator(mode="after")
    def _ordered(self) -> GapBands:
        if self.amber_min > self.green_min:
            raise ValueError("amber_min must not be above green_min")
        return self


class ProgressStates(_Section):
    """Optional four-state reading (003): green split into on target and exceeding."""

    enabled: bool = False
    exceeding_min: int = 1
    labels: tuple[str, str, str, str] = ("Not achieving", "Nearly there", "On target", "Exceeding")


class Attendance(_Section):
    """Attendance % → colour: above green_above green; from amber_from up to it amber; else red."""

    green_above: float = Field(95.0, ge=0, le=100)
    amber_from: float = Field(90.0, ge=0, le=100)


class Punctuality(_Section):
    green_max: int = Field(0, ge=0)
    amber_max: int = Field(3, ge=0)


class Behaviour(_Section):
    """Behaviour-ladder counts that suggest a colour (the teacher decides)."""

    red_purple: int = Field(1, ge=1)
    red_red: int = Field(3, ge=1)
    amber_red: int = Field(1, ge=1)
    amber_yellow: int = Field(3, ge=1)


class Descriptors(_Section):
    red: str = ""
    amber: str = ""
    green: str = ""


class AttitudeArea(_Section):
    key: str
    name: str
    kind: Literal["attendance", "punctuality", "behaviour", "choice"] = "choice"
    descriptors: Descriptors = Descriptors()


class BasicSkills(_Section):
    out_of: int = Field(25, ge=1)
    green_min: int = Field(21, ge=0)
    amber_min: int = Field(13, ge=0)
    tests_per_level: int = Field(15, ge=1)
    green_weeks_to_move_on: int = Field(4, ge=1)


class Criteria(_Section):
    """Cross-count bands as upper bounds on a sheet of `of` criteria; other sizes scale."""

    of: int = Field(30, ge=3)
    emerging_max: int = 8
    developing_max: int = 16
    securing_max: int = 24


class Calendar(_Section):
    """First day (MM-DD) of each half-term, T1 to T6; a school year starts in T1's month."""

    half_term_starts: tuple[str, str, str, str, str, str] = (
        "09-01", "10-27", "01-05", "02-23", "04-13", "06-01")
    names: tuple[str, str, str, str, str, str] = (
        "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")

    @field_validator("half_term_starts")
    @classmethod
    def _dates(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            month, _, day = text.partition("-")
            if not (month.isdigit() and day.isdigit() and 1 <= int(month) <= 12
                    and 1 <= int(day) <= 31):
                raise ValueError(f'"{text}" is not a date — write MM-DD, e.g. "09-01"')
        return value


class Meetings(_Section):
    """Half-terms that hold a mentoring meeting; some years may meet every half-term."""

    half_terms: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    every_half_term_years: tuple[int, ...] = ()

    def meets(self, year_group: int, half_term: int) -> bool:
        return half_term in self.half_terms or year_group in self.every_half_term_years


class Printing(_Section):
    folder: str = ""
    command: str = ""


class Scheme(_Section):
    """All of a school's settings. `load_scheme()` gives the shipped default."""

    name: str
    school: str = "Demo School"
    scale: Literal["steps", "substages"] = "steps"
    expected_per_year: int = Field(6, ge=1)
    subjects: tuple[str, ...] = ("Reading", "Writing", "Maths", "Science")
    core_subjects: tuple[str, ...] = ("Reading", "Writing", "Maths")
    colour_labels: ColourLabels = ColourLabels()
    progress_bands: GapBands = GapBands()
    progress_states: ProgressStates = ProgressStates()
    are_bands: GapBands = GapBands()
    progress_descriptors: Descriptors = Descriptors()
    targets_descriptors: Descriptors = Descriptors()
    attendance: Attendance = Attendance()
    punctuality: Punctuality = Punctuality()
    behaviour: Behaviour = Behaviour()
    attitude_areas: tuple[AttitudeArea, ...] = ()
    basic_skills: BasicSkills = BasicSkills()
    criteria: Criteria = Criteria()
    judgements: tuple[str, ...] = ("Inadequate", "Requires improvement", "Good", "Outstanding")
    calendar: Calendar = Calendar()
    meetings: Meetings = Meetings()
    printing: Printing = Printing()
    medium_targets_max: int = Field(3, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> Scheme:
        if not self.subjects:
            raise ValueError("subjects: list at least one subject")
        missing = [s for s in self.core_subjects if s not in self.subjects]
        if missing:
            raise ValueError(f"core_subjects: {', '.join(missing)} not in subjects")
        if self.attendance.amber_from > self.attendance.green_above:
            raise ValueError("attendance: amber_from must not be above green_above")
        if self.punctuality.amber_max < self.punctuality.green_max:
            raise ValueError("punctuality: amber_max must not be below green_max")
        if not self.basic_skills.amber_min <= self.basic_skills.green_min <= self.basic_skills.out_of:
            raise ValueError("basic_skills: need amber_min ≤ green_min ≤ out_of")
        keys = [area.key for area in self.attitude_areas]
        if len(keys) != len(set(keys)):
            raise ValueError("attitude_areas: each key must be unique")
        if len(self.judgements) < 2:
            raise ValueError("judgements: list at least two labels, lowest first")
        return self

    def area(self, key: str) -> AttitudeArea:
        for area in self.attitude_areas:
            if area.key == key:
                return area
        raise KeyError(key)


def _default_path() -> Path:
    from amtui.resources import data_path  # resolves the shipped data folder; no I/O here

    return data_path("schemes", DEFAULT_SCHEME)


def load_scheme(path: str | Path | None = None) -> Scheme:
    """The scheme in `path`, or the shipped default. A bad file raises `InvalidScheme`."""
    file = Path(path) if path is not None else _default_path()
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidScheme(f"{file}: no such scheme file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidScheme(f"{file}: cannot be read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidScheme(f"{file}: not valid TOML — {exc}") from None
    return parse_scheme(raw, source=str(file))


def parse_scheme(raw: dict[str, object], source: str = "scheme") -> Scheme:
    """Validate a scheme read from TOML; errors name the source, the key and the problem."""
    try:
        return Scheme.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = first["msg"].removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InvalidScheme(f"{source}: {key}: {message}{more}") from None
