"""Reading and moving about the class grid in Pilot tests (steps and attitude views alike)."""

from __future__ import annotations

from textual.pilot import Pilot

from amtui.core.terms import Term
from amtui.store import pupils
from amtui.store.db import Database
from amtui.widgets.class_table import ClassTable
from amtui.widgets.grid_columns import Column

TERM = Term(2026, 2)
CLASS = "5W"


def grid(pilot: Pilot) -> ClassTable:
    return pilot.app.screen.query_one(ClassTable)


def shown(table: ClassTable, index: int) -> str:
    """The text of row `index` as drawn (it must be on screen)."""
    return table.render_line(index - round(table.scroll_y) + 1).text


def status_line(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#explain").render())


def class_upns(db: Database) -> list[str]:
    return [p.upn for p in pupils.list_pupils(db, CLASS)]


async def go_to(pilot: Pilot, kind: type[Column], key: str = "") -> None:
    """Move right to the first column of `kind` (and `key`, if given)."""
    table = grid(pilot)
    for _ in range(len(table.columns)):
        column = table.cursor_column
        if isinstance(column, kind) and (not key or column.key == key):
            return
        await pilot.press("right")
    raise AssertionError(f"no {kind.__name__} {key}")
