"""Printing a class from the grid for real: a worker writes the PDF while the UI carries on."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader
from textual.pilot import Pilot

from amtui.app import make_app as build_app
from amtui.core.terms import Term
from amtui.store import pupils


def test_p_then_c_prints_the_class_into_one_pdf(demo_db, scheme, today, tmp_path, run, notes):
    printing = replace(scheme.printing, folder=str(tmp_path))
    app = build_app(demo_db, replace(scheme, printing=printing),
                    pupils.get_staff(demo_db, "KW"), today)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("p", "c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    [pdf] = list(tmp_path.glob("*.pdf"))
    assert pdf.name == "5W T2 2026-27.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 30
    first = pupils.list_pupils(demo_db, "5W")[0]
    assert first.full_name in reader.pages[0].extract_text()
    assert said == [f"1 file(s) for 5W in {tmp_path}"]
    assert app.term == Term(2026, 2)


def test_one_file_per_pupil(demo_db, scheme, today, tmp_path, run):
    printing = replace(scheme.printing, folder=str(tmp_path))
    app = build_app(demo_db, replace(scheme, printing=printing),
                    pupils.get_staff(demo_db, "KW"), today)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("p", "p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    files = sorted((tmp_path / "5W T2 2026-27").glob("*.pdf"))
    assert len(files) == 30 and all(f.stat().st_mode & 0o077 == 0 for f in files)
