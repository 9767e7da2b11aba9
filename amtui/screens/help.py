"""The keys screen (`?` / F1): every binding of the screen underneath and the global ones,
generated from the bindings themselves, plus what typing does there."""

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


@dataclass(frozen=True, slots=True)
class KeySection:
    title: str
    rows: tuple[tuple[str, str], ...]  # keys, what they do


def declared_bindings(node: DOMNode) -> list[Binding]:
    """Every binding `node`'s class and its bases declare, one per key."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        if "BINDINGS" in vars(cls):
            found.extend(Binding.make_bindings(vars(cls)["BINDINGS"]))
    return found


def key_sections(screen: Screen[object]) -> list[KeySection]:
    """The keys of the screen and its focused widget, and the global ones (last): what is
    active now, plus what is declared but not available at the moment, marked so. One row per
    action with all its keys."""
    app = screen.app
    groups: dict[int, tuple[DOMNode, dict[str, list[str]], dict[str, str]]] = {}
    for active in screen.active_bindings.values():
        _, keys, described = groups.setdefault(id(active.node), (active.node, {}, {}))
        binding = active.binding
        keys.setdefault(binding.action, []).append(app.get_key_display(binding))
        note = "" if active.enabled else " (not here)"
        described.setdefault(binding.action, (binding.description or binding.action) + note)
    for node, keys, described in groups.values():
        for binding in declared_bindings(node):
            if binding.action not in keys:
                described[binding.action] = (binding.description or binding.action) + " (not here)"
            keys.setdefault(binding.action, []).append(app.get_key_display(binding))
    sections = []
    for node, keys, described in groups.values():
        title = "Everywhere" if node is app else getattr(node, "HELP_TITLE", type(node).__name__)
        rows = tuple((" / ".join(dict.fromkeys(keys[action])), described[action]) for action in keys)
        sections.append(KeySection(title, rows))
    sections.sort(key=lambda s: s.title == "Everywhere")
    typing = tuple(getattr(screen, "TYPING_HELP", ()))
    if typing:
        sections.insert(0, KeySection("Typing", typing))
    return sections


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
