"""Command-line cold start: `python -m amtui --help` (and the installed `amtui`), against a bare
interpreter in the same run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import Result, timed

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, env=ENV)


def run() -> list[Result]:
    results = [
        Result("python -c pass (baseline)", timed(lambda: _run(sys.executable, "-c", "pass"), 20)),
        Result("amtui --help (python -m)", timed(lambda: _run(sys.executable, "-m", "amtui",
                                                              "--help"), 20)),
    ]
    script = shutil.which("amtui", path=str(Path(sys.executable).parent))
    if script:
        results.append(Result("amtui --help (console script)",
                              timed(lambda: _run(script, "--help"), 20)))
    return results
