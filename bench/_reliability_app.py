"""Part 2: SIGKILL the real app under tmux while steps are typed into the class grid.

Each run starts `amtui --db X --as KW` in a detached tmux session (120×40, on a tmux server of
our own: `-S`, a socket in the scratch folder), waits for the 5W grid, moves down to a random
pupil and types steps into the Reading column: the step's characters, then Enter, which
stores it and moves down. A step counts as *shown as stored* once the cursor has left its row
and the row shows the new step (on two captures in a row): the grid moves the cursor at once
and redraws the row from the database only after the write committed, so the new step in a
row the cursor has left can only come from the database.

Then one more step may be sent without waiting (in flight), the app's process gets SIGKILL at
a random moment, and the database must hold every step shown as stored — the one in flight
too if the last screen showed it stored — and pass its integrity check. The screen is read
with `capture-pane`, polling for the expected text rather than sleeping; a "Traceback" in the
pane, or a new entry in amtui's private crash log, counts as a traceback.
"""

from __future__ import annotations

import os
import random
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from _reliability_common import (
    AMTUI,
    CLASS_NAME,
    PartResult,
    child_env,
    crash_log_entries,
    integrity,
    today,
)

SIZE = (120, 40)
HEADER_LINES = 3  # the class line, the summary line, the column titles
SUBJECT = "Reading"
STEPS = ("3s", "3s+", "4b", "4b+", "4w", "4w+", "4s", "4s+", "5b", "5b+", "5w")
START_TIMEOUT = 40.0  # the machine may be busy: the first screen can take a while
STEP_TIMEOUT = 15.0
CURSOR = "▸"


class Tmux:
    """tmux commands against a server of our own, on a socket in the scratch folder, so
    nothing here touches the user's sessions; `close()` ends the server."""

    def __init__(self, scratch: Path) -> None:
        self.socket = scratch / "tmux.sock"

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=20)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def capture(self, session: str) -> str:
        return self("capture-pane", "-p", "-t", session)

    def pane(self, session: str, fmt: str) -> str:
        return self("display-message", "-p", "-t", session, fmt).strip()

    def close(self) -> None:
        """End our tmux server (if the last session's end has not already) and its socket."""
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True,
                       timeout=20)
        self.socket.unlink(missing_ok=True)


@dataclass
class Grid:
    """Where things are on the class grid's screen."""

    names: list[str]      # display names, in the grid's order
    upns: list[str]
    left: int             # first character of the Reading cell
    name_width: int

    def cell(self, screen: str, row: int) -> str:
        line = _line(screen, HEADER_LINES + row)
        return line[self.left:self.left + 4].strip()

    def shown_name(self, screen: str, row: int) -> str:
        return _line(screen, HEADER_LINES + row)[1:1 + self.name_width].strip()


def _line(screen: str, index: int) -> str:
    lines = screen.splitlines()
    return lines[index] if index < len(lines) else ""


def cursor_row(screen: str) -> int | None:
    for i, line in enumerate(screen.splitlines()[HEADER_LINES:]):
        if line.startswith(CURSOR):
            return i
    return None


@dataclass
class Run:
    """What one run did and saw."""

    stored: list[tuple[str, str]] = field(default_factory=list)  # (upn, step) shown as stored
    in_flight: tuple[str, str, str | None] | None = None  # (upn, step, the step before)
    in_flight_row: int = -1
    tracebacks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    refusals: int = 0


class Screen:
    """Polls one session's pane until a condition holds, noting any Traceback it shows."""

    def __init__(self, tmux: Tmux, session: str, run: Run) -> None:
        self.tmux, self.session, self.run = tmux, session, run
        self.last = ""

    def read(self) -> str:
        self.last = self.tmux.capture(self.session)
        if "Traceback" in self.last and not self.run.tracebacks:
            self.run.tracebacks.append("a Traceback on screen: "
                                       + " | ".join(self.last.strip().splitlines()[-4:]))
        return self.last

    def wait(self, done: Callable[[str], bool], timeout: float, what: str,
             stable: int = 1) -> str:
        """Poll until `done(screen)` holds on `stable` captures in a row (2 guards against a
        frame tmux has only half received)."""
        deadline = time.monotonic() + timeout
        held = 0
        while True:
            screen = self.read()
            held = held + 1 if done(screen) else 0
            if held >= stable:
                return screen
            if self.tmux.pane(self.session, "#{pane_dead}") == "1":
                raise RuntimeError(f"the app ended while waiting for {what}: "
                                   + " | ".join(screen.strip().splitlines()[-3:]))
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout:.0f}s for {what}; the screen ends: "
                                   + " | ".join(screen.strip().splitlines()[-3:]))
            time.sleep(0.01)


