"""What the parts of `bench/reliability.py` share: the result row each part returns, the demo
school they start from, the environment their child processes run in, and how an exception is
classified (a refusal a person may see, or a traceback: a bug)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
AMTUI = str(Path(PYTHON).with_name("amtui"))
SCRIPT = str(HERE / "reliability.py")
CLASS_NAME = "5W"


@dataclass
class PartResult:
    """One line of the final table. `None` in a column means "does not apply to this part"."""

    part: str
    runs: int = 0
    acknowledged: int | None = None
    lost: int | None = None
    silent: int | None = None
    conflicts: int | None = None
    refused: int | None = None
    tracebacks: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Details of every missed goal (lost edits, overwrites, tracebacks, a part that broke)."""
    error: str | None = None
    """The part could not run to the end (the harness's own failure, not amtui's)."""

    @property
    def ok(self) -> bool:
        return (self.error is None and not self.lost and not self.silent
                and not self.tracebacks)


def today() -> date:
    """The day the app under test thinks it is (the CLI's `today()` is the real date)."""
    return date.today()


def child_env(scratch: Path) -> dict[str, str]:
    """The environment for every process the harness starts: the remembered schemes and the
    private crash log go to `scratch`, never to the user's home."""
    env = dict(os.environ)
    env.update(XDG_CACHE_HOME=str(scratch / "cache"), XDG_STATE_HOME=str(scratch / "state"),
               PYTHONPATH=str(ROOT))
    for name in ("AMTUI_DB", "AMTUI_SCHEME", "AMTUI_DEBUG"):  # amtui as a user runs it
        env.pop(name, None)
    return env


def crash_log_entries(scratch: Path) -> list[str]:
    """The first line of each entry amtui wrote to its private crash log under `scratch`."""
    return [block.strip().splitlines()[0]
            for log in sorted((scratch / "state").rglob("amtui.log*"))
            for block in log.read_text(errors="replace").split("\n\n")
            if block.strip()]


def build_demo(path: Path, scratch: Path) -> None:
    """The demo school at `path`, built the way a user builds it (`amtui demo --no-open`)."""
    done = subprocess.run([AMTUI, "demo", "--db", str(path), "--no-open"], env=child_env(scratch),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"amtui demo failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def copy_school(template: Path, path: Path) -> Path:
    """A private copy of a closed school database (no -wal beside it)."""
    shutil.copyfile(template, path)
    os.chmod(path, 0o600)
    return path


def integrity(path: Path) -> str:
    """`ok`, or what `PRAGMA integrity_check` found (opening the file recovers a hot WAL)."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    problems = [r for r in rows if r != "ok"] + [f"foreign key: {row}" for row in fk[:3]]
    return "; ".join(problems[:3]) or "ok"


def is_refusal(exc: BaseException) -> bool:
    """An error a person may see (`AmtuiError`): anything else escaping amtui is a bug."""
    from amtui.core.errors import AmtuiError

    return isinstance(exc, AmtuiError)


def traceback_tail(exc: BaseException, lines: int = 4) -> str:
    """The last lines of an exception's traceback, on one line each joined by ' | '."""
    text = [line.strip() for line in "".join(traceback.format_exception(exc)).splitlines()]
    text = [line for line in text if line and set(line) - set("^~ ")]  # no caret lines
    return " | ".join(text[-lines:])


def short(value: Any, limit: int = 70) -> str:
    """`repr(value)` cut to `limit` characters (fuzz inputs can be long)."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's 4,300-digit limit
        return "(an integer too long to write out)"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def emit(record: dict[str, Any]) -> None:
    """One JSON line to stdout, flushed at once (a child about to be killed says what it did)."""
    sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def history_rows(conn: sqlite3.Connection, where: str = "1",
                 params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """History rows (oldest first) with `old` and `new` decoded from JSON."""
    rows = []
    for hid, tbl, key, old, new, change_id in conn.execute(
            f"SELECT id, tbl, key, old, new, change_id FROM history WHERE {where} ORDER BY id",
            params):
        rows.append({"id": hid, "tbl": tbl, "key": key, "change_id": change_id,
                     "old": json.loads(old) if old else None,
                     "new": json.loads(new) if new else None})
    return rows


def key_text(key: dict[str, Any]) -> str:
    """A row key as the history table writes it."""
    return json.dumps(dict(key), ensure_ascii=False)


def current_row(conn: sqlite3.Connection, table: str,
                key: dict[str, Any]) -> dict[str, Any] | None:
    where = " AND ".join(f"[{column}] = ?" for column in key)
    cursor = conn.execute(f"SELECT * FROM [{table}] WHERE {where}", list(key.values()))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def matches(row: dict[str, Any] | None, expect: dict[str, Any] | None) -> bool:
    """Whether a row holds the expected column values (`None` expects no row)."""
    if expect is None or row is None:
        return expect is None and row is None
    return all(row.get(column) == value for column, value in expect.items())
