"""Shared fixtures: the default scheme, a fresh in-memory store with staff, a fixed 'today'."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from amtui.core.models import ClassGroup, Staff
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.store import pupils
from amtui.store.db import Database, open_db

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

TODAY = date(2026, 11, 24)  # Autumn 2 (T2) of 2026-27


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Validated schemes are cached, and crash logs written, per test session: never in the
    real ~/.cache or ~/.local/state."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.getbasetemp() / "state"))


@pytest.fixture(scope="session")
def scheme() -> Scheme:
    return load_scheme()


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def term() -> Term:
    return Term(2026, 2)


@pytest.fixture
def db(scheme: Scheme) -> Database:
    """An empty migrated store with the scheme's subjects, an admin (AD, the school's first
    member of staff), a teacher (KW), a TA (TA) and a senior leader (SL), and class 5W taught
    by KW."""
    database = open_db(memory=True)
    pupils.ensure_subjects(database, scheme)
    admin = pupils.save_staff(database, None, Staff(initials="AD", name="Ms A Dunn", role="admin"))
    for staff in (Staff(initials="KW", name="Miss K Webb", role="teacher"),
                  Staff(initials="TA", name="Mr T Adams", role="ta"),
                  Staff(initials="SL", name="Mrs S Lee", role="slt")):
        pupils.save_staff(database, admin, staff)
    pupils.save_class(database, admin, ClassGroup(name="5W", year_group=5, teacher="KW"), seen=0)
    return database


@pytest.fixture
def admin(db: Database) -> Staff:
    return pupils.get_staff(db, "AD")


@pytest.fixture
def teacher(db: Database) -> Staff:
    return pupils.get_staff(db, "KW")


@pytest.fixture
def ta(db: Database) -> Staff:
    return pupils.get_staff(db, "TA")


@pytest.fixture
def slt(db: Database) -> Staff:
    return pupils.get_staff(db, "SL")


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where unexpected errors are logged in this test (never the real ~/.local/state)."""
    from amtui import crash

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("AMTUI_DEBUG", raising=False)
    path = crash.log_path()
    assert path.is_relative_to(tmp_path)
    return path


# ---- the demo school and the app, for screen tests -----------------------------------------


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory, scheme: Scheme) -> Path:
    """The demo school, built once per test session into a file."""
    from amtui.store.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_db(path)
    build_demo(database, scheme, today=TODAY)
    database.conn.close()
    return path


@pytest.fixture
def demo_db(demo_path: Path, tmp_path: Path) -> Database:
    """A fresh copy of the demo school for one test."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_path, copy)
    copy.chmod(0o600)  # as amtui makes it
    return open_db(copy)


def _make_app(db: Database, user_initials: str = "KW", **kw: Any) -> AmtuiApp:
    """The app as `amtui` builds it (`make_app`), on `db`, signed in as `user_initials`, on
    TODAY."""
    from amtui.app import make_app

    return make_app(db, load_scheme(), pupils.get_staff(db, user_initials), TODAY, **kw)


@pytest.fixture
def make_app() -> Callable[..., AmtuiApp]:
    """`make_app(db, user_initials="KW", **kw) -> AmtuiApp`."""
    return _make_app


@pytest.fixture
def pupil_words() -> Callable[[list[Path]], set[str]]:
    """`pupil_words(paths)`: every UPN and surname in these schools' files — none of which may
    appear in a report that gives counts only."""

    def words(paths: list[Path]) -> set[str]:
        found: set[str] = set()
        for path in paths:
            db = open_db(path, readonly=True, create=False)
            found |= {text for p in pupils.list_pupils(db) for text in (p.upn, p.surname)}
            db.conn.close()
        return found

    return words
