"""`amtui demo --scheme NAME`: a shipped scheme by its file's stem or its title, any case."""

from __future__ import annotations

import pytest

from amtui import cli
from amtui.core.scale import SubStage, stored_level
from amtui.store import pupils
from amtui.store.db import open_db
from amtui.store.schemes import school_scheme


@pytest.fixture(autouse=True)
def _no_scheme_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMTUI_SCHEME", raising=False)


def test_demo_scheme_high_school_substages_builds_the_high_school(tmp_path, capsys):
    path = tmp_path / "high.db"
    assert cli.main(["demo", "--scheme", "high_school_substages", "--no-open",
                     "--db", str(path)]) == 0
    assert "300 pupils in 10 classes" in capsys.readouterr().out
    db = open_db(path)
    assert sorted(c.name for c in pupils.list_classes(db))[:2] == ["10A", "10B"]
    assert {c.year_group for c in pupils.list_classes(db)} == {7, 8, 9, 10, 11}
    adopted = school_scheme(db)
    assert adopted is not None and adopted.name == "High school, sub-stages"
    steps = [r["step"] for r in db.query("SELECT DISTINCT step FROM attainment")]
    assert steps and all(isinstance(stored_level(step), SubStage) for step in steps)


def test_a_shipped_scheme_is_found_by_its_title_in_any_case(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(cli, "launch_app", lambda db, scheme, user: opened.append(user.initials))
    path = tmp_path / "high.db"
    assert cli.main(["demo", "--scheme", "HIGH SCHOOL, Sub-Stages", "--pupils", "50",
                     "--db", str(path)]) == 0
    db = open_db(path)
    tutor = next(c.teacher for c in pupils.list_classes(db) if c.name == "7A")
    assert opened == [tutor]  # opens on the Year 7 form's tutor


def test_a_steps_scheme_by_name_builds_the_primary_school(tmp_path, capsys):
    path = tmp_path / "primary.db"
    assert cli.main(["demo", "--scheme", "federation_primary", "--no-open",
                     "--db", str(path)]) == 0
    assert "210 pupils in 7 classes" in capsys.readouterr().out
    adopted = school_scheme(open_db(path))
    assert adopted is not None and adopted.name == "Federation primary, termly"


def test_a_wrong_name_lists_the_shipped_schemes(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert cli.main(["demo", "--scheme", "high_school", "--no-open", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("amtui: high_school: no such scheme file") and err.count("\n") == 1
    for name in ("default", "federation_primary", "four_state_primary",
                 "high_school_substages", "steps_primary"):
        assert name in err
    assert not path.exists()
