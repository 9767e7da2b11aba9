"""The class grid's columns, one small class per kind. Each knows how to draw its cell, explain
it on the status line, which stored version it shows (for the conflict check), which keys it
takes, and how what is typed or cleared there is saved — through a `CellWriter` the screen
provides, so the widget layer never touches the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from amtui.core.colours import Rag, parse_measure
from amtui.core.impact_words import signed
from amtui.core.models import Attainment
from amtui.core.progress import PupilSummary, SubjectStatus, reviews_colour
from amtui.core.scale import Level, are, parse_level
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.widgets.grid_cells import (
    DETAILS,
    NO_VALUE,
    Detail,
    Piece,
    chip,
    subject_pieces,
    value_text,
)
from amtui.widgets.rag import colour_keys

MEETING_SYMBOL = {"not started": NO_VALUE, "in progress": "◐", "signed": "✓", "amended": "✓*"}


class CellWriter(Protocol):
    """How the screen saves a cell: one store write each, with the version the cell showed."""

    def step(self, upn: str, subject: str, level: Level | None, seen: int) -> None: ...

    def measure(self, upn: str, area: str, value: float | None, seen: int) -> None: ...

    def colour(self, upn: str, area: str, colour: Rag | None, seen: int) -> None: ...

    def incidents(self, upn: str, area: str, counts: tuple[int, int, int], seen: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the grid: `key` is the subject or attitude area ("" otherwise); `x` the
    offset from the first scrolling column."""

    key: str
    label: str
    width: int
    x: int = 0

    frozen: ClassVar[bool] = False      # stays put when the grid scrolls sideways
    takes_colours: ClassVar[bool] = False  # r / a / g set the colour here
    clearable: ClassVar[bool] = False   # ⌫ / Del clear what is stored here
    stays_after_typing: ClassVar[bool] = False  # ⏎ stores what is typed and stays on the cell
    KEYS: ClassVar[str] = "arrows move · ⏎ opens the pupil file"

    def keys_hint(self, scheme: Scheme) -> str:
        """What keys do in this column, in the school's words."""
        return self.KEYS

    def starts_typing(self, character: str) -> bool:
        """Whether typing `character` here starts the cell editor."""
        return False

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        raise NotImplementedError

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        """The cell spelled out on the status line: how its colour follows from the numbers."""
        return ""

    def version(self, summary: PupilSummary) -> int:
        """The stored version of the record behind the cell (0 when nothing is stored yet)."""
        return 0

    def save(self, writer: CellWriter, summary: PupilSummary, text: str,
             scheme: Scheme) -> None:
        """Store what was typed (raises AmtuiError, with the reason, to refuse it)."""
        raise NotImplementedError

    def clear(self, writer: CellWriter, summary: PupilSummary) -> None:
        raise NotImplementedError


class MarkerColumn(Column):
    frozen = True

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [("▸" if cursor else " ", "bold")]


