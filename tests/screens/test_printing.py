"""The one print worker (amtui/screens/printing.py), from the pupil file and the class grid: what
the teacher is told when a PDF is saved, sent to a printer, or cannot be written."""

from __future__ import annotations

import errno
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.app import App
from textual.pilot import Pilot

from pupil_helpers import fresh_pupil, open_file

from amtui.app import AmtuiApp
from amtui.app import make_app as build_app
from amtui.report import printing
from amtui.screens.class_grid import ClassGrid
from amtui.screens.printing import Outcome, finished, not_saved
from amtui.screens.pupil_file import PupilFile
from amtui.store import pupils


def told(app: App) -> list[tuple[str, str, str]]:
    """Start recording what `app` notifies, as (title, message, severity)."""
    seen: list[tuple[str, str, str]] = []
    notify = app.notify

    def record(message: str, *, title: str = "", severity: str = "information",
               **kwargs: object) -> None:
        seen.append((title, message, severity))
        notify(message, title=title, severity=severity, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    return seen


def app_printing_to(demo_db, scheme, today, folder: Path, command: str = "") -> AmtuiApp:
    printing_ = replace(scheme.printing, folder=str(folder), command=command)
    return build_app(demo_db, replace(scheme, printing=printing_),
                     pupils.get_staff(demo_db, "KW"), today)


def print_from_the_pupil_file(app: AmtuiApp, demo_db, run, *keys: str) -> None:
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilFile)  # still there, still working
        await pilot.press("ctrl+n")
        assert isinstance(pilot.app.screen, PupilFile) and pilot.app.screen.upn != upn

    run(app, scenario)
    assert app.return_code is None


def test_a_pdf_only_saved_says_saved_as_never_printed(demo_db, scheme, today, tmp_path, run):
    app = app_printing_to(demo_db, scheme, today, tmp_path)
    said = told(app)
    print_from_the_pupil_file(app, demo_db, run, "p")
    [pdf] = tmp_path.glob("*.pdf")
    assert said[-1] == ("Profile saved", f"Saved as {pdf}", "information")
    assert not any("printed" in title.lower() for title, _, _ in said)


def test_a_pdf_sent_to_the_printer_says_so(demo_db, scheme, today, tmp_path, run):
    log = tmp_path / "printed.txt"
    fake = tmp_path / "fake-lp"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    app = app_printing_to(demo_db, scheme, today, tmp_path / "pdfs", f"{fake} -d staffroom")
    said = told(app)
    print_from_the_pupil_file(app, demo_db, run, "P")
    [pdf] = (tmp_path / "pdfs").glob("*.pdf")
    assert pdf.name.endswith(" parents.pdf") and str(pdf) in log.read_text()
    assert said[-1] == ("Parents' copy printed",
                        f"Sent to the printer staffroom — saved as {pdf}", "information")


def test_leaving_the_pupil_file_while_it_prints_still_tells_the_teacher(demo_db, scheme, today,
                                                                        tmp_path, run):
    app = app_printing_to(demo_db, scheme, today, tmp_path)
    said = told(app)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, fresh_pupil(demo_db))
        await pilot.press("p", "escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ClassGrid)

    run(app, scenario)
    [pdf] = tmp_path.glob("*.pdf")
    assert said[-1] == ("Profile saved", f"Saved as {pdf}", "information")


def test_a_folder_that_cannot_be_written_is_a_calm_message_and_the_app_carries_on(
        demo_db, scheme, today, tmp_path, run, monkeypatch):
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x.pdf"))

    monkeypatch.setattr(printing, "print_pupil", refused)
    app = app_printing_to(demo_db, scheme, today, tmp_path)
    said = told(app)
    print_from_the_pupil_file(app, demo_db, run, "p")
    assert ("Profile not saved",
            f"Could not save the PDF in {tmp_path}: you may not write in that folder.",
            "error") in said
    assert not any(message.startswith("Something went wrong") for _, message, _ in said)


def test_a_printer_that_fails_is_told_in_the_same_words_from_both_screens(
        demo_db, scheme, today, tmp_path, run):
    app = app_printing_to(demo_db, scheme, today, tmp_path, "false")
    said = told(app)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("p", "c")  # the grid: the class in one file
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        grid = pilot.app.screen
        assert isinstance(grid, ClassGrid) and not grid.query("#print-progress")
        assert grid.check_action("print_class", ()) is True  # printing can be tried again
        await open_file(pilot, demo_db, fresh_pupil(demo_db))
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    errors = [(title, message) for title, message, severity in said if severity == "error"]
    assert [title for title, _ in errors] == ["5W profiles not printed", "Profile not printed"]
    assert all(message.startswith("The printer refused the job") for _, message in errors)
    assert len(list(tmp_path.glob("*.pdf"))) == 2  # both saved all the same


def test_the_grid_puts_its_progress_bar_back_when_the_job_fails(demo_db, make_app, run,
                                                              monkeypatch):
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/srv/profiles/.5W.pdf.x1.tmp")

    monkeypatch.setattr(printing, "print_class", full)
    app = make_app(demo_db)
    said = told(app)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("p", "p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not pilot.app.screen.query("#print-progress")

    run(app, scenario)
    assert said[-1] == ("5W profiles not saved",
                        "Could not save the PDF in /srv/profiles: the disk is full.", "error")


# ---- the words, without the app --------------------------------------------------------------

@pytest.mark.parametrize("exc, says", [
    (PermissionError(errno.EACCES, "Permission denied", "/srv/p/.a.pdf.k2.tmp"),
     "Could not save the PDF in /srv/p: you may not write in that folder."),
    (OSError(errno.EROFS, "Read-only file system", "/mnt/usb"),
     "Could not save the PDF in /mnt/usb: that disk is read-only."),
    (OSError(errno.EIO, "Input/output error"), "Could not save the PDF: input/output error."),
    (OSError("the share went away"), "Could not save the PDF: the share went away."),
])
def test_why_a_pdf_was_not_saved(exc, says):
    assert not_saved(exc) == says


def test_a_class_outcome_counts_its_files_and_names_the_printer():
    paths = [Path(f"/p/5W T2 2026-27/{n}.pdf") for n in range(30)]
    assert finished(SimpleNamespace(paths=paths, sent_to=None), "5W profiles", "5W") == Outcome(
        "30 file(s) for 5W in /p/5W T2 2026-27", "5W profiles saved")
    sent = SimpleNamespace(paths=paths[:1], sent_to="lpr -P office", printer="office")
    assert finished(sent, "Profile") == Outcome(
        f"Sent to the printer office — saved as {paths[0]}", "Profile printed")
