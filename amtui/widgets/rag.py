"""How a Rag is drawn: a coloured chip that also carries a letter (and ▲/▼ for a trajectory), so
it reads without colour, for colour-blind users and under a 256-colour terminal (tmux).

The three fills are exact xterm-256 cube colours chosen to differ in lightness as well as hue
(dark crimson / bright orange / teal), with a text colour picked for contrast on each: the chip
reads the same on Textual's light and dark themes because it brings its own background.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from amtui.core.colours import Rag
from amtui.core.scheme import Scheme

# Fill and ink for each level: xterm-256 colours 161, 214 and 37.
RAG_BACKGROUND: dict[Rag, str] = {Rag.RED: "#d7005f", Rag.AMBER: "#ffaf00", Rag.GREEN: "#00afaf"}
RAG_FOREGROUND: dict[Rag, str] = {Rag.RED: "#ffffff", Rag.AMBER: "#000000", Rag.GREEN: "#000000"}
RAG_STYLE: dict[Rag, Style] = {
    rag: Style(color=RAG_FOREGROUND[rag], bgcolor=RAG_BACKGROUND[rag], bold=True) for rag in Rag}

NO_VALUE = "·"        # nothing recorded yet
OVERRIDE_MARK = "!"   # the teacher chose this colour over the suggestion
AHEAD = "▲"           # above the expected step on the trajectory
BEHIND = "▼"          # below it


def rag_letter(rag: Rag | None, scheme: Scheme) -> str:
    """The scheme's first letter for the level (R/A/G, or Y where amber is called Yellow)."""
    return NO_VALUE if rag is None else rag.letter(scheme)


def rag_style(rag: Rag | None) -> Style:
    return RAG_STYLE[rag] if rag is not None else Style(dim=True)


def rag_text(rag: Rag | None, scheme: Scheme, *, mark: str = "", width: int = 3) -> Text:
    """A chip: the letter (plus `mark`, e.g. OVERRIDE_MARK or a trend arrow) centred in `width`
    cells on the level's colour; a dim dot when there is no colour yet."""
    label = rag_letter(rag, scheme) + (mark if rag is not None else "")
    return Text(label.center(max(width, len(label))), style=rag_style(rag), end="")


def trend_mark(gap: int | None) -> str:
    """▲ ahead of the trajectory, ▼ behind it, nothing on it or when unknown."""
    if gap is None or gap == 0:
        return ""
    return AHEAD if gap > 0 else BEHIND


COLOUR_KEYS: dict[str, str] = {"r": "Red", "a": "Amber", "y": "Yellow", "g": "Green"}
"""The colour keys a widget binds; each is live only where the scheme's labels start with it (a
Yellow school keys `y`, an Amber one `a`), so the footer shows the school's own words."""


def colour_bindings() -> list[Binding]:
    """`colour('r')` … bindings, one per key of COLOUR_KEYS (see `colour_for_key`)."""
    return [Binding(key, f"colour('{key}')", label) for key, label in COLOUR_KEYS.items()]


def colour_for_key(key: str, scheme: Scheme) -> Rag | None:
    """The level whose scheme label starts with `key` (`y` in a Yellow school), else None."""
    return next((rag for rag in Rag if rag.letter(scheme).lower() == key), None)


def colour_keys(scheme: Scheme) -> str:
    """The scheme's colour keys for a hint: `r, a or g` (`r, y or g` in a Yellow school)."""
    letters = [rag.letter(scheme).lower() for rag in Rag]
    return f"{', '.join(letters[:-1])} or {letters[-1]}"
