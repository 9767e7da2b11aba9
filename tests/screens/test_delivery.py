"""In the browser (`amtui serve`), a printed profile or a class's PDFs arrive as one download,
and stay on the server only where the scheme says so. The browser is faked: the app reports
itself as served on the web, and what it hands Textual to deliver is recorded."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pupil_helpers import fresh_pupil, open_file

from amtui.app import AmtuiApp, make_app
from amtui.store import pupils


class Browser:
    """What the app delivered: (file name, bytes as read when handed over)."""

    def __init__(self) -> None:
        self.files: list[tuple[str, bytes]] = []

    def deliver_binary(self, path_or_file: Any, *, save_filename: str | None = None,
                       **kwargs: object) -> str:
        data = path_or_file.read_bytes() if isinstance(path_or_file, Path) else path_or_file.read()
        self.files.append((save_filename or "", data))
        return "key"


@pytest.fixture
def served(monkeypatch):
    """`served(db, scheme, today, folder, keep=False)`: KW's app as a browser session, printing
    to `folder` only when the scheme keeps copies on the server."""
    monkeypatch.setattr(AmtuiApp, "is_web", property(lambda self: True))

    def build(db, scheme, today, folder: Path, *, keep: bool = False) -> tuple[AmtuiApp, Browser]:
        printing = replace(scheme.printing, folder=str(folder), keep_on_server=keep)
        app = make_app(db, replace(scheme, printing=printing), pupils.get_staff(db, "KW"), today)
        browser = Browser()
        app.deliver_binary = browser.deliver_binary  # type: ignore[method-assign,assignment]
        return app, browser

    return build


def _print_profile(app: AmtuiApp, db, run) -> list[str]:
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(message), notify(message, **kw))  # type: ignore

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, db, fresh_pupil(db))
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    return said


def test_a_profile_reaches_the_browser_and_leaves_nothing_on_the_server(
        demo_db, scheme, today, tmp_path, run, served):
    app, browser = served(demo_db, scheme, today, tmp_path / "prints")
    said = _print_profile(app, demo_db, run)
    [(name, data)] = browser.files
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    assert f"Sent to your browser as {name}" in said
    assert not list((tmp_path / "prints").glob("**/*.pdf"))  # no copy kept on the server


def test_the_scheme_can_keep_a_copy_on_the_server(demo_db, scheme, today, tmp_path, run, served):
    app, browser = served(demo_db, scheme, today, tmp_path / "prints", keep=True)
    _print_profile(app, demo_db, run)
    [(name, data)] = browser.files
    [kept] = (tmp_path / "prints").glob("*.pdf")
    assert kept.name == name and kept.read_bytes() == data


def test_a_class_printed_a_file_per_pupil_arrives_as_one_zip(demo_db, scheme, today, tmp_path,
                                                            run, served):
    app, browser = served(demo_db, scheme, today, tmp_path / "prints")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("p", "p")  # the grid: one file per pupil
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    [(name, data)] = browser.files
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = bundle.namelist()
        assert len(names) == len(pupils.list_pupils(demo_db, "5W")) > 1
        assert all(bundle.read(n).startswith(b"%PDF") for n in names)
    assert not list((tmp_path / "prints").glob("**/*.pdf"))


def test_a_senior_leader_exports_a_csv_from_the_palette_as_a_download(
        demo_db, scheme, today, tmp_path, run, served):
    app, browser = served(demo_db, scheme, today, tmp_path / "prints")
    app = make_app(demo_db, app.scheme, pupils.get_staff(demo_db, "MG"), today)
    app.deliver_binary = browser.deliver_binary  # type: ignore[method-assign,assignment]

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("ctrl+k", *"export attainment", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    [(name, data)] = browser.files
    assert name == f"attainment {today:%Y-%m-%d}.csv"
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("UPN,Surname,Forename,Class,School year")


def test_a_teacher_is_not_offered_the_school_exports(demo_db, scheme, today, run):
    app = make_app(demo_db, scheme, pupils.get_staff(demo_db, "KW"), today)

    async def scenario(pilot: Pilot) -> None:
        assert not any(c.text.startswith("Export") for c in pilot.app.screen.palette_commands())

    run(app, scenario)
