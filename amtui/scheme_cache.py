"""Open the school's scheme, validating each version of the file once.

Validating a scheme imports pydantic and builds its validators: about 60 ms, a third of the
time to the first screen. So a file that validated is remembered, as the JSON of the result,
under a key made of the file's bytes and the scheme code that checked them; the next start
rebuilds it from there (about 1 ms). A changed file, a new amtui or an unreadable cache entry
all mean validating again, so a bad file is always refused with its reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from amtui.core import scheme as scheme_module
from amtui.core import scheme_file
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import (
    decode_scheme,
    parse_scheme,
    read_scheme_file,
    rebuild_scheme,
    scheme_path,
)


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/amtui/schemes`, else `~/.cache/amtui/schemes`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "amtui" / "schemes"


def _key(data: bytes) -> str:
    digest = hashlib.sha256(data)
    for rules in (scheme_module, scheme_file):  # the code that validated it
        assert rules.__file__ is not None  # plain source modules, never namespace packages
        digest.update(Path(rules.__file__).read_bytes())
    return digest.hexdigest()


def open_scheme(path: str | Path | None = None) -> Scheme:
    """The scheme in `path` (or the shipped default); a bad file raises `InvalidScheme`."""
    file = scheme_path(path)
    data = read_scheme_file(file)
    entry = cache_dir() / f"{_key(data)}.json"
    try:
        return rebuild_scheme(json.loads(entry.read_bytes()))
    except Exception:  # noqa: BLE001 - a damaged entry may raise anything (RecursionError too)
        pass  # not validated before (or the entry is damaged): validate now
    scheme = parse_scheme(decode_scheme(data, str(file)), source=str(file))
    from amtui.store.files import write_private_bytes

    with contextlib.suppress(OSError):  # a read-only home: validate every time
        write_private_bytes(entry, json.dumps(asdict(scheme), ensure_ascii=False).encode())
    return scheme
