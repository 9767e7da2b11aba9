"""Weekly basic-skills tests: levels (`Level 4`, then `Level 4/5 bridging`, then `Level 5`), the
school week of a day, a pupil's level in a week from their scores and recorded moves, and the
pupil file's one-line summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from amtui.core.colours import basic_skills_colour
from amtui.core.errors import InvalidInput, OutOfRange, shown
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_on, term_start, year_label

WEEKS = 52
LEVEL_FORMS = "use e.g. Level 4 or Level 4/5 bridging"
_LEVEL = re.compile(r"level\s*(\d{1,2})(?:\s*/\s*(\d{1,2})\s*bridging)?", re.IGNORECASE | re.ASCII)


@dataclass(frozen=True, slots=True)
class WeekScore:
    """One week's test: the level sat and the score."""

    school_year: int
    week: int
    level: str
    score: int
    version: int = 1


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A pupil's level from a week on, as a teacher recorded it."""

    school_year: int
    week: int
    level: str
    version: int = 1


@dataclass(frozen=True, slots=True)
class Move:
    """A move up from one level to another, first sat in `week` of `school_year`."""

    school_year: int
    week: int
    old: str
    new: str


def _parts(text: str) -> tuple[int, bool]:
    match = _LEVEL.fullmatch(" ".join(str(text).split()))
    if match is None:
        raise InvalidInput(f'"{shown(text)}" is not a basic-skills level — {LEVEL_FORMS}')
    number = int(match[1])
    if match[2] is not None and int(match[2]) != number + 1:
        raise InvalidInput(f'"{shown(text)}" bridges two levels that are not next to each other '
                           f"— {LEVEL_FORMS}")
    return number, match[2] is not None


def check_level(text: str) -> str:
    """A level as it is stored and shown (`level 4` → `Level 4`)."""
    number, bridging = _parts(text)
    return f"Level {number}/{number + 1} bridging" if bridging else f"Level {number}"


def next_level(text: str) -> str:
    """The level a pupil moves on to: `Level 4` → `Level 4/5 bridging` → `Level 5`."""
    number, bridging = _parts(text)
    return f"Level {number + 1}" if bridging else f"Level {number}/{number + 1} bridging"


def first_level(stage: int | None) -> str:
    """Where a pupil with no tests yet starts: the level of their maths stage (else Level 1)."""
    return f"Level {max(1, stage or 1)}"


def check_week(week: int) -> int:
    if not 1 <= week <= WEEKS:
        raise OutOfRange(f"week {shown(week)} is not in the school year — use 1 to {WEEKS}")
    return week


def parse_score(text: str, scheme: Scheme) -> int:
    """A score as typed (ASCII digits), from 0 to the test's `out_of`."""
    cleaned = text.strip()
    out_of = scheme.basic_skills.out_of
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 4:
        raise InvalidInput(f'"{shown(text)}" is not a score — type a whole number from 0 to '
                           f"{out_of}")
    return check_score(int(cleaned), scheme)


def check_score(score: int, scheme: Scheme) -> int:
    out_of = scheme.basic_skills.out_of
    if not 0 <= score <= out_of:
        raise OutOfRange(f"a score of {shown(score)} is impossible — the test is out of {out_of}: "
                         f"type a score from 0 to {out_of}")
    return score


def school_week(today: date, scheme: Scheme) -> tuple[int, int]:
    """(school year, week) of `today`: week 1 starts on the first day of the first half-term."""
    school_year = term_on(today, scheme).school_year
    first = term_start(Term(school_year, 1), scheme)
    return school_year, max(1, min(WEEKS, (today - first).days // 7 + 1))


def _events(scores: Sequence[WeekScore],
            changes: Sequence[LevelChange]) -> list[tuple[int, int, int, str]]:
    """(year, week, order, level) in time order; a recorded move comes before that week's test."""
    events = [(c.school_year, c.week, 0, c.level) for c in changes]
    events += [(s.school_year, s.week, 1, s.level) for s in scores]
    return sorted(events)


def level_at(scores: Sequence[WeekScore], changes: Sequence[LevelChange], school_year: int,
             week: int, default: str) -> str:
    """The pupil's level in a week: the latest move or test at or before it (else `default`)."""
    level = default
    for year, at, _, shown_level in _events(scores, changes):
        if (year, at) > (school_year, week):
            break
        level = shown_level
    return level


def scores_at(scores: Sequence[WeekScore], level: str, school_year: int, week: int) -> list[int]:
    """The scores at `level` up to and including the week, in week order (for `may_move_on`)."""
    return [s.score for s in sorted(scores, key=lambda s: (s.school_year, s.week))
            if s.level == level and (s.school_year, s.week) <= (school_year, week)]


def moves(scores: Sequence[WeekScore], changes: Sequence[LevelChange]) -> list[Move]:
    """Each change of level, recorded or seen between two weeks' tests, oldest first."""
    found: list[Move] = []
    level: str | None = None
    for year, week, _, new in _events(scores, changes):
        if level is not None and new != level:
            found.append(Move(year, week, level, new))
        level = new
    return found


def summary_line(scores: Sequence[WeekScore], changes: Sequence[LevelChange],
                 scheme: Scheme) -> str | None:
    """`Basic skills: Level 4 · 22 G, 23 G, 19 A · moved on from Level 3 in week 6`: the level
    now, the three latest scores with their colour letters, the latest two moves (None: no
    tests and no moves)."""
    if not scores and not changes:
        return None
    latest = sorted(scores, key=lambda s: (s.school_year, s.week))[-3:]
    level = level_at(scores, changes, 9999, WEEKS, "")
    parts = [f"Basic skills: {level}"]
    if latest:
        parts.append(", ".join(f"{s.score} {basic_skills_colour(s.score, scheme).letter(scheme)}"
                               for s in latest))
    now_year = max(e[0] for e in _events(scores, changes))
    shown_moves = [f"moved on from {m.old} in week {m.week}"
                   + ("" if m.school_year == now_year else f" of {year_label(m.school_year)}")
                   for m in moves(scores, changes)[-2:]]
    if shown_moves:
        parts.append(", ".join(shown_moves))
    return " · ".join(parts)
