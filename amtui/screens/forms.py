"""Modal forms for the pupil file. Each dismisses with a value (or None when cancelled) and never
saves: the caller stores what comes back. Parsing happens here so a bad value is refused in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from amtui.core.colours import Rag
from amtui.core.errors import AmtuiError
from amtui.core.scheme import Scheme
from amtui.screens.base import HoldsKeysUntilBuilt

T = TypeVar("T")
R = TypeVar("R")

FORM_CSS = """
    {name} {{ align: center middle; background: $background 60%; }}
    {name} > Vertical {{ width: 72; max-width: 96%; height: auto; max-height: 90%;
                       border: round $accent; background: $surface; padding: 0 1; }}
    {name} .title {{ text-style: bold; }}
    {name} .hint {{ color: $text-muted; }}
    {name} .error {{ color: $error; text-style: bold; }}
    {name} OptionList {{ height: auto; max-height: 12; }}
"""


class Form(HoldsKeysUntilBuilt, ModalScreen[R], Generic[R]):
    """A modal form that takes its keys the moment they arrive, in the order they were typed.

    Textual hands a key to the widget in focus when the key is read, but runs what it does
    later; keys typed straight after the one that opened a form (a fast typist, keys sent in
    one burst) would reach the screen below, or the form after it has answered. So the app
    gives each key to the form first (`take_key`, from `AmtuiApp.on_event`): typing, editing
    and Enter act on the text field at once, and `finish` hands the answer to whoever asked
    (`AmtuiScreen.ask`) before the next key is read."""

    def __init__(self) -> None:
        super().__init__()
        self.then: Callable[[Any], None] | None = None  # set by AmtuiScreen.ask

    def typing_field(self) -> Input | None:
        """The field typed text goes to now, if any."""
        fields = self.query("#text").results(Input)
        return next((field for field in fields if not field.disabled), None)

    def take_key(self, event: events.Key) -> bool:
        """Act on a key as it arrives; False leaves it to Textual (arrows in a list, Tab)."""
        key = event.key
        if key == "escape":
            self.action_cancel()
            return True
        field = self.typing_field()
        if field is None or self.focused not in (None, field):
            return False
        if event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
        elif key in EDIT_KEYS:
            getattr(field, EDIT_KEYS[key])()
        elif key == "enter":
            self.submit(field.value.strip())
        else:
            return False
        return True

    def submit(self, text: str) -> None:
        """Enter in the text field."""

    def finish(self, answer: R) -> None:
        """Close the form with `answer`, handing it at once to whoever asked."""
        self.dismiss(answer)
        if answer is not None and self.then is not None:
            self.then(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def refuse(self, message: str) -> None:
        """Say in the form why what was typed cannot be kept; the form stays open."""
        hint = self.query_one("#hint", Static)
        hint.update(message)
        hint.set_classes("error")


EDIT_KEYS = {"backspace": "action_delete_left", "delete": "action_delete_right",
             "left": "action_cursor_left", "right": "action_cursor_right",
             "home": "action_home", "end": "action_end"}


class TextForm(Form[T | None], Generic[T]):
    """One line of text, parsed by `parse` (which raises AmtuiError to refuse it in place)."""

    DEFAULT_CSS = FORM_CSS.format(name="TextForm")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]  # shown; `take_key` runs it

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

    def submit(self, text: str) -> None:
        if not text and not self.allow_empty:
            self.refuse("type something, or Esc to cancel")
            return
        try:
            answer = self.parse(text)
        except AmtuiError as exc:
            self.refuse(str(exc))
            return
        self.finish(answer)


@dataclass(frozen=True)
class Override:
    colour: Rag | None
    reason: str


class OverrideForm(Form[Override | None]):
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
        suggested = self.suggested.label(self.scheme) if self.suggested is not None \
            else "none yet"
        with Vertical():
            yield Label(f"Override {self.subject} progress (suggested: {suggested})",
                        classes="title")
            yield Static(f"Colour: {labels} · x clear the override", id="colour")
            yield Input(placeholder="why (printed on the profile)", id="text", disabled=True)
            yield Static("press a colour key first", classes="hint", id="hint")

    def take_key(self, event: events.Key) -> bool:
        if self.colour is not None or not event.is_printable:
            return super().take_key(event)
        key = (event.character or "").lower()
        if key == "x":
            self.finish(Override(None, ""))
            return True
        try:
            self.colour = Rag.parse(key, self.scheme)
        except AmtuiError:
            return True  # not a colour key: nothing to type yet
        self.query_one("#colour", Static).update(f"Colour: {self.colour.label(self.scheme)}")
        reason = self.query_one("#text", Input)
        reason.disabled = False
        reason.focus()
        self.query_one("#hint", Static).update("type the reason, then Enter")
        return True

    def submit(self, text: str) -> None:
        if not text:
            self.refuse("a reason is needed — it is printed on the profile")
            return
        self.finish(Override(self.colour, text))


class ChoiceForm(Form[T | None], Generic[T]):
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

    def take_key(self, event: events.Key) -> bool:
        for key, _, value in self.options:
            if event.character and event.character.lower() == key.lower():
                self.finish(value)
                return True
        return super().take_key(event)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.finish(self.options[int(event.option.id or 0)][2])


@dataclass(frozen=True)
class NextStep:
    subject: str
    text: str
    criterion: str = ""


@dataclass(frozen=True)
class Suggestion:
    """A criterion offered as a next step; `mostly` if the pupil has it mostly (a line)."""

    code: str
    text: str
    mostly: bool = False

    @property
    def label(self) -> str:
        code = f"{self.code}  " if self.code else ""
        return f"{code}{'◐ mostly: ' if self.mostly else ''}{self.text}"


class NextStepForm(Form[NextStep | None]):
    """A next step: Tab changes the subject; type it, or ↓ to pick a suggestion."""

    DEFAULT_CSS = FORM_CSS.format(name="NextStepForm")
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("tab", "next_subject", "Subject", priority=True),
                Binding("shift+tab", "previous_subject", "Subject", priority=True, show=False)]

    def __init__(self, subjects: Sequence[str], subject: str,
                 suggestions: dict[str, list[Suggestion]], text: str = "") -> None:
        super().__init__()
        self.subjects = list(subjects)
        self.index = self.subjects.index(subject) if subject in self.subjects else 0
        self.suggestions = suggestions  # subject → its criteria, those mostly achieved first
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
        for suggestion in self.suggestions.get(self.subject, []):
            options.add_option(Option(suggestion.label))
        options.display = options.option_count > 0

    def action_next_subject(self) -> None:
        self.index = (self.index + 1) % len(self.subjects)
        self._show_subject()

    def action_previous_subject(self) -> None:
        self.index = (self.index - 1) % len(self.subjects)
        self._show_subject()

    def take_key(self, event: events.Key) -> bool:
        options = self.query_one(OptionList)
        if event.key == "down" and self.focused in (None, self.query_one(Input)) \
                and options.display:
            self.set_focus(options)
            options.highlighted = 0
            return True
        return super().take_key(event)

    def submit(self, text: str) -> None:
        if text:
            self.finish(NextStep(self.subject, text))
        else:
            self.refuse("type the next step, or pick a suggestion with ↓")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        picked = self.suggestions[self.subject][event.option_index]
        self.finish(NextStep(self.subject, picked.text, picked.code))
