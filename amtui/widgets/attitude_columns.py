"""The attitude view of the class grid: one column per scheme attitude area for the half-term.
Attendance and lates are typed (the measure columns); behaviour takes incident counts on the
ladder and suggests a colour to accept or change; the other areas take one colour key. Each
area's cell shows its comment, and the status line the scheme's grading key for the area."""

from __future__ import annotations

from dataclasses import replace

from amtui.core.colours import Rag, behaviour_suggestion, parse_incidents
from amtui.core.progress import PupilSummary
from amtui.core.scheme import AttitudeArea, Scheme
from amtui.core.terms import Term
from amtui.widgets.grid_cells import NO_VALUE, Detail, Piece, chip
from amtui.widgets.grid_columns import (
    SHORT_AREA,
    CellWriter,
    ColourColumn,
    Column,
    MarkerColumn,
    MeasureColumn,
    NameColumn,
    place,
)
from amtui.widgets.rag import colour_keys

COMMENT_MIN = 8  # a colour cell with room for the start of its comment
COMMENT_MAX = 24


def grading_key(area: AttitudeArea, scheme: Scheme, current: Rag | None) -> str:
    """The scheme's descriptor of each colour for `area`, the current colour's first."""
    order = sorted(Rag, key=lambda rag: (rag != current, -int(rag)))
    parts = [f"{rag.letter(scheme)} {getattr(area.descriptors, rag.name.lower())}"
             for rag in order if getattr(area.descriptors, rag.name.lower())]
    return " · ".join(parts)


def comment_pieces(summary: PupilSummary, key: str, room: bool) -> list[Piece]:
    entry = summary.record.attitude.get(key)
    if entry is None or not entry.comment:
        return []
    return [(" " + entry.comment if room else "✎", "plain" if room else "bold")]


class AreaColourColumn(ColourColumn):
    """Effort, homework, uniform …: one colour key each, the comment beside the colour."""

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [chip(summary.attitude.get(self.key), scheme),
                *comment_pieces(summary, self.key, self.width >= COMMENT_MIN)]

    def keys_hint(self, scheme: Scheme) -> str:
        return f"{colour_keys(scheme)} sets the colour · m comment · ⌫ clears it"

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        area = scheme.area(self.key)
        colour = summary.attitude.get(self.key)
        entry = summary.record.attitude.get(self.key)
        said = f" “{entry.comment}”" if entry is not None and entry.comment else ""
        if colour is None:
            head = f"{area.name}: not set — {colour_keys(scheme)}{said}"
        else:
            head = f"{area.name} {colour.letter(scheme)}{said}"
        key = grading_key(area, scheme, colour)
        if short and colour is not None:
            key = key.split(" · ")[0]
        return f"{head} · {key}" if key else head


class BehaviourColumn(AreaColourColumn):
    """Incident counts (purple, red, yellow) typed as `0 1 3`: stored, the cursor stays, and
    the suggested colour is accepted with ⏎ or changed with a colour key."""

    stays_after_typing = True

    def starts_typing(self, character: str) -> bool:
        return character.isdigit()

    def keys_hint(self, scheme: Scheme) -> str:
        return (f"type purple red yellow incidents (0 1 3) · ⏎ accepts the suggestion · "
                f"{colour_keys(scheme)} sets the colour · m comment")

    @staticmethod
    def counts(summary: PupilSummary, key: str) -> tuple[int, int, int] | None:
        entry = summary.record.attitude.get(key)
        return None if entry is None else entry.incidents

    def suggestion(self, summary: PupilSummary, scheme: Scheme) -> Rag | None:
        counts = self.counts(summary, self.key)
        return None if counts is None else behaviour_suggestion(*counts, scheme)

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        counts = self.counts(summary, self.key)
        chosen = chip(summary.attitude.get(self.key), scheme)
        if counts is None:
            return [(NO_VALUE.rjust(5) if self.width > 9 else "", "dim"),
                    (" → " if self.width > 9 else "→", "dim"), chip(None, scheme),
                    (" ", "plain"), chosen]
        text = "/".join(str(count) for count in counts)
        lead: list[Piece] = [(text.rjust(5), "plain"), (" → ", "dim")] if self.width > 9 \
            else [("→", "dim")]
        return [*lead, chip(self.suggestion(summary, scheme), scheme), (" ", "plain"), chosen]

    def save(self, writer: CellWriter, summary: PupilSummary, text: str,
             scheme: Scheme) -> None:
        writer.incidents(summary.record.pupil.upn, self.key, parse_incidents(text),
                         self.version(summary))

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        area = scheme.area(self.key)
        counts = self.counts(summary, self.key)
        chosen = summary.attitude.get(self.key)
        if counts is None:
            head = f"{area.name}: type purple red yellow incidents (e.g. 0 1 3) and ⏎"
        else:
            suggested = behaviour_suggestion(*counts, scheme)
            purple, red, yellow = counts
            head = (f"{area.name}: purple {purple} red {red} yellow {yellow} → suggests "
                    f"{suggested.label(scheme)}")
            if chosen is None:
                head += f" — ⏎ accepts, {colour_keys(scheme)} sets another"
        if chosen is not None:
            head += f" · chosen {chosen.label(scheme)}"
        key = grading_key(area, scheme, chosen)
        if short:
            return head
        return f"{head} · {key}" if key else head


def attitude_columns(scheme: Scheme, detail: Detail, width: int) -> list[Column]:
    """The attitude view's columns at a level of detail (`grid_columns.layout` picks it);
    the colour areas share what room is left, for their comments."""
    columns: list[Column] = [MarkerColumn("", "", 1), NameColumn("", "Pupil", detail.name)]
    choices: list[AreaColourColumn] = []
    for area in scheme.attitude_areas:
        label = SHORT_AREA.get(area.key, area.key[:3].title())
        if area.kind in ("attendance", "punctuality"):
            columns.append(MeasureColumn(area.key, label, 9 if area.kind == "attendance" else 7)
                           if detail.values else MeasureColumn(area.key, label[:3], 4))
        elif area.kind == "behaviour":
            columns.append(BehaviourColumn(area.key, area.name, 16) if detail.missing
                           else BehaviourColumn(area.key, label[:3], 9))
        else:
            choices.append(AreaColourColumn(area.key, label[:3], 5))
    if detail.missing:
        share = (width - sum(c.width for c in columns)) // max(len(choices), 1)
        size = min(max(share, COMMENT_MIN), COMMENT_MAX)
        choices = [replace(c, width=size, label=scheme.area(c.key).name) for c in choices]
    return place([*columns, *choices])
