"""Files the app writes (exports, backups, PDFs): owner-only from the first byte, and atomic."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


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


def write_private(path: Path, rows: Iterable[list[object]]) -> Path:
    """Write rows as UTF-8 CSV, owner-only and atomically."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return write_private_bytes(path, buffer.getvalue().encode("utf-8"))
