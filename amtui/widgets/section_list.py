"""A numbered section of the pupil file: a title and rows with a cursor. Each section's own keys
are declared on a subclass, so the footer shows the keys of the section in focus."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class SectionList(Widget, can_focus=True):
    DEFAULT_CSS = """
    SectionList { height: auto; padding: 0 1; margin-bottom: 1; }
    SectionList:focus { background: $boost; }
    """
    # Priority keys run as each key arrives, in order (a plain binding runs only once its key
    # has bubbled up to the app, after keys typed straight after it were sent to this section).
    BINDINGS = [Binding("up,k", "move(-1)", "Up", show=False, priority=True),
                Binding("down,j", "move(1)", "Down", show=False, priority=True)]

    cursor: reactive[int] = reactive(0)

    class Moved(Message):
        """The cursor is on another row."""

        def __init__(self, section: SectionList) -> None:
            super().__init__()
            self.section = section

    def __init__(self, number: int, title: str) -> None:
        super().__init__(id=f"section-{number}")
        self.number, self.title = number, title
        self.HELP_TITLE = f"Section {number}: {title}"  # the keys screen's heading
        self.heading: Text = Text()
        self.rows: list[tuple[Any, Text]] = []

    def show(self, rows: Sequence[tuple[Any, Text]], heading: Text | str = "") -> None:
        """Replace the rows (key, text); the cursor stays on the same key where it can."""
        current = self.current
        self.rows = list(rows)
        self.heading = Text(heading) if isinstance(heading, str) else heading
        keys = [key for key, _ in self.rows]
        self.cursor = keys.index(current) if current in keys else min(self.cursor,
                                                                       max(len(keys) - 1, 0))
        self.refresh(layout=True)

    @property
    def current(self) -> Any:
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else None

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.rows):
            self.cursor = target
        elif step > 0:
            self.screen.focus_next(SectionList)
        else:
            self.screen.focus_previous(SectionList)

    def advance(self) -> None:
        """After a decision on a row, go to the next row (a review, a step, a colour)."""
        if self.cursor < len(self.rows) - 1:
            self.cursor += 1

    def watch_cursor(self) -> None:
        self.refresh()
        self.post_message(self.Moved(self))

    def render(self) -> Text:
        out = Text.assemble((f"{self.number} {self.title}", "bold"), "  ", self.heading)
        for index, (_, row) in enumerate(self.rows):
            mine = index == self.cursor and self.has_focus
            out.append("\n")
            out.append("▸ " if mine else "  ", style="bold")
            if mine:
                row = row.copy()
                row.stylize("reverse")
            out.append_text(row)
        if not self.rows:
            out.append("\n  —", style="dim")
        return out
