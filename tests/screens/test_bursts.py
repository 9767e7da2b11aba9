"""Keys sent in one burst (as a terminal delivers a paste, fast typing or a slow machine) land
exactly where the same keys typed slowly do: the same values in the same places, the same
screen at the end. Each case runs both ways on its own copy of the demo school: first the class
grid and its pickers, then the pupil file and its forms."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from pupil_helpers import TERM, burst, fresh_pupil, keys_of, open_file, settle

from amtui.app import AmtuiApp
from amtui.core.colours import Rag
from amtui.core.scale import Step
from amtui.store import attainment, attitude, meetings, pupils, targets
from amtui.store.db import Database, open_db
from amtui.widgets.class_table import ClassTable


async def send_burst(pilot: Pilot, keys: Sequence[str]) -> None:
    """Every key posted at once, with no pause: all of them read before the first is handled."""
    burst(pilot, *keys)
    await settle(pilot)


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
    fast, slow = both_ways(["T", "Y", "down", "enter", "down", "down", "right"])
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


# ---- the pupil file: sections, in-row editors and forms -----------------------------------

SUBJECTS = ("Reading", "Writing", "Maths", "Science")
AREAS = ("attendance", "punctuality", "behaviour", "effort", "homework", "uniform")


def meeting_stored(db: Database, upn: str) -> dict[str, Any]:
    """Everything a meeting can change for the pupil."""
    meeting = meetings.get_meeting(db, upn, TERM)
    return {
        "reviews": [(t.id, t.review) for t in meetings.targets_to_review(db, upn, TERM)],
        "steps": {s: (str(a.step), a.override, a.override_reason) for s in SUBJECTS
                  if (a := attainment.get_attainment(db, upn, s, TERM))},
        "targets": [(t.subject, t.year_group, str(t.step), t.note)
                    for t in targets.pupil_targets(db, upn)],
        "attitude": {area: (e.value, e.colour, e.comment) for area in AREAS
                     if (e := attitude.get_attitude(db, upn, TERM, area))},
        "next steps": [(s.subject, s.text, s.criterion)
                       for s in meetings.next_steps(db, upn, TERM)],
        "meeting": (meeting.aspirations, meeting.judgement, meeting.state,
                    [(line.kind, line.text) for line in meeting.lines]),
    }


def ended_in(app: App[Any]) -> tuple[str, str, str, str | None]:
    """Where the keys left the user: the screen, the widget in focus, its row, any typing."""
    focused = app.focused
    return (type(app.screen).__name__, type(focused).__name__,
            str(getattr(focused, "current", "")), getattr(focused, "editing", None))


@dataclass(frozen=True)
class Scenario:
    name: str
    keys: Callable[[Database, str], list[str]]  # the keys, given the school and the pupil
    check: Callable[[Database, str], bool]      # what the slow run must have stored
    pupil: Callable[[Database], str] = fresh_pupil
    from_grid: bool = False                     # start on the class grid, on the pupil's row


def _raise_y6(db: Database, upn: str) -> list[str]:
    higher = targets.get_target(db, upn, "Reading", 6).step + 1
    return ["2", "t", "2", *keys_of(str(higher)), "enter", *keys_of("good progress"), "enter",
            "down"]


def _raised_y6(db: Database, upn: str) -> bool:
    latest = targets.target_history(db, upn, "Reading")[0]
    return latest.why == "good progress" and targets.get_target(db, upn, "Reading", 6).raised


def _reading_row(db: Database) -> str:
    return next(p.upn for p in pupils.list_pupils(db, "5W")
                if attainment.get_attainment(db, p.upn, "Reading", TERM).step is None)


SCENARIOS = [
    Scenario("section jumps and reviews",
             lambda db, upn: ["a", "s", "2", "down", "1", "n", "4", "1"],
             lambda db, upn: [t.review for t in meetings.targets_to_review(db, upn, TERM)]
             == ["achieved", "partly", "not"]),
    Scenario("steps typed into their rows, Enter after each",
             lambda db, upn: ["2", "enter", "5", "b", "enter", "enter", "4", "w", "plus",
                              "enter", "enter", "6", "x", "enter", "backspace", "b", "enter",
                              "up"],
             lambda db, upn: [str(attainment.get_attainment(db, upn, s, TERM).step)
                              for s in SUBJECTS[:3]] == ["5b", "4w+", "6b"]),
    Scenario("the override form opened and answered in one burst",
             lambda db, upn: ["2", "down", "o", "a", *keys_of("slow progress"), "enter", "down",
                              "o", "g", *keys_of("flying"), "enter"],
             lambda db, upn: attainment.get_attainment(db, upn, "Writing", TERM).override_reason
             == "slow progress" and attainment.get_attainment(db, upn, "Maths", TERM).override
             is Rag.GREEN),
    Scenario("a target: a year picked from a list, the step typed, then why", _raise_y6,
             _raised_y6),
    Scenario("a next step picked from the suggestions, then one typed",
             lambda db, upn: ["5", "plus", "tab", "tab", "down", "down", "enter", "plus",
                              *keys_of("Tables to 12"), "enter"],
             lambda db, upn: [s.subject for s in meetings.next_steps(db, upn, TERM)]
             == ["Maths", "Maths"] and meetings.next_steps(db, upn, TERM)[0].criterion != ""),
    Scenario("the judgement picked, then more keys",
             lambda db, upn: ["7", "j", "g", "e", *keys_of("Vet"), "enter", "6", "asterisk",
                              *keys_of("Homework club"), "enter", "ctrl+s"],
             lambda db, upn: (meetings.get_meeting(db, upn, TERM).judgement,
                              meetings.get_meeting(db, upn, TERM).aspirations,
                              meetings.get_meeting(db, upn, TERM).attitude_support)
             == (2, "Vet", ["Homework club"])),
    Scenario("c after a colour comments on the same area",
             lambda db, upn: ["4", "down", "down", "r", "c", *keys_of("two red cards"), "enter",
                              "down", "g"],
             lambda db, upn: (attitude.get_attitude(db, upn, TERM, "behaviour").comment,
                              attitude.get_attitude(db, upn, TERM, "effort").colour)
             == ("two red cards", Rag.GREEN)),
    Scenario("attendance and lates typed into their rows, 105 % refused in place",
             lambda db, upn: ["4", "enter", *keys_of("105"), "enter", "backspace", "backspace",
                              "backspace", *keys_of("96.5"), "enter", "enter", "2", "enter"],
             lambda db, upn: (attitude.get_attitude(db, upn, TERM, "attendance").value,
                              attitude.get_attitude(db, upn, TERM, "punctuality").value)
             == (96.5, 2)),
    Scenario("a whole meeting in one burst",
             lambda db, upn: ["a", "s", "n", "2", "enter", "5", "b", "enter", "enter", "4", "w",
                              "enter", "up", "o", "a", *keys_of("slow"), "enter", "5", "plus",
                              *keys_of("tables"), "enter", "7", "j", "g", "ctrl+s", "ctrl+s"],
             lambda db, upn: meetings.get_meeting(db, upn, TERM).state == "signed"
             and attainment.get_attainment(db, upn, "Writing", TERM).override_reason == "slow"),
    Scenario("⏎ from the class grid, then a step typed in the file",
             lambda db, upn: ["enter", "2", "enter", "4", "s", "enter"],
             lambda db, upn: attainment.get_attainment(db, upn, "Reading", TERM).step
             == Step.parse("4s"),
             pupil=_reading_row, from_grid=True),
]


@pytest.fixture
def two_schools(demo_path: Path, tmp_path: Path) -> tuple[Database, Database]:
    """Two fresh copies of the demo school: one for the slow keys, one for the burst."""
    copies = []
    for name in ("slow", "burst"):
        shutil.copyfile(demo_path, tmp_path / f"{name}.db")
        copies.append(open_db(tmp_path / f"{name}.db"))
    return copies[0], copies[1]


def play(run, make_app, db: Database, scenario: Scenario, *, at_once: bool) -> tuple:
    upn = scenario.pupil(db)
    keys = scenario.keys(db, upn)
    where: list[tuple] = []

    async def go(pilot: Pilot) -> None:
        if scenario.from_grid:
            table = pilot.app.screen.query_one(ClassTable)
            while table.cursor_upn != upn:
                await pilot.press("down")
        else:
            await open_file(pilot, db, upn)
        if at_once:
            burst(pilot, *keys)
            await settle(pilot)
        else:
            await pilot.press(*keys)
        where.append(ended_in(pilot.app))

    run(make_app(db), go)
    return upn, meeting_stored(db, upn), where[0]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_burst_lands_where_slow_keys_land(scenario: Scenario, two_schools, make_app, run):
    slow_db, burst_db = two_schools
    upn, slowly, slow_end = play(run, make_app, slow_db, scenario, at_once=False)
    assert scenario.check(slow_db, upn), "the slow keys did not do what the scenario says"
    same_upn, at_once, burst_end = play(run, make_app, burst_db, scenario, at_once=True)
    assert same_upn == upn
    for part in slowly:
        assert at_once[part] == slowly[part], part
    assert burst_end == slow_end
