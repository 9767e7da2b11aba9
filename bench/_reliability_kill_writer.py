"""Part 1: SIGKILL a scripted writer, again and again, and check that nothing it acknowledged
was lost.

The writer (`reliability.py --writer DB --seed N`) makes store writes in a loop, every kind the
store has, as Miss Webb (KW) on four pupils of 5W. Before each write it prints an *intent*
line, after the store call returned (committed) an *ack* line, both flushed. The parent kills
it with SIGKILL at a random moment, then opens the database and checks:

- `PRAGMA integrity_check` (and the foreign keys) are ok;
- every acknowledged write is in the history with the values it wrote (a delete: the row's
  removal is);
- the last acknowledged write of each row is what the row holds now — or, if the kill came
  while a write of that row was in flight (an intent without its ack), what that write wrote.
"""

from __future__ import annotations

import contextlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from _reliability_common import (
    CLASS_NAME,
    PYTHON,
    SCRIPT,
    PartResult,
    child_env,
    current_row,
    emit,
    history_rows,
    integrity,
    is_refusal,
    key_text,
    matches,
    today,
    traceback_tail,
)

READY_TIMEOUT = 30.0
LATEST_KILL = 0.35  # seconds after the writer is ready; some kills come before it is


# ---- the child --------------------------------------------------------------------------------

def writer_main(path: str, seed: int) -> int:
    """Load, wait for "go" on stdin, then write forever (until killed), saying what is about
    to be written and what was."""
    from _reliability_ops import PLANS, Context, plan

    from amtui.core.scheme_file import load_scheme
    from amtui.core.terms import term_on
    from amtui.store import history, pupils
    from amtui.store.db import open_db

    emit({"loaded": True})
    if sys.stdin.readline().strip() != "go":
        return 0
    db = open_db(path, create=False)
    scheme = load_scheme()
    upns = [p.upn for p in pupils.list_pupils(db, CLASS_NAME)][:4]
    ctx = Context(db, pupils.get_staff(db, "KW"), scheme, term_on(today(), scheme), upns,
                  random.Random(seed), tag=f"k{seed}",
                  ops=[name for name in PLANS if name != "change_target"])
    emit({"ready": True})
    n = 0
    while True:
        n += 1
        try:
            planned = plan(ctx)
        except Exception as exc:  # noqa: BLE001 - reading for the next write failed: a bug
            emit({"traceback": n, "op": "read", "error": traceback_tail(exc)})
            continue
        emit({"intent": n, "op": planned.op, "table": planned.table, "key": planned.key,
              "expect": planned.expect})
        try:
            key = planned.call()
        except Exception as exc:  # noqa: BLE001 - sorted below: a refusal, or a bug
            kind = "refused" if is_refusal(exc) else "traceback"
            emit({kind: n, "op": planned.op, "error": traceback_tail(exc)})
            continue
        row = history.read(db, planned.table, key)
        emit({"ack": n, "op": planned.op, "table": planned.table, "key": key,
              "seen": planned.seen, "expect": planned.expect,
              "version": row["version"] if row else None})


# ---- the parent -------------------------------------------------------------------------------

class _Lines:
    """The JSON lines a child prints, read on a thread; `loaded` and `ready` are set when it
    says so (or when its output ends)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.records: list[dict[str, Any]] = []
        self.garbled: list[str] = []
        self.loaded, self.ready = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                self.garbled.append(line)
                continue
            if record.get("loaded"):
                self.loaded.set()
            elif record.get("ready"):
                self.ready.set()
            else:
                self.records.append(record)
        self.loaded.set()
        self.ready.set()

    def join(self) -> None:
        self._thread.join(10)


class Writer:
    """A writer process, started ahead of time: it loads (imports take ~0.5 s) while the one
    before it runs, and starts writing when told `go`."""

    def __init__(self, path: Path, scratch: Path, seed: int) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, SCRIPT, "--writer", str(path), "--seed", str(seed)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(scratch))
        self.lines = _Lines(self.proc)

    def go(self) -> None:
        self.lines.loaded.wait(READY_TIMEOUT)
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self, rng: random.Random) -> dict[str, Any]:
        """SIGKILL at a random moment: now and then while it is still opening the database,
        usually once it is writing. Returns what it printed and how it ended."""
        early = rng.random() < 0.1
        if early:
            time.sleep(rng.uniform(0.0, 0.01))
        else:
            self.lines.ready.wait(READY_TIMEOUT)
            time.sleep(rng.uniform(0.0, LATEST_KILL))
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self.lines.join()
        assert self.proc.stderr is not None and self.proc.stdin is not None
        stderr = self.proc.stderr.read()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
        return {"records": self.lines.records, "garbled": self.lines.garbled,
                "rc": self.proc.returncode, "stderr": stderr, "early": early}

    def stop(self) -> None:
        """End a writer that was started ahead but is not needed."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)
        self.lines.join()


