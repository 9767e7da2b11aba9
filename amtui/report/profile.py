"""The one-page pupil profile (fpdf2): layout only, from `ProfileData`.

Drawn with direct `cell`/`multi_cell` calls and the bundled DejaVu font. A batch (a class, or
one pupil) prints into one document, one pupil after another (`render_profiles`), or into a
document per pupil (`render_each`): the batch is still drawn as one document — the font read
and subset once, the line breaks of the paragraphs every profile repeats worked out once — and
then cut into a file per pupil, each holding its pupil's pages (pypdf).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, time
from itertools import pairwise
from typing import cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from amtui.report.chart import draw_chart
from amtui.report.data import Cell, ProfileData
from amtui.report.fonts import FontFiles, bundled

FONT = "DejaVu"
MARGIN = 12.0
WIDTH = 210.0 - 2 * MARGIN
FILLS = {0: (240, 170, 160), 1: (255, 212, 128), 2: (168, 214, 160)}  # red, amber, green
GREY = (110, 110, 110)
RULE = (190, 190, 190)
LIST_LIMIT = 8
TEXT_LIMIT = 220
Wrapped = dict[tuple[str, float, str, float], list[str]]
"""Line breaks worked out in a batch: (text, width, style, size) → its lines."""


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ProfilePDF(FPDF):
    """A4 portrait with the bundled Unicode font, a footer, and a DRAFT mark on unsigned pages.

    `fonts` are the batch's cut fonts (default: the bundled ones), `wrapped` the line breaks the
    batch has worked out so far, shared by its documents."""

    def __init__(self, created: datetime | None = None, fonts: FontFiles | None = None,
                 wrapped: Wrapped | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=14)
        fonts = fonts or bundled()
        self.add_font(FONT, "", str(fonts.regular))
        self.add_font(FONT, "B", str(fonts.bold))
        self.set_title("Pupil profile")
        self.set_creator("amtui")
        if created is not None:
            self.set_creation_date(created)
        self.draft = False
        self.footer_text = ""
        self.first_page = 1
        self.wrapped: Wrapped = {} if wrapped is None else wrapped

    def header(self) -> None:
        if not self.draft:
            return
        with self.local_context(text_color=(232, 232, 232)):
            self.set_font(FONT, "B", 96)
            with self.rotation(50, 105, 160):
                self.text(38, 190, "DRAFT")

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, "", 7)
        self.set_text_color(*GREY)
        page = self.page_no() - self.first_page + 1
        self.cell(0, 4, f"{self.footer_text} · page {page}", align="C")
        self.set_text_color(0, 0, 0)

    def lines(self, w: float, text: str) -> list[str]:
        """`text` broken into left-aligned lines `w` wide (0: to the right margin) in the
        current font, as `multi_cell` breaks it; worked out once per batch."""
        width = w or self.w - self.r_margin - self.x
        key = (text, width, self.font_style, self.font_size_pt)
        if key not in self.wrapped:
            # `output=LINES` makes it return just the lines, which fpdf's union type cannot say
            self.wrapped[key] = cast(list[str], self.multi_cell(
                width, 1, text, align="L", dry_run=True, output=MethodReturnValue.LINES))
        return self.wrapped[key]

    def paragraph(self, w: float, h: float, text: str, new_x: XPos, new_y: YPos) -> None:
        """`multi_cell(w, h, text, align="L")` drawn from the batch's line breaks: for the
        paragraphs every profile repeats, whose breaking costs more than their drawing."""
        lines = self.lines(w, text)
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            self.cell(w, h, line, new_x=new_x if last else XPos.LEFT,
                      new_y=new_y if last else YPos.NEXT, align="L")


def render_profile(data: ProfileData) -> bytes:
    return render_profiles([data])


def render_profiles(profiles: Iterable[ProfileData]) -> bytes:
    """Every profile into one PDF (a class prints as one file, each pupil on fresh pages); one
    document reads the bundled font once."""
    return _render(_batch(profiles), bundled(), {})


def render_each(profiles: Iterable[ProfileData]) -> Iterator[bytes]:
    """A PDF per profile, in order. The batch is drawn as one document (fpdf2 reads and subsets
    the font once per document, which was most of the time of a file per pupil) and cut into
    one file per profile, each with that pupil's pages."""
    batch = _batch(profiles)
    if len(batch) == 1:
        yield render_profiles(batch)
        return
    pdf = _document(batch, bundled(), {})
    starts = []
    for data in batch:
        starts.append(pdf.page)  # the pages before this profile's
        _draw(pdf, data)
    yield from split_pages(bytes(pdf.output()), [*starts, pdf.page])


