"""A school's scheme: every threshold, label and setting the rules read. Loaded from TOML.

The sections are frozen dataclasses (cheap to import: they are on the path to the first screen);
pydantic validates a file against them when it is loaded, reading each number's `Bound` and
calling each `__post_init__` check, whose `Refusal`s it reports with the key they concern. A
scheme file can only ever be accepted or refused with an `InvalidScheme` saying what is wrong,
where, and how to put it right: never an internal error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from amtui.core.errors import shown
from amtui.core.scale import MAX_STAGE, STEPS_PER_STAGE, YEAR_GROUPS

_HALF_TERMS = range(1, 7)  # T1 to T6: the calendar's six
_SCALE_STEPS = (MAX_STAGE + 1) * STEPS_PER_STAGE  # no gap between two steps is wider than this
_LEVELS = ("red", "amber", "green")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Bound:
    """A number (or true / false) of the scheme, for pydantic: written as one — never `"6"` or
    `true` for a number, nor `1` for true — and, where bounds are given, within them."""

    __slots__ = ("high", "low")

    def __init__(self, low: float | None = None, high: float | None = None) -> None:
        self.low, self.high = low, high

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)  # the int, float or bool schema: bounds go in as ge / le
        schema["strict"] = True
        if self.low is not None:
            schema["ge"] = self.low
        if self.high is not None:
            schema["le"] = self.high
        return schema


Percent = Annotated[float, Bound(0, 100)]
Gap = Annotated[int, Bound(-_SCALE_STEPS, _SCALE_STEPS)]
Whole = Annotated[int, Bound()]
Switch = Annotated[bool, Bound()]


class Refusal(ValueError):
    """What a check found: the key it concerns (below the section that checked it) and a
    message for the school's admin — what is wrong — how to fix it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key, self.message = key, message


def _broken(text: str) -> bool:
    """A control character or line break: text that would break a row of the grid."""
    return any(ch < " " or "\x7f" <= ch <= "\x9f" or ch in "\u2028\u2029" for ch in text)


def _label(key: str, text: str, what: str, example: str) -> None:
    """Refuse a name or label that is empty, has spaces around it or runs over lines."""
    if not text.strip():
        raise Refusal(key, f"{what} is empty — write it, e.g. {example}")
    if text != text.strip():
        raise Refusal(key, f'"{shown(text)}" has spaces at its start or end — remove them')
    if _broken(text):
        raise Refusal(key, f'"{shown(text)}" holds a line break or control character — write it '
                           "on one line")


_T = TypeVar("_T")


def _twice(items: Iterable[_T]) -> _T | None:
    """The first item listed twice, text ignoring case ("Maths" and "maths" are one), if any."""
    seen: set[object] = set()
    for item in items:
        folded = item.casefold() if isinstance(item, str) else item
        if folded in seen:
            return item
        seen.add(folded)
    return None


class _Section:
    __slots__ = ()
    # a misspelt key is an error, not ignored
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class ColourLabels(_Section):
    """What the school calls each of the three levels (some say Yellow for Amber). The grid
    shows a colour by its first letter and reads one typed by name, label or letter, so no two
    levels may share a label or a first letter, nor take another level's name."""

    red: str = "Red"
    amber: str = "Amber"
    green: str = "Green"

    def __post_init__(self) -> None:
        labels = {level: getattr(self, level) for level in _LEVELS}
        for level, label in labels.items():
            _label(level, label, "the label", f'"{level.capitalize()}"')
        by_label: dict[str, str] = {}
        by_letter: dict[str, str] = {}
        for level, label in labels.items():
            other = by_label.setdefault(label.casefold(), level)
            if other != level:
                raise Refusal(level, f'"{shown(label)}" is also the label for {other} — give '
                                     'each level its own label')
            other = by_letter.setdefault(label[0].casefold(), level)
            if other != level:
                raise Refusal(level, f'"{shown(label)}" starts with the same letter as {other} '
                                     f'("{shown(labels[other])}"), and the grid shows each colour '
                                     "by its first letter — choose a label with another letter")
        for level, label in labels.items():
            if label.casefold() in _LEVELS and label.casefold() != level:
                raise Refusal(level, f'"{shown(label)}" is the name of the {label.casefold()} '
                                     f"level — call {level} something else")


