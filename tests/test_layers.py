"""The layers hold: core is pure, the UI reaches the database only through the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_core_imports_no_ui_storage_or_pdf():
    code = ("import sys, amtui.core.colours, amtui.core.progress, amtui.core.criteria, "
            "amtui.core.targets, amtui.core.meeting, amtui.core.conversion\n"
            "print(sorted(m for m in ('textual', 'sqlite_utils', 'sqlite3', 'fpdf') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
