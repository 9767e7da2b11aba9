"""A main screen built round one table: a header, an optional line above the table, the table
(one row per thing, keyed by its id), a status line and the key bar. The programmes, a
programme's pupils and the bank of programmes are such screens."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from amtui.screens.base import AmtuiScreen
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import KeyBar


class RowTable(DataTable[str]):
    """Whole rows, ⏎ acting on the row under the cursor."""

    BINDINGS = [Binding("enter", "select_cursor", "Open")]


class TableScreen(AmtuiScreen):
    """Subclasses give `COLUMNS`, fill the rows in `reload` with `fill`, say what the row under
    the cursor is in `explain` and act on ⏎ in `chosen`."""

    DEFAULT_CSS = """
    TableScreen {
        layout: vertical;
        #above { height: auto; max-height: 4; padding: 0 1; color: $foreground; }
        DataTable { height: 1fr; }
        #explain { height: 1; padding: 0 1; background: $panel; color: $foreground;
                   text-wrap: nowrap; text-overflow: ellipsis;
                   &.-error { background: $error 30%; text-style: bold; } }
    }
    """
    COLUMNS: tuple[str, ...] = ()
    ABOVE = False
    """Whether a line above the table says more about what the rows belong to."""
    TABLE: type[DataTable[str]] = RowTable
    """`RowTable` where ⏎ acts on a row, a plain `DataTable` where it does not."""

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        if self.ABOVE:
            yield Static(id="above", markup=False)
        yield self.TABLE(cursor_type="row", zebra_stripes=True)
        yield Static(id="explain", markup=False)
        yield KeyBar()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(*self.COLUMNS)
        self.reload()
        self.table.focus()

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None: no rows)."""
        table = self.table
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def fill(self, rows: Iterable[tuple[str, Sequence[str]]], detail: str) -> None:
        """Show `rows` (key, cells), the cursor staying on the same key where it can, and
        `detail` in the header."""
        table, kept = self.table, self.cursor_key()
        table.clear()
        keys = set()
        for key, cells in rows:
            table.add_row(*cells, key=key)
            keys.add(key)
        if kept in keys:
            table.move_cursor(row=table.get_row_index(kept))
        header = self.query_one(AppHeader)
        header.set_title(self.amtui.title_line())
        header.set_detail(detail)
        self.explain()
        self.refresh_bindings()

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#explain", Static)
        line.update(text)
        line.set_class(error, "-error")

    def explain(self) -> None:
        """Say what the row under the cursor is (or what to do when there are none)."""

    def chosen(self) -> None:
        """⏎ on a row."""

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.explain()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.chosen()
