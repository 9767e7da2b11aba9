"""A school's scheme: every threshold, label and setting the rules read. Loaded from TOML.

The sections are frozen dataclasses (cheap to import: they are on the path to the first screen);
pydantic validates a file against them when it is loaded, reading each number's `Bound` and
calling each `__post_init__` check, whose `ValueError`s it reports with the key they concern.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

from amtui.core.errors import InvalidScheme

DEFAULT_SCHEME = "default.toml"


class Bound:
    """The range a number of the scheme must lie in, for pydantic to check."""

    __slots__ = ("low", "high")

    def __init__(self, low: float, high: float | None = None) -> None:
        self.low, self.high = low, high

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)  # the int or float schema, which takes the bounds as ge / le
        schema["ge"] = self.low
        if self.high is not None:
            schema["le"] = self.high
        return schema


Percent = Annotated[float, Bound(0, 100)]


class _Section:
    __slots__ = ()
    __pydantic_config__ = {"extra": "forbid"}  # a misspelt key is an error, not ignored


@dataclass(frozen=True, slots=True, kw_only=True)
class ColourLabels(_Section):
    """What the school calls each of the three levels (some say Yellow for Amber)."""

    red: str = "Red"
    amber: str = "Amber"
    green: str = "Green"


@dataclass(frozen=True, slots=True, kw_only=True)
class GapBands(_Section):
    """Gap (current − expected, in steps) → level: gap ≥ green_min is green, ≥ amber_min amber."""

    green_min: int = 0
    amber_min: int = -1

    def __post_init__(self) -> None:
        if self.amber_min > self.green_min:
            raise ValueError("amber_min must not be above green_min")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressStates(_Section):
    """Optional four-state reading (003): green split into on target and exceeding."""

    enabled: bool = False
    exceeding_min: int = 1
    labels: tuple[str, str, str, str] = ("Not achieving", "Nearly there", "On target", "Exceeding")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendance(_Section):
    """Attendance % → colour: above green_above green; from amber_from up to it amber; else red."""

    green_above: Percent = 95.0
    amber_from: Percent = 90.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Punctuality(_Section):
    green_max: Annotated[int, Bound(0)] = 0
    amber_max: Annotated[int, Bound(0)] = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Behaviour(_Section):
    """Behaviour-ladder counts that suggest a colour (the teacher decides)."""

    red_purple: Annotated[int, Bound(1)] = 1
    red_red: Annotated[int, Bound(1)] = 3
    amber_red: Annotated[int, Bound(1)] = 1
    amber_yellow: Annotated[int, Bound(1)] = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Descriptors(_Section):
    red: str = ""
    amber: str = ""
    green: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AttitudeArea(_Section):
    key: str
    name: str
    kind: Literal["attendance", "punctuality", "behaviour", "choice"] = "choice"
    descriptors: Descriptors = Descriptors()


@dataclass(frozen=True, slots=True, kw_only=True)
class BasicSkills(_Section):
    out_of: Annotated[int, Bound(1)] = 25
    green_min: Annotated[int, Bound(0)] = 21
    amber_min: Annotated[int, Bound(0)] = 13
    tests_per_level: Annotated[int, Bound(1)] = 15
    green_weeks_to_move_on: Annotated[int, Bound(1)] = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class Criteria(_Section):
    """Cross-count bands as upper bounds on a sheet of `of` criteria; other sizes scale."""

    of: Annotated[int, Bound(3)] = 30
    emerging_max: int = 8
    developing_max: int = 16
    securing_max: int = 24


@dataclass(frozen=True, slots=True, kw_only=True)
class Calendar(_Section):
    """First day (MM-DD) of each half-term, T1 to T6; a school year starts in T1's month."""

    half_term_starts: tuple[str, str, str, str, str, str] = (
        "09-01", "10-27", "01-05", "02-23", "04-13", "06-01")
    names: tuple[str, str, str, str, str, str] = (
        "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")

    def __post_init__(self) -> None:
        for text in self.half_term_starts:
            month, _, day = text.partition("-")
            if not (month.isdigit() and day.isdigit() and 1 <= int(month) <= 12
                    and 1 <= int(day) <= 31):
                raise ValueError(f'half_term_starts: "{text}" is not a date — write MM-DD, '
                                 'e.g. "09-01"')


@dataclass(frozen=True, slots=True, kw_only=True)
class Meetings(_Section):
    """Half-terms that hold a mentoring meeting; some years may meet every half-term."""

    half_terms: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    every_half_term_years: tuple[int, ...] = ()

    def meets(self, year_group: int, half_term: int) -> bool:
        return half_term in self.half_terms or year_group in self.every_half_term_years


@dataclass(frozen=True, slots=True, kw_only=True)
class Printing(_Section):
    folder: str = ""
    command: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheme(_Section):
    """All of a school's settings. `load_scheme()` gives the shipped default."""

    name: str
    school: str = "Demo School"
    scale: Literal["steps", "substages"] = "steps"
    expected_per_year: Annotated[int, Bound(1)] = 6
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
    medium_targets_max: Annotated[int, Bound(1)] = 3

    def __post_init__(self) -> None:
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

    def area(self, key: str) -> AttitudeArea:
        for area in self.attitude_areas:
            if area.key == key:
                return area
        raise KeyError(key)


def scheme_path(path: str | Path | None = None) -> Path:
    """`path`, or the shipped default scheme."""
    if path is not None:
        return Path(path)
    from amtui.resources import data_path  # resolves the shipped data folder; no I/O here

    return data_path("schemes", DEFAULT_SCHEME)


def read_scheme_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InvalidScheme(f"{file}: no such scheme file") from None
    except OSError as exc:
        raise InvalidScheme(f"{file}: cannot be read ({exc.__class__.__name__})") from None


def decode_scheme(data: bytes, source: str) -> dict[str, Any]:
    """The TOML table in a scheme file's bytes."""
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidScheme(f"{source}: not UTF-8 text — save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidScheme(f"{source}: not valid TOML — {exc}") from None


def load_scheme(path: str | Path | None = None) -> Scheme:
    """The scheme in `path`, or the shipped default. A bad file raises `InvalidScheme`."""
    file = scheme_path(path)
    return parse_scheme(decode_scheme(read_scheme_file(file), str(file)), source=str(file))


def parse_scheme(raw: dict[str, object], source: str = "scheme") -> Scheme:
    """Validate a scheme read from TOML; errors name the source, the key and the problem."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Scheme).validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = ("not a setting amtui knows — check its spelling"
                   if first["type"] == "unexpected_keyword_argument"
                   else first["msg"].removeprefix("Value error, "))
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InvalidScheme(f"{source}: {key}: {message}{more}") from None


def rebuild_scheme(data: dict[str, Any]) -> Scheme:
    """A scheme from `dataclasses.asdict()` of one that was validated (its JSON round trip
    included: lists become tuples again). Runs the consistency checks, not pydantic."""
    return _rebuild(Scheme, data)


def _rebuild(kind: type[Any], data: dict[str, Any]) -> Any:
    hints = _hints(kind)
    return kind(**{f.name: _value(hints[f.name], data[f.name]) for f in fields(kind)})


def _value(hint: Any, value: Any) -> Any:
    if is_dataclass(hint):
        return _rebuild(hint, value)  # type: ignore[arg-type]
    if get_origin(hint) is tuple:
        args = get_args(hint)
        kinds = args[:1] * len(value) if args[-1] is Ellipsis else args
        return tuple(_value(kind, item) for kind, item in zip(kinds, value, strict=True))
    return value


@cache
def _hints(kind: type[Any]) -> dict[str, Any]:
    return get_type_hints(kind)
