"""What the screens built on the grid widget share: the header, the table, the status line under
it that spells out the cell under the cursor, a refusal, or why a key did nothing there, and the
key bar."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from amtui.screens.base import AmtuiScreen
from amtui.widgets.class_table import ClassTable
from amtui.widgets.grid_columns import Column
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import KeyBar

NARROW = 100
"""Below this width the status line uses its short form."""


class GridScreen(AmtuiScreen):
    """A screen with a `ClassTable` and a `#explain` status line below it."""

    _column_kind: type[Column] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield self.make_table()
        yield from self.under_table()
        yield Static(id="explain", markup=False)
        yield KeyBar()

    def make_table(self) -> ClassTable:
        """The table, with the screen's columns (the class grid's by default)."""
        return ClassTable(self.amtui.scheme, id="grid")

    def under_table(self) -> Iterable[Widget]:
        """Lines between the table and the status line (none by default)."""
        return ()

    @property
    def table(self) -> ClassTable:
        return self.query_one(ClassTable)

    @on(ClassTable.CursorMoved)
    def _cursor_moved(self) -> None:
        table = self.table
        if table.edit_refused:
            return  # the refusal stays on the line until the user fixes or leaves the cell
        if table.editing is not None:
            text = f"typing {table.editing} — Enter or ↓ stores it and moves down, Esc cancels"
        elif (summary := table.cursor_summary) is None:
            text = ""
        else:
            text = table.cursor_column.explain(summary, self.amtui.scheme, self.amtui.term,
                                               short=self.size.width < NARROW)
        self.say(text)
        if type(table.cursor_column) is not self._column_kind:  # its keys differ: footer
            self._column_kind = type(table.cursor_column)
            self.refresh_bindings()

    @on(ClassTable.ChangeRefused)
    def _change_refused(self, event: ClassTable.ChangeRefused) -> None:
        self.say(f"View only: {event.reason}", error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#explain", Static)
        line.update(text)
        line.set_class(error, "-error")

    def where(self) -> str:
        column = self.table.cursor_column
        return f"in {column.label or 'this column'} — {column.keys_hint(self.amtui.scheme)}"
