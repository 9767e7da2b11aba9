"""The progress meeting as a PDF (A4 landscape, large type, for a projector and for paper) and
as CSV (one row per pupil, subject and programme, for a spreadsheet). Layout only, from the
store's `ProgressMeeting`. Every colour cell also carries the scheme's letter, so a
black-and-white copy reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from amtui.core.colours import Rag
from amtui.core.impact_words import NOT_KNOWN, compared_text, gain_text, sessions_text, signed
from amtui.core.scale import year_label
from amtui.core.scheme import Scheme
from amtui.report.fonts import bundled
from amtui.store.files import write_private, write_private_bytes
from amtui.store.progress_meeting import Exceeded, Leaver, OffTrack, Programme, ProgressMeeting

FONT = "DejaVu"
MARGIN = 12.0
PAGE_H = 210.0
BOTTOM = PAGE_H - 16.0  # the footer's room
BODY = 11.0
ROW = 6.4
FILLS = {Rag.RED: (240, 160, 150), Rag.AMBER: (255, 205, 110), Rag.GREEN: (160, 210, 150)}
HEAD_FILL = (215, 215, 215)
GROUP_FILL = (240, 240, 240)
GREY = (90, 90, 90)


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: str = "L"


Cell = str | tuple[str, Rag]  # text, or text on the colour's fill
Row = Sequence[Sequence[Cell]]  # per column, its lines

OFF_TRACK = (Column("Class", 14), Column("Pupil", 48), Column("Subject", 20),
             Column("Now", 18), Column("Expected", 23), Column("Programme", 74),
             Column("Sessions", 22, "R"), Column("Gain / exp.", 27, "R"),
             Column("vs not in", 27, "R"))  # 273 mm: A4 landscape inside the margins
EXCEEDED = (Column("Class", 14), Column("Pupil", 60), Column("Subject", 30), Column("Now", 24),
            Column("Expected", 26), Column("Above expected", 40, "R"))
LEAVERS = (Column("Class", 14), Column("Pupil", 55), Column("Programme", 80),
           Column("Joined", 28), Column("Left", 28), Column("Sessions", 22, "R"),
           Column("Gain / exp.", 28, "R"))
MEETINGS = (Column("Class", 20), Column("Due", 24, "R"), Column("Not yet held", 36, "R"),
            Column("Held, not signed", 44, "R"), Column("Signed", 28, "R"))


# ---- the words both formats use -----------------------------------------------------------

def _now(row: OffTrack | Exceeded, scheme: Scheme) -> Cell:
    step = str(row.status.step) if row.status.step is not None else NOT_KNOWN
    colour = row.status.colour
    return step if colour is None else (f"{colour.letter(scheme)} {step}", colour)


def _expected(row: OffTrack | Exceeded) -> str:
    path = row.status.trajectory
    return str(path.expected) if path is not None else NOT_KNOWN


def _day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day is not None else ""


# ---- PDF ----------------------------------------------------------------------------------

class ProgressPDF(FPDF):
    """A4 landscape, the bundled font, a running title and "page 2 of 5" on every page."""

    def __init__(self, heading: str, created: datetime) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=False)
        fonts = bundled()
        self.add_font(FONT, "", str(fonts.regular))
        self.add_font(FONT, "B", str(fonts.bold))
        self.set_title("Progress meeting")
        self.set_creator("amtui")
        self.set_creation_date(created)
        self.heading = heading
        self.columns: Sequence[Column] = ()

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 9)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.heading} · page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def text_line(self, text: str, size: float = BODY, style: str = "",
                  height: float = ROW) -> None:
        self.set_font(FONT, style, size)
        self.cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fit(self, text: str, width: float) -> str:
        """`text` cut with "…" to fit `width` (less the cell's padding) in the current font."""
        room = width - 2 * self.c_margin
        if self.get_string_width(text) <= room:
            return text
        while text and self.get_string_width(text + "…") > room:
            text = text[:-1]
        return text.rstrip() + "…"

    def section(self, title: str, columns: Sequence[Column], keep: Sequence[Row]) -> None:
        """A section's title, and its table header unless `keep` is empty, on a page with room
        for the rows in `keep` too (its first row; a short table's every row)."""
        needed = 2 * ROW + 4 + (sum(_height(row) for row in keep) if keep else ROW)
        if self.get_y() + needed > BOTTOM:
            self.add_page()
        self.ln(3)
        self.text_line(title, 14, "B", 8)
        self.columns = columns
        if keep:
            self.table_head()

    def table_head(self) -> None:
        self.set_font(FONT, "B", BODY)
        self.set_fill_color(*HEAD_FILL)
        for column in self.columns:
            self.cell(column.width, ROW, self.fit(column.title, column.width), border=1,
                      fill=True, align=column.align)
        self.ln(ROW)

    def room_for(self, height: float) -> None:
        """A new page with the table header again when `height` does not fit on this one."""
        if self.get_y() + height > BOTTOM:
            self.add_page()
            self.text_line(f"{self.heading}, continued", BODY, "B")
            self.table_head()

    def row(self, cells: Row) -> None:
        height = _height(cells)
        self.room_for(height)
        self.set_font(FONT, "", BODY)
        top, x = self.get_y(), self.l_margin
        for column, lines in zip(self.columns, cells, strict=True):
            self.rect(x, top, column.width, height)
            for n, line in enumerate(lines):
                text, colour = (line, None) if isinstance(line, str) else line
                self.set_xy(x, top + n * ROW)
                if colour is not None:
                    self.set_fill_color(*FILLS[colour])
                    self.set_font(FONT, "B", BODY)
                self.cell(column.width, ROW, self.fit(text, column.width), fill=colour is not None,
                          align=column.align)
                self.set_font(FONT, "", BODY)
            x += column.width
        self.set_xy(self.l_margin, top + height)

    def band(self, text: str) -> None:
        """A full-width row naming the rows below it (`Red · Reading · 9 pupils`)."""
        self.room_for(2 * ROW)
        self.set_font(FONT, "B", BODY)
        self.set_fill_color(*GROUP_FILL)
        self.cell(sum(c.width for c in self.columns), ROW, text, border=1, fill=True,
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _height(cells: Row) -> float:
    return ROW * max(1, *(len(lines) for lines in cells))


def _off_track_row(row: OffTrack, scheme: Scheme) -> Row:
    programmes = row.programmes or ()
    return ([row.pupil.class_name], [row.pupil.display_name], [row.subject],
            [_now(row, scheme)], [_expected(row)],
            [p.name for p in programmes] or ["none"],
            [sessions_text(p.place.sessions) for p in programmes],
            [gain_text(p.place.gain) for p in programmes],
            [compared_text(p.place.comparison) for p in programmes])


def _exceeded_row(row: Exceeded, scheme: Scheme) -> Row:
    gap = row.status.trajectory.gap if row.status.trajectory is not None else 0
    return ([row.pupil.class_name], [row.pupil.display_name], [row.subject],
            [_now(row, scheme)], [_expected(row)], [f"{signed(gap)} steps"])


def _leaver_row(leaver: Leaver) -> Row:
    place = leaver.programme.place.place
    return ([leaver.pupil.class_name], [leaver.pupil.display_name], [leaver.programme.name],
            [_day(place.joined)], [_day(place.left)],
            [sessions_text(leaver.programme.place.sessions)],
            [gain_text(leaver.programme.place.gain)])


def _groups_columns(meeting: ProgressMeeting) -> tuple[Column, ...]:
    each = min(34.0, (273 - 60 - 24 - 34) / max(1, len(meeting.subjects)))
    return (Column("Group", 60), Column("Pupils", 24, "R"),
            *(Column(s, each, "R") for s in meeting.subjects), Column("Any subject", 34, "R"))


def _draw(pdf: ProgressPDF, meeting: ProgressMeeting, scheme: Scheme, school: str,
          printed: date) -> None:
    pdf.add_page()
    pdf.text_line(f"Progress meeting · {school}", 20, "B", 10)
    pdf.text_line(f"{meeting.term.label(scheme)} · {meeting.filters.describe()} · printed "
                  f"{printed:%d/%m/%Y}", 13, "", 7)
    pdf.text_line(meeting.summary_line(scheme), 13, "B", 8)
    red, amber = (Rag.RED.letter(scheme), Rag.AMBER.letter(scheme))
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, f"Now: the progress colour ({red}, {amber}…) and step this half-term. "
                   "Sessions: attended of planned. Gain / exp.: steps gained since joining the "
                   "programme against the steps expected in that time. vs not in: the gain "
                   "against classmates of the same starting band who were not in it; both in the "
                   "programme's own subject.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)

    rows = meeting.off_track
    pdf.section(f"Off track · {len({r.pupil.upn for r in rows})} pupils", OFF_TRACK,
                [_off_track_row(row, scheme) for row in rows[:1]])
    band: tuple[Rag, str] | None = None
    for row in rows:
        if (row.colour, row.subject) != band:
            band = row.colour, row.subject
            count = sum((r.colour, r.subject) == band for r in rows)
            pdf.band(f"{row.colour.label(scheme)} · {row.subject} · {count} pupils")
        pdf.row(_off_track_row(row, scheme))
    if not rows:
        pdf.text_line("No pupil is off track.")

    pdf.section(f"Exceeded their targets · {len(meeting.exceeded)}", EXCEEDED,
                [_exceeded_row(row, scheme) for row in meeting.exceeded[:1]])
    for exceeded in meeting.exceeded:
        pdf.row(_exceeded_row(exceeded, scheme))
    if not meeting.exceeded:
        pdf.text_line("No pupil is above their expected step this half-term.")

    pdf.section(f"Left a programme on track · {len(meeting.leavers)}", LEAVERS,
                [_leaver_row(leaver) for leaver in meeting.leavers[:1]])
    for leaver in meeting.leavers:
        pdf.row(_leaver_row(leaver))
    if not meeting.leavers:
        pdf.text_line("No pupil left a programme on track since the last round of meetings.")

    waiting = [c for c in meeting.meetings if c.not_signed]
    signed, due = meeting.signed
    classes = [[[c.class_name], [str(c.due)], [str(c.not_held)], [str(c.not_signed - c.not_held)],
                [str(c.due - c.not_signed)]] for c in waiting]
    pdf.section(f"Meetings not yet held or signed · {due - signed} of {due}", MEETINGS, classes)
    for cells in classes:
        pdf.row(cells)
    if not waiting:
        pdf.text_line("Every meeting due this half-term is signed.")

    groups = [[[group.label], [str(group.pupils)],
               *([str(group.off_track[s])] for s in meeting.subjects), [str(group.off_track_any)]]
              for group in meeting.groups]
    pdf.section("Off track by group", _groups_columns(meeting), groups)
    for cells in groups:
        pdf.row(cells)


def render_progress(meeting: ProgressMeeting, scheme: Scheme, school: str,
                    printed: date) -> bytes:
    """The PDF as bytes (its creation date `printed`, so the same data gives the same file)."""
    heading = (f"Progress meeting · {school} · {meeting.term.label(scheme)} · "
               f"{meeting.filters.describe()}")
    pdf = ProgressPDF(heading, datetime.combine(printed, time(12), tzinfo=UTC))
    _draw(pdf, meeting, scheme, school, printed)
    return bytes(pdf.output())


def write_progress_pdf(meeting: ProgressMeeting, scheme: Scheme, school: str, out: Path,
                       printed: date | None = None) -> None:
    """The PDF, owner-only (it names pupils)."""
    write_private_bytes(out, render_progress(meeting, scheme, school,
                                             printed or date.today()))


# ---- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = ["Section", "Class", "Year group", "Surname", "Forename", "UPN", "SEN",
               "Pupil premium", "EAL", "Gender", "Subject", "Colour", "Step", "Expected",
               "Gap", "Programme", "Programme subject", "Joined", "Left", "Sessions attended",
               "Sessions planned", "Gain (steps)", "Expected gain", "Gain vs expected",
               "Gain vs not in it"]


def _pupil_cells(row: OffTrack | Exceeded | Leaver) -> list[object]:
    p = row.pupil
    return [p.class_name, year_label(p.year_group), p.surname, p.forename, p.upn, _yes(p.sen),
            _yes(p.pupil_premium), _yes(p.eal), p.gender or ""]


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _status_cells(row: OffTrack | Exceeded, scheme: Scheme) -> list[object]:
    status = row.status
    path = status.trajectory
    return [status.subject, status.colour.label(scheme) if status.colour is not None else "",
            str(status.step) if status.step is not None else "",
            str(path.expected) if path is not None else "", path.gap if path is not None else ""]


def _programme_cells(programme: Programme | None) -> list[object]:
    if programme is None:
        return [""] * 10
    place = programme.place
    gain = place.gain
    compared = place.comparison
    return [programme.name, programme.report.programme.subject, place.place.joined.isoformat(),
            place.place.left.isoformat() if place.place.left else "", place.sessions.attended,
            place.sessions.planned, "" if gain is None or gain.steps is None else gain.steps,
            "" if gain is None or gain.expected is None else gain.expected,
            "" if gain is None or gain.against_expected is None else gain.against_expected,
            "" if compared is None or compared.against is None else round(compared.against, 2)]


def csv_rows(meeting: ProgressMeeting, scheme: Scheme) -> list[list[object]]:
    """A header, then a row per off-track pupil, subject and programme (a pupil in no
    programme: one row with the programme's cells empty), per pupil and subject exceeded, and
    per programme left on track. Numbers are numbers, so a spreadsheet can sort and filter."""
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    rows.extend(["Off track", *_pupil_cells(off), *_status_cells(off, scheme),
                 *_programme_cells(programme)]
                for off in meeting.off_track for programme in off.programmes or (None,))
    rows.extend(["Exceeded", *_pupil_cells(exceeded), *_status_cells(exceeded, scheme),
                 *_programme_cells(None)] for exceeded in meeting.exceeded)
    rows.extend(["Left on track", *_pupil_cells(leaver), leaver.programme.report.programme.subject,
                 "", "", "", "", *_programme_cells(leaver.programme)]
                for leaver in meeting.leavers)
    return rows


def write_progress_csv(meeting: ProgressMeeting, scheme: Scheme, out: Path) -> int:
    """The CSV, owner-only; returns the rows written (not counting the header)."""
    rows = csv_rows(meeting, scheme)
    write_private(out, rows)
    return len(rows) - 1
