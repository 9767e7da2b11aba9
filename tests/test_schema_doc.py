"""docs/schema.md describes every table and column of a fresh database, with the facts (type,
key, not null, default, reference) the migrations give them, and every CSV export's columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amtui.store import exports
from amtui.store.db import Database, open_db

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
HEADING = re.compile(r"^### `(\w+)`$")
ROW = re.compile(r"^\| `(\w+)` \| (\w*) \| (.*?) \| (.+) \|$")
EXPORT = re.compile(r"^### `amtui export (\w+)`$")
EXPORT_ROW = re.compile(r"^\| (.+?) \| (.+) \|$")


def column_facts(db: Database, table: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """A table's key line and, per column, its type and constraints as the doc writes them."""
    info = db.execute(f"PRAGMA table_info([{table}])").fetchall()
    refs = {row[3]: f"{row[2]}.{row[4]}"
            for row in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall()}
    key = ", ".join(f"`{row[1]}`" for row in sorted(info, key=lambda row: row[5]) if row[5])
    columns = {}
    for _, name, kind, notnull, default, _ in info:
        facts = ["not null"] if notnull else []
        if default is not None:
            facts.append(f"default `{default}`")
        if name in refs:
            facts.append(f"→ `{refs[name]}`")
        columns[name] = (kind, ", ".join(facts))
    return f"Key: {key}", columns


def documented() -> dict[str, tuple[str, dict[str, tuple[str, str, str]]]]:
    """Table → (its key line, column → (type, constraints, meaning)) as docs/schema.md says."""
    tables: dict[str, tuple[str, dict[str, tuple[str, str, str]]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if match := HEADING.match(line):
            current = match[1]
            tables[current] = ("", {})
        elif line.startswith("## "):
            current = None
        elif current is not None and line.startswith("Key: "):
            tables[current] = (line, tables[current][1])
        elif current is not None and (match := ROW.match(line)):
            tables[current][1][match[1]] = (match[2], match[3], match[4].strip())
    return tables


def fresh_tables() -> dict[str, tuple[str, dict[str, tuple[str, str]]]]:
    db = open_db(memory=True)
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: column_facts(db, name) for name in names}


def test_every_table_of_a_fresh_database_is_described_and_nothing_else():
    assert sorted(documented()) == sorted(fresh_tables())


@pytest.mark.parametrize("table", sorted(fresh_tables()))
def test_every_column_is_described_with_the_facts_the_migrations_give_it(table):
    key, columns = fresh_tables()[table]
    doc_key, doc_columns = documented()[table]
    assert doc_key == key
    expected = [f"| `{name}` | {kind} | {facts} | …" for name, (kind, facts) in columns.items()]
    written = [f"| `{name}` | {kind} | {facts} | …"
               for name, (kind, facts, _) in doc_columns.items()]
    assert written == expected  # in the database's order: paste the expected rows to fix it
    assert all(meaning and meaning != "…" for _, _, meaning in doc_columns.values())


def documented_exports() -> dict[str, list[str]]:
    """`amtui export` kind → the columns docs/schema.md lists for it, in order."""
    kinds: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if match := EXPORT.match(line):
            current = match[1]
            kinds[current] = []
        elif line.startswith("#"):
            current = None
        elif (current is not None and (match := EXPORT_ROW.match(line))
              and match[1] not in ("column", "---")):
            kinds[current].append(match[1])
    return kinds


def test_every_export_and_its_columns_are_described():
    assert documented_exports() == {
        "pupils": exports.PUPIL_COLUMNS, "attainment": exports.ATTAINMENT_COLUMNS,
        "targets": exports.TARGET_COLUMNS, "attitude": exports.ATTITUDE_COLUMNS,
        "interventions": exports.INTERVENTION_COLUMNS, "sessions": exports.SESSION_COLUMNS}
