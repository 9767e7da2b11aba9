"""The class grid's columns and cells: which columns fit a width, and what each cell shows, as
pieces of text with a role ("plain", "dim", "bold") or a Rag chip's own style. Pure drawing
decisions; the widget (class_table.py) turns them into Strips."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from rich.cells import cell_len
from rich.style import Style

from amtui.core.colours import Rag
from amtui.core.progress import PupilSummary, SubjectStatus
from amtui.core.scheme import AttitudeArea, Scheme
from amtui.widgets.rag import NO_VALUE, OVERRIDE_MARK, RAG_STYLE, rag_letter, trend_mark

Kind = Literal["marker", "name", "subject", "value", "colour", "meeting", "missing"]
SHORT_AREA = {"attendance": "Att%", "punctuality": "Late", "behaviour": "Beh", "effort": "Eff",
              "homework": "HW", "uniform": "Uni"}
MEETING_SYMBOL = {"not started": NO_VALUE, "in progress": "◐", "signed": "✓", "amended": "✓*"}


@dataclass(frozen=True, slots=True)
class Column:
    kind: Kind
    key: str      # subject name or attitude area key; "" otherwise
    label: str
    width: int
    x: int = 0    # offset from the first scrolling column (name and marker are frozen)


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
MISSING_MIN = 8
WIDE = 150  # from this width names get more room


def _area_column(area: AttitudeArea, detail: Detail) -> Column:
    label = SHORT_AREA.get(area.key, area.key[:3].title())
    if area.kind in ("attendance", "punctuality") and detail.values:
        return Column("value", area.key, label, 9 if area.kind == "attendance" else 7)
    kind: Kind = "value" if area.kind in ("attendance", "punctuality") else "colour"
    return Column(kind, area.key, label[:3], 4)


def layout(scheme: Scheme, width: int) -> tuple[Detail, list[Column]]:
    """The columns for `width` cells: the first level of detail that fits (the last otherwise)."""
    for detail in DETAILS:
        columns = _columns(scheme, detail, width)
        if sum(c.width for c in columns) <= width:
            break
    return detail, columns


def _columns(scheme: Scheme, detail: Detail, width: int) -> list[Column]:
    name = detail.name + (6 if width >= WIDE else 0)
    columns = [Column("marker", "", "", 1), Column("name", "", "Pupil", name)]
    columns += [Column("subject", s, s, 12 if detail.are else 9) for s in scheme.subjects]
    columns += [_area_column(area, detail) for area in scheme.attitude_areas]
    columns.append(Column("meeting", "", "Meeting" if detail.meeting > 3 else "Mtg", detail.meeting))
    if detail.missing:
        used = sum(c.width for c in columns)
        columns.append(Column("missing", "", "Missing", max(MISSING_MIN, width - used)))
    x, placed = 0, []
    for column in columns:
        if column.kind in ("marker", "name"):
            placed.append(column)
        else:
            placed.append(replace(column, x=x))
            x += column.width
    return placed


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


def _chip(rag: Rag | None, scheme: Scheme, mark: str = "", width: int = 3) -> Piece:
    if rag is None:
        return (NO_VALUE.center(width), "dim")
    return ((" " + rag_letter(rag, scheme) + mark).ljust(width), RAG_STYLE[rag])


def subject_pieces(status: SubjectStatus, scheme: Scheme, are: bool) -> list[Piece]:
    if status.step is None:
        return [(NO_VALUE, "dim")]
    mark = OVERRIDE_MARK if status.overridden else trend_mark(
        status.trajectory.gap if status.trajectory else None)
    pieces: list[Piece] = [(str(status.step).ljust(3 if are else 4), "bold"), (" ", "plain"),
                           _chip(status.colour, scheme, mark)]
    if are:
        pieces += [(" ", "plain"), _chip(status.are, scheme)]
    return pieces


def _value_text(value: float | None, kind: str) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if kind == "attendance" else f"{value:g}"


def cell_pieces(summary: PupilSummary, column: Column, scheme: Scheme, detail: Detail,
                cursor: bool) -> list[Piece]:
    """What one cell shows, as pieces to be fitted to the column width."""
    record = summary.record
    kind = column.kind
    if kind == "marker":
        return [("▸" if cursor else " ", "bold")]
    if kind == "name":
        return [(record.pupil.display_name, "plain")]
    if kind == "subject":
        status = next(s for s in summary.subjects if s.subject == column.key)
        return subject_pieces(status, scheme, detail.are)
    if kind in ("value", "colour"):
        entry = record.attitude.get(column.key)
        colour = summary.attitude.get(column.key)
        if kind == "value" and detail.values:
            area = scheme.area(column.key)
            text = _value_text(entry.value if entry else None, area.kind)
            size = 4 if area.kind == "attendance" else 2
            return [(text.rjust(size) if text else NO_VALUE.rjust(size), "plain" if text else "dim"),
                    (" ", "plain"), _chip(colour, scheme)]
        return [_chip(colour, scheme)]
    if kind == "meeting":
        if column.width <= 3:
            return [(MEETING_SYMBOL[summary.state], "dim" if summary.state == "not started" else "bold")]
        return [("—", "dim") if summary.state == "not started" else (summary.state, "plain")]
    return [(", ".join(summary.missing) or "—", "plain" if summary.missing else "dim")]
