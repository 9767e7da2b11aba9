"""Part 3: four processes write the same pupil's rows at once, through every store write
function, each with the version it read; then two teachers add support lines at the same
moment, round after round.

Each writer (`reliability.py --worker DB WHO SEED OPS OUT`) reads a row (its version), waits
a moment (0–10 ms, so the others can write in between), then writes through the store with
`seen=` that version, and logs the outcome: acknowledged (with the id of the change it made,
found by its connection's session), Conflict, Busy, another refusal, or a traceback.

Afterwards, from the history table:

- every acknowledged write's change wrote the row it meant to, starting from the version its
  writer had seen (`old.version == seen`; a new row: no old row) — else a *silent overwrite*;
- it left the values the writer wrote — else *lost*;
- each row's versions form one unbroken chain (each history row starts where the one before
  ended, one version up, none twice) — a break counts as a silent overwrite;
- every row now holds what its last history row says — else *lost*.

"Conflicts" counts Conflict, Busy, and NotFound from editing or removing a line another
writer has just removed (the store says so in words); "refused" any other AmtuiError.

The support race (`--racer DB WHO SEED ROUNDS OUT`): two teachers (KW, and SM whom a senior
leader has given 5W) add a support line for the same pupil at the same instant, `ROUNDS`
times; every line must survive (the issue this reproduces: the second save replaced the
first's list).
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from _reliability_common import (
    CLASS_NAME,
    PYTHON,
    SCRIPT,
    PartResult,
    child_env,
    copy_school,
    current_row,
    history_rows,
    integrity,
    is_refusal,
    key_text,
    matches,
    today,
    traceback_tail,
)

WRITERS = ("KW", "MG", "RV", "KW")  # the class teacher (twice: two sessions) and two leaders
RACERS = ("KW", "SM")
RACE_PERIOD = 0.04  # seconds between race rounds
PAUSE = 0.01  # at most this long between reading a row and writing it


# ---- shared by the children ---------------------------------------------------------------

def _open(path: str) -> tuple[Any, Any, Any]:
    """The database (opened as the app opens it: Busy after 1 s), the scheme, the half-term."""
    from amtui.core.scheme_file import load_scheme
    from amtui.core.terms import term_on
    from amtui.store.db import INTERACTIVE_BUSY_TIMEOUT_MS, open_db

    db = open_db(path, create=False, busy_timeout_ms=INTERACTIVE_BUSY_TIMEOUT_MS)
    scheme = load_scheme()
    return db, scheme, term_on(today(), scheme)


def _shared_pupil(db: Any) -> tuple[str, Any]:
    """The pupil every writer works on: the first of 5W with a target a leader may move."""
    from _reliability_ops import target_with_floor

    from amtui.store import pupils

    upns = [p.upn for p in pupils.list_pupils(db, CLASS_NAME)]
    target = target_with_floor(db, upns)
    return (target[0] if target else upns[0]), target


def _wait_for_go() -> float:
    """Say we are loaded; return the start time the parent sends (`go <epoch seconds>`)."""
    print(json.dumps({"loaded": True}), flush=True)
    words = sys.stdin.readline().split()
    return float(words[1]) if len(words) == 2 and words[0] == "go" else 0.0


def _latest_change(db: Any) -> int | None:
    return db.execute("SELECT max(id) FROM changes WHERE session = ?", [db.session]).fetchone()[0]


def _outcome(exc: Exception) -> str:
    """conflict, busy, gone (the row was removed by another writer: NotFound), refused (any
    other AmtuiError: not expected here) or traceback."""
    from amtui.core.errors import Busy, Conflict, NotFound

    if isinstance(exc, Conflict):
        return "conflict"
    if isinstance(exc, Busy):
        return "busy"
    if isinstance(exc, NotFound):
        return "gone"
    return "refused" if is_refusal(exc) else "traceback"


# ---- the writer -----------------------------------------------------------------------------

def worker_main(path: str, who: str, seed: str, ops: str, out: str) -> int:
    """Write `ops` times at random through every write function; log each outcome to `out`."""
    from _reliability_ops import Context

    from amtui.store import pupils

    db, scheme, term = _open(path)
    upn, target = _shared_pupil(db)
    ctx = Context(db, pupils.get_staff(db, who), scheme, term, [upn], random.Random(int(seed)),
                  tag=f"{who}{seed}", target=target, narrow=True)
    start = _wait_for_go()
    time.sleep(max(0.0, start - time.time()))
    with open(out, "w", encoding="utf-8") as log:
        for _ in range(int(ops)):
            log.write(json.dumps(_one_write(ctx), ensure_ascii=False, default=str) + "\n")
    return 0


def _one_write(ctx: Any) -> dict[str, Any]:
    from _reliability_ops import plan

    try:
        planned = plan(ctx)
    except Exception as exc:  # noqa: BLE001 - a read failed: a bug
        return {"outcome": "traceback", "op": "read", "error": traceback_tail(exc)}
    time.sleep(ctx.rng.uniform(0, PAUSE))
    before = _latest_change(ctx.db)
    record = {"op": planned.op, "table": planned.table, "seen": planned.seen,
              "expect": planned.expect, "who": ctx.who.initials}
    try:
        key = planned.call()
    except Exception as exc:  # noqa: BLE001 - sorted by _outcome
        return record | {"outcome": _outcome(exc), "key": planned.key,
                         "error": f"{type(exc).__name__}: {exc}" if is_refusal(exc)
                         else traceback_tail(exc)}
    after = _latest_change(ctx.db)
    return record | {"outcome": "ack", "key": key, "change": after if after != before else None}


# ---- the support race -------------------------------------------------------------------------

def racer_main(path: str, who: str, seed: str, rounds: str, out: str) -> int:
    """Add one support line per round, all racers at the same instants."""
    from amtui.store import meetings, pupils

    db, _, term = _open(path)
    upn, _ = _shared_pupil(db)
    staff = pupils.get_staff(db, who)
    start = _wait_for_go()
    with open(out, "w", encoding="utf-8") as log:
        for n in range(int(rounds)):
            time.sleep(max(0.0, start + n * RACE_PERIOD - time.time()))
            text = f"race {seed} round {n} — {who}'s line"
            try:
                line = meetings.add_support(db, staff, upn, term, "learning", text)
            except Exception as exc:  # noqa: BLE001 - sorted by _outcome
                record = {"outcome": _outcome(exc), "error": traceback_tail(exc)}
            else:
                record = {"outcome": "ack", "id": line.id, "text": text}
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


# ---- the parent ---------------------------------------------------------------------------------

def _prepare(path: Path) -> None:
    """Rows for the writers to fight over: last half-term's next steps to review, a few support
    lines and next steps this half-term; and 5W for SM, the second teacher of the race."""
    from amtui.store import meetings, pupils

    db, _, term = _open(str(path))
    try:
        upn, _ = _shared_pupil(db)
        kw, mg = pupils.get_staff(db, "KW"), pupils.get_staff(db, "MG")
        pupils.grant_class(db, mg, "SM", CLASS_NAME)
        if not meetings.next_steps(db, upn, term.previous()):
            for subject in ("Reading", "Maths"):
                meetings.add_next_step(db, kw, upn, term.previous(), subject, f"{subject} step")
        for n in range(3):
            meetings.add_support(db, kw, upn, term, "learning", f"support to share {n}")
            meetings.add_next_step(db, kw, upn, term, "Writing", f"next step to share {n}")
    finally:
        db.conn.close()


def _run_children(mode: str, path: Path, scratch: Path, args: list[tuple[str, str, str]],
                  lead: float = 0.3) -> list[list[dict[str, Any]]]:
    """Start one child per (who, seed, count); once all are loaded, tell them when to start;
    return each one's log."""
    procs, outs = [], []
    for n, (who, seed, count) in enumerate(args):
        out = scratch / f"{mode}-{n}.jsonl"
        outs.append(out)
        procs.append(subprocess.Popen(
            [PYTHON, SCRIPT, f"--{mode}", str(path), who, seed, count, str(out)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=child_env(scratch)))
    for proc in procs:
        assert proc.stdout is not None
        proc.stdout.readline()  # {"loaded": true}
    start = time.time() + lead
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(f"go {start}\n")
        proc.stdin.flush()
    logs = []
    for proc, out in zip(procs, outs, strict=True):
        _, stderr = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"a {mode} process failed (exit {proc.returncode}): "
                               f"{stderr.strip()[-600:]}")
        logs.append([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    return logs


def _chains(rows: list[dict[str, Any]]) -> list[str]:
    """Breaks in each row's chain of versions: a history row that does not start where the
    one before it ended, does not move the version up by one, or repeats a version."""
    breaks = []
    by_row: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_row[(row["tbl"], row["key"])].append(row)
    for (tbl, key), found in by_row.items():
        for before, after in pairwise(found):
            was = before["new"]["version"] if before["new"] else None
            now = after["old"]["version"] if after["old"] else None
            if was != now:
                breaks.append(f"{tbl} {key}: history #{after['id']} starts from version {now}, "
                              f"the row was at {was}")
        breaks.extend(f"{tbl} {key}: history #{row['id']} moves version "
                      f"{row['old']['version']} → {row['new']['version']}"
                      for row in found
                      if row["old"] and row["new"]
                      and row["new"]["version"] != row["old"]["version"] + 1)
    return breaks


def check_writes(path: Path, logs: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Silent overwrites and lost writes among the acknowledged ones, from the history."""
    acks = [r for log in logs for r in log if r["outcome"] == "ack"]
    silent, lost, problems = 0, 0, []
    conn = sqlite3.connect(path, timeout=10)
    try:
        changes = {r["change"] for r in acks if r["change"]}
        touched = {(r["table"], key_text(r["key"])) for r in acks}
        rows = [r for r in history_rows(conn, "change_id >= ?", (min(changes, default=0),))
                if (r["tbl"], r["key"]) in touched]
        by_change: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_change[row["change_id"]].append(row)
        for ack in acks:
            if ack["change"] is None:
                continue  # nothing to write: the row already held it
            mine = [r for r in by_change[ack["change"]]
                    if r["tbl"] == ack["table"] and r["key"] == key_text(ack["key"])]
            first_old = mine[0]["old"] if mine else None
            started_from = first_old["version"] if first_old else 0
            if not mine:
                lost += 1
                problems.append(f"{ack['op']} by {ack['who']}: change {ack['change']} wrote "
                                f"nothing to {ack['table']} {ack['key']}")
            elif started_from != (ack["seen"] or 0):
                silent += 1
                problems.append(f"SILENT OVERWRITE: {ack['op']} by {ack['who']} saw version "
                                f"{ack['seen']} of {ack['table']} {ack['key']} but replaced "
                                f"version {started_from}")
            elif not matches(mine[-1]["new"], ack["expect"]):
                lost += 1
                problems.append(f"{ack['op']} by {ack['who']}: wrote {mine[-1]['new']}, "
                                f"expected {ack['expect']}")
        breaks = _chains(rows)
        silent += len(breaks)
        problems += [f"CHAIN BREAK: {b}" for b in breaks]
        for (tbl, key), last in {(r["tbl"], r["key"]): r for r in rows}.items():
            now = current_row(conn, tbl, json.loads(key))
            if not matches(now, last["new"]):
                lost += 1
                problems.append(f"{tbl} {key} holds {now}, its history ends at {last['new']}")
    finally:
        conn.close()
    return {"acks": len(acks), "silent": silent, "lost": lost, "problems": problems,
            "no_ops": sum(1 for r in acks if r["change"] is None)}


def check_race(path: Path, logs: list[list[dict[str, Any]]]) -> tuple[int, int, list[str]]:
    """(added, lost, problems): every acknowledged support line must still be there."""
    acks = [r for log in logs for r in log if r["outcome"] == "ack"]
    conn = sqlite3.connect(path, timeout=10)
    try:
        kept = {row[0]: row[1] for row in conn.execute("SELECT id, text FROM support_lines")}
    finally:
        conn.close()
    missing = [r for r in acks if kept.get(r["id"]) != r["text"]]
    return len(acks), len(missing), [f"LOST support line {r['text']!r} (id {r['id']})"
                                     for r in missing]


def run_part(template: Path, scratch: Path, ops: int, rounds: int, seed: int) -> list[PartResult]:
    """The four writers, then the support race, each on its own copy of the demo school."""
    return [_writers(template, scratch, ops, seed), _race(template, scratch, rounds, seed)]


def _writers(template: Path, scratch: Path, ops: int, seed: int) -> PartResult:
    started = time.perf_counter()
    path = copy_school(template, scratch / "concurrent.db")
    _prepare(path)
    logs = _run_children("worker", path, scratch,
                         [(who, str(seed + n), str(ops)) for n, who in enumerate(WRITERS)])
    records = [r for log in logs for r in log]
    outcomes = Counter(r["outcome"] for r in records)
    checked = check_writes(path, logs)
    result = PartResult("4 concurrent writers", runs=len(records), acknowledged=checked["acks"],
                        lost=checked["lost"], silent=checked["silent"],
                        conflicts=outcomes["conflict"] + outcomes["busy"] + outcomes["gone"],
                        refused=outcomes["refused"], tracebacks=outcomes["traceback"])
    result.problems += checked["problems"]
    result.problems += [f"TRACEBACK in {r['op']}: {r['error']}" for r in records
                        if r["outcome"] == "traceback"]
    result.problems += sorted({f"refused {r['op']} ({r['who']}): {r['error']}" for r in records
                               if r["outcome"] == "refused"})
    state = integrity(path)
    if state != "ok":
        result.error = f"integrity check: {state}"
    by_op = Counter(r["op"] for r in records if r["outcome"] == "ack")
    result.notes.append(f"conflicts: {outcomes['conflict']} Conflict, {outcomes['busy']} Busy, "
                        f"{outcomes['gone']} NotFound (a line or next step another writer had "
                        f"just removed); {checked['no_ops']} acknowledged writes changed "
                        "nothing (the row already held those values)")
    result.notes.append("acknowledged per function: " + ", ".join(
        f"{op} {count}" for op, count in sorted(by_op.items())))
    result.seconds = time.perf_counter() - started
    return result


def _race(template: Path, scratch: Path, rounds: int, seed: int) -> PartResult:
    started = time.perf_counter()
    path = copy_school(template, scratch / "race.db")
    _prepare(path)
    logs = _run_children("racer", path, scratch,
                         [(who, str(seed), str(rounds)) for who in RACERS])
    records = [r for log in logs for r in log]
    outcomes = Counter(r["outcome"] for r in records)
    added, lost, problems = check_race(path, logs)
    result = PartResult("2 teachers add support", runs=rounds, acknowledged=added, lost=lost,
                        conflicts=outcomes["conflict"] + outcomes["busy"],
                        refused=outcomes["refused"], tracebacks=outcomes["traceback"])
    result.problems += problems + [f"{r['outcome']}: {r['error']}" for r in records
                                   if r["outcome"] not in ("ack",)]
    result.notes.append(f"{rounds} rounds of KW and SM adding a line at the same instant: "
                        f"{added} added, {added - lost} still there")
    result.seconds = time.perf_counter() - started
    return result
