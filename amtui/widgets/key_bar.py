"""A one-line footer of the screen's keys, drawn as a single line of text.

Textual's Footer builds a widget per key and recomposes them whenever the bindings change —
measured here at ~60–90 ms of a ~600 ms start-up for the class grid's dozen keys. This draws the
same information (keys shown, disabled ones dimmed, the palette key at the right) in one render;
a click on a key presses it.

A binding in the group `ALWAYS_SHOWN` is drawn at the right, beside the help and palette keys,
so a narrow terminal cuts the other keys short, never it (the keys that finish a meeting).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

RIGHT_ACTIONS = frozenset({"help"})  # kept at the right, beside the palette, at any width
ALWAYS_SHOWN = Binding.Group("always shown")
"""`Binding(..., group=ALWAYS_SHOWN)`: shown at any width, at the right."""


class KeyBar(Widget):
    """The keys of the focused chain that are declared `show=True`, in declaration order."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
        & > .key-bar--disabled { color: $text-disabled; }
    }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        pinned = Text(no_wrap=True, end="")
        right = Text(no_wrap=True, end="")
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING:
                right.append_text(self._item(active.binding, "palette", active.enabled))
            elif binding.action in seen:
                continue
            elif binding.action in RIGHT_ACTIONS:
                seen.add(binding.action)
                right = self._item(binding, binding.description, active.enabled) + right
            elif binding.show:
                seen.add(binding.action)
                shown = pinned if binding.group == ALWAYS_SHOWN else left
                shown.append_text(self._item(binding, binding.description, active.enabled))
        right = pinned + right
        left.truncate(max(self.size.width - right.cell_len, 0), overflow="ellipsis", pad=True)
        return left + right

    def _item(self, binding: Binding, description: str, enabled: bool) -> Text:
        """` key description `: the key bold, a click presses it; dimmed when disabled."""
        shown = self.app.get_key_display(binding)
        if not enabled:
            return Text(f" {shown} {description} ",
                        self.get_component_rich_style("key-bar--disabled"))
        click = Style(meta={"@click": f"app.simulate_key({binding.key!r})"})
        item = Text(f" {shown}", self.get_component_rich_style("key-bar--key") + click)
        item.append(f" {description} ", click)
        return item
