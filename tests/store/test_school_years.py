"""The school years worth offering: those that hold data, and the current one."""

from __future__ import annotations

from amtui.store.records import school_years


def test_an_empty_school_offers_only_the_current_year(db):
    assert school_years(db, 2026) == [2026]


def test_years_with_attainment_attitude_or_meetings_are_offered(db):
    db.execute("INSERT INTO pupils (upn, forename, surname, year_group, class_name) "
               "VALUES ('A123456789012', 'Ama', 'Mensah', 5, '5W')")
    db.execute("INSERT INTO attainment (upn, subject, school_year, half_term, step) "
               "VALUES ('A123456789012', 'Maths', 2021, 3, '3w')")
    db.execute("INSERT INTO attitude (upn, school_year, half_term, area, colour) "
               "VALUES ('A123456789012', 2023, 1, 'effort', 2)")
    db.execute("INSERT INTO meetings (upn, school_year, half_term) "
               "VALUES ('A123456789012', 2024, 2)")
    assert school_years(db, 2026) == [2021, 2023, 2024, 2026]


def test_the_demo_offers_its_two_years(demo_db):
    assert school_years(demo_db, 2026) == [2025, 2026]
