"""`amtui report trust`, as a trust's analyst meets it: the files it reads are left as they
were, the CSV and PDF it writes hold counts only, a bad file is one line and exit 2."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest

from amtui import cli
from amtui.core.scheme_file import scheme_path
from amtui.store import pupils
from amtui.store.db import open_db

SCHEMES = (("default", 7), ("high_school_substages", 8))

Words = Callable[[list[Path]], set[str]]


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two demo schools built as a user builds one (`amtui demo`), with different schemes."""
    folder = tmp_path_factory.mktemp("schools")
    paths = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "today", lambda: date(2026, 11, 24))
        for name, seed in SCHEMES:
            path = folder / f"{name}.db"
            assert cli.main(["demo", "--no-open", "--db", str(path), "--pupils", "20",
                             "--years", "1", "--seed", str(seed), "--scheme",
                             str(scheme_path().parent / f"{name}.toml")]) == 0
            paths.append(path)
    return paths


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today", lambda: date(2026, 11, 24))


def _report(schools: list[Path], out: Path, *extra: str) -> int:
    args = ["report", "trust", "--out", str(out), *extra]
    for path in schools:
        args += ["--db", str(path)]
    return cli.main(args)


def test_csv_opens_cleanly_and_adds_up(schools: list[Path], tmp_path: Path,
                                       pupil_words: Words) -> None:
    out = tmp_path / "trust.csv"
    assert _report(schools, out) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {row["School"] for row in rows} == {"Demo School", "Demo High School"}
    assert {row["Half-term"] for row in rows} == {"T2"}
    for row in rows:
        assert sum(int(row[c]) for c in ("On track", "Off track", "Exceeding",
                                         "Not assessed")) == int(row["Roll"])
    db = open_db(schools[0], readonly=True, create=False)
    roll = len(pupils.list_pupils(db))
    db.conn.close()
    reading = [row for row in rows if row["Database"] == "default.db"
               and row["Subject"] == "Reading"]
    assert sum(int(row["Roll"]) for row in reading) == roll
    assert not {cell for row in rows for cell in row.values()} & pupil_words(schools)


def test_pdf_renders_with_every_school_and_no_pupil(schools: list[Path], tmp_path: Path,
                                                    pupil_words: Words) -> None:
    out = tmp_path / "trust.pdf"
    assert _report(schools, out, "--year", "2026-27", "--term", "T1") == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Demo School (default.db)" in text and "Demo High School" in text
    assert "Autumn 1 (T1)" in text
    assert not [word for word in pupil_words(schools) if word in text]


def test_the_schools_files_are_left_as_they_were(schools: list[Path], tmp_path: Path) -> None:
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in schools}
    assert _report(schools, tmp_path / "trust.csv") == 0
    for path in schools:
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before[path]
        wal = Path(f"{path}-wal")
        assert not wal.exists() or wal.stat().st_size == 0  # never holds a write


@pytest.mark.parametrize("content", [None, b"not a database at all"])
def test_a_bad_file_is_named_in_one_line_and_nothing_written(
        schools: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        content: bytes | None) -> None:
    bad = tmp_path / "elmwood.db"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "trust.csv"
    assert _report([schools[0], bad], out) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("amtui: ") and str(bad) in err
    assert not out.exists()
    if content is None:
        assert not bad.exists()  # never created


def test_the_report_must_be_csv_or_pdf(schools: list[Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(schools, tmp_path / "trust.xlsx") == 2
    assert "FILE.csv or FILE.pdf" in capsys.readouterr().err


def test_help_gives_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "trust", "--help"]) == 0
    out = capsys.readouterr().out
    assert "amtui report trust --db oakfield.db --db elmwood.db --out trust.pdf" in out
    assert "read-only" in out
