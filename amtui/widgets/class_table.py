"""The class grid widget: one line per pupil, drawn with the Line API.

Each row's line is rendered once and cached by UPN; an edit re-renders only that pupil's line
and repaints only that line (a stock DataTable re-renders every cell per edit). The widget draws
and moves the cursor; what an edit means is the screen's business: it posts `EditSubmitted`, and
the screen answers with `finish_edit()` or `refuse_edit()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from amtui.core.colours import Rag
from amtui.core.progress import PupilSummary
from amtui.core.scheme import Scheme
from amtui.widgets.grid_cells import Detail, Piece, fit
from amtui.widgets.grid_columns import Column, MarkerColumn, NameColumn, layout
from amtui.widgets.rag import colour_bindings, colour_for_key
from amtui.widgets.type_ahead import TypeAhead

MAX_EDIT = 16
SUBMIT_KEYS = {"enter": (0, 1), "down": (0, 1), "tab": (0, 1), "up": (0, -1),
               "left": (-1, 0), "right": (1, 0)}  # store what is typed, then move
EDIT_KEYS = frozenset({*SUBMIT_KEYS, "escape", "backspace"})  # the cell editor's own
Layout = Callable[[Scheme, int], tuple[Detail, list[Column]]]
"""The columns for a width: the grid's own (`grid_columns.layout`) unless given another."""


