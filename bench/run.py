"""Run every benchmark (`bench/bench_*.py`, each with `run() -> list[Result]`), print a table
and write `bench/results.json` (name → median, p95, unit).

    python bench/run.py            # all
    python bench/run.py grid cli   # only modules whose name contains one of the words
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from common import Result  # noqa: E402


def _modules(words: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    return [p for p in found if not words or any(w in p.stem for w in words)]


def main(argv: list[str]) -> int:
    results: list[Result] = []
    for path in _modules(argv):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"… {path.stem}", file=sys.stderr, flush=True)
        results.extend(module.run())
    width = max((len(r.name) for r in results), default=10)
    print(f"{'benchmark':<{width}}  {'median':>10}  {'p95':>10}  unit   n  note")
    for r in results:
        print(f"{r.name:<{width}}  {r.median:>10.2f}  {r.p95:>10.2f}  {r.unit:<5} "
              f"{len(r.samples):>3}  {r.note}")
    out = HERE / "results.json"
    previous = json.loads(out.read_text()) if out.exists() and argv else {}
    previous.update({r.name: {"median": round(r.median, 3), "p95": round(r.p95, 3), "unit": r.unit,
                              "n": len(r.samples), "note": r.note, **r.extra} for r in results})
    out.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
