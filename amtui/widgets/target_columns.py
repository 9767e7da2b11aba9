"""The targets screen's columns, for `ClassTable`: per core subject the starting point (with its
source), the FFT estimate, the aspirational target, and this year's rung of the ladder. Typed
values are saved through a `TargetWriter` the screen provides; the widget layer never touches
the store."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar, Protocol

from amtui.core.errors import InvalidInput
from amtui.core.models import LevelField, StartingPoint, Target
from amtui.core.progress import PupilSummary
from amtui.core.scale import Level, parse_level, year_label
from amtui.core.scheme import Scheme
from amtui.core.targets import KEY_STAGE_ENDS, ladder_end, parse_source
from amtui.core.terms import Term
from amtui.widgets.grid_cells import Detail, Piece
from amtui.widgets.grid_columns import WIDE, Column, MarkerColumn, NameColumn, layout
from amtui.widgets.rag import NO_VALUE

RAISED = "↑"


@dataclass(frozen=True, slots=True)
class TargetRow(PupilSummary):
    """A pupil's row on the targets screen: their summary, and per subject the starting point
    and the target ladder (year group → target)."""

    starts: dict[str, StartingPoint] = field(default_factory=dict)
    ladders: dict[str, dict[int, Target]] = field(default_factory=dict)


def target_row(summary: PupilSummary, starts: list[StartingPoint],
               ladder: list[Target]) -> TargetRow:
    """`summary` with the pupil's starting points and targets."""
    ladders: dict[str, dict[int, Target]] = {}
    for target in ladder:
        ladders.setdefault(target.subject, {})[target.year_group] = target
    return TargetRow(summary.record, summary.subjects, summary.attitude, summary.state,
                     summary.missing, summary.off_track,
                     starts={point.subject: point for point in starts}, ladders=ladders)


class TargetWriter(Protocol):
    """How the screen saves a cell: one store write each, with the version the cell showed."""

    def starting_point(self, point: StartingPoint, end_year: int, seen: int) -> None: ...

    def estimates(self, upn: str, subject: str, fft: LevelField | None,
                  aspirational: LevelField | None, seen: int) -> None: ...


def short_source(label: str) -> str:
    """A starting point's source in a cell: `KS1`, `Y4`, `R`, `EYFS`."""
    if label == "End of Reception":
        return "R"
    return label.removeprefix("End of ").removesuffix(" result")


def default_source(year_group: int) -> str:
    """Where a starting point comes from when none is given: the end of the key stage before the
    pupil's (EYFS for Y1–Y2, KS1 for Y3–Y6 …)."""
    ends = [end for end in KEY_STAGE_ENDS if end < year_group]
    return f"KS{len(ends)}" if ends else "EYFS"


def _row(summary: PupilSummary) -> TargetRow:
    if not isinstance(summary, TargetRow):
        raise TypeError("a target column draws TargetRows")
    return summary


def _step(level: LevelField | None) -> str:
    return NO_VALUE if level is None else str(level)


class TargetColumn(Column):
    """A subject's column on the targets screen (`key` is the subject)."""

    def start(self, summary: PupilSummary) -> StartingPoint | None:
        return _row(summary).starts.get(self.key)

    def version(self, summary: PupilSummary) -> int:
        point = self.start(summary)
        return point.version if point else 0

    def store(self, writer: TargetWriter, summary: PupilSummary, text: str,
              scheme: Scheme) -> None:
        """Store what was typed (raises AmtuiError, with the reason, to refuse it)."""
        raise NotImplementedError

    def unset(self, writer: TargetWriter, summary: PupilSummary) -> None:
        """Clear what is stored here."""
        raise NotImplementedError


class StartColumn(TargetColumn):
    """The starting point: a step and where it comes from (`KS1 2b+`)."""

    KEYS = "type a step (e.g. 2b+, or 2b+ Y4 to give the source) and ⏎ — the ladder follows"

    def starts_typing(self, character: str) -> bool:
        return character.isdigit()

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        point = self.start(summary)
        if point is None:
            return [(NO_VALUE, "dim")]
        return [(short_source(point.label) + " ", "dim"), (str(point.step), "bold")]

    def store(self, writer: TargetWriter, summary: PupilSummary, text: str,
              scheme: Scheme) -> None:
        step_text, _, source = text.strip().partition(" ")
        step = parse_level(step_text, scheme.scale)
        pupil, point = summary.record.pupil, self.start(summary)
        if source.strip() or point is None:
            year, label = parse_source(source.strip() or default_source(pupil.year_group))
        else:
            year, label = point.year_group, point.label
        if year > pupil.year_group:
            raise InvalidInput(f"{label} is after {pupil.forename}'s year "
                               f"({year_label(pupil.year_group)}) — give an earlier source")
        new = StartingPoint(upn=pupil.upn, subject=self.key, year_group=year, step=step,
                            label=label)
        if point is not None:
            new = replace(new, fft=point.fft, aspirational=point.aspirational)
        writer.starting_point(new, ladder_end(year), self.version(summary))

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        point = self.start(summary)
        if point is None:
            source = default_source(summary.record.pupil.year_group)
            return (f"{self.key}: no starting point — type a step and ⏎ (from {source}; "
                    "add a source to change it, e.g. 2b+ Y4)")
        rungs = _row(summary).ladders.get(self.key, {})
        ladder = " · ".join(f"{year_label(year)} {rung.step}{RAISED if rung.raised else ''}"
                            for year, rung in sorted(rungs.items()))
        return f"{self.key} from {point.label} {point.step} → {ladder or 'no ladder yet'}"


