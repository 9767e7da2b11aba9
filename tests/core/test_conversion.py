"""The APS / NC level / sub-stage table and the criteria banks, as shipped."""

from __future__ import annotations

import pytest

from amtui.core.errors import InvalidInput
from amtui.core.scale import SubStage
from amtui.datafiles import load_aps_table, load_criteria_bank


def test_year_group_expectations_from_the_table():
    table = load_aps_table()
    assert [table.year_expectation_aps(y) for y in ("R", 1, 2, 3, 4, 5, 6)] == \
        [5, 9, 13, 17, 20, 23, 26]


def test_every_nc_level_round_trips():
    table = load_aps_table()
    assert table.nc_levels[:4] == ["WC", "WB", "WA", "1C"]
    for level in table.nc_levels:
        assert table.nc_level_for_aps(table.aps_for_nc_level(level)) == level


def test_levels_convert_to_substages_through_aps():
    table = load_aps_table()
    assert table.nc_level_to_substage("2a") == SubStage.parse("St 2 Securing")
    assert table.substage_for_aps(14) == SubStage.parse("St 2 Ready")  # gap → nearest below
    assert table.aps_for_substage(SubStage.parse("St 3 Emerging")) == 20


def test_substage_order_agrees_with_aps_order():
    table = load_aps_table()
    stages = [row.substage for row in table.rows if row.substage]
    assert stages == sorted(stages)


def test_unknown_values_are_refused_with_the_valid_forms():
    table = load_aps_table()
    with pytest.raises(InvalidInput, match="WC"):
        table.aps_for_nc_level("9Z")
    with pytest.raises(InvalidInput, match="outside the table"):
        table.nc_level_for_aps(99)


def test_criteria_banks_load_with_unique_codes():
    bank = load_criteria_bank()
    codes = [c.code for c in bank.criteria]
    assert len(codes) == len(set(codes))
    for subject in ("Maths", "Reading", "Writing", "Science"):
        for stage in range(1, 7):
            numbers = [c.number for c in bank.for_stage(subject, stage)]
            assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6
