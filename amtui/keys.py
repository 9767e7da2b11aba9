"""The one path every key takes: in the order typed, each finished before the next is routed.

Textual hands a key to the widget in focus when it reads it, but runs a (non-priority) binding
only once the key has bubbled back up to the app; a key typed straight after can overtake it.
In a burst (a fast typist, a paste, a slow machine) `t 2 w ⏎` in the class grid stored `2w`
into the half-term being left, and Input's own editing keys can land out of order (Textual's
open issue #6605, https://github.com/Textualize/textual/issues/6605). So the app hands every
key it reads to a `KeyRouter` instead, which, one key at a time:

1. resolves it against the screen's active bindings (`Screen.active_bindings`: `check_action`
   applies, and a widget that takes raw keys — a text field, the grid's cell editor, the name
   column's type-ahead — claims them with `check_consume_key`);
2. runs the bound action and awaits it; an action that opens a form (`AmtuiScreen.ask`) is
   awaited until the form is on screen, then set aside until the form answers, and then
   awaited to its end before the key after the answer is routed;
3. or, with no binding, sends the key to the widget in focus if that widget takes it, else has
   the screen say on its status line that the key does nothing there (`Explains.key_unused`);
4. waits until the messages it caused have been handled, and a screen it opened is mounted
   and has its focus.

Only Textual's public API is used: `active_bindings`, `check_consume_key`, `run_action`,
`call_later`, `on_event`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events
from textual.app import App

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.message_pump import MessagePump
    from textual.screen import Screen

SETTLE_ROUNDS = 3
"""Rounds of draining the focus chain after a key: a message handled may post another (the grid
posts an edit, the screen stores it and redraws the row)."""
MAX_ROUNDS = 12
"""A key that keeps changing the screen or the focus is followed at most this far."""
DRAIN_TIMEOUT = 10.0
"""Seconds to wait for one widget to reach a barrier: a safety net for a widget that never
answers (handlers take milliseconds, even on a loaded machine)."""
POLL = 0.002
"""Seconds between looks at an action still running (store writes block for under a ms)."""


@runtime_checkable
class Explains(Protocol):
    """A screen that says why a key does nothing where the user is."""

    def key_unused(self, key: str, binding: ActiveBinding | None) -> None:
        """`key` has no enabled binding here (`binding` is the disabled one, if any)."""


class KeyRouter:
    """Routes the app's keys one at a time (see the module's docstring). `take()` queues a key;
    `run()` is the loop, started once by the app as a task; `report` handles an unexpected
    error in an action so one bad key never stops the keys after it."""

    def __init__(self, app: App[Any], report: Callable[[Exception], None]) -> None:
        self.app = app
        self.report = report
        self.keys: asyncio.Queue[events.Key] = asyncio.Queue()
        self.waiting: list[tuple[Screen[object], asyncio.Task[object]]] = []
        self.idle = asyncio.Event()
        """Set while no key is waiting or being routed (tests and benchmarks wait on it)."""

    def take(self, key: events.Key) -> None:
        self.idle.clear()
        self.keys.put_nowait(key)

    async def run(self) -> None:
        try:
            while True:
                if self.keys.empty():
                    self.idle.set()
                key = await self.keys.get()
                self.idle.clear()
                try:
                    await self.route(key)
                    await self.settle()
                except Exception as error:  # noqa: BLE001 - one bad key must not stop the rest
                    self.report(error)
        finally:
            for _, task in self.waiting:
                task.cancel()

    def forget_forms(self) -> None:
        """Drop the actions waiting on forms that will never answer (their screens are gone:
        the user signed out)."""
        for _, task in self.waiting:
            task.cancel()
        self.waiting.clear()

    async def route(self, key: events.Key) -> None:
        screen = self.app.screen
        bound = screen.active_bindings.get(key.key)
        if bound is not None and bound.enabled:
            action = self.app.run_action(bound.binding.action, bound.node)
            await self._follow(asyncio.ensure_future(action), screen)
            return
        target = self.app.focused
        if target is not None and bound is None and target.check_consume_key(key.key,
                                                                             key.character):
            await App.on_event(self.app, key)  # Textual's own delivery to the focused widget
        elif isinstance(screen, Explains):
            screen.key_unused(key.key, bound)

    async def _follow(self, task: asyncio.Future[object], screen: Screen[object]) -> None:
        """Wait for an action to end — or to open a screen above `screen` (a form), when it is
        set aside until `screen` is in front again (the form has answered)."""
        while not task.done():
            if self.app.screen is not screen:
                self.waiting.append((screen, task))  # type: ignore[arg-type]
                return
            await asyncio.wait({task}, timeout=POLL)
        task.result()  # an error in the action goes to `report`

    async def settle(self) -> None:
        """Until the key's consequences are handled: messages, a new screen, an answered form."""
        for round_ in range(MAX_ROUNDS):
            before = self.app.screen, self.app.focused
            for pump in self._chain():
                await drain(pump)
            resumed = await self._resume()
            if round_ + 1 >= SETTLE_ROUNDS and not resumed \
                    and before == (self.app.screen, self.app.focused):
                return

    def _chain(self) -> list[MessagePump]:
        focused = self.app.focused
        if focused is None:
            return [self.app.screen, self.app]
        return list(focused.ancestors_with_self)

    async def _resume(self) -> bool:
        """Follow each action whose form has answered; whether any was."""
        resumed = False
        for screen, task in list(self.waiting):
            if task.done() or self.app.screen is screen:
                self.waiting.remove((screen, task))
                resumed = True
                await self._follow(task, screen)
        return resumed


async def drain(pump: MessagePump) -> None:
    """Return once `pump` has handled every message sent to it before this call."""
    reached = asyncio.get_running_loop().create_future()

    def barrier() -> None:
        if not reached.done():
            reached.set_result(None)

    if pump.call_later(barrier):
        await asyncio.wait({reached}, timeout=DRAIN_TIMEOUT)
