"""The progress meeting's PDF and CSV (amtui/report/progress.py) hold what the store gives, in a
form that reads on a projector, on paper and in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
import stat
from datetime import date

import pypdf
import pytest

from amtui.core.terms import Term
from amtui.report.progress import (
    CSV_COLUMNS,
    csv_rows,
    render_progress,
    write_progress_csv,
    write_progress_pdf,
)
from amtui.store import pupils
from amtui.store.progress_meeting import Filters, progress_meeting

PRINTED = date(2026, 11, 24)


@pytest.fixture
def meeting(demo_db, scheme, today):
    leader = next(s for s in pupils.list_staff(demo_db) if s.role == "slt")
    return progress_meeting(demo_db, scheme, Term(2026, 2), today, leader)


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_summary_line_counts_as_the_screen_does(meeting, scheme):
    signed, due = meeting.signed
    assert meeting.summary_line(scheme) == (
        f"Autumn 2 · 210 pupils · off track: Reading {meeting.off_track_in('Reading')} · "
        f"Writing {meeting.off_track_in('Writing')} · Maths {meeting.off_track_in('Maths')} · "
        f"Science {meeting.off_track_in('Science')} · {signed}/{due} meetings signed")


def test_the_pdf_names_every_off_track_pupil_with_letter_and_step(meeting, scheme):
    pages = _pages(render_progress(meeting, scheme, "Demo School", PRINTED))
    text = "\n".join(pages)
    assert pages[0].startswith("Progress meeting · Demo School")
    assert "2026-27 Autumn 2 (T2) · whole school · printed 24/11/2026" in pages[0]
    assert meeting.summary_line(scheme) in pages[0]
    for row in meeting.off_track:
        assert row.pupil.display_name in text
        assert f"{row.colour.letter(scheme)} {row.status.step}" in text  # reads in black & white
    for leaver in meeting.leavers:
        assert leaver.programme.name in text
    for section in ("Off track · ", "Exceeded their targets · 0", "Left a programme on track · 4",
                    "Meetings not yet held or signed · ", "Off track by group"):
        assert section in text
    row = next(r for r in meeting.off_track if r.programmes)
    place = row.programmes[0].place
    assert f"{place.sessions.attended}/{place.sessions.planned}" in text


def test_every_page_is_numbered_and_repeats_the_table_header(meeting, scheme):
    pages = _pages(render_progress(meeting, scheme, "Demo School", PRINTED))
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
        if number > 1 and "continued" in page:
            assert re.search(r"Class\s*Pupil\s*Subject\s*Now\s*Expected\s*Programme", page)


def test_a_filtered_meeting_says_so(demo_db, scheme, today):
    leader = next(s for s in pupils.list_staff(demo_db) if s.role == "slt")
    maths = progress_meeting(demo_db, scheme, Term(2026, 2), today, leader,
                             Filters("5W", "Maths"))
    text = "\n".join(_pages(render_progress(maths, scheme, "Demo School", PRINTED)))
    assert "class 5W, Maths" in text and "Reading" not in text


def test_the_csv_has_a_row_per_pupil_subject_and_programme(meeting, scheme, tmp_path):
    out = tmp_path / "progress.csv"
    count = write_progress_csv(meeting, scheme, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == count
    off = [r for r in rows if r["Section"] == "Off track"]
    assert len(off) == sum(max(1, len(row.programmes)) for row in meeting.off_track)
    expected = [(row.pupil.upn, row.subject, p.name if p else "",
                 str(p.place.sessions.attended) if p else "")
                for row in meeting.off_track for p in row.programmes or (None,)]
    assert [(r["UPN"], r["Subject"], r["Programme"], r["Sessions attended"])
            for r in off] == expected
    first = meeting.off_track[0]
    assert (off[0]["Colour"], off[0]["Step"]) == (first.colour.label(scheme),
                                                   str(first.status.step))
    left = [r for r in rows if r["Section"] == "Left on track"]
    assert [(r["UPN"], r["Programme"]) for r in left] == [
        (leaver.pupil.upn, leaver.programme.name) for leaver in meeting.leavers]
    assert all(int(r["Gain vs expected"]) >= 0 for r in left)
    assert csv_rows(meeting, scheme)[0] == CSV_COLUMNS


def test_the_pdf_is_owner_only(meeting, scheme, tmp_path):
    out = tmp_path / "progress.pdf"
    write_progress_pdf(meeting, scheme, "Demo School", out, PRINTED)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes() == render_progress(meeting, scheme, "Demo School", PRINTED)