@dataclass(frozen=True, slots=True, kw_only=True)
class GapBands(_Section):
    """Gap (current − expected, in steps) → level: gap ≥ green_min is green, ≥ amber_min amber."""

    green_min: Gap = 0
    amber_min: Gap = -1

    def __post_init__(self) -> None:
        if self.amber_min > self.green_min:
            raise Refusal("amber_min", f"{self.amber_min} is above green_min ({self.green_min}) "
                                       "— a gap from amber_min up to green_min is amber: make "
                                       "amber_min at most green_min (e.g. green_min = 0, "
                                       "amber_min = -1)")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressStates(_Section):
    """Optional four-state reading (003): green split into on target and exceeding."""

    enabled: Switch = False
    exceeding_min: Gap = 1
    labels: tuple[str, str, str, str] = ("Not achieving", "Nearly there", "On target", "Exceeding")

    def __post_init__(self) -> None:
        for label in self.labels:
            _label("labels", label, "a label", '"On target"')
        if (twice := _twice(self.labels)) is not None:
            raise Refusal("labels", f'"{shown(twice)}" is listed twice — give each of the four '
                                    "states its own label")


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetsReview(_Section):
    """The medium-term targets agreed at the last meeting → colour: all achieved green; from
    amber_from % of them achieved amber; fewer red. A target achieved partly is not achieved."""

    amber_from: Percent = 50.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendance(_Section):
    """Attendance % → colour: above green_above green; from amber_from up to it amber; else red."""

    green_above: Percent = 95.0
    amber_from: Percent = 90.0

    def __post_init__(self) -> None:
        if self.amber_from > self.green_above:
            raise Refusal("amber_from", f"{self.amber_from:g} is above green_above "
                                        f"({self.green_above:g}) — amber runs from amber_from up "
                                        "to green_above: make amber_from at most green_above "
                                        "(e.g. green_above = 95, amber_from = 90)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Punctuality(_Section):
    """Lates this half-term → colour: up to green_max green; up to amber_max amber; else red."""

    green_max: Annotated[int, Bound(0, 100)] = 0
    amber_max: Annotated[int, Bound(0, 100)] = 3

    def __post_init__(self) -> None:
        if self.amber_max < self.green_max:
            raise Refusal("amber_max", f"{self.amber_max} is below green_max ({self.green_max}) "
                                       "— amber runs from above green_max up to amber_max: make "
                                       "amber_max at least green_max (e.g. green_max = 0, "
                                       "amber_max = 3)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Behaviour(_Section):
    """Behaviour-ladder counts that suggest a colour (the teacher decides)."""

    red_purple: Annotated[int, Bound(1, 100)] = 1
    red_red: Annotated[int, Bound(1, 100)] = 3
    amber_red: Annotated[int, Bound(1, 100)] = 1
    amber_yellow: Annotated[int, Bound(1, 100)] = 3

    def __post_init__(self) -> None:
        if self.amber_red > self.red_red:
            raise Refusal("amber_red", f"{self.amber_red} is above red_red ({self.red_red}), so "
                                       "reds would suggest red before amber — make amber_red at "
                                       "most red_red (e.g. amber_red = 1, red_red = 3)")


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
    """Weekly test score → colour: from green_min green, from amber_min amber; a pupil moves on
    after green_weeks_to_move_on green weeks of the level's tests_per_level tests."""

    out_of: Annotated[int, Bound(1, 1000)] = 25
    green_min: Annotated[int, Bound(0, 1000)] = 21
    amber_min: Annotated[int, Bound(0, 1000)] = 13
    tests_per_level: Annotated[int, Bound(1, 100)] = 15
    green_weeks_to_move_on: Annotated[int, Bound(1, 100)] = 4

    def __post_init__(self) -> None:
        if self.amber_min > self.green_min:
            raise Refusal("amber_min", f"{self.amber_min} is above green_min ({self.green_min}) "
                                       "— a score from amber_min up to green_min is amber: make "
                                       "amber_min at most green_min (e.g. green_min = 21, "
                                       "amber_min = 13)")
        if self.green_min > self.out_of:
            raise Refusal("green_min", f"{self.green_min} is above out_of ({self.out_of}), so no "
                                       "score could be green — make green_min at most out_of")
        if self.green_weeks_to_move_on > self.tests_per_level:
            raise Refusal("green_weeks_to_move_on",
                          f"{self.green_weeks_to_move_on} is more than tests_per_level "
                          f"({self.tests_per_level}), so no pupil could move on — make it at "
                          "most tests_per_level (e.g. 4 green weeks of 15 tests)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Criteria(_Section):
    """Cross-count bands as upper bounds on a sheet of `of` criteria; other sizes scale. The
    rest of the sheet, above securing_max, is Ready."""

    of: Annotated[int, Bound(4, 1000)] = 30
    emerging_max: Annotated[int, Bound(1, 1000)] = 8
    developing_max: Annotated[int, Bound(1, 1000)] = 16
    securing_max: Annotated[int, Bound(1, 1000)] = 24

    def __post_init__(self) -> None:
        order = "each band ends above the one before: emerging_max < developing_max < " \
                "securing_max < of (e.g. 8, 16, 24 of 30)"
        if self.developing_max <= self.emerging_max:
            raise Refusal("developing_max", f"{self.developing_max} is not above emerging_max "
                                            f"({self.emerging_max}) — {order}")
        if self.securing_max <= self.developing_max:
            raise Refusal("securing_max", f"{self.securing_max} is not above developing_max "
                                          f"({self.developing_max}) — {order}")
        if self.securing_max >= self.of:
            raise Refusal("securing_max", f"{self.securing_max} is not below of ({self.of}), so "
                                          f"no count of crosses is Ready — {order}")


def _month_day(text: str, half_term: int) -> tuple[int, int]:
    """A half-term's first day, "MM-DD", as (month, day): a day that every year has."""
    key, digits = "half_term_starts", text[:2] + text[3:]
    if not (len(text) == 5 and text[2] == "-" and digits.isascii() and digits.isdigit()):
        raise Refusal(key, f'T{half_term} starts on "{shown(text)}", which is not a date — '
                           'write it as MM-DD, e.g. "09-01" for 1 September')
    month, day = int(text[:2]), int(text[3:])
    if not 1 <= month <= 12:
        raise Refusal(key, f'T{half_term} starts on "{text}", but there is no month {month} — '
                           'write MM-DD with a month from 01 to 12, e.g. "09-01"')
    if (month, day) == (2, 29):
        raise Refusal(key, f'T{half_term} starts on "{text}", 29 February, which most years do '
                           'not have — use "02-28" or "03-01"')
    if not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        days = _DAYS_IN_MONTH[month - 1] - (month == 2)
        raise Refusal(key, f'T{half_term} starts on "{text}", but {_MONTHS[month - 1]} has '
                           f"{days} days — write a day from 01 to {days}")
    return month, day


@dataclass(frozen=True, slots=True, kw_only=True)
class Calendar(_Section):
    """First day (MM-DD) of each half-term, T1 to T6; a school year starts in T1's month."""

    half_term_starts: tuple[str, str, str, str, str, str] = (
        "09-01", "10-27", "01-05", "02-23", "04-13", "06-01")
    names: tuple[str, str, str, str, str, str] = (
        "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")

    def __post_init__(self) -> None:
        days = [_month_day(text, n) for n, text in enumerate(self.half_term_starts, start=1)]
        first_month = days[0][0]  # a month before it is in the next calendar year
        places = [((month - first_month) % 12, day) for month, day in days]
        for n in range(1, len(places)):
            if places[n] <= places[n - 1]:
                starts = self.half_term_starts
                raise Refusal("half_term_starts",
                              f'T{n + 1} starts on "{starts[n]}", '
                              f'not after T{n} ("{starts[n - 1]}")'
                              " — list the six first days in order through the school year, "
                              f'which starts with T1 ("{starts[0]}")')
        for n, name in enumerate(self.names, start=1):
            _label("names", name, f"T{n}'s name", '"Autumn 1"')
        if (twice := _twice(self.names)) is not None:
            raise Refusal("names", f'"{shown(twice)}" is listed twice — give each half-term its '
                                   "own name")


@dataclass(frozen=True, slots=True, kw_only=True)
class Meetings(_Section):
    """Half-terms that hold a mentoring meeting; some years may meet every half-term."""

    half_terms: tuple[Whole, ...] = (1, 2, 3, 4, 5, 6)
    every_half_term_years: tuple[Whole, ...] = ()

    def __post_init__(self) -> None:
        example = "e.g. half_terms = [2, 4, 6]"
        for half_term in self.half_terms:
            if half_term not in _HALF_TERMS:
                raise Refusal("half_terms", f"{shown(half_term)} is not a half-term — use 1 to "
                                            f"6 (T1 to T6), {example}")
        if (twice := _twice(self.half_terms)) is not None:
            raise Refusal("half_terms", f"{twice} is listed twice — list each half-term once, "
                                        f"{example}")
        if list(self.half_terms) != sorted(self.half_terms):
            raise Refusal("half_terms", f"{list(self.half_terms)} is not in order — list the "
                                        f"half-terms from T1 to T6, {example}")
        for year in self.every_half_term_years:
            if year not in YEAR_GROUPS:
                raise Refusal("every_half_term_years",
                              f"{shown(year)} is not a year group — use 0 (Reception) to "
                              f"{YEAR_GROUPS[-1]}, e.g. every_half_term_years = [6]")
        if (twice := _twice(self.every_half_term_years)) is not None:
            raise Refusal("every_half_term_years", f"{twice} is listed twice — list each year "
                                                   "group once")
        if not self.half_terms and not self.every_half_term_years:
            raise Refusal("half_terms", "no half-term holds a meeting — list those that do, "
                                        f"{example}")

    def meets(self, year_group: int, half_term: int) -> bool:
        return half_term in self.half_terms or year_group in self.every_half_term_years


@dataclass(frozen=True, slots=True, kw_only=True)
class Printing(_Section):
    """Where profiles are saved and which command prints them; in the browser they arrive as
    downloads, and a copy stays on the server only with `keep_on_server`."""

    folder: str = ""
    command: str = ""
    keep_on_server: Switch = False

    def __post_init__(self) -> None:
        for key in ("folder", "command"):
            if "\0" in getattr(self, key):
                raise Refusal(key, "holds a NUL character (\\u0000), which no folder or command "
                                   "may hold — remove it")
        if self.command.strip():
            import shlex  # only for a school that prints straight to a printer

            try:
                shlex.split(self.command)
            except ValueError as exc:
                raise Refusal("command", f'"{shown(self.command)}" cannot be read as a command '
                                         f"({str(exc).lower()}) — close each quote, e.g. "
                                         "command = \"lp -d 'staff room'\"") from None


@dataclass(frozen=True, slots=True, kw_only=True)
class SignIn(_Section):
    """Sessions that staff sign in to (a shared account, the browser) end after this many
    minutes without a key or a click."""

    idle_minutes: Annotated[int, Bound(1, 480)] = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Scheme(_Section):
    """All of a school's settings. `load_scheme()` gives the shipped default."""

    name: str
    school: str = "Demo School"
    scale: Literal["steps", "substages"] = "steps"
    expected_per_year: Annotated[int, Bound(1, 12)] = 6
    subjects: tuple[str, ...] = ("Reading", "Writing", "Maths", "Science")
    core_subjects: tuple[str, ...] = ("Reading", "Writing", "Maths")
    colour_labels: ColourLabels = ColourLabels()
    progress_bands: GapBands = GapBands()
    progress_states: ProgressStates = ProgressStates()
    are_bands: GapBands = GapBands()
    # the step expected now, to a whole step: up (Steps), or down so no sub-stage is expected
    # before one is due
    expected_rounding: Literal["up", "down"] = "up"
    amber_off_track: Switch = True  # off track means red, and amber too where this is true
    progress_descriptors: Descriptors = Descriptors()
    targets_review: TargetsReview = TargetsReview()
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
    sign_in: SignIn = SignIn()
    medium_targets_max: Annotated[int, Bound(1, 10)] = 3  # next steps per subject a meeting agrees

    def __post_init__(self) -> None:
        _label("name", self.name, "the scheme's name", '"Oakfield, half-termly"')
        _label("school", self.school, "the school's name", '"Oakfield Primary"')
        _check_subjects(self.subjects, self.core_subjects)
        _check_areas(self.attitude_areas)
        _check_judgements(self.judgements)
        states, green_min = self.progress_states, self.progress_bands.green_min
        if states.enabled and states.exceeding_min <= green_min:
            raise Refusal("progress_states.exceeding_min",
                          f"{states.exceeding_min} is not above progress_bands.green_min "
                          f"({green_min}), so no pupil would ever be on target — make it at "
                          f"least {green_min + 1}")

    def area(self, key: str) -> AttitudeArea:
        for area in self.attitude_areas:
            if area.key == key:
                return area
        raise KeyError(key)


def _check_subjects(subjects: tuple[str, ...], core: tuple[str, ...]) -> None:
    if not subjects:
        raise Refusal("subjects", "none are listed — list at least one, e.g. "
                                  'subjects = ["Reading", "Writing", "Maths"]')
    for subject in subjects:
        _label("subjects", subject, "a subject", '"Maths"')
    if (twice := _twice(subjects)) is not None:
        raise Refusal("subjects", f'"{shown(twice)}" is listed twice — list each subject once')
    if "attitude" in (subject.casefold() for subject in subjects):
        raise Refusal("subjects", '"Attitude" is what amtui calls the attitude next steps — call '
                                  'the subject something else, e.g. "PSHE"')
    if not core:
        raise Refusal("core_subjects", "none are listed — list at least one of the subjects, "
                                       'e.g. core_subjects = ["Reading", "Writing", "Maths"]')
    missing = [subject for subject in core if subject not in subjects]
    if missing:
        names = ", ".join(f'"{shown(subject)}"' for subject in missing)
        verb = "is" if len(missing) == 1 else "are"
        raise Refusal("core_subjects", f"{names} {verb} not among the subjects — write each core "
                                       "subject exactly as it is in subjects, or add it there")
    if (twice := _twice(core)) is not None:
        raise Refusal("core_subjects", f'"{shown(twice)}" is listed twice — list each core '
                                       "subject once")


def _check_areas(areas: tuple[AttitudeArea, ...]) -> None:
    for n, area in enumerate(areas, start=1):
        _label("attitude_areas", area.key, f"area {n}'s key", 'key = "homework"')
        _label("attitude_areas", area.name, f"area {n}'s name", 'name = "Homework"')
    for what in ("key", "name"):
        if (twice := _twice(getattr(area, what) for area in areas)) is not None:
            raise Refusal("attitude_areas", f'the {what} "{shown(twice)}" is used by two areas '
                                            f"— give each area its own {what}")


def _check_judgements(judgements: tuple[str, ...]) -> None:
    if len(judgements) < 2:
        raise Refusal("judgements", "list at least two labels, lowest first — e.g. judgements = "
                                    '["Inadequate", "Requires improvement", "Good", "Outstanding"]')
    for judgement in judgements:
        _label("judgements", judgement, "a judgement", '"Good"')
    if (twice := _twice(judgements)) is not None:
        raise Refusal("judgements", f'"{shown(twice)}" is listed twice — give each judgement its '
                                    "own label, lowest first")