def split_pages(whole: bytes, bounds: Sequence[int]) -> Iterator[bytes]:
    """`whole` cut into documents of pages `bounds[i]` up to `bounds[i + 1]` (0-based, end
    excluded), each keeping the document's information (title, creator, creation date)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(whole))
    for start, end in pairwise(bounds):
        writer = PdfWriter()
        for page in reader.pages[start:end]:
            writer.add_page(page)
        if reader.metadata is not None:
            writer.add_metadata(dict(reader.metadata))
        out = io.BytesIO()
        writer.write(out)
        yield out.getvalue()


def _batch(profiles: Iterable[ProfileData]) -> list[ProfileData]:
    batch = list(profiles)
    if not batch:
        raise ValueError("nothing to print")
    return batch


def _document(profiles: Sequence[ProfileData], fonts: FontFiles, wrapped: Wrapped) -> ProfilePDF:
    printed = datetime.combine(profiles[0].printed, time(12), tzinfo=UTC)
    return ProfilePDF(printed, fonts, wrapped)


def _render(profiles: Sequence[ProfileData], fonts: FontFiles, wrapped: Wrapped) -> bytes:
    pdf = _document(profiles, fonts, wrapped)
    for data in profiles:
        _draw(pdf, data)
    return bytes(pdf.output())


def _draw(pdf: ProfilePDF, data: ProfileData) -> None:
    pdf.draft = data.draft  # read by header() of the pages about to start
    pdf.add_page()  # closes the previous pupil's last page with their own footer
    pdf.first_page = pdf.page_no()
    pdf.footer_text = (f"{data.pupil} · {data.class_name} · {data.school_year} T{data.half_term}"
                       f" · printed {data.printed:%d/%m/%Y}")
    _heading(pdf, data)
    _stage_key(pdf, data)
    _attainment(pdf, data)
    _progress(pdf, data)
    _charts(pdf, data)
    _two_lists(pdf, ("Agreed next steps", data.next_steps),
               ("Additional support / intervention planned", data.support))
    _attitude(pdf, data)
    _two_lists(pdf, ("Attitude: agreed next steps", data.attitude_next_steps),
               ("Attitude: support planned", data.attitude_support))
    _closing(pdf, data)
    _signatures(pdf, data)
    if data.parents:
        _grading_key(pdf, data)


# ---- pieces ---------------------------------------------------------------------------------

def _section(pdf: ProfilePDF, title: str) -> None:
    if pdf.will_page_break(14):
        pdf.add_page()
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 9.5)
    pdf.cell(0, 5.5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + WIDTH, pdf.get_y())
    pdf.ln(0.8)


def _heading(pdf: ProfilePDF, data: ProfileData) -> None:
    pdf.set_font(FONT, "B", 15)
    pdf.cell(WIDTH / 2, 8, "Pupil profile")
    pdf.set_font(FONT, "", 10)
    pdf.cell(WIDTH / 2, 8, data.school, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(WIDTH * 0.42, 6, f"Name: {data.pupil}")
    pdf.set_font(FONT, "", 9)
    pdf.cell(WIDTH * 0.58, 6, f"{data.year} · class {data.class_name} · teacher "
             f"{data.teacher or '—'} · printed {data.printed:%d/%m/%Y}", align="R",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if data.draft:
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(170, 40, 30)
        pdf.cell(0, 5.5, "DRAFT — not yet signed by teacher and pupil", align="C",
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(1)
    width = WIDTH / 6
    pdf.set_draw_color(*RULE)
    for number, name in enumerate(data.half_term_names, start=1):
        current = number == data.half_term
        pdf.set_font(FONT, "B" if current else "", 8)
        pdf.set_fill_color(60, 60, 60)
        pdf.set_text_color(*((255, 255, 255) if current else (0, 0, 0)))
        pdf.cell(width, 5.5, f"{'▸ ' if current else ''}T{number} {name}", border=1, align="C",
                 fill=current)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(6.5)


def _stage_key(pdf: ProfilePDF, data: ProfileData) -> None:
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*GREY)
    pdf.paragraph(0, 3.2, f"Key to stages. {data.stage_key}", XPos.LMARGIN, YPos.NEXT)
    pdf.set_text_color(0, 0, 0)


def _attainment(pdf: ProfilePDF, data: ProfileData) -> None:
    _section(pdf, f"Attainment and targets ({data.school_year})")
    years = data.target_years
    first, start = 28.0, 40.0
    width = (WIDTH - first - start) / max(1, len(years))
    pdf.set_font(FONT, "B", 8)
    pdf.set_fill_color(235, 235, 235)
    pdf.cell(first, 5, "Subject", border=1, fill=True)
    pdf.cell(start, 5, "Starting point", border=1, fill=True)
    for year in years:
        label = "Reception" if year == 0 else f"Year {year}"
        heading = f"Target {label}"
        if pdf.get_string_width(heading) > width - 2:  # five years of a high school's ladder
            heading = f"Target Y{year}" if year else "Target R"
        pdf.cell(width, 5, heading, border=1, align="C", fill=True)
    pdf.ln()
    notes = []
    pdf.set_font(FONT, "", 8)
    for row in data.subjects:
        pdf.cell(first, 5, row.name, border=1)
        pdf.cell(start, 5, f"{row.start_label} {row.start}".strip() or "—", border=1)
        for year in years:
            raised = year in row.raised
            text = row.targets.get(year, "")
            pdf.set_font(FONT, "B" if raised else "", 8)
            pdf.cell(width, 5, f"{text} ↑" if raised else text, border=1, align="C")
            if raised:
                notes.append(f"↑ {row.name}, Year {year}: {row.raised[year]}")
        pdf.set_font(FONT, "", 8)
        pdf.ln()
    if not data.subjects or not years:
        pdf.cell(0, 5, "No targets set yet.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _notes(pdf, notes)


def _notes(pdf: ProfilePDF, notes: list[str]) -> None:
    pdf.set_font(FONT, "", 7.5)
    for note in notes[:LIST_LIMIT]:
        pdf.multi_cell(0, 3.6, _clip(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _rag_cell(pdf: ProfilePDF, width: float, cell: Cell, height: float = 5) -> None:
    if cell.rag is not None:
        pdf.set_fill_color(*FILLS[cell.rag])
    pdf.cell(width, height, cell.text, border=1, align="C", fill=cell.rag is not None)


def _term_header(pdf: ProfilePDF, data: ProfileData, first: float, title: str) -> float:
    width = (WIDTH - first) / 6
    pdf.set_font(FONT, "B", 8)
    pdf.set_fill_color(235, 235, 235)
    pdf.cell(first, 5, title, border=1, fill=True)
    for number in range(1, 7):
        pdf.cell(width, 5, f"T{number}", border=1, align="C", fill=True)
    pdf.ln()
    return width


def _progress(pdf: ProfilePDF, data: ProfileData) -> None:
    labels = data.labels
    _section(pdf, "Progress towards targets — " + ", ".join(
        f"{labels[k][0]} = {labels[k]}" for k in ("green", "amber", "red")))
    first = 28.0
    width = _term_header(pdf, data, first, "Subject")
    pdf.set_font(FONT, "", 8)
    for row in data.subjects:
        pdf.cell(first, 5, row.name, border=1)
        for cell in row.progress:
            _rag_cell(pdf, width, cell)
        pdf.ln()
    _notes(pdf, data.overrides)


def _charts(pdf: ProfilePDF, data: ProfileData) -> None:
    core = [row for row in data.subjects if row.core and row.chart_target is not None]
    if not core:
        return
    height = 30.0
    if pdf.will_page_break(height + 4):
        pdf.add_page()
    pdf.ln(1.5)
    gap = 4.0
    width = (WIDTH - gap * (len(core) - 1)) / len(core)
    top = pdf.get_y()
    for index, row in enumerate(core):
        draw_chart(pdf, FONT, MARGIN + index * (width + gap), top, width, height, row)
    pdf.set_y(top + height + 1)


def _bullets(pdf: ProfilePDF, x: float, width: float, title: str, items: list[str]) -> float:
    """A titled list in a column starting at x; returns the y it ends at."""
    pdf.set_x(x)
    pdf.set_font(FONT, "B", 8.5)
    pdf.multi_cell(width, 4.5, title, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, "", 8)
    shown = items[:LIST_LIMIT] or ["—"]
    if len(items) > LIST_LIMIT:
        shown[-1] = f"… and {len(items) - LIST_LIMIT + 1} more"
    for item in shown:
        pdf.set_x(x)
        pdf.multi_cell(width, 3.9, f"• {_clip(item)}" if item != "—" else item,
                       new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
    return pdf.get_y()


def _two_lists(pdf: ProfilePDF, left: tuple[str, list[str]], right: tuple[str, list[str]]) -> None:
    lines = max(len(left[1]), len(right[1]), 1)
    if pdf.will_page_break(6 + 4 * min(lines, LIST_LIMIT)):
        pdf.add_page()
    pdf.ln(1.5)
    top = pdf.get_y()
    half = (WIDTH - 6) / 2
    end_left = _bullets(pdf, MARGIN, half, *left)
    pdf.set_y(top)
    end_right = _bullets(pdf, MARGIN + half + 6, half, *right)
    pdf.set_xy(MARGIN, max(end_left, end_right))


def _attitude(pdf: ProfilePDF, data: ProfileData) -> None:
    _section(pdf, "Attitude")
    first = 40.0
    width = _term_header(pdf, data, first, "Area")
    pdf.set_font(FONT, "", 8)
    comments: list[str] = []
    for row in data.attitude:
        pdf.cell(first, 5, row.name, border=1)
        for cell in row.cells:
            _rag_cell(pdf, width, cell)
        pdf.ln()
        comments.extend(f"{row.name} — {comment}" for comment in row.comments[-3:])
    _notes(pdf, comments)


def _closing(pdf: ProfilePDF, data: ProfileData) -> None:
    """Aspirations and the pupil's own words beside the agreed judgement."""
    judgement = data.judgement or "not yet agreed"
    if data.pupil_judgement:
        judgement += f" (the pupil's own view: {data.pupil_judgement})"
    aspirations = [data.aspirations] if data.aspirations else []
    _two_lists(pdf, ("Aspirations", aspirations + data.own_words),
               ("Agreed judgement", [judgement]))


