"""What every amtui screen shares: calling the store with errors shown to people, and reloading."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message
from textual.screen import Screen

from amtui.core.errors import AmtuiError, Conflict

if TYPE_CHECKING:
    from amtui.app import AmtuiApp
    from amtui.screens.forms import Form

T = TypeVar("T")


class KeysReady(Message):
    """A screen is built and in focus: the keys the app held for it may go on."""


class HoldsKeysUntilBuilt:
    """For a screen: keys read while it is being built are held by the app (AmtuiApp.on_event)
    and sent on, in the order they were typed, once it is. This on_mount runs after the
    screen's own, which builds it and sets the focus."""

    keys_ready = False

    def on_mount(self) -> None:
        self.keys_ready = True
        self.app.post_message(KeysReady())  # type: ignore[attr-defined]


class AmtuiScreen(HoldsKeysUntilBuilt, Screen[None]):
    """A main screen: it reads from the store in `reload()` and writes through `store_call()`.
    `view_only` (set by `reload()`) says why the user may change nothing here: forms then do
    not open, so nothing is typed in vain."""

    view_only: str | None = None

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def reload(self) -> None:
        """Re-read what the screen shows from the store (after undo, a conflict, a switch)."""

    def store_call(self, fn: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        """Run a store write; a domain error becomes a notification (and a conflict a reload).
        Returns whether it was saved."""
        if self._refused_as_view_only():
            return False
        try:
            fn(*args, **kwargs)
        except Conflict as exc:
            self.notify(str(exc), title="Changed by someone else", severity="warning", timeout=8)
            self.reload()
        except AmtuiError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
        else:
            return True
        return False

    def ask(self, form: Form[T | None], then: Callable[[T], None]) -> None:
        """Open `form` now and hand its answer to `then` the moment it is given (nothing, if the
        form is cancelled). Not from a worker: keys typed straight after the one that opened the
        form must find it open, and those typed after its answer must find the answer stored."""
        if self._refused_as_view_only():
            return
        form.then = then
        self.app.push_screen(form)

    def _refused_as_view_only(self) -> bool:
        if self.view_only is not None:
            self.notify(self.view_only, title="View only", severity="warning", timeout=8)
        return self.view_only is not None
