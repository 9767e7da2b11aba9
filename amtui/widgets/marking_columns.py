"""The criteria marking sheet's rows and columns, for `ClassTable`: per criterion the pupil's best
mark this year, then their cross count and band. `MarkingTable` adds the "have it" line under
the pupils. The widget layer only draws: the screen saves the marks."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.segment import Segment
from textual.geometry import Region, Size
from textual.strip import Strip

from amtui.core.criteria import Mark
from amtui.core.marking import is_gap
from amtui.core.progress import PupilSummary
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.widgets.class_table import ClassTable, Layout
from amtui.widgets.grid_cells import DETAILS, Detail, Piece, fit
from amtui.widgets.grid_columns import Column, MarkerColumn, NameColumn

MARK_KEYS = ". dot (partly) · / line (mostly) · x cross (fully) · space or ⌫ blanks"
MARK_NAMES = {Mark.BLANK: "blank", Mark.DOT: ".", Mark.LINE: "/", Mark.CROSS: "x"}


@dataclass(frozen=True, slots=True)
class MarkRow(PupilSummary):
    """A pupil's line on the sheet: best mark per criterion, this year's marks half-term by
    half-term (criterion → half-term → mark), the versions of this half-term's rows, and the
    cross count and band in words."""

    best: dict[int, Mark] = field(default_factory=dict)
    by_term: dict[int, dict[int, Mark]] = field(default_factory=dict)
    versions: dict[int, int] = field(default_factory=dict)
    crosses: int = 0
    band: str = ""


def _row(summary: PupilSummary) -> MarkRow:
    if not isinstance(summary, MarkRow):
        raise TypeError("a marking column draws MarkRows")
    return summary


class SheetColumn(Column):
    """A column of the sheet; `footer` is its cell on the "have it" line."""

    def footer(self, rows: list[MarkRow]) -> list[Piece]:
        return []


class PupilColumn(NameColumn):
    def footer(self, rows: list[MarkRow]) -> list[Piece]:
        return [("have it", "bold")]


class CriterionColumn(SheetColumn):
    """One criterion (`key` is its number): the best mark so far this year."""

    clearable = True
    KEYS = MARK_KEYS

    @property
    def number(self) -> int:
        return int(self.key)

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        mark = _row(summary).best.get(self.number, Mark.BLANK)
        return [(" " + mark.symbol, "bold")]  # a blank shows nothing, as on paper

    def version(self, summary: PupilSummary) -> int:
        return _row(summary).versions.get(self.number, 0)

    def footer(self, rows: list[MarkRow]) -> list[Piece]:
        count = sum(row.best.get(self.number) is Mark.CROSS for row in rows)
        return [(f"{count:>2}", "bold" if is_gap(count, len(rows)) else "dim")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        marks = _row(summary).by_term.get(self.number, {})
        terms = " · ".join(f"T{half} {MARK_NAMES[mark]}" for half, mark in sorted(marks.items()))
        name = summary.record.pupil.display_name
        return f"{name} · {self.key}: {terms or 'no mark yet'} · {MARK_KEYS}"


class CrossesColumn(SheetColumn):
    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [(f"{_row(summary).crosses:>3}", "bold")]


class BandColumn(SheetColumn):
    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [(_row(summary).band, "plain")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        row = _row(summary)
        return f"{summary.record.pupil.display_name}: {row.crosses} crosses · {row.band}"


def marking_layout(numbers: list[int]) -> Layout:
    """The sheet's columns for the criteria `numbers` (a `ClassTable` layout)."""

    def columns(scheme: Scheme, width: int) -> tuple[Detail, list[Column]]:
        detail = DETAILS[0] if width >= 100 else DETAILS[-1]
        found: list[Column] = [MarkerColumn("", "", 1), PupilColumn("", "Pupil", detail.name)]
        x = 0
        for number in numbers:
            found.append(CriterionColumn(str(number), str(number), 3, x))
            x += 3
        found.append(CrossesColumn("", "  x", 4, x))
        found.append(BandColumn("", "band", 44, x + 4))
        return detail, found

    return columns


class MarkingTable(ClassTable):
    """The class grid widget with a "have it" line under the pupils."""

    def _resize_virtual(self) -> None:
        super()._resize_virtual()
        self.virtual_size = Size(self.virtual_size.width, len(self.rows) + 2)

    def update_row(self, summary: PupilSummary) -> None:
        super().update_row(summary)
        y = len(self.rows) - round(self.scroll_y) + 1
        self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y - 1
        if y == 0 or not self.rows or index != len(self.rows):
            return super().render_line(y)
        rows = [_row(row) for row in self.rows]
        frozen: list[Segment] = []
        rest: list[Segment] = []
        for column in self.columns:
            pieces = column.footer(rows) if isinstance(column, SheetColumn | PupilColumn) else []
            part = frozen if column.frozen else rest
            gap = 0 if isinstance(column, MarkerColumn) else 1
            part.extend(self._segments([*fit(pieces, column.width - gap),
                                        *[(" ", "plain")] * gap]))
        width = self.size.width
        head, tail = Strip(frozen), Strip(rest)
        room = max(width - head.cell_length, 0)
        left = round(self.scroll_x)
        return Strip.join([head, tail.crop(left, left + room)]).extend_cell_length(
            width, self.rich_style)