def _signatures(pdf: ProfilePDF, data: ProfileData) -> None:
    if pdf.will_page_break(16):
        pdf.add_page()
    pdf.ln(3)
    half = WIDTH / 2
    for title, signature in (("Signed (teacher)", data.teacher_signature),
                             ("Signed (pupil)", data.pupil_signature)):
        pdf.set_font(FONT, "B", 9)
        pdf.cell(32, 7, f"{title}:")
        pdf.set_font(FONT, "", 9)
        text = f"{signature.name}   {signature.when}" if signature else ""
        pdf.cell(half - 36, 7, text, border="B")
        pdf.cell(4, 7, "")
    pdf.ln(8)


def _grading_key(pdf: ProfilePDF, data: ProfileData) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, "Grading key — what the colours mean", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8.5)
    pdf.multi_cell(0, 4, "Every coloured box on the profile also carries its letter, so it reads "
                   "in black and white too.", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(2)
    first = 36.0
    width = (WIDTH - first) / 3
    pdf.set_font(FONT, "B", 8.5)
    pdf.cell(first, 6, "")
    for level, key in ((0, "red"), (1, "amber"), (2, "green")):
        pdf.set_fill_color(*FILLS[level])
        pdf.cell(width, 6, f"{data.labels[key][0]} — {data.labels[key]}", border=1, align="C",
                 fill=True)
    pdf.ln()
    for row in data.key:
        texts = [row.red, row.amber, row.green]
        pdf.set_font(FONT, "", 8)
        lines = max(len(pdf.lines(width - 2, text)) for text in texts)
        height = max(6.0, lines * 3.8 + 2)
        if pdf.will_page_break(height):
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font(FONT, "B", 8)
        pdf.multi_cell(first, height, row.heading, border=1, new_x=XPos.RIGHT, new_y=YPos.TOP,
                       max_line_height=3.8, align="L")
        pdf.set_font(FONT, "", 8)
        for index, text in enumerate(texts):
            x = MARGIN + first + index * width
            pdf.rect(x, top, width, height)
            pdf.set_xy(x + 1, top + 1)
            pdf.paragraph(width - 2, 3.8, text, XPos.LEFT, YPos.NEXT)
        pdf.set_xy(MARGIN, top + height)
