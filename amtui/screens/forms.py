"""Modal forms for the pupil file. Each dismisses with a value (or None when cancelled) and never
saves: the caller stores what comes back. Parsing happens here, so a bad value is refused in
place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

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
from amtui.widgets.keyed_options import KeyedOptions

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


class Form(ModalScreen[R], Generic[R]):
    """A modal form: it dismisses with its answer (None when cancelled) and never saves. Keys
    reach it in the order typed through the app's key router (`amtui.keys`); the screen that
    asked awaits the answer (`AmtuiScreen.ask`)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def submit(self, text: str) -> None:
        """Enter in the text field."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value.strip())

    def finish(self, answer: R) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def refuse(self, message: str) -> None:
        """Say in the form why what was typed cannot be kept; the form stays open."""
        hint = self.query_one("#hint", Static)
        hint.update(message)
        hint.set_classes("error")


class TextForm(Form[T | None], Generic[T]):
    """One line of text, parsed by `parse` (which raises AmtuiError to refuse it in place)."""

    DEFAULT_CSS = FORM_CSS.format(name="TextForm")

    def __init__(self, title: str, *, value: str = "", hint: str = "",
                 parse: Callable[[str], T] | None = None, allow_empty: bool = False) -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint
        self.parse: Callable[[str], T] = parse if parse is not None \
            else cast("Callable[[str], T]", str)  # the text as typed
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

    def __init__(self, subject: str, scheme: Scheme, suggested: Rag | None) -> None:
        super().__init__()
        self.subject, self.scheme, self.suggested = subject, scheme, suggested
        self.choices: list[Rag | None] = [*reversed(Rag), None]
        self.colour: Rag | None = None

    def compose(self) -> ComposeResult:
        suggested = self.suggested.label(self.scheme) if self.suggested is not None \
            else "none yet"
        with Vertical():
            yield Label(f"Override {self.subject} progress (suggested: {suggested})",
                        classes="title")
            yield KeyedOptions([*(r.label(self.scheme) for r in reversed(Rag)),
                                "clear the override"],
                               [*(r.letter(self.scheme).lower() for r in reversed(Rag)), "x"])
            yield Input(placeholder="why (printed on the profile)", id="text", disabled=True)
            yield Static("press a colour key first", classes="hint", id="hint")

    def on_mount(self) -> None:
        self.query_one(KeyedOptions).focus()

    @on(OptionList.OptionSelected)
    def _colour_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        colour = self.choices[event.option_index]
        if colour is None:
            self.finish(Override(None, ""))
            return
        self.colour = colour
        options = self.query_one(KeyedOptions)
        options.disabled = True
        options.display = False
        self.query_one(Label).update(f"Override {self.subject} progress: "
                                     f"{colour.label(self.scheme)}")
        reason = self.query_one("#text", Input)
        reason.disabled = False
        reason.focus()
        self.query_one("#hint", Static).update("type the reason, then Enter")

    def submit(self, text: str) -> None:
        if not text:
            self.refuse("a reason is needed — it is printed on the profile")
            return
        self.finish(Override(self.colour, text))


class ChoiceForm(Form[T | None], Generic[T]):
    """Pick one of a few options: each has a key (shown), arrows and Enter work too."""

    DEFAULT_CSS = FORM_CSS.format(name="ChoiceForm")

    def __init__(self, title: str, options: Sequence[tuple[str, str, T]], hint: str = "") -> None:
        super().__init__()
        self.title_text, self.options, self.hint = title, list(options), hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield KeyedOptions([label for _, label, _ in self.options],
                               [key for key, _, _ in self.options])
            if self.hint:
                yield Static(self.hint, classes="hint")

    def on_mount(self) -> None:
        self.query_one(KeyedOptions).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.finish(self.options[event.option_index][2])


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


class NextStepText(Input):
    """The next step's text field: ↓ goes down to the suggestions (an Input would scroll)."""

    BINDINGS = [Binding("down", "screen.suggestions", "Suggestions", show=False)]


class NextStepForm(Form[NextStep | None]):
    """A next step: Tab changes the subject; type it, or ↓ to pick a suggestion."""

    DEFAULT_CSS = FORM_CSS.format(name="NextStepForm")
    BINDINGS = [Binding("tab", "next_subject", "Subject"),
                Binding("shift+tab", "previous_subject", "Subject", show=False),
                Binding("down", "suggestions", "Suggestions")]

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
            yield NextStepText(value=self.text, placeholder="what the pupil will do next",
                               id="text")
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "suggestions":  # ↓ from the text field; in the list ↓ moves down it
            return self.is_mounted and isinstance(self.focused, Input) \
                and self.query_one(OptionList).display
        return True

    def action_suggestions(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0

    def submit(self, text: str) -> None:
        if text:
            self.finish(NextStep(self.subject, text))
        else:
            self.refuse("type the next step, or pick a suggestion with ↓")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        picked = self.suggestions[self.subject][event.option_index]
        self.finish(NextStep(self.subject, picked.text, picked.code))
