"""The audited write path. One user action is one *change*: a write transaction that checks who
may make it (`amtui.store.access`), checks the version each row had when the caller read it,
writes the rows, and records one history row per row written, all linked to the change by id.
`undo` reverts the signed-in user's own latest change as a whole, only while no one else has
touched those rows since, only from the session that made it, and never a signature."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from amtui.core.errors import Conflict, NotAllowed, NotFound
from amtui.core.models import HistoryEntry, Staff
from amtui.store.db import Database, transaction

Row = dict[str, Any]
UNDO_WINDOW = timedelta(minutes=30)  # an undo reaches back this far, and only in its session


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _where(key: Mapping[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"[{column}] = ?" for column in key), list(key.values())


def read(db: Database, table: str, key: Mapping[str, Any]) -> Row | None:
    where, params = _where(key)
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE {where}", params))
    return rows[0] if rows else None


SECRET_COLUMNS = {"staff_secrets": ("hash",)}
"""Columns whose values history keeps only as "(hidden)": a password's hash never leaves its row."""


def _kept(table: str, row: Row | None) -> str | None:
    """A row as history keeps it: JSON, with its secret columns hidden."""
    if row is None:
        return None
    hidden = {column: "(hidden)" for column in SECRET_COLUMNS.get(table, ()) if column in row}
    return json.dumps({**row, **hidden}, ensure_ascii=False)


RECORD_NAMES = {
    "staff": "staff", "classes": "class", "pupils": "pupil", "attainment": "attainment",
    "starting_points": "starting point", "targets": "target", "attitude": "attitude",
    "self_assessments": "self-assessment", "meetings": "meeting", "medium_targets": "next step",
    "support_lines": "support", "interventions": "intervention",
    "intervention_pupils": "intervention", "intervention_sessions": "session",
    "session_pupils": "session", "intervention_reviews": "programme review",
    "programme_bank": "programme",
    "criteria_marks": "criteria", "criteria_bank": "criteria sheet",
    "basic_skills": "test score", "basic_skills_levels": "basic-skills level",
    "class_grants": "class access",
    "school_facts": "school",
    "tests": "half-term test", "test_questions": "half-term test",
    "test_answers": "test answer",
}


def conflict(table: str) -> Conflict:
    return Conflict(f"someone else changed this {RECORD_NAMES.get(table, table)} record since you "
                    "opened it — it has been reloaded; check it and make your change again")


