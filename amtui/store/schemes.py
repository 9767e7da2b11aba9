"""The school's scheme, kept in its database so every member of staff works to the same one.

An admin adopts a scheme file (`adopt`): its text is checked in full once, then stored with who
adopted it and when; earlier ones stay as its history and the newest is in force. Opening the
school (`school_scheme`) rebuilds the scheme from the JSON kept beside the text, without pydantic
(a few ms, where checking the text takes about 60 ms, a third of the time to the first screen).
The JSON is trusted only while the code that checked it is unchanged: after an upgrade the text
is checked again, and the JSON brought up to date when the database can be written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from amtui.core import scheme as scheme_module
from amtui.core import scheme_file
from amtui.core.errors import InvalidScheme
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import decode_scheme, parse_scheme, rebuild_scheme
from amtui.store import access, history
from amtui.store.db import Database


def how_to_adopt() -> str:
    """The sentence that says how a school adopts a scheme, and where the examples are."""
    return (f"an admin adopts one with `amtui scheme use FILE.toml` (examples in "
            f"{scheme_file.scheme_path().parent})")


@dataclass(frozen=True, slots=True)
class Adopted:
    """One adoption of a scheme: which, from which file, by whom and when."""

    id: int
    name: str
    source: str
    toml: str
    adopted_at: datetime
    adopted_by: str


def read_text(path: str | Path) -> str:
    """A scheme file's text (after any byte-order mark), or `InvalidScheme` saying why not."""
    data = scheme_file.read_scheme_file(Path(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidScheme(f"{path}: not UTF-8 text — save it as UTF-8") from None


def check(text: str, source: str) -> Scheme:
    """The scheme a file's text describes, checked in full; `InvalidScheme` names the key and
    the fix."""
    return parse_scheme(decode_scheme(text.encode("utf-8"), source), source=source)


@cache
def fingerprint() -> str:
    """Which code checked a scheme: the scheme's rules and their reader, as they are now."""
    digest = hashlib.sha256()
    for rules in (scheme_module, scheme_file):
        assert rules.__file__ is not None  # plain source modules, never namespace packages
        digest.update(Path(rules.__file__).read_bytes())
    return digest.hexdigest()


def _checked_json(scheme: Scheme) -> str | None:
    """The scheme as JSON that `rebuild_scheme` turns back into the same scheme, or None if a
    setting would not come back the same (every start then checks the text)."""
    from pydantic_core import to_jsonable_python

    text = json.dumps(to_jsonable_python(scheme), ensure_ascii=False)
    try:
        same = rebuild_scheme(json.loads(text)) == scheme
    except Exception:  # noqa: BLE001 - a setting JSON cannot hold may fail in any way
        same = False
    return text if same else None


def adopt(db: Database, who: Staff, text: str, source: str) -> Scheme:
    """Make the scheme in `text` (read from `source`) the school's (admins). A file that does
    not pass the checks is refused with the reason, and nothing is stored."""
    with history.change(db, who, "adopt the school's scheme") as change:
        access.check(change, access.May.MANAGE_SCHEME)
        scheme = check(text, source)
        change.write("schemes", {}, {
            "name": scheme.name, "toml": text, "source": source,
            "checked": _checked_json(scheme), "checked_by": fingerprint(),
            "adopted_at": history.now(), "adopted_by": who.initials}, seen=None)
    return scheme


def _adopted(row: dict[str, Any]) -> Adopted:
    return Adopted(id=row["id"], name=row["name"], source=row["source"], toml=row["toml"],
                   adopted_at=datetime.fromisoformat(row["adopted_at"]),
                   adopted_by=row["adopted_by"])


def adoptions(db: Database) -> list[Adopted]:
    """Every scheme the school has adopted, newest (the one in force) first."""
    return [_adopted(row) for row in db.query(
        "SELECT id, name, source, toml, adopted_at, adopted_by FROM schemes ORDER BY id DESC")]


def school_scheme(db: Database) -> Scheme | None:
    """The school's scheme in force, or None if it has adopted none yet."""
    rows = list(db.query("SELECT id, name, toml, checked, checked_by FROM schemes "
                         "ORDER BY id DESC LIMIT 1"))
    if not rows:
        return None
    row, stamp = rows[0], fingerprint()
    if row["checked"] is not None and row["checked_by"] == stamp:
        try:
            return rebuild_scheme(json.loads(row["checked"]))
        except Exception:  # noqa: BLE001 - a damaged row may raise anything: check the text
            pass
    try:
        scheme = check(row["toml"], f"the school's scheme ({row['name']})")
    except InvalidScheme as exc:
        raise InvalidScheme(f"{exc} — this amtui no longer accepts it: an admin saves it with "
                            "`amtui scheme show --toml > scheme.toml`, corrects it and adopts "
                            "it again with `amtui scheme use scheme.toml`") from None
    _remember(db, row["id"], scheme, stamp)
    return scheme



def scheme_in_force(db: Database) -> Scheme:
    """The scheme the school adopted, else the shipped default (as the app would use)."""
    return school_scheme(db) or scheme_file.load_scheme()

def _remember(db: Database, row_id: int, scheme: Scheme, stamp: str) -> None:
    """Keep the scheme as this amtui checked it, so the next start need not check it again.
    Not a change of the school's (its text and history stay as they are): skipped when the
    database cannot be written now."""
    checked = _checked_json(scheme)
    if checked is None or db.readonly or db.conn.in_transaction:
        return
    with contextlib.suppress(sqlite3.Error):  # busy, or read-only after all: check next time
        db.execute("UPDATE schemes SET checked = ?, checked_by = ? WHERE id = ?",
                   [checked, stamp, row_id])


def _bands(bands: Any, labels: Any) -> str:
    """`Green ≥ 0, Amber ≥ -1, Red below`: gap → colour, in words."""
    return (f"{labels.green} ≥ {bands.green_min}, {labels.amber} ≥ {bands.amber_min}, "
            f"{labels.red} below")


def _span(low: int, high: int) -> str:
    """`0`, `1–3`, or `none` for an empty range of counts."""
    return "none" if high < low else str(low) if low == high else f"{low}–{high}"


def describe(scheme: Scheme) -> list[str]:
    """The scheme's main settings as lines a person reads (`amtui scheme show`); the whole of
    it is its TOML (`--toml`)."""
    labels = scheme.colour_labels
    unit = "steps" if scheme.scale == "steps" else "sub-stages"
    core = set(scheme.core_subjects)
    subjects = ", ".join(f"{s}*" if s in core else s for s in scheme.subjects)
    meetings = scheme.meetings
    cycle = ("every half-term" if len(meetings.half_terms) == 6
             else " ".join(f"T{t}" for t in meetings.half_terms) or "none")
    if meetings.every_half_term_years:
        years = ", ".join("R" if y == 0 else f"Y{y}" for y in meetings.every_half_term_years)
        cycle += f" (every half-term in {years})"
    skills, lates = scheme.basic_skills, scheme.punctuality
    return [
        f"{scheme.name} — {scheme.school}",
        f"  scale            {scheme.scale}, {scheme.expected_per_year} {unit} expected a year",
        f"  subjects         {subjects}   (* core: needed before a meeting is signed)",
        f"  meetings         {cycle}",
        f"  colours          {labels.red} / {labels.amber} / {labels.green}",
        f"  progress bands   gap to expected ({unit}): {_bands(scheme.progress_bands, labels)}",
        f"  ARE bands        gap to ARE ({unit}): {_bands(scheme.are_bands, labels)}",
        f"  attendance       {labels.green} above {scheme.attendance.green_above:g}%, "
        f"{labels.amber} from {scheme.attendance.amber_from:g}%, {labels.red} below",
        f"  punctuality      lates: {labels.green} {_span(0, lates.green_max)}, {labels.amber} "
        f"{_span(lates.green_max + 1, lates.amber_max)}, {labels.red} {lates.amber_max + 1} or "
        "more",
        f"  basic skills     out of {skills.out_of}: {labels.green} from {skills.green_min}, "
        f"{labels.amber} from {skills.amber_min}",
        f"  judgements       {' / '.join(scheme.judgements)}",
        "  attitude areas   " + (", ".join(area.name for area in scheme.attitude_areas)
                                 or "none"),
    ]
