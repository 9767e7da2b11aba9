"""Files the app writes (exports, backups, PDFs): owner-only from the first byte, and atomic."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_private_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` mode 0600 via a temp file and a rename: no half file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates it 0600
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def write_private(path: Path, rows: Iterable[list[object]]) -> Path:
    """Write rows as UTF-8 CSV, owner-only and atomically."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return write_private_bytes(path, buffer.getvalue().encode("utf-8"))
