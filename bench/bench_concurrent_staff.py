"""Thirty members of staff keying their classes at once into one school database on a server.

One demo school of 35 classes (`amtui demo --pupils 1050`, built as a user builds it) and 30
sessions, each a separate process signed in as a class's teacher. Each session opens the file
as the app does (`open_db(..., busy_timeout_ms=INTERACTIVE_BUSY_TIMEOUT_MS)`), reads its class
as the grid does (`records.class_records`), waits at a barrier with the others, then keys steps
through the grid's store call: `attainment.set_step(..., seen=<the version it last read>)`,
followed by the grid's re-read of that pupil's row (`records.pupil_record`). A `Conflict` or
`Busy` is what the teacher would see: it is counted, the row is read again and the edit tried
once more.

Two paces, each on a fresh copy of the school:

- flat out: every pupil × subject of the class once, as fast as the machine allows (the
  ceiling);
- human: one edit every 0.5–1.5 s per session (random, seeded), for `HUMAN_SECONDS`.

Afterwards the database is compared with what every session believes it stored (its last
acknowledged value of each cell): a value missing or different is a *lost edit* (goal 0).
Latency is from the call of `set_step` to its return, including any wait for the write lock.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import TypedDict

from _reliability_common import (
    AMTUI,
    child_env,
    copy_school,
    integrity,
    today,
    traceback_tail,
)
from bench_grid_edit import next_step
from common import Result

from amtui.core.errors import Busy, Conflict
from amtui.core.scale import parse_level
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import term_on
from amtui.store import attainment, pupils, records
from amtui.store.db import INTERACTIVE_BUSY_TIMEOUT_MS, open_db
from amtui.store.schemes import school_scheme

SESSIONS = 30
DEMO_PUPILS = 1050  # 35 classes of 30: the demo makes whole forms of the 7 year groups
HUMAN_SECONDS = 20.0
HUMAN_GAP = (0.5, 1.5)  # seconds between one session's edits at human pace
SEED = 2026
WAIT = 120.0  # seconds the parent waits for a session's report before giving up

Cell = tuple[str, str]  # (upn, subject)


class Session(TypedDict):
    """What one session did and what it believes is stored (a dict: it crosses processes)."""

    class_name: str
    term: tuple[int, int]  # (school year, half-term) the session keyed
    stored_ms: list[float]
    refused_ms: list[float]
    busy: int
    conflict: int
    retry_stored: int
    retry_refused: int
    believed: dict[Cell, str]
    began: float
    ended: float
    error: str | None


def _new_session(class_name: str) -> Session:
    return Session(class_name=class_name, term=(0, 0), stored_ms=[], refused_ms=[], busy=0,
                   conflict=0, retry_stored=0, retry_refused=0, believed={}, began=0.0,
                   ended=0.0, error=None)


# ---- one session (a child process) ---------------------------------------------------------

class _Grid:
    """One teacher's class grid: the rows as last read, and the grid's store calls."""

    def __init__(self, path: str, class_name: str, teacher: str) -> None:
        self.db = open_db(path, create=False, busy_timeout_ms=INTERACTIVE_BUSY_TIMEOUT_MS)
        self.scheme = school_scheme(self.db) or load_scheme()
        self.term = term_on(today(), self.scheme)
        self.user = pupils.get_staff(self.db, teacher)
        self.shown = {r.pupil.upn: r for r in records.class_records(
            self.db, class_name, self.term, viewer=self.user, scheme=self.scheme)}
        self.cells = [(upn, subject) for upn in self.shown for subject in self.scheme.subjects]

    def key(self, cell: Cell) -> str:
        """Type a different step into the cell and press Enter: stored with the version shown."""
        upn, subject = cell
        record = self.shown[upn]
        entry = record.steps.get(subject, {}).get(record.half_term)
        text = next_step(entry.step if entry else None)
        attainment.set_step(self.db, self.user, upn, subject, self.term,
                            parse_level(text, self.scheme.scale),
                            seen=entry.version if entry else 0)
        return text

    def reread(self, upn: str) -> None:
        """What the grid does after a save or a refusal: read that pupil's row again."""
        self.shown[upn] = records.pupil_record(self.db, upn, self.term, viewer=self.user,
                                               scheme=self.scheme)


def _session(path: str, class_name: str, teacher: str, human: bool, seed: int,
             barrier: Barrier, out: Queue[Session]) -> None:
    """A child process: sign in, show the class, wait for the others, key the class."""
    report = _new_session(class_name)
    try:
        grid = _Grid(path, class_name, teacher)
        report["term"] = (grid.term.school_year, grid.term.half_term)
        try:
            barrier.wait()
            _key_class(grid, report, human, random.Random(seed))
        finally:
            grid.db.conn.close()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        barrier.abort()
        report["error"] = traceback_tail(exc)
    out.put(report)


def _key_class(grid: _Grid, report: Session, human: bool, rng: random.Random) -> None:
    """Flat out: every cell once. Human: a cell every `HUMAN_GAP` s until `HUMAN_SECONDS`."""
    report["began"] = due = time.perf_counter()
    deadline = due + HUMAN_SECONDS
    edits = len(grid.cells)
    n = 0
    while n < edits or human:
        if human:
            due += rng.uniform(*HUMAN_GAP)
            if due > deadline:
                break
            time.sleep(max(0.0, due - time.perf_counter()))
        _edit(grid, report, grid.cells[n % edits])
        n += 1
    report["ended"] = time.perf_counter()


