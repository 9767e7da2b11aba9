"""The trust report's counts (amtui/store/trust.py, data/trust/*.sql) against core's rules
worked out pupil by pupil, and its CSV rows and PDF (amtui/report/trust.py)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest

from amtui.core.colours import off_track
from amtui.core.models import PupilRecord
from amtui.core.progress import SubjectStatus, summarise
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import scheme_path
from amtui.core.terms import Term, term_on, term_start
from amtui.report.trust import csv_rows, render_trust
from amtui.store import pupils, records
from amtui.store.db import Database, open_db
from amtui.store.demo import build_demo
from amtui.store.schemes import adopt, check, read_text, scheme_in_force
from amtui.store.trust import SchoolCounts, query, trust_counts

TODAY = date(2026, 11, 24)  # Autumn 2 (T2) of 2026-27
SCHOOLS = (("default", 5), ("high_school_substages", 5), ("four_state_primary", 23))
DOC = Path(__file__).resolve().parents[2] / "docs" / "trust.md"

Words = Callable[[list[Path]], set[str]]


def _build(path: Path, scheme_name: str, seed: int) -> None:
    source = str(scheme_path().parent / f"{scheme_name}.toml")
    text = read_text(source)
    db = open_db(path)
    try:
        build_demo(db, check(text, source), today=TODAY, pupils=30, years=1, seed=seed)
        admin = next(s for s in pupils.list_staff(db) if s.role == "admin")
        adopt(db, admin, text, source)
    finally:
        db.conn.close()


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("trust")
    paths = []
    for name, seed in SCHOOLS:
        _build(folder / f"{name}.db", name, seed)
        paths.append(folder / f"{name}.db")
    return paths


def _now(scheme: Scheme) -> Term:
    return term_on(TODAY, scheme)


def _standing(status: SubjectStatus, scheme: Scheme) -> str:
    """DOMAIN.md's words, from core's rules for one pupil and subject."""
    if status.step is None:
        return "not assessed"
    if off_track(status.colour, scheme):
        return "off track"
    path = status.trajectory
    if path is not None and path.gap >= scheme.progress_states.exceeding_min:
        return "exceeding"
    return "on track"


def _every_record(db: Database, scheme: Scheme, term: Term) -> list[PupilRecord]:
    return [record for group in pupils.list_classes(db)
            for record in records.class_records(db, group.name, term, scheme=scheme)]


def _by_core(path: Path) -> tuple[Counter[tuple[int, str, str]], Counter[tuple[int, str]]]:
    """(year group, subject, standing) and (year group, due / on time) counts, pupil by pupil."""
    db = open_db(path, readonly=True, create=False)
    try:
        scheme = scheme_in_force(db)
        term = _now(scheme)
        deadline = term_start(term.next(), scheme)
        standings: Counter[tuple[int, str, str]] = Counter()
        meetings: Counter[tuple[int, str]] = Counter()
        for record in _every_record(db, scheme, term):
            year = record.pupil.year_group
            for status in summarise(record, scheme).subjects:
                standings[year, status.subject, _standing(status, scheme)] += 1
            if scheme.meetings.meets(year, term.half_term):
                meetings[year, "due"] += 1
                meeting = record.meeting
                if meeting.signed and all(
                        stamp is not None and stamp.date() < deadline
                        for stamp in (meeting.teacher_signed_at, meeting.pupil_signed_at)):
                    meetings[year, "on time"] += 1
        return standings, meetings
    finally:
        db.conn.close()


def _by_report(school: SchoolCounts) -> tuple[Counter[tuple[int, str, str]],
                                              Counter[tuple[int, str]]]:
    standings: Counter[tuple[int, str, str]] = Counter()
    for c in school.subjects:
        for standing, n in (("on track", c.on_track), ("off track", c.off_track),
                            ("exceeding", c.exceeding), ("not assessed", c.not_assessed)):
            standings[c.year_group, c.subject, standing] += n
    meetings: Counter[tuple[int, str]] = Counter()
    for m in school.meetings:
        meetings[m.year_group, "due"] += m.due
        meetings[m.year_group, "on time"] += m.on_time
    return +standings, +meetings


@pytest.fixture(scope="module")
def counted(schools: list[Path]) -> list[SchoolCounts]:
    return trust_counts(schools, _now)


def test_counts_equal_core_rules_pupil_by_pupil(schools: list[Path],
                                                counted: list[SchoolCounts]) -> None:
    for path, school in zip(schools, counted, strict=True):
        standings, meetings = _by_core(path)
        assert _by_report(school) == (+standings, +meetings), path.name
    every = Counter(s for school in counted for s in _by_report(school)[0].elements())
    # the demo schools give every kind of pupil, so no count is trivially right
    assert {standing for _, _, standing in every} == {"on track", "off track", "exceeding",
                                                      "not assessed"}
    assert sum(m.on_time for school in counted for m in school.meetings) > 0


def test_each_school_is_read_by_its_own_scheme_and_half_term(counted: list[SchoolCounts]) -> None:
    assert [school.school for school in counted] == [
        "Demo School", "Demo High School", "Four-State Primary School"]
    assert {c.subject for c in counted[1].subjects} == {"English", "Maths", "Science"}
    assert all(school.term == Term(2026, 2) for school in counted)
    assert counted[0].term_label == "2026-27 Autumn 2 (T2)"


def test_counts_add_up_to_each_year_groups_roll(schools: list[Path],
                                                counted: list[SchoolCounts]) -> None:
    for path, school in zip(schools, counted, strict=True):
        db = open_db(path, readonly=True, create=False)
        roll = Counter(p.year_group for p in pupils.list_pupils(db))
        db.conn.close()
        for c in school.subjects:
            assert c.on_track + c.off_track + c.exceeding + c.not_assessed == c.roll
            assert c.roll == roll[c.year_group]
        assert {m.year_group: m.roll for m in school.meetings} == dict(roll)


def test_files_are_only_read(schools: list[Path]) -> None:
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in schools}
    trust_counts(schools, _now)
    for path in schools:
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before[path]
        wal = Path(f"{path}-wal")  # SQLite may leave an empty one beside a reader: never data
        assert not wal.exists() or wal.stat().st_size == 0


def test_an_earlier_half_term_is_counted_as_asked(schools: list[Path]) -> None:
    (school,) = trust_counts(schools[:1], lambda scheme: Term(2026, 1))
    standings, _ = _by_report(school)
    db = open_db(schools[0], readonly=True, create=False)
    scheme = scheme_in_force(db)
    expected = Counter((r.pupil.year_group, s.subject, _standing(s, scheme))
                       for r in _every_record(db, scheme, Term(2026, 1))
                       for s in summarise(r, scheme).subjects)
    db.conn.close()
    assert standings == +expected


def test_the_doc_quotes_the_queries_the_report_runs() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in ("progress", "meetings"):
        assert f"```sql\n{query(name)}```" in text


def test_csv_rows_are_counts_only(schools: list[Path], counted: list[SchoolCounts],
                                  pupil_words: Words) -> None:
    rows = csv_rows(counted)
    assert rows[0][:6] == ["School", "Database", "School year", "Half-term", "Year group",
                           "Subject"]
    assert len(rows) == 1 + sum(len(school.subjects) for school in counted)
    first = counted[0].subjects[0]
    assert rows[1][:11] == ["Demo School", "default.db", "2026-27", "T2", "R", first.subject,
                            first.roll, first.on_track, first.off_track, first.exceeding,
                            first.not_assessed]
    cells = {str(cell) for row in rows for cell in row}
    assert not cells & pupil_words(schools)


def test_pdf_names_each_school_and_no_pupil(pupil_words: Words, schools: list[Path],
                                            counted: list[SchoolCounts]) -> None:
    data = render_trust(counted, created=datetime(2026, 11, 24, tzinfo=UTC))
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    for name in ("Demo School (default.db)", "Demo High School", "Four-State Primary School",
                 "2026-27 Autumn 2 (T2)", "Meetings on time"):
        assert name in text
    assert not [word for word in pupil_words(schools) if word in text]
