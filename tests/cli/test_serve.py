"""`amtui serve`, started as a user starts it: it answers the page, every browser session (a
websocket) runs its own amtui on the sign-in screen and signs in on its own, and a session that
cannot start says why in the page rather than staying blank."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from amtui import cli
from amtui.store.demo import DEMO_PASSWORD

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def demo(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "demo.db"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cli.main(["demo", "--db", str(path), "--no-open", "--pupils", "60", "--years",
                     "1"]) == 0
    return path


@pytest.fixture
def server(demo: Path, tmp_path: Path) -> Iterator[str]:
    """`amtui serve` on the demo school, on a free port; its address."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "amtui", "serve", "--db", str(demo), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()  # type: ignore
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


async def _session(url: str, keys: list[str], wanted: list[str], *, seconds: float = 60) -> str:
    """Open a browser session's websocket, type each of `keys` once the screen shows the text
    of `wanted` before it, and return what the screen showed (escape codes removed)."""
    shown = ""
    async with aiohttp.ClientSession() as http, \
            http.ws_connect(f"{url.replace('http', 'ws')}/ws?width=110&height=34") as ws:
        await ws.send_json(["resize", {"width": 110, "height": 34}])
        deadline = time.monotonic() + seconds
        for step, text in enumerate(wanted):
            while text not in ANSI.sub("", shown).replace("\n", ""):
                if time.monotonic() > deadline:
                    return ANSI.sub("", shown)
                try:
                    message = await ws.receive(timeout=2)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    shown += message.data.decode("utf-8", "replace")
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return ANSI.sub("", shown)
            if step < len(keys):
                shown = ""
                await ws.send_json(["focus"])  # as the page does: keys reach a focused app
                await ws.send_json(["stdin", keys[step]])
    return ANSI.sub("", shown)


def test_the_page_is_served_on_this_computer_only(server):
    async def page() -> tuple[int, str]:
        async with aiohttp.ClientSession() as http, http.get(server) as response:
            return response.status, await response.text()

    status, html = asyncio.run(page())
    assert status == 200 and f"{server.replace('http', 'ws')}/ws" in html
    assert server.startswith("http://127.0.0.1:")


def test_a_browser_session_signs_in_on_its_own(server):
    shown = asyncio.run(_session(server, [f"kwebb\r{DEMO_PASSWORD}\r"],
                                 ["Password or PIN", "KW teacher"]))
    assert "KW teacher" in shown, shown[-2000:]


def test_a_session_that_cannot_start_says_why_in_the_page(server, demo):
    demo.rename(demo.with_name("moved.db"))
    shown = asyncio.run(_session(server, [], ["could not start"]))
    assert "could not start" in shown and "no school database" in shown


def _until(check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the browser session did not get there"
        time.sleep(0.25)


CHROMIUM = next((Path(p) for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")
                 if Path(p).exists()), None)


@pytest.mark.skipif(CHROMIUM is None, reason="needs a Chromium (apt-get install chromium)")
def test_in_a_real_browser_a_teacher_signs_in_keys_a_step_prints_and_gets_the_pdf(
        server, demo, tmp_path):
    """Headless Chromium, driven by Playwright, as a teacher uses it: keys only."""
    playwright = pytest.importorskip("playwright.sync_api")
    from amtui.core.scale import Step
    from amtui.core.scheme_file import load_scheme
    from amtui.core.terms import term_on
    from amtui.store import attainment, pupils, sign_in
    from amtui.store.db import open_db

    db = open_db(demo, create=False)
    first = pupils.list_pupils(db, "5W")[0].upn
    term = term_on(cli.today(), load_scheme())
    before = attainment.get_attainment(db, first, "Reading", term).step
    typed = "4s+" if before != Step.parse("4s+") else "5b"

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        page.goto(server)  # the terminal is drawn on a canvas: progress is read from the store
        page.wait_for_selector(".xterm-helper-textarea", state="attached", timeout=60_000)
        page.wait_for_timeout(3000)  # the session's amtui starting
        page.keyboard.type("kwebb")
        page.keyboard.press("Enter")
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        _until(lambda: [outcome for _, outcome in sign_in.attempts(db, "kwebb")][-1:]
               == ["signed in"])
        page.wait_for_timeout(1000)  # the grid drawn
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        _until(lambda: attainment.get_attainment(db, first, "Reading", term).step
               == Step.parse(typed))
        with page.expect_download(timeout=60_000) as download:
            page.keyboard.press("p")
            page.keyboard.press("c")  # one PDF for the class
        pdf = tmp_path / download.value.suggested_filename
        download.value.save_as(pdf)
        page.screenshot(path=str(tmp_path / "browser.png"))
        browser.close()
    assert pdf.name.endswith(".pdf") and pdf.read_bytes().startswith(b"%PDF")
    assert attainment.get_attainment(db, first, "Reading", term).step == Step.parse(typed)
