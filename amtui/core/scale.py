"""Attainment scales: Steps (`5w+`), sub-stages (`St 2 Developing`), year groups and ARE.

Both scales are exact integer ordinals, so trajectories never meet floating-point rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Self, overload

from amtui.core.errors import InvalidInput, InvalidStep, OutOfRange, shown

STEP_NAMES: tuple[str, ...] = ("b", "b+", "w", "w+", "s", "s+")
STEP_WORDS: tuple[str, ...] = ("beginning", "beginning+", "working within", "working within+",
                               "secure", "secure+")
STEPS_PER_STAGE = len(STEP_NAMES)
MAX_STAGE = 12

SUBSTAGE_NAMES: tuple[str, ...] = ("Ready", "Emerging", "Developing", "Securing")
SUBSTAGES_PER_STAGE = len(SUBSTAGE_NAMES)

_STEP_RE = re.compile(r"^(\d{1,2})(b|w|s)(\+?)$", re.ASCII)
_SUB_SHORT_RE = re.compile(r"^(\d{1,2})([redsREDS])$", re.ASCII)
_SUB_LONG_RE = re.compile(r"^(?:st(?:age)?)?(\d{1,2})(ready|emerging|developing|securing)$",
                          re.ASCII)


class _Ordinal:
    """Shared arithmetic for scales whose values are points on an integer line."""

    stage: int  # the subclasses are (stage, pos) dataclasses
    pos: int
    per_stage: int

    @property
    def ordinal(self) -> int:
        return self.stage * self.per_stage + self.pos

    @classmethod
    def from_ordinal(cls, n: int) -> Self:
        if not 0 <= n < (MAX_STAGE + 1) * cls.per_stage:
            raise InvalidStep(f"{n} is outside the scale (stages 0 to {MAX_STAGE})")
        return cls(n // cls.per_stage, n % cls.per_stage)  # type: ignore[call-arg]  # subclasses take (stage, pos)

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, type(self)):
            return self.ordinal - other.ordinal
        if isinstance(other, int) and not isinstance(other, bool):
            return type(self).from_ordinal(self.ordinal - other)
        return NotImplemented

    def __add__(self, other: Any) -> Self:
        if isinstance(other, int) and not isinstance(other, bool):
            return type(self).from_ordinal(self.ordinal + other)
        return NotImplemented

    __radd__ = __add__

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.ordinal < other.ordinal

    def __le__(self, other: Any) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.ordinal <= other.ordinal

    def __gt__(self, other: Any) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.ordinal > other.ordinal

    def __ge__(self, other: Any) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.ordinal >= other.ordinal


@dataclass(frozen=True, eq=True, slots=True)
class Step(_Ordinal):
    """A point on the Steps scale: stage N (Year N, Reception = 0) and position 0–5 (b … s+)."""

    stage: int
    pos: int
    per_stage = STEPS_PER_STAGE

    def __post_init__(self) -> None:
        if not (0 <= self.stage <= MAX_STAGE and 0 <= self.pos < STEPS_PER_STAGE):
            raise InvalidStep(f"stage {self.stage}, step {self.pos} is outside the scale")

    @classmethod
    def parse(cls, text: str) -> Step:
        """Read `5w+`, `5 W+`, ` 5w + `; anything else raises `InvalidStep` naming the valid
        forms."""
        cleaned = "".join(str(text).split()).lower()
        match = _STEP_RE.match(cleaned)
        if match is None or int(match.group(1)) > MAX_STAGE:
            raise InvalidStep(step_help(text))
        stage, letter, plus = int(match.group(1)), match.group(2), match.group(3)
        return cls(stage, STEP_NAMES.index(letter + plus))

    def __str__(self) -> str:
        return f"{self.stage}{STEP_NAMES[self.pos]}"

    def __repr__(self) -> str:
        return f"Step({str(self)!r})"

    @property
    def name(self) -> str:
        return STEP_NAMES[self.pos]


def step_help(text: str) -> str:
    """The message for text that is not a step: what was typed and the forms that would do."""
    digits = "".join(ch for ch in str(text) if ch in "0123456789")
    small = digits and len(digits.lstrip("0")) <= 2  # never int() a 5,000-digit paste
    stage = int(digits) if small and int(digits) <= MAX_STAGE else 5
    forms = ", ".join(f"{stage}{name}" for name in STEP_NAMES[:-1]) + f" or {stage}{STEP_NAMES[-1]}"
    typed = shown(str(text).strip() or "(empty)")
    return f'"{typed}" is not a step — use {forms} (stages 0 to {MAX_STAGE})'


@dataclass(frozen=True, eq=True, slots=True)
class SubStage(_Ordinal):
    """A sub-stage: `St N Ready < St N Emerging < St N Developing < St N Securing < St N+1 Ready`.

    `pos` 0 is Ready (for stage N), 1 Emerging, 2 Developing, 3 Securing.
    """

    stage: int
    pos: int
    per_stage = SUBSTAGES_PER_STAGE

    def __post_init__(self) -> None:
        if not (0 <= self.stage <= MAX_STAGE and 0 <= self.pos < SUBSTAGES_PER_STAGE):
            raise InvalidStep(f"stage {self.stage}, sub-stage {self.pos} is outside the scale")

    @classmethod
    def parse(cls, text: str) -> SubStage:
        """Read `2D`, `St 2 Developing`, `stage 2 developing` (any case, any spacing)."""
        cleaned = "".join(str(text).split()).lower()
        short = _SUB_SHORT_RE.match(cleaned)
        long = _SUB_LONG_RE.match(cleaned)
        if short:
            stage, pos = int(short.group(1)), "rEDS".lower().index(short.group(2).lower())
        elif long:
            stage, pos = int(long.group(1)), SUBSTAGE_NAMES.index(long.group(2).capitalize())
        else:
            raise InvalidStep(
                f'"{shown(str(text).strip() or "(empty)")}" is not a sub-stage — use 2R, 2E, 2D '
                'or 2S (or "St 2 Developing")')
        if stage > MAX_STAGE:
            raise InvalidStep(f'"{shown(text)}" is outside the scale (stages 0 to {MAX_STAGE})')
        return cls(stage, pos)

    def __str__(self) -> str:
        return f"{self.stage}{SUBSTAGE_NAMES[self.pos][0]}"

    def __repr__(self) -> str:
        return f"SubStage({str(self)!r})"

    @property
    def long(self) -> str:
        return f"St {self.stage} {SUBSTAGE_NAMES[self.pos]}"


Level = Step | SubStage
"""A value on either attainment scale; both subtract to an int and add an int."""


def level_type(scale: str) -> type[Step] | type[SubStage]:
    """The type of a value on the scheme's scale (`"steps"` or `"substages"`)."""
    return SubStage if scale == "substages" else Step


