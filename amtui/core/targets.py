"""Long-term targets: ladders from a starting point, and who may raise or lower them."""

from __future__ import annotations

import re
from typing import Literal

from amtui.core.errors import InvalidInput, NotAllowed, shown
from amtui.core.scale import Level, parse_year_group, year_label
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


KEY_STAGE_ENDS: tuple[int, ...] = (2, 6, 9, 11)
"""The last year group of KS1 to KS4: a ladder runs to the end of the key stage it starts in."""
_KEY_STAGE_RE = re.compile(r"ks([1-4])", re.ASCII)
_EYFS = {"eyfs": "EYFS", "fs": "EYFS", "fs2": "EYFS", "foundation": "EYFS",
         "foundationstage": "EYFS", "reception": "End of Reception", "r": "End of Reception",
         "yr": "End of Reception"}


def parse_source(text: str) -> tuple[int, str]:
    """Where a starting point comes from → (the year group it ends, its label): `EYFS` (0),
    `KS1` / `KS1 result` (2), `KS2` (6), `Y4` / `End of Y4` (4) ..."""
    cleaned = re.sub(r"[^0-9a-z]", "", str(text).casefold())
    cleaned = cleaned.removeprefix("endof").removesuffix("results").removesuffix("result")
    if cleaned in _EYFS:
        return 0, _EYFS[cleaned]
    if match := _KEY_STAGE_RE.fullmatch(cleaned):
        stage = int(match.group(1))
        return KEY_STAGE_ENDS[stage - 1], f"KS{stage} result"
    try:
        year = parse_year_group(cleaned)
    except InvalidInput:
        raise InvalidInput(f'Source "{shown(str(text).strip() or "(empty)")}" is not a source — '
                           "use EYFS, KS1, KS2, or the year the starting point ends, e.g. Y4"
                           ) from None
    return year, "End of Reception" if year == 0 else f"End of {year_label(year)}"


def ladder_end(start_year: int) -> int:
    """The year a ladder from a starting point at the end of `start_year` runs to: the end of the
    key stage of the year after it (KS1 result → Y6; end of Y4 → Y6; EYFS → Y2)."""
    for end in KEY_STAGE_ENDS:
        if end > start_year:
            return end
    raise InvalidInput(f"a starting point at the end of {year_label(start_year)} starts no ladder "
                       f"— the last key stage ends in {year_label(KEY_STAGE_ENDS[-1])}")


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