@dataclass
class Change:
    """One user action being written. Made by `change()`; store functions call
    `access.check(change, …)` before their first `write` (a write without it is a bug)."""

    db: Database
    who: Staff
    what: str
    undoable: bool = True
    id: int | None = None  # the changes row, made with the first history row
    checked: bool = False

    @overload
    def write(self, table: str, key: Mapping[str, Any], values: Mapping[str, Any], *,
              seen: int | None, why: str = "") -> Row: ...
    @overload
    def write(self, table: str, key: Mapping[str, Any], values: Mapping[str, Any] | None, *,
              seen: int | None, why: str = "") -> Row | None: ...
    def write(self, table: str, key: Mapping[str, Any], values: Mapping[str, Any] | None, *,
              seen: int | None, why: str = "") -> Row | None:
        """Set the row at `key` to `values` merged over what is there (None deletes it).
        `seen` is the version the caller read (0: no row yet); if the row has moved on since,
        nothing of this change is written and `Conflict` is raised. `seen=None` only for a new
        row of a table with an integer id (`key={}`). Returns the new row (None once deleted)."""
        if not self.checked:
            raise RuntimeError(f"a write to {table} without a permission check")
        if seen is None and key:
            raise RuntimeError(f"a write to {table} without the version its caller saw")
        old = read(self.db, table, key) if key else None
        if seen is not None and (old["version"] if old else 0) != seen:
            raise conflict(table)
        return self._apply(table, key, old, values, why)

    def mark(self, table: str, key: Mapping[str, Any], values: Mapping[str, Any],
             why: str = "") -> Row | None:
        """A write this change implies (a signed meeting becoming amended, a ladder rebuilt
        from a starting point), made against the row as it is inside this transaction."""
        if not self.checked:
            raise RuntimeError(f"a write to {table} without a permission check")
        return self._apply(table, key, read(self.db, table, key), values, why)

    def _apply(self, table: str, key: Mapping[str, Any], old: Row | None,
               values: Mapping[str, Any] | None, why: str) -> Row | None:
        db = self.db
        if values is None:
            if old is None:
                return None
            where, params = _where(key)
            db.execute(f"DELETE FROM [{table}] WHERE {where}", params)
            new = None
        elif old is None:
            row = {**key, **values, "version": 1}
            columns = ", ".join(f"[{c}]" for c in row)
            cursor = db.execute(
                f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()))
            if not key:
                key = {"id": cursor.lastrowid}
            new = read(db, table, key)
        else:
            changed = {c: v for c, v in values.items() if old.get(c) != v}
            if not changed:
                return old
            sets = ", ".join(f"[{c}] = ?" for c in changed)
            where, params = _where(key)
            db.execute(f"UPDATE [{table}] SET {sets}, version = version + 1 WHERE {where}",
                       [*changed.values(), *params])
            new = read(db, table, key)
        self._record(table, key, old, new, why)
        return new

    def row_id(self) -> int:
        """The id of this change's row in `changes`, made on first use."""
        if self.id is None:
            cursor = self.db.execute(
                "INSERT INTO changes (at, who, session, what, undoable) VALUES (?, ?, ?, ?, ?)",
                [now(), self.who.initials, self.db.session, self.what, int(self.undoable)])
            assert cursor.lastrowid is not None  # an INSERT always sets it
            self.id = cursor.lastrowid
        return self.id

    def forbid_undo(self) -> None:
        """This change holds something undo must never revert (a signature)."""
        self.undoable = False
        if self.id is not None:
            self.db.execute("UPDATE changes SET undoable = 0 WHERE id = ?", [self.id])

    def _record(self, table: str, key: Mapping[str, Any], old: Row | None, new: Row | None,
                why: str) -> None:
        self.db.execute(
            "INSERT INTO history (at, who, tbl, key, old, new, why, change_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now(), self.who.initials, table, json.dumps(dict(key), ensure_ascii=False),
             _kept(table, old), _kept(table, new), why, self.row_id()])


@contextmanager
def change(db: Database, who: Staff, what: str, *, undoable: bool = True) -> Iterator[Change]:
    """One user action: a write transaction (BEGIN IMMEDIATE) whose writes undo reverts as one.
    A change opened inside another joins it."""
    outer: Change | None = db.current_change
    if outer is not None:
        if outer.who.initials != who.initials:
            raise RuntimeError("one change is made by one person")
        if not undoable:
            outer.forbid_undo()
        yield outer
        return
    with transaction(db):
        current = Change(db, who, what, undoable)
        db.current_change = current
        try:
            yield current
        finally:
            db.current_change = None


def _entry(row: Row) -> HistoryEntry:
    return HistoryEntry(id=row["id"], at=datetime.fromisoformat(row["at"]), who=row["who"],
                        table=row["tbl"], key=row["key"], old=row["old"], new=row["new"],
                        why=row["why"], undone=bool(row["undone"]))


def entries(db: Database, table: str | None = None, key: Mapping[str, Any] | None = None,
            who: str | None = None, limit: int = 200, *,
            prefix: bool = False) -> list[HistoryEntry]:
    """History newest first, optionally for one table, one person, and one row key — or, with
    `prefix`, every row whose key starts with the given columns (e.g. all of a pupil's targets)."""
    clauses: list[str] = []
    params: list[object] = []
    if table:
        clauses.append("h.tbl = ?")
        params.append(table)
    if key is not None:
        text = json.dumps(dict(key), ensure_ascii=False)
        if prefix:
            clauses.append("substr(h.key, 1, ?) = ?")
            params.extend([len(text) - 1, text[:-1]])
        else:
            clauses.append("h.key = ?")
            params.append(text)
    if who:
        clauses.append("h.who = ?")
        params.append(who)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.query("SELECT h.*, c.undone_by IS NOT NULL AS undone FROM history h "
                    f"LEFT JOIN changes c ON c.id = h.change_id {where} ORDER BY h.id DESC LIMIT ?",
                    [*params, limit])
    return [_entry(row) for row in rows]


