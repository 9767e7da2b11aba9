"""The bundled Unicode font, cut down once per batch of profiles to the characters it prints.

fpdf2 parses the whole TTF on every `add_font` and subsets that parsed font again for every
document it writes. For DejaVu Sans (about 6,000 glyphs, in two styles) that was most of the
time of a class printed one file per pupil. fpdf2 has no public way to share a parsed font
between documents, so a batch cuts each style once — with fontTools, the subsetter fpdf2 itself
uses — to the characters the batch prints (the layout's and its profiles'), and every document
of the batch adds that small font through the ordinary `add_font`. Glyphs, widths and metrics are
the bundled font's own, so the pages read and measure exactly as before.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from amtui.resources import data_path

DROPPED_TABLES = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta"]
"""Tables fpdf2 drops from every font it embeds (it does no shaping here): not worth cutting."""


@dataclass(frozen=True)
class FontFiles:
    """The regular and bold TTF files a document adds."""

    regular: Path
    bold: Path


def bundled() -> FontFiles:
    """DejaVu Sans as shipped in data/fonts."""
    return FontFiles(data_path("fonts", "DejaVuSans.ttf"),
                     data_path("fonts", "DejaVuSans-Bold.ttf"))


def codepoints(texts: Iterable[str]) -> set[int]:
    """Every character of `texts`."""
    wanted: set[int] = set()
    for text in texts:
        wanted.update(map(ord, text))
    return wanted


@contextmanager
def batch_fonts(texts: Iterable[str]) -> Iterator[FontFiles]:
    """The bundled fonts cut to `codepoints(texts)`, as files in a private temporary folder
    (0700) that is removed when the block ends."""
    wanted = codepoints(texts)
    source = bundled()
    with tempfile.TemporaryDirectory(prefix="amtui-fonts-") as folder:
        yield FontFiles(_cut(source.regular, wanted, Path(folder) / "regular.ttf"),
                        _cut(source.bold, wanted, Path(folder) / "bold.ttf"))


def _cut(source: Path, wanted: set[int], target: Path) -> Path:
    """Save the glyphs of `source` that draw `wanted` (plus .notdef) as the TTF `target`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    try:
        options = subset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True)
        options.drop_tables += DROPPED_TABLES
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        font.save(target)
    finally:
        font.close()
    return target
