"""Locate the shipped data files (schemes, APS table, criteria banks, fonts)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def data_dir() -> Path:
    """The `data/` folder: inside the installed wheel, else beside the source tree."""
    installed = Path(str(files("amtui"))) / "data"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "data"


def data_path(*parts: str) -> Path:
    return data_dir().joinpath(*parts)
