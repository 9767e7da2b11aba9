"""`amtui report progress`, as a senior leader runs it before the progress meeting: a CSV whose
rows are the store's, a PDF with the summary, and one line and exit 2 for anyone else or a bad
filter, with nothing written."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pypdf
import pytest

from amtui import cli
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.report.progress import csv_rows
from amtui.store import pupils
from amtui.store.db import open_db
from amtui.store.progress_meeting import Filters, progress_meeting

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("school") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "today", lambda: TODAY)
        assert cli.main(["demo", "--no-open", "--db", str(path), "--pupils", "60",
                         "--years", "1"]) == 0
    return path


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today", lambda: TODAY)


def _report(school: Path, out: Path, *extra: str) -> int:
    return cli.main(["report", "progress", "--db", str(school), "--out", str(out), *extra])


def _meeting(school: Path, term: Term, filters: Filters | None = None):
    db = open_db(school, readonly=True, create=False)
    scheme = load_scheme()
    return progress_meeting(db, scheme, term, TODAY, pupils.get_staff(db, "MG"),
                            filters or Filters())


def test_the_csv_rows_are_the_stores(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "progress.csv"
    assert _report(school, out, "--as", "MG", "--subject", "maths") == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    expected = csv_rows(_meeting(school, Term(2026, 2), Filters(subject="Maths")), load_scheme())
    assert rows == [[str(cell) for cell in row] for row in expected]
    assert len(rows) > 2 and {row[10] for row in rows[1:]} == {"Maths"}


def test_the_pdf_for_an_earlier_half_term(school: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "progress.pdf"
    assert _report(school, out, "--as", "MG", "--term", "T1", "--year", "2026-27") == 0
    assert str(out) in capsys.readouterr().out
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "2026-27 Autumn 1 (T1) · whole school" in text
    assert _meeting(school, Term(2026, 1)).summary_line(load_scheme()) in text


@pytest.mark.parametrize(("extra", "message"), [
    (["--as", "KW"], "amtui: only a senior leader or an admin may see the whole school's "
                     "progress meeting — you are signed in as a teacher\n"),
    (["--as", "JPA"], "amtui: only a senior leader or an admin may see the whole school's "
                      "progress meeting — you are signed in as a teaching assistant\n"),
    (["--as", "MG", "--subject", "Art"], "amtui: “Art” is not a subject of the school's scheme "
                                         "— use Reading, Writing, Maths, Science\n"),
])
def test_refused_in_one_line_and_nothing_written(school: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 extra: list[str], message: str) -> None:
    out = tmp_path / "progress.pdf"
    assert _report(school, out, *extra) == 2
    assert capsys.readouterr().err == message
    assert not out.exists()


def test_the_report_must_be_pdf_or_csv(school: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(school, tmp_path / "progress.xlsx", "--as", "MG") == 2
    assert "FILE.csv or FILE.pdf" in capsys.readouterr().err


def test_help_gives_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "progress", "--help"]) == 0
    assert "amtui report progress --class 5W --subject Maths" in capsys.readouterr().out
