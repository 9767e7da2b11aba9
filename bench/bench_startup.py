"""Start-up: process launch → class grid painted, in a real pseudo-terminal (120×40), against
a bare Textual DataTable app (bare_table_app.py, 30×12 cells) in the same run.

Each run launches a fresh Python process with AMTUI_BENCH_EXIT_AFTER_PAINT=1 (checked once in
AmtuiApp.on_mount: the app exits right after its first paint, so runs do not pile up). The time
is taken by this process, from launch until the terminal has received the painted grid: the
last pupil on screen (the first, on the big school's taller class). The child is the command a
teacher types, `amtui --db FILE --as KW`, run through `amtui.cli.main`.

The school's scheme is checked once, when an admin adopts it, and kept in the school's database
(amtui/store/schemes.py), so an everyday start rebuilds it from there; "no scheme adopted" is a
database made before schemes were kept there (or a new school), which checks the shipped default
on every start.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

from common import Result

from amtui.core.scheme_file import load_scheme, scheme_path
from amtui.store import pupils, schemes
from amtui.store.db import open_db

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNS = 10
SIZE = (120, 40)
TODAY = date(2026, 11, 24)

AMTUI_CHILD = "import sys\nfrom amtui.cli import main\nsys.exit(main(sys.argv[1:]))"


def run_in_pty(argv: list[str], markers: tuple[str, ...], size: tuple[int, int] = SIZE,
               env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run `argv` on a pseudo-terminal of `size`: milliseconds from launch until every marker
    has been written to the terminal (the first paint), and all it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, "AMTUI_BENCH_EXIT_AFTER_PAINT": "1", "TERM": "xterm-256color",
           "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                             close_fds=True)
    os.close(slave)
    output = bytearray()
    painted = None
    wanted = [marker.encode() for marker in markers]
    while True:
        ready, _, _ = select.select([master], [], [], 0.05)
        chunk = b""
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            output += chunk
            if painted is None and all(marker in output for marker in wanted):
                painted = (time.perf_counter() - start) * 1000
        if not chunk and child.poll() is not None:
            break
    child.wait()
    os.close(master)
    if child.returncode != 0 or painted is None:
        raise RuntimeError(f"{argv[-1]} exited {child.returncode} without painting "
                           f"{markers}: {bytes(output[-2000:])!r}")
    return painted, output.decode("utf-8", "replace")


def _series(argv: list[str], markers: tuple[str, ...]) -> list[float]:
    """RUNS timings, after one dropped run that warms the file cache."""
    return [run_in_pty(argv, markers)[0] for _ in range(RUNS + 1)][1:]


def _adopt_default(path: Path) -> None:
    """Adopt the shipped scheme in the school at `path`, as `amtui demo` does, unless it has
    adopted one already."""
    db = open_db(path)
    if schemes.school_scheme(db) is None:
        source = str(scheme_path())
        admin = next(staff for staff in pupils.list_staff(db) if staff.role == "admin")
        schemes.adopt(db, admin, schemes.read_text(source), source)
    db.conn.close()


def amtui_argv(db: Path, user: str = "KW") -> list[str]:
    return [sys.executable, "-c", AMTUI_CHILD, "--db", str(db), "--as", user]


def run() -> list[Result]:
    from bench_demo import big_db_path

    from amtui.store.demo import build_demo

    bare = _series([sys.executable, str(HERE / "bare_table_app.py")], ("Surname 29",))
    results = [Result("start-up: bare DataTable app (30×12)", bare, note="yardstick")]
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        db = open_db(demo)
        build_demo(db, load_scheme(), today=TODAY)
        last = pupils.list_pupils(db, "5W")[-1].surname
        db.conn.close()
        first = _series(amtui_argv(demo), (last,))
        _adopt_default(demo)
        grid = _series(amtui_argv(demo), (last,))
    ratio = sorted(grid)[len(grid) // 2] / sorted(bare)[len(bare) // 2]
    results.append(Result("start-up: class grid (demo school)", grid,
                          note=f"{ratio:.2f}× the bare app (target ≤ 1.3×)",
                          extra={"ratio_to_bare": round(ratio, 3)}))
    ratio = sorted(first)[len(first) // 2] / sorted(bare)[len(bare) // 2]
    results.append(Result("start-up: class grid, no scheme adopted (an older database)", first,
                          note=f"{ratio:.2f}× the bare app",
                          extra={"ratio_to_bare": round(ratio, 3)}))
    big = big_db_path()
    _adopt_default(big)
    db = open_db(big)
    group = max(pupils.list_classes(db), key=lambda c: len(pupils.list_pupils(db, c.name)))
    user = group.teacher or pupils.list_staff(db)[0].initials
    first_pupil = pupils.list_pupils(db, group.name)[0].surname
    db.conn.close()
    large = _series(amtui_argv(big, user), (first_pupil,))
    ratio = sorted(large)[len(large) // 2] / sorted(bare)[len(bare) // 2]
    results.append(Result("start-up: class grid (2,000 pupils × 10 years)", large,
                          note=f"{ratio:.2f}× the bare app",
                          extra={"ratio_to_bare": round(ratio, 3)}))
    return results


if __name__ == "__main__":
    for result in run():
        print(f"{result.name:<48} median {result.median:7.1f} ms  p95 {result.p95:7.1f} ms  "
              f"{result.note}")
