"""Adding support in the pupil file: type it (as before), or ↓ to the pick list, where one key
picks a place in a programme running now (1–9) or a plan from the school's bank (a, b, …)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static

from amtui.core.programmes import BankProgramme, Intervention
from amtui.screens.forms import FORM_CSS, Form
from amtui.screens.pupil_file.rows import Offer
from amtui.widgets.keyed_options import KeyedOptions


@dataclass(frozen=True, slots=True)
class Chosen:
    """What was typed, or the programme (a place in it) or bank plan (its text) picked."""

    text: str = ""
    picked: Intervention | BankProgramme | None = None

TYPING_HINT = "Enter keeps what is typed · ↓ picks a programme · Esc cancels"
PICKING_HINT = "press its key (or ↑↓ and ⏎) · Esc cancels"


class SupportText(Input):
    """The typed support: ↓ goes down to the pick list."""

    BINDINGS = [Binding("down", "screen.pick", "Pick a programme", show=False)]


class SupportForm(Form[Chosen | None]):
    """Support for the pupil: typed, or picked from `offers` with one key."""

    DEFAULT_CSS = FORM_CSS.format(name="SupportForm") + \
        "SupportForm > Vertical { width: 100; }"
    BINDINGS = [Binding("down", "pick", "Pick a programme")]

    def __init__(self, title: str, offers: Sequence[Offer], hint: str = "") -> None:
        super().__init__()
        self.title_text, self.offers, self.example = title, list(offers), hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield SupportText(placeholder=self.example, id="text")
            yield KeyedOptions([offer.label for offer in self.offers],
                               [offer.key for offer in self.offers], id="offers")
            yield Static(TYPING_HINT if self.offers else "Enter keeps it · Esc cancels",
                         classes="hint", id="hint")

    def on_mount(self) -> None:
        self.query_one("#offers").display = bool(self.offers)
        self.query_one(Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":  # from the text field; in the list ↓ moves down it
            return self.is_mounted and isinstance(self.focused, Input) and bool(self.offers)
        return True

    def action_pick(self) -> None:
        options = self.query_one(KeyedOptions)
        options.focus()
        options.highlighted = 0
        self.query_one("#hint", Static).update(PICKING_HINT)

    def submit(self, text: str) -> None:
        if text:
            self.finish(Chosen(text))
        else:
            self.refuse("type the support, or ↓ to pick a programme"
                        if self.offers else "type the support, or Esc to cancel")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.finish(Chosen(picked=self.offers[event.option_index].choice))
