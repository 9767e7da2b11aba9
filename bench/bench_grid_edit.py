"""Keying a step in the class grid: key press → step stored → change visible.

In-app (headless Textual, 120×40): the step's characters go into the cell editor untimed; the
timer starts when the Enter key event is posted and stops when the screen has refreshed after
the row was redrawn (a `call_after_refresh` queued by the row update). 200 edits down the
Reading column of the demo class, every one changing the stored value.

End to end (tmux 120×40, TERM=tmux-256color): `tmux send-keys` types the step and Enter; the
timer runs from sending until `capture-pane` shows the new step in the pupil's Reading cell.
It includes tmux's own latency and ~2–4 ms per capture-pane poll.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from common import Result

from amtui.core.scheme_file import load_scheme
from amtui.core.terms import term_on
from amtui.store import attainment, pupils
from amtui.store.db import open_db

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = date(2026, 11, 24)
EDITS = 200
STEPS = ("4s", "4s+", "5b")
SIZE = (120, 40)
HEADER_LINES = 3  # two header lines and the column titles


def next_step(current: object) -> str:
    """A step different from what the cell holds, so every edit writes."""
    return next(text for text in STEPS if text != str(current))


async def _in_app(path: Path, edits: int) -> list[float]:
    from textual import events

    from amtui.app import AmtuiApp
    from amtui.widgets.class_table import ClassTable

    db = open_db(path)
    app = AmtuiApp(db, load_scheme(), pupils.get_staff(db, "KW"), TODAY, class_name="5W")
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ClassTable)
        painted = asyncio.Event()
        stamp: list[float] = []
        update_row = table.update_row

        def timed_update(summary: object) -> None:
            update_row(summary)  # type: ignore[arg-type]
            table.call_after_refresh(lambda: (stamp.append(time.perf_counter()), painted.set()))

        table.update_row = timed_update  # type: ignore[method-assign]
        for _ in range(edits):
            if table.cursor_row == len(table.rows) - 1:
                await pilot.press("home")
            subjects = table.rows[table.cursor_row].subjects
            status = next(s for s in subjects if s.subject == "Reading")
            await pilot.press(*next_step(status.step))
            painted.clear()
            start = time.perf_counter()
            app.post_message(events.Key("enter", None))
            await painted.wait()
            samples.append((stamp[-1] - start) * 1000)
    db.conn.close()
    return samples


def in_app(path: Path, edits: int = EDITS) -> list[float]:
    return asyncio.run(_in_app(path, edits))


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def end_to_end(path: Path, edits: int = EDITS) -> list[float]:
    """Key presses through tmux into the running app; time until the pane shows the step."""
    from amtui.widgets.grid_columns import layout

    scheme = load_scheme()
    db = open_db(path)
    class_pupils = pupils.list_pupils(db, "5W")
    names = [p.display_name for p in class_pupils]
    term = term_on(TODAY, scheme)
    current = [str(attainment.get_attainment(db, p.upn, "Reading", term).step or "")
               for p in class_pupils]
    db.conn.close()
    _, columns = layout(scheme, SIZE[0])
    reading = next(c for c in columns if c.key == "Reading")
    left = sum(c.width for c in columns if c.frozen) + reading.x
    session = f"amtui-bench-{os.getpid()}"
    command = (f"cd {ROOT} && PYTHONPATH={ROOT} {sys.executable} -c "
               f"'{_APP_SCRIPT}' {path}")
    _tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), command)
    samples: list[float] = []
    try:
        _wait_for(session, lambda screen: names[-1] in screen, 20.0)
        row = 0
        for _ in range(edits):
            text = next_step(current[row])
            start = time.perf_counter()
            _tmux("send-keys", "-t", session, "-l", text)
            _tmux("send-keys", "-t", session, "Enter")
            _wait_for(session, lambda screen, row=row, text=text: _cell(screen, row, left) == text,
                      5.0)
            samples.append((time.perf_counter() - start) * 1000)
            current[row] = text
            row += 1
            if row == len(names):
                _tmux("send-keys", "-t", session, "Home")
                _wait_for(session, lambda screen: _cursor_row(screen) == 0, 5.0)
                row = 0
    finally:
        _tmux("kill-session", "-t", session)
    return samples


_APP_SCRIPT = (
    "import sys; from datetime import date; from amtui.app import make_app; "
    "from amtui.core.scheme_file import load_scheme; from amtui.store import pupils; "
    "from amtui.store.db import open_db; db = open_db(sys.argv[1]); "
    "make_app(db, load_scheme(), pupils.get_staff(db, \"KW\"), date(2026, 11, 24), "
    "class_name=\"5W\").run()")


def _cell(screen: str, row: int, left: int) -> str:
    lines = screen.splitlines()
    line = lines[HEADER_LINES + row] if HEADER_LINES + row < len(lines) else ""
    return line[left:left + 4].strip()


def _cursor_row(screen: str) -> int | None:
    for i, line in enumerate(screen.splitlines()[HEADER_LINES:]):
        if line.startswith("▸"):
            return i
    return None


def _wait_for(session: str, done, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if done(_tmux("capture-pane", "-p", "-t", session)):
            return
    raise TimeoutError("the pane did not show the change in time")


def run() -> list[Result]:
    from amtui.store.demo import build_demo

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        db = open_db(demo)
        build_demo(db, load_scheme(), today=TODAY)
        db.conn.close()
        results.append(Result("grid edit: key → stored → repainted (in-app)", in_app(demo),
                              note="headless, 120×40, target ≤ 25 ms median"))
        if shutil.which("tmux"):
            results.append(Result("grid edit: key → visible in tmux (end to end)",
                                  end_to_end(demo), note="send-keys → capture-pane shows it"))
    return results


if __name__ == "__main__":
    for result in run():
        print(f"{result.name:<48} median {result.median:6.1f} ms  p95 {result.p95:6.1f} ms  "
              f"n={len(result.samples)}")
