"""A small chart of a subject's steps per half-term against its target line."""

from __future__ import annotations

from itertools import pairwise

from fpdf import FPDF

from amtui.core.scale import level_type
from amtui.report.data import SubjectRow

TARGET = (90, 90, 90)
LINE = (40, 90, 160)


def _label(ordinal: int, scale: str) -> str:
    return str(level_type(scale).from_ordinal(max(0, ordinal)))


def draw_chart(pdf: FPDF, font: str, x: float, y: float, w: float, h: float,
               row: SubjectRow) -> None:
    """Box at (x, y) of w × h: the dashed target line from the start of the year to the target,
    and the pupil's steps T1…T6 joined by a line."""
    values = [v for v in (row.chart_start, row.chart_target, *row.chart_steps) if v is not None]
    low, high = min(values) - 1, max(values) + 1
    left, bottom, top, right = x + 9, y + h - 4, y + 5, x + w - 2

    def px(half_term: int) -> float:
        return left + (right - left) * half_term / 6

    def py(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / (high - low)

    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)
    pdf.set_font(font, "B", 7)
    pdf.set_xy(x + 1, y + 0.8)
    pdf.cell(w - 2, 3.5, f"{row.name}: steps against the target line")
    pdf.set_font(font, "", 6)
    for value in (low + 1, high - 1):
        pdf.set_xy(x + 0.5, py(value) - 1.5)
        pdf.cell(8, 3, _label(value, row.scale), align="R")
    for half_term in range(1, 7):
        pdf.set_xy(px(half_term) - 3, bottom)
        pdf.cell(6, 3, f"T{half_term}", align="C")
    if row.chart_start is not None and row.chart_target is not None:
        pdf.set_draw_color(*TARGET)
        pdf.set_dash_pattern(dash=1, gap=1)
        pdf.line(px(0), py(row.chart_start), px(6), py(row.chart_target))
        pdf.set_dash_pattern()
    points = [(px(t), py(v)) for t, v in enumerate(row.chart_steps, start=1) if v is not None]
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(*LINE)
    pdf.set_line_width(0.5)
    for (x1, y1), (x2, y2) in pairwise(points):
        pdf.line(x1, y1, x2, y2)
    for cx, cy in points:
        pdf.ellipse(cx - 0.8, cy - 0.8, 1.6, 1.6, style="F")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
