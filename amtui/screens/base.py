"""What every amtui screen shares: one way to save (and to say how it went), forms asked in
line, and a status line that says why a key did nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from amtui.core.errors import AmtuiError, Conflict

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from amtui.app import AmtuiApp

T = TypeVar("T")


class Saved(Enum):
    """How a save went: `SAVED`, `REFUSED` (the reason was shown), or `CONFLICT` (someone
    else changed it first: the screen re-read it). Truthy only when saved."""

    SAVED = "saved"
    REFUSED = "refused"
    CONFLICT = "conflict"

    def __bool__(self) -> bool:
        return self is Saved.SAVED


KEY_NAMES = {"enter": "⏎", "escape": "Esc", "space": "Space", "backspace": "⌫",
             "delete": "Del", "tab": "Tab", "up": "↑", "down": "↓", "left": "←",
             "right": "→", "plus": "+", "minus": "-", "asterisk": "*", "full_stop": "."}


def key_name(key: str) -> str:
    """How a key is written for people: `⏎`, `ctrl+s`, `x`."""
    return KEY_NAMES.get(key, key)


class AmtuiScreen(Screen[None]):
    """A main screen: it reads from the store in `reload()` and writes through `save()`.
    `view_only` (set by `reload()`) says why the user may change nothing here: forms then do
    not open, so nothing is typed in vain."""

    view_only: str | None = None

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def reload(self) -> None:
        """Re-read what the screen shows from the store (after undo, a conflict, a switch)."""

    def say(self, text: str, *, error: bool = False) -> None:
        """Put `text` on the screen's status line (screens with one override this)."""
        self.notify(text, severity="error" if error else "information", timeout=6)

    def save(self, write: Callable[[], object], *,
             refused: Callable[[str], None] | None = None,
             reload: Callable[[], None] | None = None) -> Saved:
        """Run one store write. Saved: earlier warnings are cleared and the screen re-reads
        (`reload`, else `self.reload`). Refused: the reason is shown (and handed to `refused`,
        to keep what was typed where it was typed). Conflict: said, and the screen re-reads."""
        if self.refused_as_view_only():
            return Saved.REFUSED
        try:
            write()
        except Conflict as exc:
            self.notify(str(exc), title="Changed by someone else", severity="warning", timeout=8)
            (reload or self.reload)()
            return Saved.CONFLICT
        except AmtuiError as exc:
            if refused is not None:
                refused(str(exc))
            self.say(str(exc), error=True)
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return Saved.REFUSED
        self.app.clear_notifications()  # a refusal's toast must not outlive the fix
        (reload or self.reload)()
        return Saved.SAVED

    async def ask(self, form: Screen[T | None]) -> T | None:
        """Open `form` and return its answer (None if cancelled or not allowed here). Awaited
        by an action: the key router routes the form's keys meanwhile (`amtui.keys`)."""
        if self.refused_as_view_only():
            return None
        answer: asyncio.Future[T | None] = asyncio.get_running_loop().create_future()

        def answered(value: T | None) -> None:
            if not answer.done():
                answer.set_result(value)

        self.app.push_screen(form, answered)
        return await answer

    def refused_as_view_only(self) -> bool:
        if self.view_only is not None:
            self.say(f"View only: {self.view_only}", error=True)
            self.notify(self.view_only, title="View only", severity="warning", timeout=8)
        return self.view_only is not None

    def key_unused(self, key: str, binding: ActiveBinding | None) -> None:
        """A key with nothing to do here: say so, and why, on the status line."""
        if binding is not None:
            self.say(f"{binding.binding.description or key_name(key)}: "
                     f"{self.why_not(binding.binding.action)}")
        else:
            self.say(f"{key_name(key)} does nothing {self.where()} — ? lists the keys")

    def why_not(self, action: str) -> str:
        """Why a bound action cannot run now (screens say more)."""
        return "not available here"

    def where(self) -> str:
        """Where the cursor is, for 'x does nothing here'."""
        return "here"
