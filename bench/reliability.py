"""Reliability harness: does amtui lose an edit, overwrite one silently, or show a traceback?

    .venv/bin/python bench/reliability.py            # everything, a few minutes
    .venv/bin/python bench/reliability.py --quick    # fewer runs of each part, under a minute
    .venv/bin/python bench/reliability.py --only fuzz,writer   # some parts (writer, app,
                                                               # concurrent, fuzz)

Parts (each in a `bench/_reliability_*.py` module):

1. SIGKILL a scripted store writer ×100 at random moments; every acknowledged write must be
   in the database afterwards, and the database must pass its integrity check.
2. SIGKILL the real app under tmux ×10 while steps are typed into the class grid; every step
   the grid showed as stored must be in the database. A "Traceback" on screen, or an entry in
   amtui's private crash log, counts as a traceback.
3. Four processes write the same rows through every store write function, each with the
   version it read; every write succeeds or raises Conflict/Busy (or NotFound: a line another
   writer has just removed), and the history shows no write replaced a version its writer had
   not seen. Then two teachers add support lines at the same moment, over and over: every
   line must survive.
4. Fuzz roster CSV, scheme files and typed cell values; a refusal (AmtuiError) is fine,
   anything else escaping is a traceback.

The table: `runs` is kills (parts 1–2), write attempts or race rounds (part 3), inputs (part
4); `acknowledged` is writes the store (or the screen) said were done, or fuzz inputs
accepted; `conflicts` is Conflict/Busy/NotFound; `refused` is any other AmtuiError. It exits
1 if any goal is missed (0 lost, 0 silent overwrites, 0 tracebacks) or a part could not run.
Seeded: the same command makes the same choices (timing still varies).

Internal modes, for the child processes the parts start: `--writer DB --seed N` (part 1),
`--worker DB WHO SEED OPS OUT` and `--racer DB WHO SEED ROUNDS OUT` (part 3).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from _reliability_common import PartResult, build_demo  # noqa: E402

SEED = 2026
PARTS = ("writer", "app", "concurrent", "fuzz")


class Sizes:
    """How many runs each part makes, in full and with --quick."""

    def __init__(self, quick: bool) -> None:
        self.writer_kills = 10 if quick else 100
        self.app_kills = 3 if quick else 10
        self.concurrent_ops = 60 if quick else 400      # per writer, 4 writers
        self.support_rounds = 20 if quick else 100
        self.fuzz_examples = 100 if quick else 1000     # per fuzz target


# ---- running the parts ----------------------------------------------------------------------

def _guarded(name: str, work: Callable[[], list[PartResult]]) -> list[PartResult]:
    """A part's rows, or one row saying the part itself broke (a harness failure)."""
    started = time.perf_counter()
    print(f"… {name}", file=sys.stderr, flush=True)
    try:
        results = work()
    except Exception as exc:  # noqa: BLE001 - report it in the table and go on to the next part
        failed = PartResult(name, error=f"{type(exc).__name__}: {exc}")
        failed.problems.append("".join(traceback.format_exception(exc))[-1500:])
        results = [failed]
    for result in results:
        result.seconds = result.seconds or time.perf_counter() - started
    return results


def run_all(parts: set[str], sizes: Sizes, tmp: Path) -> list[PartResult]:
    from _reliability_common import copy_school

    template = tmp / "demo-template.db"
    results: list[PartResult] = []
    if parts & {"writer", "app", "concurrent"}:
        results += _guarded("building the demo school (amtui demo --no-open)",
                            lambda: build_demo(template, tmp) or [])
        if results:  # it failed: the parts that need it cannot run
            parts = parts - {"writer", "app", "concurrent"}
    if "writer" in parts:
        import _reliability_kill_writer as writer

        school = copy_school(template, tmp / "writer.db")
        results += _guarded("writer SIGKILL", lambda: [
            writer.run_part(school, tmp, sizes.writer_kills, SEED)])
    if "app" in parts:
        import _reliability_app as app

        school = copy_school(template, tmp / "app.db")
        results += _guarded("app SIGKILL (tmux)", lambda: [
            app.run_part(school, tmp, sizes.app_kills, SEED)])
    if "concurrent" in parts:
        import _reliability_concurrent as concurrent

        results += _guarded("4 concurrent writers", lambda: concurrent.run_part(
            template, tmp, sizes.concurrent_ops, sizes.support_rounds, SEED))
    if "fuzz" in parts:
        import _reliability_fuzz as fuzz

        results += _guarded("fuzz", lambda: fuzz.run_part(tmp, sizes.fuzz_examples, SEED))
    return results


# ---- the table --------------------------------------------------------------------------------

COLUMNS = (("part", 26), ("runs", 6), ("acknowledged", 13), ("lost", 5),
           ("silent overwrites", 18), ("conflicts", 10), ("refused", 8), ("tracebacks", 11),
           ("time", 7), ("", 4))


def _cell(value: int | None) -> str:
    return "—" if value is None else str(value)


def print_table(results: list[PartResult]) -> None:
    print("  ".join(f"{title:<{width}}" if i == 0 else f"{title:>{width}}"
                    for i, (title, width) in enumerate(COLUMNS)).rstrip())
    for r in results:
        values = (r.part, str(r.runs), _cell(r.acknowledged), _cell(r.lost), _cell(r.silent),
                  _cell(r.conflicts), _cell(r.refused), str(r.tracebacks), f"{r.seconds:.0f}s",
                  "ok" if r.ok else "FAIL")
        print("  ".join(f"{v:<{w}}" if i == 0 else f"{v:>{w}}"
                        for i, (v, (_, w)) in enumerate(zip(values, COLUMNS, strict=True))
                        ).rstrip())


def print_details(results: list[PartResult], limit: int = 8) -> None:
    """Notes for every part; the first few problems of any part that has them."""
    for r in results:
        if r.error:
            print(f"\n{r.part}: could not run — {r.error}")
        for note in r.notes:
            print(f"  {r.part}: {note}")
        for problem in r.problems[:limit]:
            print(f"  {r.part}: ! {problem}")
        if len(r.problems) > limit:
            print(f"  {r.part}: ! … and {len(r.problems) - limit} more")


# ---- the command ------------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, under a minute")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--writer", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--racer", nargs=5, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.writer:
        from _reliability_kill_writer import writer_main

        return writer_main(args.writer, args.seed)
    if args.worker:
        from _reliability_concurrent import worker_main

        return worker_main(*args.worker)
    if args.racer:
        from _reliability_concurrent import racer_main

        return racer_main(*args.racer)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if not parts or parts - set(PARTS):
        print(f"reliability.py: --only takes {', '.join(PARTS)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="amtui-reliability-"))
    try:
        results = run_all(parts, Sizes(args.quick), tmp)
    finally:
        if args.keep:
            print(f"scratch kept at {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print_table(results)
    print_details(results)
    failed = [r.part for r in results if not r.ok]
    goals = "0 lost, 0 silent overwrites, 0 tracebacks"
    verdict = f"goals ({goals}) MISSED by: {', '.join(failed)}" if failed else \
        f"all goals met ({goals})"
    print(f"\n{verdict} — {time.perf_counter() - started:.0f}s"
          f"{' (--quick)' if args.quick else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
