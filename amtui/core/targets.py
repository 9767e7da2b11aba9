"""Long-term targets: ladders from a starting point, and who may raise or lower them."""

from __future__ import annotations

from typing import Literal

from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.scale import Level
from amtui.core.scheme import Scheme

Role = Literal["teacher", "ta", "slt", "admin"]
ROLES: tuple[str, ...] = ("teacher", "ta", "slt", "admin")
MAY_RAISE: frozenset[str] = frozenset({"teacher", "slt", "admin"})
MAY_LOWER: frozenset[str] = frozenset({"slt"})


def target_ladder(start: Level, start_year: int, end_year: int,
                  scheme: Scheme) -> dict[int, Level]:
    """End-of-year targets for each year after `start_year` up to `end_year`, at the scheme's
    expected progress a year (000: KS1 `2w+` → Y3 `3w+` … Y6 `6w+`)."""
    if end_year <= start_year:
        raise InvalidInput(f"the ladder must end after it starts (Y{start_year} → Y{end_year})")
    return {year: start + (year - start_year) * scheme.expected_per_year
            for year in range(start_year + 1, end_year + 1)}


def carried_up(ladder: dict[int, Level], year: int, raised_to: Level,
               scheme: Scheme) -> dict[int, Level]:
    """The later years a raise carries up: each must stay at least the expected progress a
    year above the raised one (000: Reading Y5 raised to `5w+` makes Y6 `6w+`); a later target
    already above that is never lowered."""
    return {later: floor for later, step in ladder.items() if later > year
            and step < (floor := raised_to + (later - year) * scheme.expected_per_year)}


TargetChange = Literal["set", "raise", "lower", "same"]


def check_direction(old: Level | None, new: Level, role: str) -> TargetChange:
    """What kind of change `old` → `new` is, refused if `role` may not make it: teachers and
    senior leaders raise, only a senior leader lowers (asked as soon as the step is typed)."""
    if old is None:
        kind: TargetChange = "set"
    elif new == old:
        return "same"
    else:
        kind = "raise" if new > old else "lower"
    if role not in MAY_RAISE:
        raise NotAllowed("only a teacher or senior leader may set targets")
    if kind == "lower" and role not in MAY_LOWER:
        raise NotAllowed("only a senior leader may lower a target — ask SLT to make the change")
    return kind


def check_target_change(old: Level | None, new: Level, role: str, note: str,
                        fft: Level | None = None) -> TargetChange:
    """Refuse a change the rules forbid; return what kind of change it is.

    Teachers and senior leaders raise with a note; only a senior leader lowers, with a reason,
    and never below the FFT estimate.
    """
    kind = check_direction(old, new, role)
    if kind == "same":
        return kind
    if kind in ("raise", "lower") and not note.strip():
        raise InvalidInput(f"say why the target is {'raised' if kind == 'raise' else 'lowered'}"
                           " — the note is printed on the profile")
    if kind == "lower" and fft is not None and new < fft:
        raise NotAllowed(f"a target cannot go below the FFT estimate ({fft})")
    return kind
