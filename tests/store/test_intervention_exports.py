"""`amtui export interventions` and `amtui export sessions`: the rows say what the store holds,
spreadsheet-safe, for senior leaders and admins only."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from amtui.core.errors import NotAllowed
from amtui.core.models import Staff
from amtui.store import exports, pupils

ADMIN = Staff(initials="AD", name="Ms A Dunn", role="admin")
TEACHER = Staff(initials="KW", name="Miss K Webb", role="teacher")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def written(db, scheme, today, tmp_path, kind, year=None):
    out = tmp_path / f"{kind}.csv"
    count = exports.export(db, scheme, kind, out, year, today=today, who=ADMIN)
    header, rows = read(out)
    assert len(rows) == count
    return header, rows


def logged(db):
    """How many sessions the store holds (the demo school on TODAY: 280)."""
    return db.execute("SELECT count(*) FROM intervention_sessions").fetchone()[0]


def test_one_interventions_row_per_programme_and_pupil_with_their_sessions(
        demo_db, scheme, today, tmp_path):
    header, rows = written(demo_db, scheme, today, tmp_path, "interventions")
    assert header == exports.INTERVENTION_COLUMNS
    places = list(demo_db.query(
        "SELECT p.intervention_id, p.upn, p.joined, p.left_on, i.name, i.start, i.staff "
        "FROM intervention_pupils p JOIN interventions i ON i.id = p.intervention_id"))
    assert sorted((int(r["Programme id"]), r["UPN"]) for r in rows) == \
        sorted((p["intervention_id"], p["upn"]) for p in places)
    held = {(r["intervention_id"], r["upn"]): r["n"] for r in demo_db.query(
        "SELECT s.intervention_id, p.upn, count(*) AS n FROM intervention_sessions s "
        "JOIN intervention_pupils p ON p.intervention_id = s.intervention_id "
        "AND s.on_date BETWEEN p.joined AND coalesce(p.left_on, '9999') GROUP BY 1, 2")}
    came = {(r["intervention_id"], r["upn"]): r["n"] for r in demo_db.query(
        "SELECT s.intervention_id, a.upn, count(*) AS n FROM intervention_sessions s "
        "JOIN session_pupils a ON a.session_id = s.id AND a.present GROUP BY 1, 2")}
    people = {p.upn: p for p in pupils.list_pupils(demo_db)}
    by_place = {(p["intervention_id"], p["upn"]): p for p in places}
    for row in rows:
        key = (int(row["Programme id"]), row["UPN"])
        place, pupil = by_place[key], people[row["UPN"]]
        assert (row["Programme"], row["Start"], row["Staff"], row["Joined"], row["Left"]) == \
            (place["name"], place["start"], ", ".join(json.loads(place["staff"])),
             place["joined"], place["left_on"] or "")
        assert (row["Surname"], row["Forename"], row["Class"]) == \
            (pupil.surname, pupil.forename, pupil.class_name)
        assert int(row["Sessions logged"]) == held.get(key, 0)
        assert int(row["Sessions attended"]) == came.get(key, 0)
        assert ISO_DATE.fullmatch(row["Start"]) and row["End"] == ""
    assert sum(int(r["Sessions attended"]) for r in rows) == sum(came.values()) > 0


def test_one_sessions_row_per_session_and_pupil_present_or_absent(demo_db, scheme, today,
                                                                  tmp_path):
    header, rows = written(demo_db, scheme, today, tmp_path, "sessions")
    assert header == exports.SESSION_COLUMNS
    stored = {r["id"]: r for r in demo_db.query("SELECT * FROM intervention_sessions")}
    marks = {(r["session_id"], r["upn"]): r for r in demo_db.query("SELECT * FROM session_pupils")}
    expected = sorted(
        (s["intervention_id"], s["on_date"], s["minutes"], s["logged_by"], upn,
         "Y" if mark["present"] else "N", mark["reason"], s["note"])
        for (session_id, upn), mark in marks.items() for s in [stored[session_id]])
    assert sorted((int(r["Programme id"]), r["Date"], int(r["Minutes"]), r["Logged by"],
                   r["UPN"], r["Present"], r["Absence reason"], r["Session note"])
                  for r in rows) == expected
    assert len({(r["Programme id"], r["Date"]) for r in rows}) == logged(demo_db) == 280
    assert {r["Present"] for r in rows} == {"Y", "N"}


def test_a_year_keeps_the_sessions_in_that_school_year(demo_db, scheme, today, tmp_path):
    _, this_year = written(demo_db, scheme, today, tmp_path, "sessions", 2026)
    assert len({(r["Programme id"], r["Date"]) for r in this_year}) == logged(demo_db)
    _, last_year = written(demo_db, scheme, today, tmp_path, "sessions", 2025)
    assert last_year == []
    _, places = written(demo_db, scheme, today, tmp_path, "interventions", 2025)
    assert places == []  # the demo's programmes all began this year


def test_a_formula_in_a_note_is_written_as_text(demo_db, scheme, today, tmp_path):
    demo_db.execute("UPDATE intervention_sessions SET note = '=HYPERLINK(1)' WHERE id = 1")
    _, rows = written(demo_db, scheme, today, tmp_path, "sessions")
    assert "'=HYPERLINK(1)" in {r["Session note"] for r in rows}


@pytest.mark.parametrize("kind", ["interventions", "sessions"])
def test_a_teacher_is_refused_and_nothing_is_written(kind, demo_db, scheme, today, tmp_path):
    out = tmp_path / f"{kind}.csv"
    with pytest.raises(NotAllowed):
        exports.export(demo_db, scheme, kind, out, today=today, who=TEACHER)
    assert not out.exists()
