"""The criteria marking sheet's derived values: a pupil's crosses in words (band or step), how
many pupils have each criterion, and the stage most of a class is working at."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from amtui.core.criteria import BAND_NAMES, Mark, band_for_crosses, step_for_crosses
from amtui.core.scheme import Scheme


def crosses(marks: Mapping[int, Mark]) -> int:
    """How many criteria a pupil has fully achieved (a cross as their best mark)."""
    return sum(mark is Mark.CROSS for mark in marks.values())


def _crosses_word(count: int) -> str:
    return f"{count} cross" if count == 1 else f"{count} crosses"


def band_text(count: int, total: int, stage: int, scheme: Scheme) -> str:
    """`St 2 Developing, high — 3 crosses to Securing` (sub-stages), or `2w+ — 2 crosses to 2s`
    on a Steps scheme: where `count` crosses out of `total` put a pupil, and what is next."""
    if scheme.scale == "steps":
        step = step_for_crosses(count, total, stage)
        better = next((c for c in range(count + 1, total + 1)
                       if step_for_crosses(c, total, stage) != step), None)
        if better is None:
            return str(step)
        return (f"{step} — {_crosses_word(better - count)} to "
                f"{step_for_crosses(better, total, stage)}")
    if total < len(BAND_NAMES):
        return f"{count} of {total}"
    band = band_for_crosses(count, total, scheme)
    text = f"{band.substage(stage).long}, {band.third}"
    if band.to_next:
        text += f" — {_crosses_word(band.to_next)} to {BAND_NAMES[band.index + 1]}"
    return text


def have_it(sheets: Iterable[Mapping[int, Mark]], numbers: Iterable[int]) -> dict[int, int]:
    """Per criterion, how many pupils have a cross for it (gaps in teaching stand out)."""
    counts = Counter(number for marks in sheets for number, mark in marks.items()
                     if mark is Mark.CROSS)
    return {number: counts[number] for number in numbers}


def is_gap(count: int, pupils: int) -> bool:
    """A criterion fewer than half the class have: a gap in teaching."""
    return pupils > 0 and 2 * count < pupils


def usual_stage(working_at: Iterable[int], available: list[int]) -> int | None:
    """The stage with a sheet nearest the one most pupils are working at (the lowest sheet when
    nobody has a level yet; None when there is no sheet)."""
    if not available:
        return None
    common = Counter(working_at).most_common(1)
    if not common:
        return available[0]
    most = common[0][0]
    return min(available, key=lambda stage: (abs(stage - most), stage))
