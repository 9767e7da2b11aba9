"""The bundled Unicode font (DejaVu Sans, regular and bold): the core PDF fonts cannot print
names such as "Łukasz", so every profile uses it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from amtui.resources import data_path


@dataclass(frozen=True)
class FontFiles:
    """The regular and bold TTF files a document adds."""

    regular: Path
    bold: Path


def bundled() -> FontFiles:
    """DejaVu Sans as shipped in data/fonts."""
    return FontFiles(data_path("fonts", "DejaVuSans.ttf"),
                     data_path("fonts", "DejaVuSans-Bold.ttf"))