def read_grid(school: Path) -> tuple[Grid, dict[str, str | None], str]:
    """The grid's rows in the order the app shows them, each pupil's Reading step this
    half-term, and the half-term's code (`T2`)."""
    from amtui.core.scheme_file import load_scheme
    from amtui.core.terms import term_on
    from amtui.store import attainment, pupils, records
    from amtui.store.db import open_db
    from amtui.widgets.grid_columns import NameColumn, layout

    scheme = load_scheme()
    term = term_on(today(), scheme)
    db = open_db(school, create=False)
    try:  # the app's own query, so two pupils of the same name come in the app's order
        class_pupils = [r.pupil for r in records.class_records(
            db, CLASS_NAME, term, viewer=pupils.get_staff(db, "KW"))]
        steps = {p.upn: (str(s) if (s := attainment.get_attainment(
            db, p.upn, SUBJECT, term).step) is not None else None) for p in class_pupils}
    finally:
        db.conn.close()
    _, columns = layout(scheme, SIZE[0])
    frozen = [c for c in columns if c.frozen]
    reading = next(c for c in columns if c.key == SUBJECT)
    name = next(c for c in columns if isinstance(c, NameColumn))
    grid = Grid([p.display_name for p in class_pupils], [p.upn for p in class_pupils],
                sum(c.width for c in frozen) + reading.x, name.width - 1)
    return grid, steps, term.code


def _shown_stored(grid: Grid, screen: str, row: int, text: str) -> bool:
    """Whether the screen shows `text` stored in `row` (the cursor has left it, moving down)."""
    return cursor_row(screen) == row + 1 and grid.cell(screen, row) == text


def _same_name(shown: str, name: str) -> bool:
    return shown == name or (shown.endswith("…") and name.startswith(shown[:-1]))


def _check_layout(grid: Grid, screen: str, term_code: str) -> None:
    """Refuse to type anything unless the screen is the grid this harness expects."""
    if f"({term_code})" not in _line(screen, 0):
        raise RuntimeError(f"the grid is not on {term_code}: {_line(screen, 0).strip()}")
    for row, name in enumerate(grid.names):
        if not _same_name(grid.shown_name(screen, row), name):
            raise RuntimeError(f"row {row} shows {grid.shown_name(screen, row)!r}, expected "
                               f"{name!r}: the grid's order is not the one read from the store")
    if cursor_row(screen) != 0:
        raise RuntimeError("the cursor does not start on the first pupil")


def _other_step(rng: random.Random, current: str | None) -> str:
    return rng.choice([s for s in STEPS if s != current])


def drive_once(tmux: Tmux, school: Path, scratch: Path, session: str,
               rng: random.Random) -> Run:
    """One run: start the app, type steps, SIGKILL it, check the database."""
    run = Run()
    grid, steps, term_code = read_grid(school)
    command = " ".join(shlex.quote(part) for part in (
        "exec", "env", *(f"{k}={v}" for k, v in _app_env(scratch).items()),
        AMTUI, "--db", str(school), "--as", "KW"))
    tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), command,
         ";", "set-option", "-t", session, "remain-on-exit", "on")
    screen = Screen(tmux, session, run)
    pid = int(tmux.pane(session, "#{pane_pid}"))
    try:
        screen.wait(lambda s: grid.names and _same_name(grid.shown_name(s, len(grid.names) - 1),
                                                        grid.names[-1]) and cursor_row(s) == 0,
                    START_TIMEOUT, "the class grid")
        _check_layout(grid, screen.last, term_code)
        _type_steps(tmux, session, screen, grid, steps, rng, run)
    except (RuntimeError, TimeoutError) as exc:
        run.problems.append(str(exc))
    finally:
        _kill(tmux, session, screen, pid)
    if run.in_flight and _shown_stored(grid, screen.last, run.in_flight_row, run.in_flight[1]):
        run.stored.append(run.in_flight[:2])  # the last screen showed it stored: it must be
        run.in_flight = None
    _check_stored(school, run)
    return run


def _app_env(scratch: Path) -> dict[str, str]:
    env = child_env(scratch)
    return {k: env[k] for k in ("XDG_CACHE_HOME", "XDG_STATE_HOME")}


