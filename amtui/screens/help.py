"""The keys screen (`?` / F1): amtui's own keys where the user is — the focused part, the
screen, everywhere — generated from the bindings themselves, what typing does there, and a
legend of the marks the screens draw. Textual's own internals (focus, scrolling) are left out."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from amtui.core.colours import Rag
from amtui.core.scheme import Scheme
from amtui.widgets.rag import COLOUR_KEYS, colour_for_key


@dataclass(frozen=True, slots=True)
class KeySection:
    title: str
    rows: tuple[tuple[str, str], ...]  # keys, what they do


def legend(scheme: Scheme) -> KeySection:
    """What the marks on the screens mean, in the school's own colour words."""
    letters = " ".join(rag.letter(scheme) for rag in Rag)
    words = ", ".join(rag.label(scheme).lower() for rag in Rag)
    return KeySection("What the marks mean", (
        (f"4w+ {Rag.GREEN.letter(scheme)} {Rag.AMBER.letter(scheme)}",
         "a step, its progress colour (against the target path), then its colour against "
         "age-related expectations (ARE)"),
        (letters, f"{words} — the letter is shown too, so it reads without colour"),
        ("▲ ▼", "ahead of / behind the expected step on the way to this year's target"),
        ("!", "the colour was chosen by the teacher over the one worked out (the reason is kept)"),
        ("·", "nothing recorded yet"),
        ("◐ ✓ ✓*", "meeting in progress · signed · amended after signing"),
    ))


def declared_bindings(node: DOMNode) -> list[Binding]:
    """The bindings amtui's own classes declare on `node` (not Textual's), one per key."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        if "BINDINGS" in vars(cls) and cls.__module__.startswith("amtui"):
            found.extend(Binding.make_bindings(vars(cls)["BINDINGS"]))
    return found


def _for_this_school(binding: Binding, scheme: Scheme | None) -> bool:
    """False for a colour key that is not one of the school's letters (`a` where amber is
    called Yellow)."""
    key = binding.action.removeprefix("colour('").removesuffix("')")
    return scheme is None or key == binding.action or key not in COLOUR_KEYS \
        or colour_for_key(key, scheme) is not None


def key_sections(screen: Screen[object]) -> list[KeySection]:
    """The keys of the focused part, the screen and everywhere (last): those that work now,
    and those declared here that do not at the moment, marked "(not here)". One row per
    action with all its keys; then what typing does, and the legend."""
    app = screen.app
    scheme: Scheme | None = getattr(app, "scheme", None)
    enabled = {(id(a.node), a.binding.action): a.enabled
               for a in screen.active_bindings.values()}
    nodes = list(dict.fromkeys(a.node for a in screen.active_bindings.values()))
    sections = []
    for node in nodes:
        keys: dict[str, list[str]] = {}
        described: dict[str, str] = {}
        for binding in declared_bindings(node):
            if not binding.description or not _for_this_school(binding, scheme):
                continue
            keys.setdefault(binding.action, []).append(app.get_key_display(binding))
            here = enabled.get((id(node), binding.action), False)
            described.setdefault(binding.action,
                                 binding.description + ("" if here else " (not here)"))
        if keys:
            title = "Everywhere" if node is app else getattr(node, "HELP_TITLE",
                                                              type(node).__name__)
            sections.append(KeySection(title, tuple(
                (" / ".join(dict.fromkeys(keys[action])), described[action]) for action in keys)))
    sections.sort(key=lambda s: s.title == "Everywhere")
    typing = tuple(getattr(screen, "TYPING_HELP", ()))
    if typing:
        sections.insert(0, KeySection("Typing", typing))
    return [*sections, legend(scheme)] if scheme is not None else sections


class HelpScreen(ModalScreen[None]):
    """Keys of the screen underneath; Esc, q or ? closes."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll { width: 90; max-width: 100%; height: auto; max-height: 100%;
                             border: round $accent; background: $surface; padding: 0 1; }
        & .help-title { text-style: bold; color: $accent; padding: 1 0 0 0; }
        & #help-hint { color: $text-muted; padding: 1 0 0 0; }
    }
    """
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, sections: list[KeySection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for section in self.sections:
                yield Label(section.title, classes="help-title", markup=False)
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True)
                table.add_column()
                for keys, what in section.rows:
                    table.add_row(Text(keys), Text(what))
                yield Static(table)
            yield Label("Esc, q or ? closes", id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
