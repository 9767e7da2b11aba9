"""The school's scheme lives in its database: adopted once by an admin, shared by every member of
staff, its earlier versions kept; a start rebuilds it without checking the file again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from amtui.core.errors import InvalidScheme, NotAllowed
from amtui.core.models import Staff
from amtui.core.scheme_file import load_scheme, scheme_path
from amtui.resources import data_path
from amtui.store import history, pupils, schemes
from amtui.store.db import open_db

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(data_path("schemes").glob("*.toml"))
STEPS = data_path("schemes", "steps_primary.toml")
HIGH = data_path("schemes", "high_school_substages.toml")
BAD = 'name = "Ours"\n[attendance]\ngreen_above = 105\n'


def _adopt(db, who, path: Path):
    return schemes.adopt(db, who, schemes.read_text(path), str(path))


@pytest.fixture
def school(tmp_path):
    """A school database on disk with an admin (AD) and a teacher (KW)."""
    path = tmp_path / "school.db"
    db = open_db(path)
    admin = pupils.save_staff(db, None, Staff(initials="AD", name="Ms A Dunn", role="admin"))
    pupils.save_staff(db, admin, Staff(initials="KW", name="Miss K Webb", role="teacher"))
    db.conn.close()
    return path


def test_a_school_that_adopted_none_has_none(db):
    assert schemes.school_scheme(db) is None
    assert schemes.adoptions(db) == []


def test_an_adopted_scheme_is_the_one_every_opener_gets(school):
    db = open_db(school)
    adopted = _adopt(db, pupils.get_staff(db, "AD"), STEPS)
    assert adopted == load_scheme(STEPS)
    db.conn.close()
    for _ in range(2):  # two members of staff, each opening the school
        other = open_db(school)
        assert schemes.school_scheme(other) == load_scheme(STEPS)
        other.conn.close()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_scheme_comes_back_the_same_without_checking_it_again(db, admin, path,
                                                                           monkeypatch):
    _adopt(db, admin, path)
    monkeypatch.setattr(schemes, "check", lambda text, source: pytest.fail("checked again"))
    assert schemes.school_scheme(db) == load_scheme(path)


def test_a_teacher_may_not_adopt_a_scheme(db, teacher):
    with pytest.raises(NotAllowed, match="only an admin may adopt the school's scheme"):
        _adopt(db, teacher, STEPS)
    assert schemes.adoptions(db) == []


def test_an_invalid_file_is_refused_with_its_reason_and_nothing_is_stored(db, admin):
    def written() -> tuple[int, int]:
        return history.latest_id(db), db.execute("SELECT count(*) FROM changes").fetchone()[0]

    before = written()
    with pytest.raises(InvalidScheme, match=r"ours\.toml: attendance\.green_above: 105 is too "
                                            r"large — use 100 or less"):
        schemes.adopt(db, admin, BAD, "ours.toml")
    assert schemes.adoptions(db) == []
    assert written() == before


def test_every_adoption_is_kept_and_the_newest_is_in_force(db, admin):
    _adopt(db, admin, STEPS)
    _adopt(db, admin, HIGH)
    assert schemes.school_scheme(db) == load_scheme(HIGH)
    kept = schemes.adoptions(db)
    assert [(a.name, a.adopted_by, a.source) for a in kept] == [
        (load_scheme(HIGH).name, "AD", str(HIGH)), (load_scheme(STEPS).name, "AD", str(STEPS))]
    assert kept[1].toml == STEPS.read_text(encoding="utf-8")
    assert [entry.who for entry in history.entries(db, "schemes")] == ["AD", "AD"]


def test_a_file_with_a_byte_order_mark_is_read(tmp_path):
    file = tmp_path / "school.toml"
    file.write_bytes(b"\xef\xbb\xbf" + b'name = "Ours"\nschool = "Oakfield"\n')
    text = schemes.read_text(file)
    assert text.startswith("name") and schemes.check(text, str(file)).school == "Oakfield"


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    file = tmp_path / "school.toml"
    file.write_bytes('name = "Oakfield Sch\u00f6ol"\n'.encode("latin-1"))
    with pytest.raises(InvalidScheme, match="not UTF-8 text — save it as UTF-8"):
        schemes.read_text(file)


def _row(db) -> dict:
    return next(db.query("SELECT * FROM schemes ORDER BY id DESC LIMIT 1"))


def test_after_an_upgrade_the_text_is_checked_again_and_remembered(db, admin):
    _adopt(db, admin, STEPS)
    db.execute("UPDATE schemes SET checked_by = 'an older amtui', checked = '{}'")
    assert schemes.school_scheme(db) == load_scheme(STEPS)
    row = _row(db)
    assert row["checked_by"] == schemes.fingerprint()
    assert json.loads(row["checked"])["name"] == load_scheme(STEPS).name


def test_a_database_opened_read_only_is_not_written(school):
    db = open_db(school)
    _adopt(db, pupils.get_staff(db, "AD"), STEPS)
    db.execute("UPDATE schemes SET checked_by = 'an older amtui'")
    db.conn.close()
    reader = open_db(school, readonly=True)
    assert schemes.school_scheme(reader) == load_scheme(STEPS)
    assert _row(reader)["checked_by"] == "an older amtui"


@pytest.mark.parametrize("damage", ['{"name": "half a', "[]", '{"name": 5}', "null"])
def test_a_damaged_row_is_checked_from_its_text(db, admin, damage):
    _adopt(db, admin, STEPS)
    db.execute("UPDATE schemes SET checked = ?", [damage])
    assert schemes.school_scheme(db) == load_scheme(STEPS)


def test_a_stored_scheme_this_amtui_refuses_says_how_to_put_it_right(db, admin):
    _adopt(db, admin, STEPS)
    db.execute("UPDATE schemes SET checked_by = '', toml = ?", [BAD])
    with pytest.raises(InvalidScheme, match=r"attendance\.green_above.*scheme show --toml.*"
                                            r"scheme use"):
        schemes.school_scheme(db)


def test_a_scheme_opens_from_the_database_without_pydantic(school):
    db = open_db(school)
    _adopt(db, pupils.get_staff(db, "AD"), STEPS)
    db.conn.close()
    code = ("import sys\nfrom amtui.store.db import open_db\nfrom amtui.store.schemes import "
            f"school_scheme\nprint(school_scheme(open_db({str(school)!r})).name, "
            "'pydantic' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PATH": "", "PYTHONPATH": str(ROOT)}, timeout=60)
    assert run.stdout.split("\n")[0] == f"{load_scheme(STEPS).name} False", run.stderr


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_the_summary_names_the_scheme_its_subjects_areas_and_bands(path):
    scheme = load_scheme(path)
    text = "\n".join(schemes.describe(scheme))
    assert text.startswith(f"{scheme.name} — {scheme.school}")
    for name in (*scheme.subjects, *(area.name for area in scheme.attitude_areas),
                 scheme.colour_labels.amber, *scheme.judgements):
        assert name in text
    assert f"{scheme.colour_labels.green} ≥ {scheme.progress_bands.green_min}" in text


def test_the_way_to_adopt_one_names_the_shipped_examples():
    assert str(scheme_path().parent) in schemes.how_to_adopt()
