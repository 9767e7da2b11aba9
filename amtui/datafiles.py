"""Read the shipped data tables (outside core, which does no I/O)."""

from __future__ import annotations

import csv
from functools import cache

from amtui.core.conversion import ApsTable, CriteriaBank
from amtui.resources import data_path


@cache
def load_aps_table() -> ApsTable:
    with data_path("aps_conversion.csv").open(encoding="utf-8", newline="") as handle:
        return ApsTable.from_rows(csv.DictReader(handle))


@cache
def load_criteria_bank() -> CriteriaBank:
    rows: list[dict[str, str]] = []
    for path in sorted(data_path("criteria").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return CriteriaBank.from_rows(rows)
