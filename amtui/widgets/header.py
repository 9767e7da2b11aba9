"""The two header lines every main screen shows: who and where (school, class, half-term, user),
and a line of the screen's own figures. One widget drawing two lines (cheap to start)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

APP_NAME = " amtui "
KEYS_HINT = "? keys "


class AppHeader(Widget):
    """` amtui  School · 5W Miss Webb · 2026-27 Autumn 2 (T2) · KW teacher     ? keys`, then a
    detail line set by the screen."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 2;
        background: $panel;
        color: $foreground;
        & > .app-header--name { background: $primary; color: $text; text-style: bold; }
        & > .app-header--title { text-style: bold; }
        & > .app-header--muted { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {"app-header--name", "app-header--title", "app-header--muted"}

    def __init__(self, title: str = "", detail: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.detail_text = detail

    def set_title(self, text: str) -> None:
        if text != self.title_text:
            self.title_text = text
            self.refresh()

    def set_detail(self, text: str) -> None:
        if text != self.detail_text:
            self.detail_text = text
            self.refresh()

    def render(self) -> Text:
        style = self.get_component_rich_style
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(APP_NAME, style("app-header--name"))
        line.append(" " + self.title_text, style("app-header--title"))
        room = self.size.width - line.cell_len - len(KEYS_HINT)
        if room > 0:
            line.append(" " * room)
            line.append(KEYS_HINT, style("app-header--muted"))
        detail = Text(" " + self.detail_text, style("app-header--muted"), no_wrap=True,
                      overflow="ellipsis", end="")
        return Text("\n", end="").join([line, detail])
