"""Modal forms for the pupil file. Each dismisses with a value (or None when cancelled) and never
saves: the caller stores what comes back. Parsing happens here so a bad value is refused in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from amtui.core.colours import Rag
from amtui.core.errors import AmtuiError
from amtui.core.scheme import Scheme

T = TypeVar("T")

FORM_CSS = """
    {name} {{ align: center middle; background: $background 60%; }}
    {name} > Vertical {{ width: 72; max-width: 96%; height: auto; max-height: 90%;
                       border: round $accent; background: $surface; padding: 0 1; }}
    {name} .title {{ text-style: bold; }}
    {name} .hint {{ color: $text-muted; }}
    {name} .error {{ color: $error; text-style: bold; }}
    {name} OptionList {{ height: auto; max-height: 12; }}
"""


class TextForm(ModalScreen[T | None], Generic[T]):
    """One line of text, parsed by `parse` (which raises AmtuiError to refuse it in place)."""

    DEFAULT_CSS = FORM_CSS.format(name="TextForm")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, *, value: str = "", hint: str = "",
                 parse: Callable[[str], T] | None = None, allow_empty: bool = False) -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint
        self.parse = parse or (lambda text: text)  # type: ignore[assignment,return-value]
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Input(value=self.value, id="text")
            yield Static(self.hint, classes="hint", id="hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(self.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text and not self.allow_empty:
            self._refuse("type something, or Esc to cancel")
            return
        try:
            self.dismiss(self.parse(text))
        except AmtuiError as exc:
            self._refuse(str(exc))

    def _refuse(self, message: str) -> None:
        hint = self.query_one("#hint", Static)
        hint.update(message)
        hint.set_classes("error")

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Override:
    colour: Rag | None
    reason: str


class OverrideForm(ModalScreen[Override | None]):
    """Override a progress colour: one key for the colour (r/a/g, or x to clear), then a reason."""

    DEFAULT_CSS = FORM_CSS.format(name="OverrideForm")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, subject: str, scheme: Scheme, suggested: Rag | None) -> None:
        super().__init__()
        self.subject, self.scheme, self.suggested = subject, scheme, suggested
        self.colour: Rag | None = None

    def compose(self) -> ComposeResult:
        labels = " · ".join(f"{r.letter(self.scheme).lower()} {r.label(self.scheme)}"
                            for r in reversed(Rag))
        suggested = self.suggested.label(self.scheme) if self.suggested else "none yet"
        with Vertical():
            yield Label(f"Override {self.subject} progress (suggested: {suggested})",
                        classes="title")
            yield Static(f"Colour: {labels} · x clear the override", id="colour")
            yield Input(placeholder="why (printed on the profile)", id="reason", disabled=True)
            yield Static("press a colour key first", classes="hint", id="hint")

    def on_key(self, event: Any) -> None:
        if self.colour is not None or not event.is_printable:
            return
        key = (event.character or "").lower()
        if key == "x":
            event.stop()
            self.dismiss(Override(None, ""))
            return
        try:
            self.colour = Rag.parse(key, self.scheme)
        except AmtuiError:
            return
        event.stop()
        event.prevent_default()
        self.query_one("#colour", Static).update(f"Colour: {self.colour.label(self.scheme)}")
        reason = self.query_one("#reason", Input)
        reason.disabled = False
        reason.focus()
        self.query_one("#hint", Static).update("type the reason, then Enter")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            hint = self.query_one("#hint", Static)
            hint.update("a reason is needed — it is printed on the profile")
            hint.set_classes("error")
            return
        self.dismiss(Override(self.colour, event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceForm(ModalScreen[T | None], Generic[T]):
    """Pick one of a few options: each has a key (shown), arrows and Enter work too."""

    DEFAULT_CSS = FORM_CSS.format(name="ChoiceForm")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str, T]], hint: str = "") -> None:
        super().__init__()
        self.title_text, self.options, self.hint = title, list(options), hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield OptionList(*[Option(f"{key}  {label}", id=str(i))
                               for i, (key, label, _) in enumerate(self.options)])
            if self.hint:
                yield Static(self.hint, classes="hint")

    def on_key(self, event: Any) -> None:
        for key, _, value in self.options:
            if event.character and event.character.lower() == key.lower():
                event.stop()
                self.dismiss(value)
                return

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(event.option.id or 0)][2])

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NextStep:
    subject: str
    text: str
    criterion: str = ""


class NextStepForm(ModalScreen[NextStep | None]):
    """A next step: Tab changes the subject; type it, or ↓ to pick a suggestion."""

    DEFAULT_CSS = FORM_CSS.format(name="NextStepForm")
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("tab", "next_subject", "Subject", priority=True),
                Binding("shift+tab", "previous_subject", "Subject", priority=True, show=False)]

    def __init__(self, subjects: Sequence[str], subject: str,
                 suggestions: dict[str, list[tuple[str, str]]], text: str = "") -> None:
        super().__init__()
        self.subjects = list(subjects)
        self.index = self.subjects.index(subject) if subject in self.subjects else 0
        self.suggestions = suggestions  # subject → [(criterion code, text)]
        self.text = text

    @property
    def subject(self) -> str:
        return self.subjects[self.index]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("", classes="title", id="subject")
            yield Input(value=self.text, placeholder="what the pupil will do next", id="text")
            yield OptionList(id="suggestions")
            yield Static("Tab: subject · ↓ suggestions · Enter keeps it", classes="hint",
                         id="hint")

    def on_mount(self) -> None:
        self._show_subject()
        self.query_one(Input).focus()

    def _show_subject(self) -> None:
        self.query_one("#subject", Label).update(f"Next step for {self.subject}")
        options = self.query_one(OptionList)
        options.clear_options()
        for code, text in self.suggestions.get(self.subject, []):
            options.add_option(Option(f"{code}  {text}" if code else text, id=f"{code}|{text}"))
        options.display = options.option_count > 0

    def action_next_subject(self) -> None:
        self.index = (self.index + 1) % len(self.subjects)
        self._show_subject()

    def action_previous_subject(self) -> None:
        self.index = (self.index - 1) % len(self.subjects)
        self._show_subject()

    def on_key(self, event: Any) -> None:
        options = self.query_one(OptionList)
        if event.key == "down" and self.query_one(Input).has_focus and options.display:
            event.stop()
            options.focus()
            options.highlighted = 0

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(NextStep(self.subject, event.value.strip()))
        else:
            hint = self.query_one("#hint", Static)
            hint.update("type the next step, or pick a suggestion with ↓")
            hint.set_classes("error")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        code, _, text = (event.option.id or "|").partition("|")
        self.dismiss(NextStep(self.subject, text.removeprefix("◐ mostly: "), code))

    def action_cancel(self) -> None:
        self.dismiss(None)