def _type_steps(tmux: Tmux, session: str, screen: Screen, grid: Grid,
                steps: dict[str, str | None], rng: random.Random, run: Run) -> None:
    """Move to a random pupil, type 1–8 steps waiting for each to be shown as stored, then
    perhaps one more without waiting."""
    count = rng.randint(1, 8)
    start = rng.randrange(0, len(grid.names) - count - 1)
    if start:
        tmux("send-keys", "-t", session, *["Down"] * start)
        screen.wait(lambda s: cursor_row(s) == start, STEP_TIMEOUT, f"the cursor on row {start}")
    for row in range(start, start + count):
        upn = grid.upns[row]
        text = _other_step(rng, steps[upn])
        tmux("send-keys", "-t", session, "-l", text)
        tmux("send-keys", "-t", session, "Enter")
        try:
            screen.wait(lambda s, r=row, t=text: _shown_stored(grid, s, r, t),
                        STEP_TIMEOUT, f"{text} stored in row {row}", stable=2)
        except TimeoutError:
            if "Not saved" in screen.last or "Changed by someone else" in screen.last:
                run.refusals += 1
            raise
        run.stored.append((upn, text))
        steps[upn] = text
    if rng.random() < 0.7:  # one more, killed while it may still be on its way
        upn = grid.upns[start + count]
        text = _other_step(rng, steps[upn])
        run.in_flight, run.in_flight_row = (upn, text, steps[upn]), start + count
        tmux("send-keys", "-t", session, "-l", text)
        tmux("send-keys", "-t", session, "Enter")
        time.sleep(rng.choice((0.0, rng.uniform(0.0, 0.015))))
    else:
        time.sleep(rng.uniform(0.0, 0.2))


def _kill(tmux: Tmux, session: str, screen: Screen, pid: int) -> None:
    """SIGKILL the app's process, see that it died of it, and close the session."""
    alive_before = not _dead(pid)
    if alive_before:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not _dead(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    # tmux may leave the process a zombie for a while, so how it died is not always known yet
    dead, died_of, status = [*tmux.pane(session, "#{pane_dead}|#{pane_dead_signal}|"
                                        "#{pane_dead_status}").split("|"), "", ""][:3]
    screen.read()
    if not alive_before:
        screen.run.problems.append(f"the app had ended before the kill (exit {status or '?'}, "
                                   f"signal {died_of or '?'})")
    elif not _dead(pid) or status or died_of not in ("", str(int(signal.SIGKILL))):
        screen.run.problems.append(f"the app did not end by the SIGKILL (pane dead {dead}, "
                                   f"signal {died_of!r}, exit {status!r})")
    tmux("kill-session", "-t", session)


def _dead(pid: int) -> bool:
    """Gone, or a zombie (dead, not yet reaped by the tmux server)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _check_stored(school: Path, run: Run) -> None:
    """Every step shown as stored is in the database (the in-flight one may or may not be)."""
    state = integrity(school)
    if state != "ok":
        run.problems.append(f"integrity check after the kill: {state}")
    _, steps, _ = read_grid(school)
    for upn, text in run.stored:
        if steps[upn] != text:
            run.problems.append(f"LOST: {upn} Reading {text} was shown as stored; the database "
                                f"has {steps[upn]}")
    if run.in_flight:
        upn, text, before = run.in_flight
        if steps[upn] not in (text, before):
            run.problems.append(f"the step in flight for {upn} ({before} → {text}) left "
                                f"{steps[upn]}")


def run_part(school: Path, scratch: Path, kills: int, seed: int) -> PartResult:
    """Kill the app `kills` times while typing, on one copy of the demo school."""
    result = PartResult("app SIGKILL (tmux)", acknowledged=0, lost=0, refused=0)
    if shutil.which("tmux") is None:
        result.error = "tmux is not installed"
        return result
    rng = random.Random(seed)
    tmux = Tmux(scratch)
    started = time.perf_counter()
    in_flight_stored = in_flight = 0
    crashes_before = 0
    try:
        for n in range(kills):
            run = drive_once(tmux, school, scratch, f"kill{n}", rng)
            crashes = crash_log_entries(scratch)
            run.tracebacks += [f"crash log: {line}" for line in crashes[crashes_before:]]
            crashes_before = len(crashes)
            result.runs += 1
            result.acknowledged = (result.acknowledged or 0) + len(run.stored)
            lost = [p for p in run.problems if p.startswith("LOST")]
            result.lost = (result.lost or 0) + len(lost)
            result.refused = (result.refused or 0) + run.refusals
            result.tracebacks += len(run.tracebacks)
            result.problems += [f"kill {n + 1}: {p}" for p in run.tracebacks + run.problems]
            other = [p for p in run.problems if not p.startswith("LOST")]
            if other and not result.error:  # could not drive it, or the file was damaged
                result.error = f"kill {n + 1}: {other[0]}"
            if run.in_flight:
                in_flight += 1
                in_flight_stored += _stored_now(school, run.in_flight)
    finally:
        tmux.close()
    result.seconds = time.perf_counter() - started
    result.notes.append(f"{result.acknowledged} steps shown as stored over {result.runs} kills; "
                        f"{in_flight_stored} of {in_flight} steps in flight at a kill were stored")
    return result


def _stored_now(school: Path, in_flight: tuple[str, str, str | None]) -> int:
    _, steps, _ = read_grid(school)
    return int(steps[in_flight[0]] == in_flight[1])
