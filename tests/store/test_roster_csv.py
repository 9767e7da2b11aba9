"""The roster import meets whatever file a school has: it reads it, or says what is wrong with
it (an AmtuiError naming the line and the fix) — never any other exception."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amtui.core.errors import AmtuiError, InvalidInput
from amtui.core.models import Pupil
from amtui.store import roster_csv
from amtui.store.files import write_private
from amtui.store.roster_csv import COLUMNS, RosterError, export_pupils, read_roster

HEADER = ",".join(COLUMNS) + "\n"
GOOD_ROW = "A123456789012,Zoë,Chen,Y5,5W,21/03/2016,N,Y,N\n"
NOT_ASCII_DIGITS = ["５", "٥", "۵", "५", "²", "𝟓"]


def _read(raw: bytes) -> list[Pupil]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_bytes(raw)
        return read_roster(path)


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _refused(raw: bytes) -> str:
    with pytest.raises(AmtuiError) as refused:
        _read(raw)
    return str(refused.value)


def test_a_good_roster_reads():
    [pupil] = _read((HEADER + GOOD_ROW).encode())
    assert (pupil.upn, pupil.forename, pupil.year_group, pupil.pupil_premium) == \
        ("A123456789012", "Zoë", 5, True)


@pytest.mark.parametrize("raw", [b"UPN\x00,Forename", (HEADER + GOOD_ROW).encode("utf-16-le"),
                                 (HEADER + "A123456789012,Zo\x00e,Chen,5,5W,,,,\n").encode()],
                         ids=["nul-in-header", "utf-16-without-bom", "nul-in-a-name"])
def test_a_nul_byte_means_the_file_is_not_csv_text(raw):
    with pytest.raises(InvalidInput, match=r"line \d+: the file has a NUL character, so it is not "
                                           "CSV text — in your spreadsheet, save it as"):
        _read(raw)


def test_a_nul_is_reported_on_its_line():
    assert _refused((HEADER + GOOD_ROW + "B123456789012,A\x00,B,5,5W\n").encode()) \
        .startswith("line 3: the file has a NUL character")


def test_a_field_too_big_for_csv_is_a_per_file_message():
    message = _refused((HEADER + 'A123456789012,"' + "x" * 200_000 + '",Chen,5,5W\n').encode())
    assert message.startswith("nothing imported") and "cannot be read as CSV" in message


@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
def test_only_ascii_digits_make_a_upn_or_a_date(digit):
    upn = _refused((HEADER + f"A12345678901{digit},Zoë,Chen,5,5W,,,,\n").encode())
    assert "is not a UPN — it is a letter then 12 digits" in upn
    dob = _refused((HEADER + f"A123456789012,Zoë,Chen,5,5W,2{digit}/03/2016,,,\n").encode())
    assert "is not a date — write it as dd/mm/yyyy" in dob


def test_a_upn_is_ascii_letters_too():
    # "ı".upper() is "I": a dotless i must not become a UPN's letter
    assert "is not a UPN" in _refused((HEADER + "ı123456789012,Zoë,Chen,5,5W\n").encode())


def test_a_huge_cell_is_quoted_briefly():
    message = _refused((HEADER + "1" * 5000 + ",Zoë,Chen," + "9" * 5000 + ",5W\n").encode())
    assert len(message) < 400 and "…" in message


def test_a_roster_with_formulas_exports_as_text_and_imports_as_it_was(tmp_path, monkeypatch):
    odd = [Pupil(upn="A123456789012", forename="=HYPERLINK(\"x\")", surname="-Chen",
                 year_group=5, class_name="@5W"),
           Pupil(upn="B123456789012", forename="+Zoë", surname="Evans", year_group=0,
                 class_name="\tRB")]
    monkeypatch.setattr(roster_csv.pupils, "list_pupils", lambda db: odd)
    out = tmp_path / "pupils.csv"
    assert export_pupils(None, out) == 2  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert [row[:5] for row in rows[1:]] == [
        ["A123456789012", "'=HYPERLINK(\"x\")", "'-Chen", "Y5", "'@5W"],
        ["B123456789012", "'+Zoë", "Evans", "R", "'\tRB"]]
    back = read_roster(out)
    assert [(p.forename, p.surname, p.class_name) for p in back] == \
        [("=HYPERLINK(\"x\")", "-Chen", "@5W"), ("+Zoë", "Evans", "RB")]


def test_an_apostrophe_that_guards_nothing_is_kept():
    [pupil] = _read((HEADER + "A123456789012,'Ana,O'Neill,5,5W\n").encode())
    assert (pupil.forename, pupil.surname) == ("'Ana", "O'Neill")


# ---- fuzzing: whatever the file holds, the answer is pupils or an AmtuiError --------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cells = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["A123456789012", "B123456789012", "Y5", "R", "5", "Y", "N", "", "21/03/2016",
                     "2016-02-30", "=1+1", "'=1+1", "\x00", "\r", '"', "５", "T²"]),
    st.builds(lambda n: "1" * n, st.integers(4250, 5000)))


def _answer(raw: bytes) -> None:
    try:
        result = _read(raw)
    except AmtuiError as exc:
        assert str(exc)
        if isinstance(exc, RosterError):
            assert exc.problems and all(exc.problems)
        return
    assert all(isinstance(pupil, Pupil) for pupil in result)
    assert all(pupil.upn.isascii() and "\x00" not in pupil.forename for pupil in result)


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_are_a_roster_or_an_amtui_error(raw):
    _answer(raw)


@FUZZ
@given(st.text(max_size=400), st.sampled_from(["", "\ufeff"]))
def test_any_text_is_a_roster_or_an_amtui_error(text, bom):
    _answer((bom + text).encode("utf-8"))


@FUZZ
@given(st.lists(st.lists(cells, max_size=11), max_size=6))
def test_any_rows_under_the_real_header_are_a_roster_or_an_amtui_error(rows):
    _answer((HEADER + _csv_text(rows)).encode("utf-8"))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "Z", "ı", "a"]),
                          st.text("0123456789５٥", min_size=11, max_size=13),
                          cells, cells, cells, cells, cells), max_size=6))
def test_rows_that_look_like_pupils_are_a_roster_or_an_amtui_error(rows):
    text = _csv_text([[letter + digits, *rest, "", "", ""] for letter, digits, *rest in rows])
    _answer((HEADER + text).encode("utf-8"))


@FUZZ
@given(st.lists(st.lists(cells, max_size=11), max_size=4))
def test_whatever_write_private_writes_reads_back_or_is_refused(rows):
    with tempfile.TemporaryDirectory() as folder:
        out = write_private(Path(folder) / "r.csv", [list(COLUMNS), *rows])
        _answer(out.read_bytes())
