"""The progress meeting's lines, as pure functions of the store's `ProgressMeeting`: the summary
line, and each section's column heading and rows (keyed so the cursor stays on a row across a
reload). One off-track row is one pupil in one subject, with a line per programme they are in."""

from __future__ import annotations

from rich.text import Text

from amtui.core.impact_words import NOT_KNOWN, compared_text, gain_text, sessions_text, signed
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_on
from amtui.store.progress_meeting import (
    ClassMeetings,
    Exceeded,
    GroupCount,
    Leaver,
    OffTrack,
    Programme,
)
from amtui.widgets.rag import rag_text
from amtui.widgets.section_list import Row

CLASS, PUPIL, SUBJECT, STEP, SINCE, PROGRAMME, GAIN = 6, 22, 9, 10, 6, 30, 14
"""Column widths (cells)."""

PupilKey = tuple[str, str]
"""A pupil row's key: (upn, what the row is about — a subject or a programme id)."""


def _cells(*cells: tuple[str | Text, int]) -> Text:
    """Cells padded (or cut) to their widths, one space apart; the last one as it is."""
    line = Text(end="")
    for index, (cell, width) in enumerate(cells):
        text = Text(cell, end="") if isinstance(cell, str) else cell.copy()
        if index < len(cells) - 1:
            text.truncate(width - 1, overflow="ellipsis", pad=True)
            text.append(" ")
        line.append_text(text)
    return line


def since(programme: Programme, term: Term, scheme: Scheme) -> str:
    """The half-term the pupil joined (T1), or the date when it was another school year."""
    joined = programme.place.place.joined
    begun = term_on(joined, scheme)
    return begun.code if begun.school_year == term.school_year else f"{joined:%d/%m/%y}"


def programme_sessions(programme: Programme) -> str:
    """'Maths booster (9/10)'."""
    return f"{programme.name} ({sessions_text(programme.place.sessions)})"


def off_track_heading() -> Text:
    return _cells(("Class", CLASS), ("Pupil", PUPIL), ("Subject", SUBJECT), ("Now", STEP),
                  ("Since", SINCE), ("Programme (sessions)", PROGRAMME),
                  ("Gain vs exp.", GAIN), ("vs not in it", 0))


def off_track_row(row: OffTrack, term: Term, scheme: Scheme) -> Row:
    """The pupil, subject, colour and step; then the programmes, one line each."""
    step = Text.assemble(rag_text(row.colour, scheme), f" {row.status.step or NOT_KNOWN}")
    first = (row.pupil.class_name, CLASS), (row.pupil.display_name, PUPIL), \
        (row.subject, SUBJECT), (step, STEP)
    blank = ("", CLASS), ("", PUPIL), ("", SUBJECT), ("", STEP)
    lines = [_cells(*(first if n == 0 else blank), (since(p, term, scheme), SINCE),
                    (programme_sessions(p), PROGRAMME), (gain_text(p.place.gain), GAIN),
                    (compared_text(p.place.comparison), 0))
             for n, p in enumerate(row.programmes)]
    if not lines:
        lines = [_cells(*first, (NOT_KNOWN, SINCE), ("in no programme", 0))]
    # the lines after the first are indented as far as the cursor's "▸ " indents the first
    return (row.pupil.upn, row.subject), Text("\n  ", end="").join(lines)


def exceeded_heading() -> Text:
    return _cells(("Class", CLASS), ("Pupil", PUPIL), ("Subject", SUBJECT), ("Now", STEP),
                  ("Target", SINCE), ("Ahead by", 0))


def exceeded_row(row: Exceeded, scheme: Scheme) -> Row:
    status = row.status
    step = Text.assemble(rag_text(status.colour, scheme), f" {status.step or NOT_KNOWN}")
    ahead = signed(status.trajectory.gap) if status.trajectory is not None else NOT_KNOWN
    return (row.pupil.upn, row.subject), _cells(
        (row.pupil.class_name, CLASS), (row.pupil.display_name, PUPIL), (row.subject, SUBJECT),
        (step, STEP), (str(status.target or NOT_KNOWN), SINCE), (ahead, 0))


def leaver_heading() -> Text:
    return _cells(("Class", CLASS), ("Pupil", PUPIL), ("Programme (sessions)", PROGRAMME),
                  ("Left", SINCE), ("Gain vs exp.", GAIN), ("Why", 0))


def leaver_row(row: Leaver) -> Row:
    place = row.programme.place.place
    left = f"{place.left:%d/%m}" if place.left is not None else NOT_KNOWN
    return (row.pupil.upn, str(row.programme.report.programme.id)), _cells(
        (row.pupil.class_name, CLASS), (row.pupil.display_name, PUPIL),
        (programme_sessions(row.programme), PROGRAMME), (left, SINCE),
        (gain_text(row.programme.place.gain), GAIN),
        (place.exit_reason, 0))


def meetings_heading() -> Text:
    return _cells(("Class", CLASS), ("Due", CLASS), ("Not held", 10), ("Not signed", 0))


def meetings_row(row: ClassMeetings) -> Row:
    return row.class_name, _cells((row.class_name, CLASS), (str(row.due), CLASS),
                                  (str(row.not_held), 10), (str(row.not_signed), 0))


def groups_heading(subjects: tuple[str, ...]) -> Text:
    return _cells(("Group", 16), ("Pupils", 8), *((s, 10) for s in subjects),
                  ("Any subject", 0))


def group_row(row: GroupCount, subjects: tuple[str, ...]) -> Row:
    return row.label, _cells((row.label, 16), (str(row.pupils), 8),
                             *((str(row.off_track.get(s, 0)), 10) for s in subjects),
                             (str(row.off_track_any), 0))
