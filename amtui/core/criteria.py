"""Criteria marking: dot / line / cross per criterion, cross counts → sub-stage bands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from amtui.core.errors import InvalidInput, OutOfRange
from amtui.core.scale import STEPS_PER_STAGE, Step, SubStage
from amtui.core.scheme import Criteria, Scheme

BAND_NAMES: tuple[str, ...] = ("Emerging", "Developing", "Securing", "Ready")
THIRDS: tuple[str, ...] = ("low", "mid", "high")


class Mark(IntEnum):
    """A criterion's mark, ordered so the best so far is the `max`."""

    BLANK = 0
    DOT = 1    # partly
    LINE = 2   # mostly
    CROSS = 3  # fully achieved

    @property
    def symbol(self) -> str:
        return " .∕x"[self]

    @classmethod
    def from_key(cls, key: str) -> Mark:
        """`.` dot, `/` line, `x` cross, space or backspace blank."""
        table = {".": cls.DOT, "/": cls.LINE, "x": cls.CROSS, "X": cls.CROSS,
                 " ": cls.BLANK, "space": cls.BLANK, "backspace": cls.BLANK, "": cls.BLANK}
        if key not in table:
            raise InvalidInput(f'"{key}" is not a mark — use . (partly), / (mostly), x (fully) '
                               "or space to blank")
        return table[key]


def best_mark(marks: Iterable[Mark]) -> Mark:
    """The sheet's current mark: the best of the half-term marks so far (records only go up)."""
    return max(marks, default=Mark.BLANK)


@dataclass(frozen=True, slots=True)
class Band:
    """Where a cross count lies: band name, its third, and crosses still needed for the next
    band."""

    name: str
    third: str
    to_next: int
    index: int

    def substage(self, stage: int) -> SubStage:
        """The sub-stage this band awards on a stage's sheet (Ready means the next stage)."""
        if self.name == "Ready":
            return SubStage(stage + 1, 0)
        return SubStage(stage, self.index + 1)


def band_limits(total: int, scheme: Scheme | None = None) -> tuple[int, int, int, int]:
    """Upper bound of each band on a sheet of `total` criteria, scaled from the scheme's bands."""
    rules = scheme.criteria if scheme is not None else Criteria()
    limits: list[int] = []
    for limit in (rules.emerging_max, rules.developing_max, rules.securing_max):
        floor = max(limit * total // rules.of, limits[-1] + 1 if limits else 1)
        limits.append(min(floor, total - (3 - len(limits))))
    return (limits[0], limits[1], limits[2], total)


def band_for_crosses(crosses: int, total: int, scheme: Scheme | None = None) -> Band:
    """Band for a count of crosses out of `total` criteria (30: 1–8 E, 9–16 D, 17–24 S, 25–30 R)."""
    if total < len(BAND_NAMES):
        raise OutOfRange(f"a sheet needs at least {len(BAND_NAMES)} criteria, not {total}")
    if not 0 <= crosses <= total:
        raise OutOfRange(f"{crosses} crosses is impossible on a sheet of {total} criteria — "
                         f"enter 0 to {total}")
    limits = band_limits(total, scheme)
    index = next(i for i, upper in enumerate(limits) if crosses <= upper)
    low = 1 if index == 0 else limits[index - 1] + 1
    size = limits[index] - low + 1
    third = THIRDS[min(2, max(0, crosses - low) * 3 // size)]
    to_next = 0 if index == len(limits) - 1 else limits[index] + 1 - crosses
    return Band(BAND_NAMES[index], third, to_next, index)


def step_for_crosses(crosses: int, total: int, stage: int) -> Step:
    """For Steps-scale schools: the six steps split the sheet evenly (b … s+)."""
    if not 0 <= crosses <= total or total < 1:
        raise OutOfRange(f"{crosses} crosses is impossible on a sheet of {total} criteria")
    return Step(stage, min(STEPS_PER_STAGE - 1, crosses * STEPS_PER_STAGE // (total + 1)))
