"""A class's criteria marking sheet on one page (A4 landscape): pupils as rows, the stage's
criteria as numbered columns with each pupil's best mark this year, crosses and band, a "have
it" line, and the criteria's wording underneath. Layout only, from `SheetData`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from fpdf import FPDF

from amtui.core.conversion import Criterion
from amtui.core.criteria import Mark
from amtui.core.marking import band_text, crosses, have_it, is_gap
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, year_label
from amtui.report.fonts import bundled
from amtui.store import criteria_banks, criteria_marks, pupils
from amtui.store.db import Database
from amtui.store.files import write_private_bytes

FONT = "DejaVu"
MARGIN = 8.0
PAGE_W, PAGE_H = 297.0, 210.0
NAME_W, CROSSES_W, BAND_W = 42.0, 9.0, 58.0
SYMBOLS = {Mark.BLANK: "", Mark.DOT: "·", Mark.LINE: "/", Mark.CROSS: "x"}
GAP_FILL = (255, 215, 150)


@dataclass(frozen=True, slots=True)
class SheetPupil:
    name: str
    best: dict[int, Mark]
    crosses: int
    band: str


@dataclass(frozen=True, slots=True)
class SheetData:
    title: str
    criteria: list[Criterion]
    pupils: list[SheetPupil]


def sheet_data(db: Database, scheme: Scheme, class_name: str, subject: str, stage: int,
               term: Term) -> SheetData:
    """What the sheet shows, read from the store."""
    criteria = criteria_banks.criteria_for(db, subject, stage)
    rows = []
    for pupil in pupils.list_pupils(db, class_name):
        best = criteria_marks.current_marks(db, pupil.upn, subject, stage, term.school_year)
        count = crosses(best)
        rows.append(SheetPupil(pupil.display_name, best, count,
                               band_text(count, len(criteria), stage, scheme)))
    title = (f"{subject} · Stage {stage} · {class_name} · T{term.half_term} "
             f"{year_label(term.school_year)}")
    return SheetData(title, criteria, rows)


def render_sheet(data: SheetData, printed: date) -> bytes:
    """The sheet as PDF bytes, on one page: rows and type shrink to fit the class."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=False)
    fonts = bundled()
    pdf.add_font(FONT, "", str(fonts.regular))
    pdf.add_font(FONT, "B", str(fonts.bold))
    pdf.set_title(data.title)
    pdf.set_creator("amtui")
    pdf.set_creation_date(datetime.combine(printed, time(), UTC))
    pdf.add_page()
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, data.title + "    . dot (partly)   / line (mostly)   x cross (fully)",
             new_x="LMARGIN", new_y="NEXT")
    numbers = [c.number for c in data.criteria]
    mark_w = (PAGE_W - 2 * MARGIN - NAME_W - CROSSES_W - BAND_W) / max(len(numbers), 1)
    wording_h = 3.2 * ((len(numbers) + 1) // 2) + 2
    room = PAGE_H - 2 * MARGIN - 7 - wording_h
    row_h = min(6.0, room / (len(data.pupils) + 2))
    size = max(5.0, min(9.0, row_h * 1.6))

    def line(cells: list[tuple[str, float, bool]], bold: bool = False) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        for text, width, filled in cells:
            pdf.cell(width, row_h, text, border=1, align="C" if width == mark_w else "L",
                     fill=filled)
        pdf.ln(row_h)

    pdf.set_fill_color(*GAP_FILL)
    line([("Pupil", NAME_W, False)] + [(str(n), mark_w, False) for n in numbers]
         + [("x", CROSSES_W, False), ("band", BAND_W, False)], bold=True)
    for pupil in data.pupils:
        line([(pupil.name, NAME_W, False)]
             + [(SYMBOLS[pupil.best.get(n, Mark.BLANK)], mark_w, False) for n in numbers]
             + [(str(pupil.crosses), CROSSES_W, False), (pupil.band, BAND_W, False)])
    counts = have_it((p.best for p in data.pupils), numbers)
    line([("have it", NAME_W, False)]
         + [(str(counts[n]), mark_w, is_gap(counts[n], len(data.pupils))) for n in numbers]
         + [("", CROSSES_W, False), ("", BAND_W, False)], bold=True)
    pdf.ln(2)
    pdf.set_font(FONT, "", 6.5)
    half = (PAGE_W - 2 * MARGIN) / 2
    for index, criterion in enumerate(data.criteria):
        text = f"{criterion.number}. {criterion.code} {criterion.text}"
        pdf.cell(half, 3.2, text[:110], new_x="RIGHT" if index % 2 == 0 else "LMARGIN",
                 new_y="TOP" if index % 2 == 0 else "NEXT")
    return bytes(pdf.output())


def sheet_file_name(data: SheetData) -> str:
    """`Maths Stage 2 5W T2 2026-27 marking sheet.pdf`."""
    plain = "".join(ch for ch in data.title.replace(" · ", " ") if ch.isalnum() or ch in " -")
    return f"{plain} marking sheet.pdf"


def write_sheet(db: Database, scheme: Scheme, class_name: str, subject: str, stage: int,
                term: Term, folder: Path, printed: date) -> Path:
    """Write the sheet into `folder`, owner-only (it names pupils); returns its path."""
    data = sheet_data(db, scheme, class_name, subject, stage, term)
    return write_private_bytes(folder / sheet_file_name(data), render_sheet(data, printed))