def _in_history(conn: sqlite3.Connection, ack: dict[str, Any]) -> bool:
    """Whether the history holds the acknowledged write."""
    rows = history_rows(conn, "tbl = ? AND key = ?", (ack["table"], key_text(ack["key"])))
    if ack["expect"] is None:
        return any(r["new"] is None and r["old"] and r["old"]["version"] == ack["seen"]
                   for r in rows)
    if ack["seen"] is not None and ack["version"] == ack["seen"]:
        return True  # the row held these values already: nothing to write, nothing recorded
    return any(r["new"] and r["new"]["version"] == ack["version"]
               and matches(r["new"], ack["expect"]) for r in rows)


def _state_ok(conn: sqlite3.Connection, ack: dict[str, Any],
              pending: dict[str, Any] | None) -> bool:
    """Whether a row holds its last acknowledged write (or the write in flight at the kill)."""
    row = current_row(conn, ack["table"], ack["key"])
    if matches(row, ack["expect"]) and (row is None or row["version"] >= ack["version"]):
        return True
    if pending is None or pending["table"] != ack["table"]:
        return False
    same_row = pending["key"] == ack["key"] or pending["key"] is None  # an add may reuse an id
    return same_row and matches(row, pending["expect"])


def _committed(conn: sqlite3.Connection, pending: dict[str, Any]) -> bool:
    """Whether the write in flight at the kill made it to the database."""
    if pending["key"] is None:  # a new line: its words are found nowhere else
        return conn.execute(f"SELECT 1 FROM [{pending['table']}] WHERE text = ?",
                            [pending["expect"]["text"]]).fetchone() is not None
    return matches(current_row(conn, pending["table"], pending["key"]), pending["expect"])


def check_run(path: Path, run: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(acknowledged, lost, problems) for one killed writer; notes in `run` whether a write
    was in flight at the kill and whether it was committed."""
    records = run["records"]
    problems = [f"writer traceback in {r['op']}: {r['error']}" for r in records if "traceback" in r]
    problems += [f"writer refused {r['op']}: {r['error']}" for r in records if "refused" in r]
    problems += [f"garbled output line: {line[:80]!r}" for line in run["garbled"]]
    if run["rc"] != -signal.SIGKILL:
        problems.append(f"the writer ended by itself (exit {run['rc']}): "
                        f"{run['stderr'].strip()[-300:]}")
    state = integrity(path)
    if state != "ok":
        problems.append(f"integrity check after the kill: {state}")
    acks = [r for r in records if "ack" in r]
    done = {r.get("ack", r.get("refused", r.get("traceback"))) for r in records}
    pending = next((r for r in records if "intent" in r and r["intent"] not in done), None)
    lost = 0
    conn = sqlite3.connect(path, timeout=10)
    try:
        last: dict[tuple[str, str], dict[str, Any]] = {}
        for ack in acks:
            last[(ack["table"], key_text(ack["key"]))] = ack
            if not _in_history(conn, ack):
                lost += 1
                problems.append(f"acknowledged {ack['op']} #{ack['ack']} {ack['key']} is not in "
                                "the history")
        run["in_flight"] = pending is not None
        run["in_flight_committed"] = pending is not None and _committed(conn, pending)
        for ack in last.values():
            if not _state_ok(conn, ack, pending):
                lost += 1
                row = current_row(conn, ack["table"], ack["key"])
                problems.append(f"acknowledged {ack['op']} #{ack['ack']} on {ack['key']} lost: "
                                f"expected {ack['expect']}, the row is {row}")
    finally:
        conn.close()
    return len(acks), lost, problems


def run_part(school: Path, scratch: Path, kills: int, seed: int) -> PartResult:
    """Kill the scripted writer `kills` times, all on one copy of the demo school."""
    result = PartResult("writer SIGKILL", acknowledged=0, lost=0, silent=None, conflicts=None,
                        refused=0)
    rng = random.Random(seed)
    started = time.perf_counter()
    in_flight = committed = 0
    ahead = deque(Writer(school, scratch, seed * 1000 + n) for n in range(min(2, kills)))
    try:
        for n in range(kills):
            writer = ahead.popleft()
            writer.go()
            run = writer.kill(rng)
            if n + len(ahead) + 1 < kills:
                ahead.append(Writer(school, scratch, seed * 1000 + n + len(ahead) + 1))
            acked, lost, problems = check_run(school, run)
            result.runs += 1
            result.acknowledged = (result.acknowledged or 0) + acked
            result.lost = (result.lost or 0) + lost
            result.tracebacks += sum(1 for r in run["records"] if "traceback" in r)
            result.refused = (result.refused or 0) + sum(1 for r in run["records"]
                                                         if "refused" in r)
            result.problems += [f"kill {n + 1}: {p}" for p in problems]
            in_flight += run["in_flight"]
            committed += run["in_flight_committed"]
    finally:
        for writer in ahead:
            writer.stop()
    result.seconds = time.perf_counter() - started
    result.notes.append(f"{result.acknowledged} acknowledged writes over {result.runs} kills; "
                        f"{in_flight} kills came with a write in flight (intent printed, no "
                        f"ack), of which {committed} had committed — either outcome is allowed")
    return result
