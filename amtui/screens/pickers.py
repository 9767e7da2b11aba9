"""Small modal choosers: a class, a half-term, a school year, how to print. Each dismisses with
the chosen value (or None on Esc) and never saves anything — the caller acts on the choice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList

from amtui.core.models import ClassGroup
from amtui.widgets.keyed_options import KeyedOptions

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Choice(Generic[T]):
    label: str
    value: T
    key: str = ""  # one key that picks it at once


def class_choices(classes: list[ClassGroup]) -> list[Choice[str]]:
    """The school's classes to pick from: `5W  (Year 5)`, `RB  (Reception)`."""
    return [Choice(f"{c.name}  ({'Reception' if c.year_group == 0 else f'Year {c.year_group}'})",
                   c.name) for c in classes]


class Picker(ModalScreen[T | None]):
    """A list to pick from with ↑↓ Enter, or each choice's own key; Esc cancels."""

    DEFAULT_CSS = """
    Picker {
        align: center middle;
        & > Vertical { width: 56; max-width: 100%; height: auto;
                       max-height: 80%; border: round $accent; background: $surface;
                       padding: 0 1; }
        & #picker-title { text-style: bold; padding: 0 0 1 0; }
        & OptionList { height: auto; max-height: 60vh; border: none; padding: 0; }
        & #picker-hint { color: $text-muted; padding: 1 0 0 0; }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[Choice[T]], current: T | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="picker-title")
            yield KeyedOptions([c.label for c in self.choices], [c.key for c in self.choices])
            keyed = any(c.key for c in self.choices)
            hint = "the key shown, or ↑↓ Enter · Esc cancel" if keyed else "↑↓ Enter · Esc cancel"
            yield Label(hint, id="picker-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for i, choice in enumerate(self.choices):
            if choice.value == self.current:
                options.highlighted = i
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self.dismiss(None)
