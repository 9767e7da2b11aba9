"""How a programme's impact reads to people, the same on every screen and in print: signed
numbers with a real minus sign, sessions attended of planned, a gain against the expected one,
and the gain against classmates not in the programme."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the grid shows signed numbers: it need not import the impact arithmetic
    from amtui.core.impact import Comparison, Gain, Sessions

NOT_KNOWN = "—"


def signed(value: float | None) -> str:
    """+2, 0, −1 for whole numbers; +0.5, −1.3 (one decimal) otherwise; — when not known."""
    if value is None:
        return NOT_KNOWN
    if round(value, 1) == 0:
        return "0"
    text = f"{value:+d}" if isinstance(value, int) else f"{value:+.1f}"
    return text.replace("-", "−")


def sessions_text(sessions: Sessions) -> str:
    """'9/10': sessions attended of those planned."""
    return f"{sessions.attended}/{sessions.planned}"


def gain_text(gain: Gain | None) -> str:
    """'+2 vs +2': steps gained since joining against those expected in the same time; why it
    is not known; — for a programme about an attitude area (no steps to gain)."""
    if gain is None:
        return NOT_KNOWN
    if gain.steps is None or gain.expected is None:
        return gain.reason or NOT_KNOWN
    return f"{signed(gain.steps)} vs {signed(gain.expected)}"


def compared_text(comparison: Comparison | None) -> str:
    """'+1': the pupil's gain against classmates of the same starting band not in it."""
    return signed(None if comparison is None else comparison.against)
