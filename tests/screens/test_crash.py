"""An unexpected error inside the app: a calm note, a private log with no pupil data in it, and
the app carries on — or, when it cannot, it stops with return code 1 and one calm line. Never a
traceback, never a local variable, on the screen or in the terminal."""

from __future__ import annotations

import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NoReturn

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerFailed

from fake_failure import MESSAGE, PUPIL

from amtui import crash
from amtui.app import AmtuiApp
from amtui.core.terms import Term
from amtui.screens.class_grid import ClassGrid
from amtui.widgets.grid_columns import SubjectColumn

Scenario = Callable[[Pilot], Awaitable[None]]


def boom(*args: object, **kwargs: object) -> NoReturn:
    raise ValueError(MESSAGE)


@pytest.fixture
def run_failing(run: Callable[[AmtuiApp, Scenario], None]) -> Callable[[AmtuiApp, Scenario], None]:
    """`run_failing(app, scenario)`: `run`, for a scenario in which the app meets an error."""
    return lambda app, scenario: _run_failing(run, app, scenario)


def _run_failing(run: Callable[[AmtuiApp, Scenario], None], app: AmtuiApp,
                 scenario: Scenario) -> None:
    """Run `scenario`. Like Textual, the app hands its first unexpected error back to the test
    when the test run ends (`run_test` re-raises it), so a broken screen still fails the other
    tests; here it is expected. An assertion that fails inside the scenario is raised after."""
    failed: list[AssertionError] = []
    finished: list[bool] = []

    async def kept(pilot: Pilot) -> None:
        try:
            await scenario(pilot)
        except AssertionError as exc:
            failed.append(exc)
        else:
            finished.append(True)

    with pytest.raises((ValueError, WorkerFailed), match="invalid literal"):
        run(app, kept)
    if failed:
        raise failed[0]
    assert finished, "the scenario did not run to its end"


def assert_private_and_clean(log: Path, entries: int = 1) -> str:
    """The log is the owner's alone, and holds class names and frames, no message text."""
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert text.count("ValueError") == entries
    assert PUPIL not in text and "invalid literal" not in text and "Ngozi" not in text
    assert "amtui 0.1.0" in text
    return text


def calm_notes(said: list[str]) -> list[str]:
    """The notes the app gave about errors (among any others it gave)."""
    return [note for note in said if note.startswith("Something went wrong")]


def assert_nothing_printed(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    for text in (out, err):
        assert "Traceback" not in text and "Ngozi" not in text and "invalid literal" not in text
    return err


# ---- the app carries on -------------------------------------------------------------------


async def a_key_whose_action_fails(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ClassGrid, "action_cycle_sort", boom)
    await pilot.press("s")  # run in the app's message loop (bindings)


async def a_screen_message_handler_that_fails(pilot: Pilot,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    explain = SubjectColumn.explain

    def fails_once(*args: object, **kwargs: object) -> NoReturn:
        monkeypatch.setattr(SubjectColumn, "explain", explain)
        boom()

    monkeypatch.setattr(SubjectColumn, "explain", fails_once)
    await pilot.press("down")  # ClassTable.CursorMoved, handled in the screen's own loop


async def a_worker_thread_that_fails(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> None:
    worker = pilot.app.run_worker(boom, thread=True)  # WorkerFailed
    for _ in range(500):
        if worker.is_finished:  # (`wait` would raise the WorkerFailed here, in the test)
            break
        await pilot.pause(0.01)


async def a_callback_that_fails(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> None:
    pilot.app.screen.call_later(boom)


async def a_timer_that_fails(pilot: Pilot, monkeypatch: pytest.MonkeyPatch) -> None:
    pilot.app.set_timer(0.01, boom)
    await pilot.pause(0.1)


@pytest.mark.parametrize("fail", [a_key_whose_action_fails, a_screen_message_handler_that_fails,
                                  a_worker_thread_that_fails, a_callback_that_fails,
                                  a_timer_that_fails], ids=lambda f: f.__name__)
def test_an_error_is_a_calm_note_and_the_app_carries_on(fail, demo_db, make_app, run_failing, notes,
                                                        log, monkeypatch, capsys):
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await fail(pilot, monkeypatch)
        await pilot.pause()
        assert calm_notes(said) == [f"Something went wrong — that key did nothing and nothing "
                                    f"was lost. The details are in {log}."]
        assert not any("Ngozi" in note or "invalid literal" in note for note in said)
        assert app.is_running and isinstance(app.screen, ClassGrid)
        await pilot.press("t")  # keys still reach the screen and the app
        assert app.term == Term(2026, 3)
        assert {row.record.half_term for row in app.screen.table.rows} == {3}
        await pilot.press("down", "down")
        assert app.screen.table.cursor_row >= 1

    run_failing(app, scenario)
    assert not app.return_code  # None: run_test ends the app without `exit`
    text = assert_private_and_clean(log)
    assert "in " in text and ".py:" in text  # frames: file:line in function
    assert_nothing_printed(capsys)


def test_a_failed_worker_logs_the_error_it_wraps(demo_db, make_app, run_failing, log, monkeypatch):
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await a_worker_thread_that_fails(pilot, monkeypatch)
        await pilot.pause()

    run_failing(app, scenario)
    text = assert_private_and_clean(log)
    assert "WorkerFailed" in text and "test_crash.py" in text and "in boom" in text


# ---- when it must stop --------------------------------------------------------------------


def test_repeated_errors_stop_the_app_with_return_code_1(
        demo_db, make_app, run_failing, notes, log, monkeypatch, capsys):
    app = make_app(demo_db)
    said = notes(app)
    monkeypatch.setattr(ClassGrid, "action_cycle_sort", boom)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("s", "s", "s", "s")
        await pilot.pause()
        assert app.is_running and len(calm_notes(said)) == 4
        await pilot.press("s")  # the fifth within ten seconds
        await pilot.pause()

    run_failing(app, scenario)
    assert app.return_code == 1
    assert_private_and_clean(log, entries=5)
    assert_nothing_printed(capsys)  # the command line says it, once the app has gone


def test_an_error_before_the_first_screen_is_shown_stops_the_app(demo_db, make_app, run_failing,
                                                                 log, monkeypatch, capsys):
    app = make_app(demo_db)
    monkeypatch.setattr(ClassGrid, "compose", boom)

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()

    run_failing(app, scenario)
    assert app.return_code == 1
    assert_private_and_clean(log)
    assert_nothing_printed(capsys)


def test_errors_far_apart_do_not_stop_the_app(demo_db, make_app, run_failing, log, monkeypatch):
    app = make_app(demo_db)
    monkeypatch.setattr(ClassGrid, "action_cycle_sort", boom)
    clock = iter(range(0, 1000, 3))  # an error every three seconds
    monkeypatch.setattr(crash, "monotonic", lambda: float(next(clock)))

    async def scenario(pilot: Pilot) -> None:
        for _ in range(8):
            await pilot.press("s")
        await pilot.pause()
        assert app.is_running

    run_failing(app, scenario)
    assert not app.return_code
    assert_private_and_clean(log, entries=8)