def _edit(grid: _Grid, report: Session, cell: Cell) -> None:
    """One edit as the teacher makes it: key the cell; refused (Busy or Conflict): the row is
    read again and the teacher keys it once more."""
    for attempt in (1, 2):
        start = time.perf_counter()
        try:
            text = grid.key(cell)
        except (Busy, Conflict) as exc:
            report["refused_ms"].append((time.perf_counter() - start) * 1000)
            if attempt == 1:
                report["busy"] += isinstance(exc, Busy)
                report["conflict"] += isinstance(exc, Conflict)
            else:
                report["retry_refused"] += 1
            grid.reread(cell[0])
            continue
        report["stored_ms"].append((time.perf_counter() - start) * 1000)
        report["retry_stored"] += attempt == 2
        report["believed"][cell] = text
        grid.reread(cell[0])
        return


# ---- the parent ------------------------------------------------------------------------------

def _demo_school(path: Path, scratch: Path) -> None:
    """The demo school, built as a user builds it, with `DEMO_PUPILS` pupils."""
    subprocess.run([AMTUI, "demo", "--db", str(path), "--no-open", "--pupils", str(DEMO_PUPILS)],
                   env=child_env(scratch), capture_output=True, check=True, timeout=300)


def _classes(path: Path) -> list[tuple[str, str]]:
    """(class, teacher) for the first `SESSIONS` classes that have a teacher."""
    db = open_db(path, create=False)
    try:
        return [(group.name, group.teacher) for group in pupils.list_classes(db)
                if group.teacher][:SESSIONS]
    finally:
        db.conn.close()


def _run_sessions(path: Path, human: bool) -> list[Session]:
    """All sessions, started together at a barrier; their reports."""
    forked = multiprocessing.get_context("fork")  # the children inherit the imported amtui
    classes = _classes(path)
    barrier = forked.Barrier(len(classes), timeout=WAIT)
    out: Queue[Session] = forked.Queue()
    procs = [forked.Process(target=_session, args=(str(path), name, teacher, human, SEED + n,
                                                       barrier, out))
             for n, (name, teacher) in enumerate(classes)]
    for proc in procs:
        proc.start()
    reports = [out.get(timeout=WAIT) for _ in procs]
    for proc in procs:
        proc.join(timeout=WAIT)
    failed = [r for r in reports if r["error"]]
    if failed:
        raise RuntimeError(f"{len(failed)} session(s) failed, e.g. {failed[0]['error']}")
    return reports


def _lost(path: Path, reports: list[Session]) -> int:
    """Cells whose stored step is not what the session that keyed them last believes stored."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        stored = {(upn, subject, year, half): step for upn, subject, year, half, step in
                  conn.execute("SELECT upn, subject, school_year, half_term, step FROM attainment")}
    finally:
        conn.close()
    return sum(stored.get((*cell, *r["term"])) != text
               for r in reports for cell, text in r["believed"].items())


def _measure(template: Path, scratch: Path, human: bool) -> list[Result]:
    pace = "human pace" if human else "flat out"
    path = copy_school(template, scratch / f"{'human' if human else 'fast'}.db")
    reports = _run_sessions(path, human)
    lost = _lost(path, reports)
    state = integrity(path)
    if state != "ok":
        raise RuntimeError(f"integrity check after the {pace} run: {state}")
    latencies = [ms for r in reports for ms in r["stored_ms"]]
    refused = [ms for r in reports for ms in r["refused_ms"]]
    seconds = max(r["ended"] for r in reports) - min(r["began"] for r in reports)
    counts = {"sessions": len(reports), "stored": len(latencies),
              "busy": sum(r["busy"] for r in reports),
              "conflict": sum(r["conflict"] for r in reports),
              "retry_stored": sum(r["retry_stored"] for r in reports),
              "retry_refused": sum(r["retry_refused"] for r in reports), "lost": lost,
              "seconds": round(seconds, 2)}
    rate = len(latencies) / seconds
    stats = {"p50_ms": round(statistics.median(latencies), 2),
             "p95_ms": round(sorted(latencies)[round(0.95 * (len(latencies) - 1))], 2),
             "max_ms": round(max(latencies), 2),
             "refused_mean_ms": round(statistics.fmean(refused), 1) if refused else 0.0}
    note = (f"{counts['sessions']} sessions, {counts['stored']} stored in {seconds:.1f} s; "
            f"refused: {counts['busy']} Busy, {counts['conflict']} Conflict, retry stored "
            f"{counts['retry_stored']}, retry refused {counts['retry_refused']}; lost {lost}")
    print(f"  {pace}: {rate:.0f} stored edits/s, latency p50 {stats['p50_ms']} ms, "
          f"p95 {stats['p95_ms']} ms, max {stats['max_ms']} ms — {note}", flush=True)
    name = f"30 staff {pace}"
    return [Result(f"{name}: stored edit", latencies, note=note, extra={**counts, **stats}),
            Result(f"{name}: edits/s", [rate], unit="/s", note="higher is better"),
            Result(f"{name}: lost edits", [float(lost)], unit="edits", note="goal 0")]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="amtui-bench-staff-") as tmp:
        scratch = Path(tmp)
        template = scratch / "school.db"
        _demo_school(template, scratch)
        print(f"  {SESSIONS} sessions, one process each, on one demo school of "
              f"{DEMO_PUPILS} pupils", flush=True)
        return [*_measure(template, scratch, human=False), *_measure(template, scratch, human=True)]
