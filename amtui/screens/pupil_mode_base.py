"""What every pupil-mode screen shares: it closes, with every other pupil-mode screen, only when
a member of staff signs in (`amtui.app.Unlocked`), and says on its own status line — never in a
toast over the screen — why a key did nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from amtui.screens.base import AmtuiScreen, key_name

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from amtui.app import Unlocked

TEACHER_CLOSES = "Only your teacher can close this (ctrl+o)"

BASE_CSS = """
    {name} {{ align: center top; padding: 0 1; }}
    {name} #top {{ width: 100%; height: 1; color: $text-muted; }}
    {name} #said {{ dock: bottom; width: 100%; height: 1; color: $text-muted; }}
    {name} #said.error {{ color: $warning; text-style: bold; }}
"""


class PupilModeScreen(AmtuiScreen):
    """A screen the pupil sees while the app is locked (`AmtuiApp.lock`)."""

    HINT = TEACHER_CLOSES

    def say(self, text: str, *, error: bool = False) -> None:
        said = self.query_one("#said", Static)
        said.update(text)
        said.set_class(error, "error")

    def key_unused(self, key: str, binding: ActiveBinding | None) -> None:
        if binding is not None:
            self.say(f"{key_name(key)}: {self.why_not(binding.binding.action)}", error=True)
        else:
            self.say(f"{key_name(key)} does nothing here — {self.HINT}", error=True)

    def on_unlocked(self, message: Unlocked) -> None:
        """A member of staff signed in: pupil mode closes back to the screen it was opened
        over."""
        message.stop()
        while isinstance(self.app.screen, PupilModeScreen):
            self.app.pop_screen()
