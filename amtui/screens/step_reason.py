"""Asking why a typed step differs from the level the criteria sheet awards (sub-stage schemes):
the grid and the pupil file save the step with the reason given, or leave the sheet's."""

from __future__ import annotations

from collections.abc import Callable

from amtui.screens.base import AmtuiScreen
from amtui.screens.forms import TextForm
from amtui.store.attainment import StepDiffers


async def save_with_reason(screen: AmtuiScreen, differs: StepDiffers,
                           save: Callable[[str], object]) -> None:
    """Ask for the reason, then `save(reason)` through the screen (Esc: nothing is saved)."""
    reason = await screen.ask(TextForm[str](
        f"The criteria sheet awards {differs.awarded} — why {differs.step}?",
        hint="the reason is kept with the step and shown in the grid · Esc keeps the sheet's"))
    if reason is not None and reason.strip():
        screen.save(lambda: save(reason))
