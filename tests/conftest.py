"""Shared fixtures: the default scheme, a fresh in-memory store with staff, a fixed 'today'."""

from __future__ import annotations

from datetime import date

import pytest
from sqlite_utils import Database

from amtui.core.models import ClassGroup, Staff
from amtui.core.scheme import Scheme, load_scheme
from amtui.core.terms import Term
from amtui.store import pupils
from amtui.store.db import open_db

TODAY = date(2026, 11, 24)  # Autumn 2 (T2) of 2026-27


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
    """An empty migrated store with the scheme's subjects, a teacher (KW), a TA (TA) and a
    senior leader (SL), and class 5W taught by KW."""
    database = open_db(memory=True)
    pupils.ensure_subjects(database, scheme)
    for staff in (Staff(initials="KW", name="Miss K Webb", role="teacher"),
                  Staff(initials="TA", name="Mr T Adams", role="ta"),
                  Staff(initials="SL", name="Mrs S Lee", role="slt")):
        pupils.save_staff(database, "admin", staff)
    pupils.save_class(database, "admin", ClassGroup(name="5W", year_group=5, teacher="KW"))
    return database


@pytest.fixture
def teacher(db: Database) -> Staff:
    return pupils.get_staff(db, "KW")


@pytest.fixture
def ta(db: Database) -> Staff:
    return pupils.get_staff(db, "TA")


@pytest.fixture
def slt(db: Database) -> Staff:
    return pupils.get_staff(db, "SL")