def parse_level(text: str, scale: str) -> Level:
    """Read a value of the scheme's scale (`"steps"` or `"substages"`)."""
    return level_type(scale).parse(text)


@overload
def stored_level(text: str) -> Level: ...
@overload
def stored_level(text: None) -> None: ...
@overload
def stored_level(text: str | None) -> Level | None: ...
@cache  # a class's grid reads the same few dozen values hundreds of times
def stored_level(text: str | None) -> Level | None:
    """Read a level back as `str()` wrote it: a step is all lower case (`2s`), a sub-stage ends
    in a capital (`2S`), so the two never read as each other."""
    if text is None:
        return None
    return SubStage.parse(text) if text[-1:].isupper() else Step.parse(text)


# Year groups: Reception is 0, then 1..11.
YEAR_GROUPS: tuple[int, ...] = tuple(range(12))
_YEAR_RE = re.compile(r"^(?:y|yr|year)?(\d{1,2})$", re.ASCII)


def parse_year_group(text: str | int) -> int:
    """Read `R`, `Reception`, `Y5`, `Year 5`, `5` → 0..11."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        cleaned = "".join(str(text).split()).lower()
        if cleaned in {"r", "rec", "reception", "yr0", "y0", "0"}:
            return 0
        match = _YEAR_RE.match(cleaned)
        if match is None:
            raise InvalidInput(f'"{shown(text)}" is not a year group — use R, Y1 … Y11 (or 0–11)')
        value = int(match.group(1))
    if value not in YEAR_GROUPS:
        raise InvalidInput(f'"{shown(text)}" is not a year group — use R, Y1 … Y11 (or 0–11)')
    return value


def year_label(year_group: int) -> str:
    return "R" if year_group == 0 else f"Y{year_group}"


ARE_STEP = STEP_NAMES.index("w+")


def are(year_group: int, half_term: int) -> Step:
    """Age-related expectation after half-term 1–6 of a year: `(Y−1)w+` plus one step a half-term.

    End of the year (T6) is `Yw+`. Reception starts from the bottom of the scale.
    """
    if not 1 <= half_term <= 6:
        raise OutOfRange(f"half-term {half_term} does not exist — use 1 to 6 (T1 to T6)")
    year = parse_year_group(year_group)
    end_of_year = Step(year, ARE_STEP).ordinal
    return Step.from_ordinal(max(0, end_of_year - STEPS_PER_STAGE + half_term))
