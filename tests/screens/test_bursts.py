"""Keys sent in one burst (as a terminal delivers a paste, fast typing or a slow machine) land
exactly where the same keys typed slowly do: the same values in the same places, the same
screen at the end. Each case runs both ways on its own copy of the demo school.

The pupil file's cases are in test_bursts_pupil_file.py."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from amtui.app import AmtuiApp
from amtui.store.db import open_db
from amtui.widgets.class_table import ClassTable

KEY_CHARACTERS = {"space": " ", "plus": "+", "full_stop": ".", "slash": "/"}


def character(key: str) -> str | None:
    return KEY_CHARACTERS.get(key, key if len(key) == 1 else None)


async def send_burst(pilot: Pilot, keys: Sequence[str]) -> None:
    """Every key posted at once, with no pause: all of them read before the first is handled."""
    for key in keys:
        pilot.app.post_message(events.Key(key, character(key)))
    for _ in range(4):
        await pilot.pause()


async def send_slowly(pilot: Pilot, keys: Sequence[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@dataclass(frozen=True)
class Ending:
    """What a run leaves: the stored data that keys can change, and where the user is."""

    attainment: tuple[tuple[Any, ...], ...]
    attitude: tuple[tuple[Any, ...], ...]
    screen: str
    term: str
    class_name: str
    cursor: tuple[int, int] | None


def stored(path: Path, table: str, columns: str) -> tuple[tuple[Any, ...], ...]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}"))


def run_keys(demo_path: Path, folder: Path, make_app: Callable[..., AmtuiApp], run: Any,
             keys: Sequence[str], *, burst: bool, user: str) -> Ending:
    folder.mkdir()
    path = folder / "demo.db"
    shutil.copyfile(demo_path, path)
    path.chmod(0o600)
    db = open_db(path)
    app = make_app(db, user)
    where: dict[str, Any] = {}

    async def scenario(pilot: Pilot) -> None:
        await (send_burst if burst else send_slowly)(pilot, keys)
        screen = pilot.app.screen
        grid = screen.query(ClassTable).first() if screen.query(ClassTable) else None
        where.update(screen=type(screen).__name__, term=app.term.code, class_name=app.class_name,
                     cursor=(grid.cursor_row, grid.cursor_col) if grid else None)

    run(app, scenario)
    db.conn.close()
    return Ending(stored(path, "attainment", "upn, subject, school_year, half_term, step"),
                  stored(path, "attitude", "upn, school_year, half_term, area, value, colour"),
                  **where)


@pytest.fixture
def both_ways(demo_path: Path, tmp_path: Path, make_app: Callable[..., AmtuiApp],
              run: Any) -> Callable[..., tuple[Ending, Ending]]:
    """`both_ways(keys, user="KW")` → (ending when sent in one burst, when typed slowly)."""
    def go(keys: Sequence[str], user: str = "KW") -> tuple[Ending, Ending]:
        fast = run_keys(demo_path, tmp_path / "burst", make_app, run, keys, burst=True,
                        user=user)
        slow = run_keys(demo_path, tmp_path / "slow", make_app, run, keys, burst=False,
                        user=user)
        return fast, slow
    return go


def changed(before: tuple[tuple[Any, ...], ...],
            after: tuple[tuple[Any, ...], ...]) -> set[tuple[Any, ...]]:
    return set(after) - set(before)


def test_t_then_a_step_goes_into_the_half_term_moved_to(both_ways, demo_path):
    """`t 2 w ⏎` stored 2w into T2 (over 4w+) while the header moved to T3."""
    before = stored(demo_path, "attainment", "upn, subject, school_year, half_term, step")
    fast, slow = both_ways(["t", "2", "w", "enter"])
    assert fast == slow
    assert fast.term == "T3"
    [(_, subject, _, half_term, step)] = changed(before, fast.attainment)
    assert (subject, half_term, step) == ("Reading", 3, "2w")


def test_c_down_enter_switches_class_and_opens_no_pupil_file(both_ways):
    """`c ↓ ⏎` opened a pupil file instead of switching class."""
    fast, slow = both_ways(["c", "down", "enter"])
    assert fast == slow
    assert fast.screen == "ClassGrid" and fast.class_name != "5W"


def test_a_class_picked_from_the_list_then_a_step_typed_lands_in_that_class(both_ways,
                                                                          demo_path):
    """As a senior leader, who may change every class."""
    before = stored(demo_path, "attainment", "upn, subject, school_year, half_term, step")
    fast, slow = both_ways(["c", "down", "enter", "5", "b", "enter"], user="MG")
    assert fast == slow
    [(upn, subject, _, half_term, step)] = changed(before, fast.attainment)
    with sqlite3.connect(demo_path) as conn:
        [(class_name,)] = conn.execute("SELECT class_name FROM pupils WHERE upn = ?", (upn,))
    assert (class_name, subject, half_term, step) == (fast.class_name, "Reading", 2, "5b")


def test_the_half_term_picker_then_a_step(both_ways, demo_path):
    before = stored(demo_path, "attainment", "upn, subject, school_year, half_term, step")
    fast, slow = both_ways(["ctrl+t", "5", "3", "w", "enter", "down"])
    assert fast == slow
    assert fast.term == "T5" and fast.cursor == (2, 2)
    [(_, subject, _, half_term, step)] = changed(before, fast.attainment)
    assert (subject, half_term, step) == ("Reading", 5, "3w")


def test_shift_t_and_the_year_picker_then_arrows(both_ways):
    fast, slow = both_ways(["T", "y", "down", "enter", "down", "down", "right"])
    assert fast == slow
    assert fast.term == "T1" and fast.cursor == (2, 3)


def test_a_colour_column_keyed_down_in_one_burst(both_ways, demo_path):
    before = stored(demo_path, "attitude", "upn, school_year, half_term, area, value, colour")
    keys = ["right"] * 6 + ["r", "a", "g", "g"]  # from Reading past 3 subjects, Att%, Late
    fast, slow = both_ways(keys)
    assert fast == slow
    new = sorted(changed(before, fast.attitude))
    assert {area for _, _, _, area, _, _ in new} == {"behaviour"}
    assert fast.cursor == (4, 8)


def test_letters_off_the_name_column_change_nothing_and_slash_finds_a_pupil(both_ways):
    """Typing a name on a step column stores nothing; `/` then the name jumps to the pupil."""
    fast, slow = both_ways(["slash", "c", "l", "a"])
    assert fast == slow
    assert fast.cursor is not None and fast.cursor[1] == 1  # on the name column


def test_a_refused_step_then_its_fix_in_one_burst(both_ways, demo_path):
    before = stored(demo_path, "attainment", "upn, subject, school_year, half_term, step")
    fast, slow = both_ways(["6", "x", "enter", "backspace", "b", "enter"])
    assert fast == slow
    [(_, subject, _, half_term, step)] = changed(before, fast.attainment)
    assert (subject, half_term, step) == ("Reading", 2, "6b")
    assert fast.cursor == (1, 2)


def test_the_filter_and_sort_then_a_step(both_ways):
    fast, slow = both_ways(["o", "s", "down", "5", "s", "enter"])
    assert fast == slow