class NameColumn(Column):
    frozen = True
    KEYS = "letters jump to a pupil by name · ⏎ opens the pupil file"

    def takes_letter(self, character: str) -> bool:
        """Letters (and the name's own punctuation) jump to a pupil: type-ahead."""
        return character.isalpha() or character in " ,'-"

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [(summary.record.pupil.display_name, "plain")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        pupil = summary.record.pupil
        return (f"{pupil.display_name} · {pupil.year} {pupil.class_name} · "
                "type the start of a name to jump to a pupil, ⏎ opens their file")


class SubjectColumn(Column):
    clearable = True

    KEYS = "type a step (e.g. 5w+) and ⏎ · ⌫ clears it"

    def starts_typing(self, character: str) -> bool:
        return character.isdigit()

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        pieces = subject_pieces(self._status(summary), scheme, detail.are)
        entry = self._entry(summary)
        if entry is not None and entry.step is not None and entry.step_reason:
            text, style = pieces[0]  # the step: a trailing * where it overrides the sheet's
            pieces[0] = (f"{entry.step}*".ljust(len(text)), style)
        return pieces

    def _status(self, summary: PupilSummary) -> SubjectStatus:
        return next(s for s in summary.subjects if s.subject == self.key)

    def _entry(self, summary: PupilSummary) -> Attainment | None:
        record = summary.record
        return record.steps.get(self.key, {}).get(record.half_term)

    def version(self, summary: PupilSummary) -> int:
        entry = self._entry(summary)
        return entry.version if entry else 0

    def save(self, writer: CellWriter, summary: PupilSummary, text: str,
             scheme: Scheme) -> None:
        writer.step(summary.record.pupil.upn, self.key, parse_level(text, scheme.scale),
                    self.version(summary))

    def clear(self, writer: CellWriter, summary: PupilSummary) -> None:
        writer.step(summary.record.pupil.upn, self.key, None, self.version(summary))

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        status = self._status(summary)
        if status.step is None:
            example = "2D" if scheme.scale == "substages" else "5w+"
            return (f"{status.subject}: no step for {term.code} yet — type one (e.g. {example}) "
                    "and Enter")

        def label(rag: Rag | None) -> str:
            return "—" if rag is None else (rag.letter(scheme) if short else rag.label(scheme))

        parts = [f"{status.subject} {status.step}"]
        entry = self._entry(summary)
        if entry is not None and entry.awarded is not None:
            parts.append(f"* the sheet awards {entry.awarded}: “{entry.step_reason}”"
                         if entry.step_reason else "awarded by the criteria sheet")
        path = status.trajectory
        if path is None:
            parts.append("no start or target, so no progress colour")
        elif short:
            parts += [f"{path.start}→{path.target}", f"exp {path.expected}",
                      f"gap {signed(path.gap)} → {label(path.colour)}"]
        else:
            parts += [f"start {path.start}", f"target {path.target}",
                      f"expected after {term.code} {path.expected}",
                      f"gap {signed(path.gap)} → {label(path.colour)}"]
        if (reviewed := reviews_colour(summary.record, status.subject, scheme)) is not None:
            parts.append(f"last targets → {label(reviewed)}")
        if status.overridden:
            parts.append(f"overridden → {label(status.colour)}: “{status.override_reason}”")
        if status.are is not None:
            year, half_term = summary.record.pupil.year_group, summary.record.half_term
            parts.append(f"ARE {are(year, half_term)} → {label(status.are)}")
        return " · ".join(parts)


class AreaColumn(Column):
    """An attitude area: the colour, and for attendance and punctuality the number behind it."""

    def version(self, summary: PupilSummary) -> int:
        entry = summary.record.attitude.get(self.key)
        return entry.version if entry else 0

    def _label(self, rag: Rag | None, scheme: Scheme, short: bool) -> str:
        return "—" if rag is None else (rag.letter(scheme) if short else rag.label(scheme))


class MeasureColumn(AreaColumn):
    """Attendance % or lates: a number typed, its colour worked out."""

    clearable = True

    KEYS = "type a number and ⏎ (the colour follows) · ⌫ clears it"

    def starts_typing(self, character: str) -> bool:
        return character.isdigit() or character == "."

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        colour = summary.attitude.get(self.key)
        if not detail.values:
            return [chip(colour, scheme)]
        entry = summary.record.attitude.get(self.key)
        kind = scheme.area(self.key).kind
        text = value_text(entry.value if entry else None, kind)
        size = 4 if kind == "attendance" else 2
        return [(text.rjust(size) if text else NO_VALUE.rjust(size), "plain" if text else "dim"),
                (" ", "plain"), chip(colour, scheme)]

    def save(self, writer: CellWriter, summary: PupilSummary, text: str,
             scheme: Scheme) -> None:
        value = parse_measure(text, scheme.area(self.key).kind)
        writer.measure(summary.record.pupil.upn, self.key, value, self.version(summary))

    def clear(self, writer: CellWriter, summary: PupilSummary) -> None:
        writer.measure(summary.record.pupil.upn, self.key, None, self.version(summary))

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        entry = summary.record.attitude.get(self.key)
        colour = self._label(summary.attitude.get(self.key), scheme, short)
        if scheme.area(self.key).kind == "attendance":
            green, amber = Rag.GREEN.label(scheme).lower(), Rag.AMBER.label(scheme).lower()
            bands = (f"{green} above {scheme.attendance.green_above:g}%, {amber} from "
                     f"{scheme.attendance.amber_from:g}%")
            if entry is None or entry.value is None:
                return f"Attendance: not entered — type the % (e.g. 96.5) and Enter · {bands}"
            return f"Attendance {entry.value:.1f}% → {colour} · {bands}"
        bands = (f"{Rag.GREEN.label(scheme).lower()} {scheme.punctuality.green_max}, "
                 f"{Rag.AMBER.label(scheme).lower()} up to {scheme.punctuality.amber_max}")
        if entry is None or entry.value is None:
            return f"Punctuality: lates not entered — type how many and Enter · {bands}"
        return f"Punctuality {entry.value:g} late → {colour} · {bands}"


class ColourColumn(AreaColumn):
    """Behaviour, effort, homework, uniform: a colour set with one key."""

    takes_colours = True
    clearable = True

    def keys_hint(self, scheme: Scheme) -> str:
        return f"{colour_keys(scheme)} sets the colour · ⌫ clears it"

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [chip(summary.attitude.get(self.key), scheme)]

    def set_colour(self, writer: CellWriter, summary: PupilSummary, colour: Rag) -> None:
        writer.colour(summary.record.pupil.upn, self.key, colour, self.version(summary))

    def clear(self, writer: CellWriter, summary: PupilSummary) -> None:
        writer.colour(summary.record.pupil.upn, self.key, None, self.version(summary))

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        area = scheme.area(self.key)
        colour = summary.attitude.get(self.key)
        if colour is None:
            return f"{area.name}: not set — {colour_keys(scheme)} sets it"
        descriptor = getattr(area.descriptors, colour.name.lower())
        label = self._label(colour, scheme, short)
        return f"{area.name}: {label}" + (f" — {descriptor}" if descriptor else "")


class MeetingColumn(Column):
    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        state = summary.state
        if self.width <= 3:
            return [(MEETING_SYMBOL[state], "dim" if state == "not started" else "bold")]
        return [("—", "dim") if state == "not started" else (state, "plain")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        missing = f" · missing: {', '.join(summary.missing)}" if summary.missing else ""
        return (f"{summary.record.pupil.display_name}: meeting {summary.state}{missing} · "
                "Enter opens the pupil file")


class MissingColumn(Column):
    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [(", ".join(summary.missing) or "—", "plain" if summary.missing else "dim")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        pupil = summary.record.pupil
        if summary.missing:
            return f"Missing before {pupil.forename}'s meeting: {', '.join(summary.missing)}"
        return f"{pupil.forename} is ready for the meeting"


SHORT_AREA = {"attendance": "Att%", "punctuality": "Late", "behaviour": "Beh", "effort": "Eff",
              "homework": "HW", "uniform": "Uni"}
MISSING_MIN = 8
WIDE = 150  # from this width names get more room


Columns = Callable[[Scheme, Detail, int], list[Column]]
"""The columns a grid shows at a level of detail and a width."""


def layout(scheme: Scheme, width: int, columns_for: Columns | None = None,
           ) -> tuple[Detail, list[Column]]:
    """The columns for `width` cells (the class grid's, or `columns_for`'s): the first level of
    detail that fits (the last otherwise)."""
    for detail in DETAILS:
        columns = (columns_for or _columns)(scheme, detail, width)
        if sum(c.width for c in columns) <= width:
            break
    return detail, columns


def _columns(scheme: Scheme, detail: Detail, width: int) -> list[Column]:
    name = detail.name + (6 if width >= WIDE else 0)
    columns: list[Column] = [MarkerColumn("", "", 1), NameColumn("", "Pupil", name)]
    columns += [SubjectColumn(s, s, 12 if detail.are else 9) for s in scheme.subjects]
    for area in scheme.attitude_areas:
        label = SHORT_AREA.get(area.key, area.key[:3].title())
        if area.kind in ("attendance", "punctuality"):
            columns.append(MeasureColumn(area.key, label, 9 if area.kind == "attendance" else 7)
                           if detail.values else MeasureColumn(area.key, label[:3], 4))
        else:
            columns.append(ColourColumn(area.key, label[:3], 4))
    columns.append(MeetingColumn("", "Meeting" if detail.meeting > 3 else "Mtg", detail.meeting))
    if detail.missing:
        used = sum(c.width for c in columns)
        columns.append(MissingColumn("", "Missing", max(MISSING_MIN, width - used)))
    return place(columns)


def place(columns: list[Column]) -> list[Column]:
    """The columns with their offsets from the first scrolling column."""
    x, placed = 0, []
    for column in columns:
        if column.frozen:
            placed.append(column)
        else:
            placed.append(replace(column, x=x))
            x += column.width
    return placed