def latest_id(db: Database) -> int:
    """The newest history row's id (0 for none): a cheap way to see whether anything changed."""
    return db.execute("SELECT coalesce(max(id), 0) FROM history").fetchone()[0]


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo reverted: the change's description and the tables it touched."""

    what: str
    tables: tuple[str, ...]


def undo(db: Database, who: Staff) -> Undone:
    """Revert `who`'s latest change made in this session (`db.session`) that is not undone yet.
    Refused, saying why, when someone else has changed any of its rows since, when it is older
    than `UNDO_WINDOW`, or when it is a signature."""
    with change(db, who, "undo") as undoing:
        undoing.checked = True  # reverting one's own change needs no other permission
        rows = list(db.query(
            "SELECT * FROM changes WHERE who = ? AND session = ? AND undo_of IS NULL AND "
            "undone_by IS NULL ORDER BY id DESC LIMIT 1", [who.initials, db.session]))
        if not rows:
            raise NotFound("nothing of yours to undo in this session")
        target = rows[0]
        if not target["undoable"]:
            raise NotAllowed(f"{target['what']} cannot be undone — a signature stands; a change "
                             "made now marks the meeting amended")
        if datetime.now(UTC) - datetime.fromisoformat(target["at"]) > UNDO_WINDOW:
            raise NotAllowed(f"your last change ({target['what']}) is more than "
                             f"{UNDO_WINDOW.seconds // 60} minutes old — change it back by hand")
        written = list(db.query("SELECT * FROM history WHERE change_id = ? ORDER BY id",
                                [target["id"]]))
        first_old: dict[tuple[str, str], Row] = {}
        for row in written:
            first_old.setdefault((row["tbl"], row["key"]), row)
        for table, key in first_old:
            _refuse_if_touched_since(db, who, table, key, written[-1]["id"])
        for (table, key), row in reversed(list(first_old.items())):
            _restore(undoing, table, json.loads(key),
                     json.loads(row["old"]) if row["old"] else None)
        undo_id = undoing.row_id()
        db.execute("UPDATE changes SET undo_of = ? WHERE id = ?", [target["id"], undo_id])
        db.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [undo_id, target["id"]])
    return Undone(what=target["what"], tables=tuple(dict.fromkeys(t for t, _ in first_old)))


def _refuse_if_touched_since(db: Database, who: Staff, table: str, key: str, after: int) -> None:
    """Later history on the row is allowed only from `who`'s own undone changes and their undos."""
    for row in db.query(
            "SELECT h.who, c.undo_of, c.undone_by FROM history h "
            "LEFT JOIN changes c ON c.id = h.change_id "
            "WHERE h.tbl = ? AND h.key = ? AND h.id > ? ORDER BY h.id", [table, key, after]):
        own = row["who"] == who.initials and (row["undo_of"] or row["undone_by"])
        if not own:
            name = "you, in another session" if row["who"] == who.initials else row["who"]
            raise Conflict(f"nothing undone: {name} changed that "
                           f"{RECORD_NAMES.get(table, table)} record since")


def _restore(undoing: Change, table: str, key: Row, old: Row | None) -> None:
    """Put a row back as it was; its version still moves forward, so a screen that saw the
    undone value gets a conflict rather than writing over the restored one."""
    db = undoing.db
    current = read(db, table, key)
    if old is None:
        undoing._apply(table, key, current, None, "undo")
        return
    restored = {**old, "version": (current or old)["version"] + 1}
    if current is None:  # deleted: insert it again, with its old id
        columns = ", ".join(f"[{c}]" for c in restored)
        db.execute(f"INSERT INTO [{table}] ({columns}) "
                   f"VALUES ({', '.join('?' for _ in restored)})", list(restored.values()))
    else:  # an UPDATE, never a REPLACE: a replace deletes first, and deletes cascade
        sets = ", ".join(f"[{c}] = ?" for c in restored)
        where, params = _where(key)
        db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*restored.values(), *params])
    undoing._record(table, key, current, read(db, table, key), "undo")