class ClassTable(ScrollView, can_focus=True):
    """A class's pupils as a grid: name, per-subject step and colours, attitude, meeting."""

    DEFAULT_CSS = """
    ClassTable {
        background: $surface;
        color: $foreground;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
        & > .class-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .class-table--header-cursor { text-style: bold; background: $accent 40%; }
        & > .class-table--cursor-row { background: $boost; }
        & > .class-table--cursor { background: $block-cursor-blurred-background;
                                   color: $block-cursor-blurred-foreground; }
        &:focus > .class-table--cursor { background: $block-cursor-background;
                                         color: $block-cursor-foreground; text-style: bold; }
        & > .class-table--editing { background: $accent; color: $text; text-style: bold; }
        & > .class-table--error { background: $error; color: $text; text-style: bold; }
        & > .class-table--dim { color: $text-muted; }
    }
    """

    HELP_TITLE = "In the grid"
    COMPONENT_CLASSES = {
        "class-table--header", "class-table--header-cursor", "class-table--cursor-row",
        "class-table--cursor", "class-table--editing", "class-table--error", "class-table--dim",
    }

    BINDINGS = [
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First pupil", show=False),
        Binding("end", "edge(1)", "Last pupil", show=False),
        *colour_bindings(),
        Binding("backspace,delete", "clear_cell", "Clear cell", show=False),
    ]

    class CursorMoved(Message):
        """The cursor is on another cell (or the rows under it changed)."""

    class EditSubmitted(Message):
        """Text typed into a cell, to be stored; `move` is (columns, rows) for the cursor to
        move once it is stored."""

        def __init__(self, upn: str, column: Column, text: str, move: tuple[int, int]) -> None:
            super().__init__()
            self.upn, self.column, self.text, self.move = upn, column, text, move

    class ColourChosen(Message):
        """`r`/`a`/`g` on a colour cell: the colour for that pupil and area."""

        def __init__(self, upn: str, column: Column, colour: Rag) -> None:
            super().__init__()
            self.upn, self.column, self.colour = upn, column, colour

    class ClearRequested(Message):
        """Backspace/Delete on a cell: clear what is stored there."""

        def __init__(self, upn: str, column: Column) -> None:
            super().__init__()
            self.upn, self.column = upn, column

    class OpenRequested(Message):
        """A double click on a pupil's row."""

    class ChangeRefused(Message):
        """A key that would change a cell, in a grid the user may only look at."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, scheme: Scheme, *, id: str | None = None,
                 layout: Layout = layout) -> None:
        super().__init__(id=id)
        self.scheme = scheme
        self.column_layout = layout
        self.rows: list[PupilSummary] = []
        self._index: dict[str, int] = {}
        self.detail, self.columns = self.column_layout(scheme, 120)
        self.cursor_row = 0
        self.cursor_col = self._first_data_column()
        self.editing: str | None = None
        self.edit_refused = False
        self.view_only: str | None = None  # why nothing here may be changed, if so
        self.empty_text = ""
        self._type_ahead = TypeAhead()
        self._cache: dict[str, tuple[Strip, Strip]] = {}
        self._styles: dict[str, Style] | None = None

    # ---- data in ----------------------------------------------------------------------------

    def show(self, rows: Sequence[PupilSummary], *, empty_text: str = "",
             keep_cursor: bool = True) -> None:
        """Replace every row; the cursor stays on the same pupil while they are shown (else on
        the same line), or goes to the top."""
        upn = self.cursor_upn
        self.rows = list(rows)
        self._index = {row.record.pupil.upn: i for i, row in enumerate(self.rows)}
        self.empty_text = empty_text
        self._cache.clear()
        self.editing = None
        if not keep_cursor:
            self.cursor_row = 0
        elif upn in self._index:
            self.cursor_row = self._index[upn]
        self.cursor_row = max(0, min(self.cursor_row, len(self.rows) - 1))
        self._resize_virtual()
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved())

    def update_row(self, summary: PupilSummary) -> None:
        """Replace one pupil's row and repaint only its line."""
        upn = summary.record.pupil.upn
        index = self._index.get(upn)
        if index is None or self.rows[index] == summary:
            return
        self.rows[index] = summary
        self._cache.pop(upn, None)
        self._refresh_row(index)
        if index == self.cursor_row:
            self.post_message(self.CursorMoved())  # what the status line explains has changed

    # ---- what is under the cursor -----------------------------------------------------------

    @property
    def cursor_summary(self) -> PupilSummary | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    @property
    def cursor_upn(self) -> str | None:
        summary = self.cursor_summary
        return summary.record.pupil.upn if summary else None

    @property
    def cursor_column(self) -> Column:
        return self.columns[self.cursor_col]

    @property
    def upns(self) -> list[str]:
        return [row.record.pupil.upn for row in self.rows]

    # ---- editing ----------------------------------------------------------------------------

    def start_edit(self, text: str) -> None:
        self.editing = text
        self.edit_refused = False
        self._refresh_row(self.cursor_row)
        self.post_message(self.CursorMoved())

    def finish_edit(self, dx: int = 0, dy: int = 0) -> None:
        """The edit was stored: close the editor and move the cursor by (dx, dy)."""
        self.editing = None
        self.edit_refused = False
        self._move_to(self.cursor_row + dy, self.cursor_col + dx)
        self._refresh_row(self.cursor_row)

    def refuse_edit(self) -> None:
        """The edit was refused: keep the text in the cell, marked, for the user to fix."""
        if self.editing is None:
            return
        self.edit_refused = True
        self._refresh_row(self.cursor_row)

    def cancel_edit(self) -> None:
        self.editing = None
        self.edit_refused = False
        self._refresh_row(self.cursor_row)
        self.post_message(self.CursorMoved())

    def _submit(self, move: tuple[int, int]) -> None:
        """Hand the typed text to the screen and move on at once, so keys typed straight after
        land where the user expects; a refusal brings the cursor back (`reopen`)."""
        upn, text = self.cursor_upn, self.editing
        if self.cursor_column.stays_after_typing and move == (0, 1):
            move = (0, 0)  # what was typed suggests something to accept or change here
        if upn is not None and text is not None:
            self.post_message(self.EditSubmitted(upn, self.cursor_column, text, move))
            self.finish_edit(*move)

    def reopen(self, upn: str, column: Column, text: str) -> None:
        """Put a refused edit back in its cell, marked, for the user to fix."""
        if upn in self._index and column in self.columns:
            self._move_to(self._index[upn], self.columns.index(column))
            self.start_edit(text)
            self.refuse_edit()

    def _may_change(self) -> bool:
        """Whether a change may start here; if not, the grid says why (before any typing)."""
        if self.view_only is not None:
            self.post_message(self.ChangeRefused(self.view_only))
        return self.view_only is None

    def action_colour(self, key: str) -> None:
        upn, colour = self.cursor_upn, colour_for_key(key, self.scheme)
        if upn is not None and colour is not None and self.cursor_column.takes_colours \
                and self._may_change():
            self.post_message(self.ColourChosen(upn, self.cursor_column, colour))
            self._move_to(self.cursor_row + 1, self.cursor_col)

    def action_clear_cell(self) -> None:
        upn = self.cursor_upn
        if upn is not None and self.cursor_column.clearable and self._may_change():
            self.post_message(self.ClearRequested(upn, self.cursor_column))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.editing is not None:
            return False  # the cell editor takes every key (see check_consume_key)
        if action == "colour":  # the school's own colour keys, on a column that takes them
            return self.cursor_column.takes_colours \
                and colour_for_key(str(parameters[0]), self.scheme) is not None
        if action == "clear_cell":
            return self.cursor_column.clearable
        return True

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """The keys the grid takes as typed text, before any binding: every key while a cell is
        being typed in; digits (and `.` in Att%) that start typing in a cell that takes a value;
        letters on the name column, which jump to a pupil. Letters elsewhere are bindings."""
        if self.editing is not None:
            return key in EDIT_KEYS or bool(character and character.isprintable())
        if not character or not self.rows:
            return False
        column = self.cursor_column
        if isinstance(column, NameColumn):
            return column.takes_letter(character)
        return column.starts_typing(character)

    def on_key(self, event: events.Key) -> None:
        """The keys claimed in `check_consume_key` (the key router sends no others)."""
        if self.editing is not None:
            self._edit_key(event)
            return
        if not self.check_consume_key(event.key, event.character) or not event.character:
            return
        self._consume(event)
        if isinstance(self.cursor_column, NameColumn):
            self._find_name(event.character)
        elif self._may_change():
            self.start_edit(event.character)

    @staticmethod
    def _consume(event: events.Key) -> None:
        event.stop()
        event.prevent_default()

    def _edit_key(self, event: events.Key) -> None:
        key = event.key
        if key in SUBMIT_KEYS:
            self._submit(SUBMIT_KEYS[key])
        elif key == "escape":
            self.cancel_edit()
        elif key == "backspace":
            assert self.editing is not None
            self.start_edit(self.editing[:-1]) if len(self.editing) > 1 else self.cancel_edit()
        elif event.character and event.is_printable and len(self.editing or "") < MAX_EDIT:
            self.start_edit((self.editing or "") + event.character)
        self._consume(event)

    def _find_name(self, character: str) -> None:
        names = [row.record.pupil.display_name for row in self.rows]
        found = self._type_ahead.find(character, names)
        if found is None:
            self.app.bell()
        else:
            self._move_to(found, self.cursor_col)

    # ---- moving -----------------------------------------------------------------------------

    def action_move(self, dx: int, dy: int) -> None:
        self._move_to(self.cursor_row + dy, self.cursor_col + dx)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor_row + direction * max(self.size.height - 2, 1), self.cursor_col)

    def action_edge(self, direction: int) -> None:
        self._move_to(0 if direction < 0 else len(self.rows) - 1, self.cursor_col)

    def move_to_column(self, kind: type[Column], key: str = "") -> None:
        for i, column in enumerate(self.columns):
            if isinstance(column, kind) and (not key or column.key == key):
                self._move_to(self.cursor_row, i)
                return

    def _move_to(self, row: int, col: int) -> None:
        row = max(0, min(row, len(self.rows) - 1))
        col = max(1, min(col, len(self.columns) - 1))  # the marker column is never the cursor
        if self.editing is not None:
            self.cancel_edit()
        old_row, old_col = self.cursor_row, self.cursor_col
        self.cursor_row, self.cursor_col = row, col
        if col != old_col:
            self._type_ahead.reset()
            self.refresh(Region(0, 0, self.size.width, 1))
        if (row, col) != (old_row, old_col):
            self._refresh_row(old_row)
            self._refresh_row(row)
            self._scroll_to_cursor()
            self.post_message(self.CursorMoved())

    def _first_data_column(self) -> int:
        return next((i for i, c in enumerate(self.columns) if not c.frozen), 1)

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)
        column = self.cursor_column
        if not column.frozen:
            room = self.scrollable_content_region.width - self._frozen_width()
            left = round(self.scroll_x)
            if column.x < left:
                self.scroll_to(x=column.x, animate=False)
            elif column.x + column.width > left + room:
                self.scroll_to(x=column.x + column.width - room, animate=False)

    # ---- mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y < 1 or not self.rows:
            return
        row = round(self.scroll_y) + event.y - 1
        x = event.x
        col = self.cursor_col
        frozen = self._frozen_width()
        for i, column in enumerate(self.columns):
            start = x0 if (x0 := self._screen_x(column, frozen)) is not None else -1
            if start <= x < start + column.width:
                col = i
        self._move_to(row, col)
        if event.chain == 2:
            self.post_message(self.OpenRequested())

    def _screen_x(self, column: Column, frozen: int) -> int | None:
        if isinstance(column, MarkerColumn):
            return 0
        if column.frozen:
            return 1
        return frozen + column.x - round(self.scroll_x)

    # ---- drawing ----------------------------------------------------------------------------

    def set_layout(self, column_layout: Layout) -> None:
        """Show other columns (another view of the same pupils); the cursor goes to the first
        of them, on the same pupil."""
        self.column_layout = column_layout
        if self.editing is not None:
            self.cancel_edit()
        self.detail, self.columns = column_layout(self.scheme, self._layout_width())
        self.cursor_col = self._first_data_column()
        self._type_ahead.reset()
        self._cache.clear()
        self._resize_virtual()
        self.scroll_to(x=0, animate=False)
        self.refresh()
        self.post_message(self.CursorMoved())

    def _layout_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 120

    def on_resize(self, event: events.Resize) -> None:
        key = type(self.cursor_column), self.cursor_column.key
        width = self.scrollable_content_region.width or event.size.width
        detail, columns = self.column_layout(self.scheme, width)
        if columns != self.columns:
            self.detail, self.columns = detail, columns
            self.cursor_col = next((i for i, c in enumerate(columns) if (type(c), c.key) == key),
                                   self._first_data_column())
            self._cache.clear()
            self._resize_virtual()
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()
        self.refresh()

    def _resize_virtual(self) -> None:
        width = sum(c.width for c in self.columns)
        self.virtual_size = Size(width, len(self.rows) + 1)

    def _frozen_width(self) -> int:
        return sum(c.width for c in self.columns if c.frozen)

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    @property
    def styles_map(self) -> dict[str, Style]:
        if self._styles is None:
            base = self.rich_style
            get = self.get_component_rich_style
            row = base + get("class-table--cursor-row")
            self._styles = {
                "plain": base, "dim": base + get("class-table--dim"),
                "bold": base + Style(bold=True), "header": base + get("class-table--header"),
                "header-cursor": (base + get("class-table--header")
                                  + get("class-table--header-cursor")),
                "row-plain": row, "row-dim": row + get("class-table--dim"),
                "row-bold": row + Style(bold=True),
                "cursor": base + get("class-table--cursor"),
                "editing": base + get("class-table--editing"),
                "error": base + get("class-table--error"),
            }
        return self._styles

    def _segments(self, pieces: list[Piece]) -> list[Segment]:
        styles = self.styles_map
        return [Segment(text, role if isinstance(role, Style) else styles[role])
                for text, role in pieces]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            frozen, rest = self._header()
        elif not self.rows:
            text = self.empty_text if y == 1 else ""
            return Strip(self._segments(fit([(" " + text, "dim")], width)), width)
        else:
            index = round(self.scroll_y) + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            if index == self.cursor_row:
                frozen, rest = self._render_row(self.rows[index], cursor=True)
            else:
                upn = self.rows[index].record.pupil.upn
                cached = self._cache.get(upn)
                if cached is None:
                    cached = self._cache[upn] = self._render_row(self.rows[index], cursor=False)
                frozen, rest = cached
        room = max(width - frozen.cell_length, 0)
        left = round(self.scroll_x)
        return Strip.join([frozen, rest.crop(left, left + room)]).extend_cell_length(
            width, self.rich_style)

    def _header(self) -> tuple[Strip, Strip]:
        frozen: list[Segment] = []
        rest: list[Segment] = []
        for i, column in enumerate(self.columns):
            role = "header-cursor" if i == self.cursor_col else "header"
            text = column.label[:column.width - 1]
            part = frozen if column.frozen else rest
            part.extend(self._segments(fit([(text, role)], column.width)))
        return Strip(frozen), Strip(rest)

    def _render_row(self, summary: PupilSummary, *, cursor: bool) -> tuple[Strip, Strip]:
        """The row's frozen part (marker, name) and its scrolling part. Each cell is its content
        in `width - 1` cells and a gap (the marker has no gap)."""
        frozen: list[Segment] = []
        rest: list[Segment] = []
        plain = "row-plain" if cursor else "plain"
        for i, column in enumerate(self.columns):
            gap = 0 if isinstance(column, MarkerColumn) else 1
            if cursor and i == self.cursor_col and self.editing is not None:
                role = "error" if self.edit_refused else "editing"
                shown = (self.editing + "▏")[-(column.width - gap):]  # the end, as typed
                pieces = fit([(shown, role)], column.width - gap, role)
            else:
                pieces = fit(column.pieces(summary, self.scheme, self.detail, cursor),
                             column.width - gap)
                if cursor and i == self.cursor_col:
                    pieces = [(text, "cursor" if isinstance(role, str) else role)
                              for text, role in pieces]
                elif cursor:
                    pieces = [(text, "row-" + role if isinstance(role, str) else role)
                              for text, role in pieces]
            pieces += [(" ", plain)] * gap
            (frozen if column.frozen else rest).extend(self._segments(pieces))
        return Strip(frozen), Strip(rest)
