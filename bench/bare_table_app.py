"""A bare Textual app showing a stock DataTable of 30 rows × 12 columns: the yardstick for
amtui's start-up (bench_startup.py). With AMTUI_BENCH_EXIT_AFTER_PAINT=1 it exits right after its
first paint, as AmtuiApp does."""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS, COLUMNS = 30, 12


class BareTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Pupil", *(f"Col {c}" for c in range(1, COLUMNS)))
        table.add_rows([f"Surname {r}, Forename", *(f"{r % 6}w+" for _ in range(1, COLUMNS))]
                       for r in range(ROWS))
        if os.environ.get("AMTUI_BENCH_EXIT_AFTER_PAINT"):
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    BareTableApp().run()