class EstimateColumn(TargetColumn):
    """The FFT estimate for the end of the key stage (the floor for lowering a target)."""

    clearable = True
    NAME: ClassVar[str] = "FFT estimate"
    KEYS = "type a step and ⏎ · ⌫ clears it"

    def starts_typing(self, character: str) -> bool:
        return character.isdigit()

    def value(self, point: StartingPoint) -> LevelField | None:
        return point.fft

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        point = self.start(summary)
        shown = None if point is None else self.value(point)
        return [(_step(shown), "dim" if shown is None else "plain")]

    def store(self, writer: TargetWriter, summary: PupilSummary, text: str,
              scheme: Scheme) -> None:
        self._write(writer, summary, parse_level(text.strip(), scheme.scale))

    def unset(self, writer: TargetWriter, summary: PupilSummary) -> None:
        self._write(writer, summary, None)

    def _write(self, writer: TargetWriter, summary: PupilSummary, level: Level | None) -> None:
        point = self.start(summary)
        fft, aspirational = self.replaced(point, level)
        writer.estimates(summary.record.pupil.upn, self.key, fft, aspirational,
                         self.version(summary))

    def replaced(self, point: StartingPoint | None,
                 level: Level | None) -> tuple[LevelField | None, LevelField | None]:
        """(FFT estimate, aspirational target) with this column's one set to `level`."""
        return level, None if point is None else point.aspirational

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        point = self.start(summary)
        if point is None:
            return f"{self.key} {self.NAME}: set the starting point first"
        shown = self.value(point)
        if shown is None:
            return f"{self.key} {self.NAME}: none — {self.KEYS}"
        return f"{self.key} {self.NAME} {shown} (end of the key stage) · {self.KEYS}"


class AspirationColumn(EstimateColumn):
    """The aspirational target (PTT), optional, beside the minimum target."""

    NAME = "aspirational target"

    def value(self, point: StartingPoint) -> LevelField | None:
        return point.aspirational

    def replaced(self, point: StartingPoint | None,
                 level: Level | None) -> tuple[LevelField | None, LevelField | None]:
        return None if point is None else point.fft, level


class YearTargetColumn(TargetColumn):
    """This year's rung of the ladder, read only; ↑ when it was raised."""

    KEYS = "read only: the ladder follows the starting point · raise it in the pupil file"

    def _target(self, summary: PupilSummary) -> Target | None:
        year = summary.record.pupil.year_group
        return _row(summary).ladders.get(self.key, {}).get(year)

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        target = self._target(summary)
        if target is None:
            return [(NO_VALUE, "dim")]
        return [(str(target.step), "bold"), (RAISED if target.raised else "", "plain")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        target = self._target(summary)
        year = year_label(summary.record.pupil.year_group)
        if target is None:
            return f"{self.key}: no {year} target — set the starting point"
        raised = f" · raised {RAISED}: “{target.note}”" if target.raised else ""
        return f"{self.key} {year} target {target.step}{raised} · {self.KEYS}"


def target_layout(scheme: Scheme, width: int) -> tuple[Detail, list[Column]]:
    """The targets screen's columns for `width` cells (a `ClassTable` layout)."""
    return layout(scheme, width, _columns)


def _columns(scheme: Scheme, detail: Detail, width: int) -> list[Column]:
    name = detail.name + (6 if width >= WIDE else 0)
    columns: list[Column] = [MarkerColumn("", "", 1), NameColumn("", "Pupil", name)]
    x = 0
    for subject in scheme.core_subjects:
        for column in (StartColumn(subject, subject, 11), EstimateColumn(subject, "FFT", 6),
                       AspirationColumn(subject, "Asp", 6),
                       YearTargetColumn(subject, "Target", 8)):
            columns.append(replace(column, x=x))
            x += column.width
    return columns
