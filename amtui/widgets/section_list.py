"""A numbered section of a screen: a title, a heading and rows with a cursor, and an editor for
typing a value straight into the row under the cursor. Each section's own keys are declared on
a subclass, so the footer shows the keys of the section in focus.

The editor follows the class grid's: while it is open the section claims the keys it edits with
(`check_consume_key`, so the app's key router sends them here) and its own bindings are off
(`check_action`). ⏎ (or ↓ ↑) hands what was typed to `submit_edit`; the screen stores it and
answers with `edit_stored()` (the cursor moves on) or `refuse_edit(reason)` (the text stays,
marked, with the reason beside it, for the user to fix). Esc cancels.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

SUBMIT_KEYS = {"enter": 1, "down": 1, "tab": 1, "up": -1}  # store what is typed, then move
EDIT_KEYS = frozenset({*SUBMIT_KEYS, "escape", "backspace"})
MAX_EDIT = 16

Row = tuple[Hashable, Text]
"""A row's key (what the cursor stays on across a reload) and what it shows."""


def typed(key: str, character: str | None) -> bool:
    """Whether a key types a character into the editor."""
    return "+" not in key and bool(character and character.isprintable())


class SectionList(Widget, can_focus=True):
    """Rows with a cursor under a numbered title; ↑ ↓ move, and past either end to the section
    before or after."""

    DEFAULT_CSS = """
    SectionList {
        height: auto; padding: 0 1; margin-bottom: 1;
        & > .section-list--editing { background: $accent; color: $text; text-style: bold; }
        & > .section-list--refused { background: $error; color: $text; text-style: bold; }
        & > .section-list--note { color: $text-muted; }
        & > .section-list--error { color: $error; text-style: bold; }
    }
    SectionList:focus { background: $boost; }
    """
    COMPONENT_CLASSES = {"section-list--editing", "section-list--refused", "section-list--note",
                         "section-list--error"}
    BINDINGS = [Binding("up", "move(-1)", "Up", show=False),
                Binding("down", "move(1)", "Down", show=False)]

    cursor: reactive[int] = reactive(0)

    def __init__(self, number: int, title: str) -> None:
        super().__init__()
        self.number, self.title = number, title
        self.HELP_TITLE = f"Section {number}: {title}"  # the keys screen's heading
        self.heading: Text = Text()
        self.rows: list[Row] = []
        self.added: list[Hashable] = []  # the keys of rows new in the last `show`
        self.editing: str | None = None  # the text being typed into the cursor's row
        self.edit_error = ""  # why what was typed was refused
        self._move_after = 1
        self._kept: dict[tuple[int, bool], list[Strip]] = {}
        self._look: tuple[object, ...] | None = None
        self._drawn: list[Strip] = []

    def show(self, rows: Sequence[Row], heading: Text | str = "") -> None:
        """Replace the rows; the cursor stays on the same key where it can."""
        current = self.current
        before = {key for key, _ in self.rows}
        self.rows = list(rows)
        self.added = [key for key, _ in self.rows if key not in before]
        self.heading = Text(heading) if isinstance(heading, str) else heading
        keys = [key for key, _ in self.rows]
        self.cursor = keys.index(current) if current in keys else min(self.cursor,
                                                                       max(len(keys) - 1, 0))
        self.refresh(layout=True)

    @property
    def current(self) -> Hashable | None:
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else None

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.rows):
            self.cursor = target
        elif step > 0:
            self.screen.focus_next(SectionList)
        else:
            self.screen.focus_previous(SectionList)

    def go_to_added(self) -> None:
        """Put the cursor on the row the last `show` added (one just stored)."""
        keys = [key for key, _ in self.rows]
        if self.added:
            self.cursor = keys.index(self.added[0])

    def advance(self) -> None:
        """After a decision on a row, go to the next row (a review, a step)."""
        if self.cursor < len(self.rows) - 1:
            self.cursor += 1

    def watch_cursor(self) -> None:
        self.refresh()
        self.refresh_bindings()  # a key may act on this row and not the last
        if self.has_focus:
            self.call_after_refresh(self._scroll_to_cursor)
        self.cursor_moved()

    def _scroll_to_cursor(self) -> None:
        """Keep the cursor's row in view (a section may be taller than the screen)."""
        if not 0 <= self.cursor < len(self.rows) or not isinstance(self.parent, Widget):
            return
        top = 1 + self.heading.plain.count("\n") + sum(
            str(row).count("\n") + 1 for _, row in self.rows[:self.cursor])
        height = str(self.rows[self.cursor][1]).count("\n") + 1
        mine = self.virtual_region
        self.parent.scroll_to_region(Region(mine.x, mine.y + top, mine.width, height),
                                     animate=False, immediate=True)

    def cursor_moved(self) -> None:
        """The cursor is on another row (subclasses follow it)."""

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        if self.editing is not None:
            self.cancel_edit()  # left by a click elsewhere: what was typed is dropped
        self.refresh()

    # ---- typing into a row --------------------------------------------------------------------

    def start_edit(self, text: str = "") -> None:
        self.editing, self.edit_error = text, ""
        self.refresh(layout=True)
        self.refresh_bindings()

    def submit_edit(self, text: str) -> None:
        """The user has finished typing `text` into the cursor's row (subclasses store it)."""

    def edit_stored(self) -> None:
        """What was typed is stored: close the editor and move the way it was left."""
        self.cancel_edit()
        target = self.cursor + self._move_after
        if 0 <= target < len(self.rows):
            self.cursor = target

    def refuse_edit(self, reason: str) -> None:
        """What was typed cannot be kept: it stays in the row, marked, with the reason."""
        if self.editing is not None:
            self.edit_error = reason
            self.refresh(layout=True)

    def cancel_edit(self) -> None:
        self.editing, self.edit_error = None, ""
        self.refresh(layout=True)
        self.refresh_bindings()

    def edit_prompt(self) -> str:
        """What the cursor's row shows before the typed text (e.g. the subject's name)."""
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.editing is None  # the editor takes every key (see check_consume_key)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """While the editor is open: its keys and every printable character typed without a
        modifier (alt+? from a terminal is not a `?`)."""
        if self.editing is None:
            return False
        return key in EDIT_KEYS or typed(key, character)

    def on_key(self, event: events.Key) -> None:
        """The keys claimed in `check_consume_key` (the key router sends no others)."""
        if self.editing is None:
            return
        event.stop()
        event.prevent_default()
        key = event.key
        if key in SUBMIT_KEYS and not self.editing.strip():
            self.cancel_edit()  # nothing typed: close, and move if an arrow was pressed
            if key != "enter":
                self.action_move(SUBMIT_KEYS[key])
        elif key in SUBMIT_KEYS:
            self._move_after = SUBMIT_KEYS[key]
            self.submit_edit(self.editing.strip())
        elif key == "escape":
            self.cancel_edit()
        elif key == "backspace":
            self.start_edit(self.editing[:-1]) if self.editing else self.cancel_edit()
        elif typed(key, event.character) and len(self.editing) < MAX_EDIT:
            self.start_edit(self.editing + str(event.character))

    # ---- drawing ----------------------------------------------------------------------------
    # Line by line: a section may hold a thousand rows (the progress meeting of a big school),
    # and a cursor move must not draw them all again. Each row's lines are kept, drawn by the
    # same pipeline as a whole-widget render, and only the rows whose look changed (the
    # cursor's old and new row, the row being edited) are drawn again.

    def _row_text(self, index: int, mine: bool) -> Text:
        line = Text()
        line.append("▸ " if mine else "  ", style="bold")
        row = self.rows[index][1]
        if mine and self.editing is not None:
            line.append_text(self._editor())
        elif mine:
            row = row.copy()
            row.stylize("reverse")
            line.append_text(row)
        else:
            line.append_text(row)
        return line

    def _title(self) -> Text:
        return Text.assemble((f"{self.number} {self.title}", "bold"), "  ", self.heading)

    def render(self) -> Text:
        """The whole section as one text: what selecting it copies, and what tests read (it is
        drawn line by line, below)."""
        out = self._title()
        for index in range(len(self.rows)):
            out.append("\n")
            out.append_text(self._row_text(index, index == self.cursor and self.has_focus))
        if not self.rows:
            out.append("\n  —", style="dim")
        return out

    def _draw(self, text: Text, width: int) -> list[Strip]:
        return Visual.to_strips(self, visualize(self, text), width, None, self.visual_style)

    def _lines(self, width: int) -> list[Strip]:
        """Every line of the section at `width`, rows drawn again only when their look
        changed (the drawings are kept per row, cursor or not, until the rows change)."""
        editing = self.editing is not None
        look = (width, id(self.rows), self.heading.plain, self.visual_style, self.cursor,
                self.has_focus, self.editing, self.edit_error)
        if look == self._look:
            return self._drawn
        if self._look is None or self._look[:4] != look[:4]:
            self._kept.clear()
        lines = self._draw(self._title(), width)
        for index in range(len(self.rows)):
            mine = index == self.cursor and self.has_focus
            if mine and editing:
                lines += self._draw(self._row_text(index, mine), width)
                continue
            key = (index, mine)
            if key not in self._kept:
                self._kept[key] = self._draw(self._row_text(index, mine), width)
            lines += self._kept[key]
        if not self.rows:
            lines += self._draw(Text("  —", style="dim"), width)
        self._look, self._drawn = look, lines
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        lines = self._lines(self.size.width)
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width,
                                                                self.visual_style.rich_style)

    def _editor(self) -> Text:
        style = self.get_component_rich_style
        refused = bool(self.edit_error)
        line = Text(self.edit_prompt())
        line.append(f" {self.editing}▏ ", style("section-list--refused" if refused
                                                 else "section-list--editing"))
        if refused:
            line.append(f"  {self.edit_error}", style("section-list--error"))
        else:
            line.append("  ⏎ stores it · Esc cancels", style("section-list--note"))
        return line
