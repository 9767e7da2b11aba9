"""Screen tests: drive the app with Pilot on a copy of the demo school."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual.app import App
from textual.pilot import Pilot

Scenario = Callable[[Pilot], Awaitable[None]]


def drive(app: App, scenario: Scenario, size: tuple[int, int] = (120, 40), *,
          toasts: bool = False) -> None:
    """Run `scenario(pilot)` against `app` in a headless terminal of `size` (with `toasts`, the
    notifications are shown as they would be, not only recorded)."""

    async def main() -> None:
        async with app.run_test(size=size, notifications=toasts) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


@pytest.fixture
def run() -> Callable[..., None]:
    """`run(app, scenario, size=(120, 40), toasts=False)`: Pilot, without an async plugin."""
    return drive


def notifications(app: App) -> list[str]:
    """Start recording the messages `app` notifies; returns the list they are appended to."""
    seen: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: object) -> None:
        seen.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    return seen


@pytest.fixture
def notes() -> Callable[[App], list[str]]:
    """`notes(app)` → the list of messages the app notifies from then on."""
    return notifications
