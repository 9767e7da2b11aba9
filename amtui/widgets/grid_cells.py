"""Drawing the class grid's cells: the levels of detail a width allows, and cell contents as
pieces of text with a role ("plain", "dim", "bold") or a Rag chip's own style. Pure drawing
decisions; the columns (grid_columns.py) choose them and the widget turns them into Strips."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style

from amtui.core.colours import Rag
from amtui.core.progress import SubjectStatus
from amtui.core.scheme import Scheme
from amtui.widgets.rag import NO_VALUE, OVERRIDE_MARK, RAG_STYLE, rag_letter, trend_mark


@dataclass(frozen=True, slots=True)
class Detail:
    """How much a layout shows; the widget picks the richest one that fits its width."""

    name: int
    are: bool        # ARE chip beside each progress chip
    values: bool     # attendance % and lates as numbers beside their chips
    missing: bool    # a Missing column (else it moves to the status line)
    meeting: int     # width of the meeting column; 3 shows a symbol


DETAILS: tuple[Detail, ...] = (
    Detail(name=18, are=True, values=True, missing=True, meeting=12),
    Detail(name=18, are=False, values=True, missing=True, meeting=12),
    Detail(name=18, are=False, values=False, missing=True, meeting=12),
    Detail(name=14, are=False, values=False, missing=False, meeting=3),
)
Piece = tuple[str, str | Style]  # text, and a role ("plain", "dim", "bold") or a chip's own style


def fit(pieces: list[Piece], width: int, pad: str = "plain") -> list[Piece]:
    """Pad or cut the pieces to exactly `width` cells (cut text ends in …)."""
    out: list[Piece] = []
    used = 0
    for text, role in pieces:
        size = cell_len(text)
        if used + size > width:
            room = width - used
            if room > 0:
                cut = text[:max(room - 1, 0)]
                while cell_len(cut) > room - 1:
                    cut = cut[:-1]
                out.append((cut + "…", role))
                used += cell_len(cut) + 1
            break
        out.append((text, role))
        used += size
    if used < width:
        out.append((" " * (width - used), pad))
    return out


def chip(rag: Rag | None, scheme: Scheme, mark: str = "", width: int = 3) -> Piece:
    if rag is None:
        return (NO_VALUE.center(width), "dim")
    return ((" " + rag_letter(rag, scheme) + mark).ljust(width), RAG_STYLE[rag])


def subject_pieces(status: SubjectStatus, scheme: Scheme, are: bool) -> list[Piece]:
    if status.step is None:
        return [(NO_VALUE, "dim")]
    mark = OVERRIDE_MARK if status.overridden else trend_mark(
        status.trajectory.gap if status.trajectory else None)
    pieces: list[Piece] = [(str(status.step).ljust(3 if are else 4), "bold"), (" ", "plain"),
                           chip(status.colour, scheme, mark)]
    if are:
        pieces += [(" ", "plain"), chip(status.are, scheme)]
    return pieces


def value_text(value: float | None, kind: str) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if kind == "attendance" else f"{value:g}"
