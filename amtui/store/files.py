"""Files the app writes (exports, backups, PDFs): owner-only from the first byte, and atomic."""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would run as a formula begins (OWASP's CSV injection list)."""


@contextmanager
def private_replacement(path: Path) -> Iterator[Path]:
    """A new temp file beside `path` (mode 0600, its folder created 0700) to write; it becomes
    `path` when the block ends and is removed if the block fails, so no half file is left."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_private_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path`, owner-only and atomically."""
    with private_replacement(path) as temp:
        temp.write_bytes(data)
    return path


def _plain_number(text: str) -> bool:
    """`-1`, `+2`, `-0.5`: a finite number written plainly (ASCII, no spaces around it)."""
    if not text.isascii() or text != text.strip():
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def safe_cell(cell: object) -> object:
    """A cell a spreadsheet shows as text and never runs: a string that begins like a formula
    (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`, unless it is a plain number
    such as a signed gap `-1`. Numbers (but `-inf`) and empty cells are left as they are.

    A carriage return inside a cell becomes a newline: the writer quotes a cell with a newline,
    but would write a bare CR as it is, ending the row there (`x\r=cmd` would start a new row
    with a live formula)."""
    if cell is None or isinstance(cell, int) or (isinstance(cell, float) and math.isfinite(cell)):
        return cell
    text = str(cell)
    if text.startswith(FORMULA_STARTS) and not _plain_number(text):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_private(path: Path, rows: Iterable[Sequence[object]]) -> Path:
    """Write rows as CSV that a spreadsheet opens cleanly, owner-only and atomically: UTF-8
    with a byte-order mark (without one, Excel reads "Zoë" as "ZoÃ«"), CRLF line ends, and no
    cell a live formula (`safe_cell`)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([safe_cell(cell) for cell in row]
                                                         for row in rows)
    return write_private_bytes(path, buffer.getvalue().encode("utf-8-sig"))
