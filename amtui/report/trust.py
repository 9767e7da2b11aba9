"""The trust report: each school's counts as CSV rows, or as an A4 landscape PDF with a table
per school (year group × subject). Layout only, from `SchoolCounts`; counts, never a pupil."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from amtui.core.scale import year_label
from amtui.core.terms import year_label as school_year_label
from amtui.report.fonts import bundled
from amtui.store.trust import MeetingCounts, SchoolCounts

FONT = "DejaVu"
MARGIN = 12.0
PAGE_H = 210.0
ROW = 5.2
GREY = (110, 110, 110)
HEAD_FILL = (225, 225, 225)
FILLS = {"off": (248, 215, 210), "exceeding": (214, 236, 210)}
TITLE = "Trust report: pupils on and off track, and meetings on time"
DEFINITIONS = (
    "Each school by its own scheme, as its class grid shows it. Off track: the progress colour "
    "shown (the teacher's override, else the worse of the trajectory and the last meeting's "
    "targets) is in the scheme's off-track band(s). Exceeding: not off track, and at least the "
    "scheme's exceeding gap (1 step by default) above the trajectory. On track: the others with "
    "a step this half-term. Not assessed: no step yet. The four add up to the roll.",
    "Meetings on time: of the pupils whose year group meets this half-term in the scheme's "
    "cycle, those whose meeting the mentor and the pupil both signed before the next "
    "half-term began (for the current half-term: signed so far).",
)
CSV_COLUMNS = ["School", "Database", "School year", "Half-term", "Year group", "Subject", "Roll",
               "On track", "Off track", "Exceeding", "Not assessed",
               "Year group meetings due", "Year group meetings on time"]
COLUMNS = (("Year", 16.0), ("Subject", 70.0), ("Roll", 24.0), ("On track", 28.0),
           ("Off track", 28.0), ("Exceeding", 28.0), ("Not assessed", 32.0),
           ("Meetings on time", 47.0))  # 273 mm: the width of A4 landscape inside the margins


def _meetings(school: SchoolCounts) -> dict[int, MeetingCounts]:
    return {m.year_group: m for m in school.meetings}


def csv_rows(schools: Sequence[SchoolCounts]) -> list[list[object]]:
    """A header, then one row per school, year group and subject (the year group's meetings
    repeated on each of its subjects' rows)."""
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for school in schools:
        meetings = _meetings(school)
        for c in school.subjects:
            held = meetings.get(c.year_group)
            rows.append([school.school, school.file, school_year_label(school.term.school_year),
                         school.term.code, year_label(c.year_group), c.subject, c.roll,
                         c.on_track, c.off_track, c.exceeding, c.not_assessed,
                         held.due if held else 0, held.on_time if held else 0])
    return rows


def _on_time(held: MeetingCounts | None) -> str:
    if held is None or held.due == 0:
        return "none due"
    return f"{held.on_time} of {held.due}"


class TrustPDF(FPDF):
    """A4 landscape with the bundled Unicode font and a page footer."""

    def __init__(self, created: datetime | None = None) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=False)
        fonts = bundled()
        self.add_font(FONT, "", str(fonts.regular))
        self.add_font(FONT, "B", str(fonts.bold))
        self.set_title(TITLE)
        self.set_creator("amtui")
        if created is not None:
            self.set_creation_date(created)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, "", 7)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"amtui trust report · counts only, no pupil's name or UPN · page "
                        f"{self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)

    def line_of(self, text: str, size: float, style: str = "", height: float = 6.0) -> None:
        self.set_font(FONT, style, size)
        self.cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table_head(self) -> None:
        self.set_font(FONT, "B", 8)
        self.set_fill_color(*HEAD_FILL)
        for title, width in COLUMNS:
            self.cell(width, ROW, title, border=1, fill=True, align="L" if title in (
                "Year", "Subject") else "R")
        self.ln(ROW)
        self.set_fill_color(255, 255, 255)

    def row(self, cells: Sequence[str], first_of_year: bool) -> None:
        self.set_font(FONT, "", 8)
        for (title, width), text in zip(COLUMNS, cells, strict=True):
            fill = (title == "Off track" and text not in ("", "0")) or \
                (title == "Exceeding" and text not in ("", "0"))
            if fill:
                self.set_fill_color(*FILLS["off" if title == "Off track" else "exceeding"])
            border = "LRT" if first_of_year else "LR"
            self.cell(width, ROW, text, border=border, fill=fill,
                      align="L" if title in ("Year", "Subject") else "R")
            self.set_fill_color(255, 255, 255)
        self.ln(ROW)

    def school(self, school: SchoolCounts) -> None:
        self.add_page()
        self.line_of(TITLE, 13, "B", 7)
        self.line_of(f"{school.school} ({school.file}) — {school.term_label}", 11, "B", 7)
        self.set_text_color(*GREY)
        for text in DEFINITIONS:
            self.set_font(FONT, "", 7)
            self.multi_cell(0, 3.4, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)
        self.table_head()
        meetings = _meetings(school)
        years = sorted({c.year_group for c in school.subjects})
        for year in years:
            counts = [c for c in school.subjects if c.year_group == year]
            if self.get_y() + ROW * len(counts) > PAGE_H - 16:
                self.cell(sum(w for _, w in COLUMNS), 0, "", border="T")
                self.add_page()
                self.line_of(f"{school.school} ({school.file}) — {school.term_label}, "
                             "continued", 10, "B")
                self.table_head()
            for n, c in enumerate(counts):
                self.row([year_label(year) if n == 0 else "", c.subject, str(c.roll),
                          str(c.on_track), str(c.off_track), str(c.exceeding),
                          str(c.not_assessed), _on_time(meetings.get(year)) if n == 0 else ""],
                         first_of_year=n == 0)
        self.cell(sum(w for _, w in COLUMNS), 0, "", border="T")


def render_trust(schools: Sequence[SchoolCounts], created: datetime | None = None) -> bytes:
    """The report as PDF bytes: a page (or more) per school."""
    pdf = TrustPDF(created)
    for school in schools:
        pdf.school(school)
    return bytes(pdf.output())
