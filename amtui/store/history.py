"""The audited write path: every change to a row goes through `write`, which checks the row's
version, writes it and records who changed what, when and why. `undo` reverts one's own last edit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from amtui.core.errors import Conflict, NotFound
from amtui.core.models import HistoryEntry
from amtui.store.db import Database, transaction

Row = dict[str, Any]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _where(key: Mapping[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"[{column}] = ?" for column in key), list(key.values())


def read(db: Database, table: str, key: Mapping[str, Any]) -> Row | None:
    where, params = _where(key)
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE {where}", params))
    return rows[0] if rows else None


RECORD_NAMES = {
    "staff": "staff", "classes": "class", "pupils": "pupil", "attainment": "attainment",
    "starting_points": "starting point", "targets": "target", "attitude": "attitude",
    "self_assessments": "self-assessment", "meetings": "meeting", "medium_targets": "next step",
    "interventions": "intervention", "intervention_pupils": "intervention",
    "intervention_sessions": "session", "criteria_marks": "criteria", "basic_skills": "test score",
}


def _conflict(table: str) -> Conflict:
    return Conflict(f"someone else changed this {RECORD_NAMES.get(table, table)} record since you "
                    "opened it — it has been reloaded; check it and make your change again")


def write(db: Database, who: str, table: str, key: Mapping[str, Any], values: Mapping[str, Any] | None,
          *, seen: int | None = None, why: str = "") -> Row | None:
    """Set the row at `key` to `values` merged over what is there (None deletes it), in one
    transaction with its history row. `seen` is the version the caller read (0: no row yet);
    if the row has moved on since, nothing is written and `Conflict` is raised. Returns the new row.

    For tables with an integer `id`, pass `key={}` to insert a new row.
    """
    with transaction(db):
        old = read(db, table, key) if key else None
        if seen is not None and (old["version"] if old else 0) != seen:
            raise _conflict(table)
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
        _record(db, who, table, key, old, new, why)
        return new


def _record(db: Database, who: str, table: str, key: Mapping[str, Any], old: Row | None,
            new: Row | None, why: str) -> None:
    db.execute(
        "INSERT INTO history (at, who, tbl, key, old, new, why) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [now(), who, table, json.dumps(dict(key), ensure_ascii=False),
         None if old is None else json.dumps(old, ensure_ascii=False),
         None if new is None else json.dumps(new, ensure_ascii=False), why])


def _entry(row: Row) -> HistoryEntry:
    return HistoryEntry(id=row["id"], at=datetime.fromisoformat(row["at"]), who=row["who"],
                        table=row["tbl"], key=row["key"], old=row["old"], new=row["new"],
                        why=row["why"], undone=bool(row["undone"]))


def entries(db: Database, table: str | None = None, key: Mapping[str, Any] | None = None,
            who: str | None = None, limit: int = 200, *, prefix: bool = False) -> list[HistoryEntry]:
    """History newest first, optionally for one table, one person, and one row key — or, with
    `prefix`, every row whose key starts with the given columns (e.g. all of a pupil's targets)."""
    clauses, params = [], []
    if table:
        clauses.append("tbl = ?")
        params.append(table)
    if key is not None:
        text = json.dumps(dict(key), ensure_ascii=False)
        if prefix:
            clauses.append("substr(key, 1, ?) = ?")
            params.extend([len(text) - 1, text[:-1]])
        else:
            clauses.append("key = ?")
            params.append(text)
    if who:
        clauses.append("who = ?")
        params.append(who)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.query(f"SELECT * FROM history {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    return [_entry(row) for row in rows]


def last_undoable(db: Database, who: str) -> HistoryEntry | None:
    rows = list(db.query(
        "SELECT * FROM history WHERE who = ? AND undone = 0 AND why NOT LIKE 'undo%' "
        "ORDER BY id DESC LIMIT 1", [who]))
    return _entry(rows[0]) if rows else None


def undo(db: Database, who: str) -> HistoryEntry:
    """Revert `who`'s last edit that is not yet undone. Refused (Conflict) if someone else has
    changed that row since."""
    with transaction(db):
        entry = last_undoable(db, who)
        if entry is None:
            raise NotFound("nothing of yours to undo")
        key = json.loads(entry.key)
        current = read(db, entry.table, key)
        latest = entries(db, entry.table, key, limit=1)[0]
        latest_new = json.loads(latest.new) if latest.new else None
        if latest.who != who or (current or {}).get("version") != (latest_new or {}).get("version"):
            raise Conflict("someone else has changed that record since your edit — nothing undone")
        old = json.loads(entry.old) if entry.old else None
        where, params = _where(key)
        if old is None:
            db.execute(f"DELETE FROM [{entry.table}] WHERE {where}", params)
        else:
            restored = {**old, "version": (current or {}).get("version", 0) + 1}
            columns = ", ".join(f"[{c}]" for c in restored)
            db.execute(f"INSERT OR REPLACE INTO [{entry.table}] ({columns}) "
                       f"VALUES ({', '.join('?' for _ in restored)})", list(restored.values()))
        db.execute("UPDATE history SET undone = 1 WHERE id = ?", [entry.id])
        _record(db, who, entry.table, key, current, read(db, entry.table, key),
                f"undo #{entry.id}")
    return entry
