"""Conversions between average point scores (APS), old NC sub-levels and sub-stages, from the
table shipped in `data/aps_conversion.csv` (read by `amtui.datafiles`); and criteria banks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from amtui.core.errors import InvalidInput
from amtui.core.scale import SubStage, parse_year_group, year_label


@dataclass(frozen=True, slots=True)
class ApsRow:
    aps: int
    nc_level: str
    old_expect: str
    substage: SubStage | None


@dataclass(frozen=True)
class ApsTable:
    rows: tuple[ApsRow, ...]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> ApsTable:
        parsed = []
        for row in rows:
            text = (row.get("substage") or "").strip()
            parsed.append(ApsRow(int(row["aps"]), (row.get("nc_level") or "").strip().upper(),
                                 (row.get("old_expect") or "").strip().upper(),
                                 SubStage.parse(text) if text else None))
        return cls(tuple(sorted(parsed, key=lambda r: r.aps)))

    def _at_or_below(self, aps: int) -> list[ApsRow]:
        if not self.rows or not self.rows[0].aps <= aps <= self.rows[-1].aps:
            raise InvalidInput(f"APS {aps} is outside the table — use "
                               f"{self.rows[0].aps} to {self.rows[-1].aps}")
        return [row for row in self.rows if row.aps <= aps]

    @property
    def nc_levels(self) -> list[str]:
        return [row.nc_level for row in self.rows if row.nc_level]

    def aps_for_nc_level(self, level: str) -> int:
        wanted = "".join(level.split()).upper()
        for row in self.rows:
            if row.nc_level == wanted:
                return row.aps
        raise InvalidInput(f'"{level}" is not an NC sub-level — use one of '
                           f"{', '.join(self.nc_levels)}")

    def nc_level_for_aps(self, aps: int) -> str | None:
        """The NC sub-level reached at `aps` (the nearest at or below)."""
        levels = [row.nc_level for row in self._at_or_below(aps) if row.nc_level]
        return levels[-1] if levels else None

    def substage_for_aps(self, aps: int) -> SubStage | None:
        """The sub-stage reached at `aps` (the nearest at or below that the table gives)."""
        stages = [row.substage for row in self._at_or_below(aps) if row.substage]
        return stages[-1] if stages else None

    def aps_for_substage(self, substage: SubStage) -> int:
        for row in self.rows:
            if row.substage == substage:
                return row.aps
        known = sorted({row.substage for row in self.rows if row.substage})
        raise InvalidInput(f"{substage.long} is not in the table — it runs from "
                           f"{known[0].long} to {known[-1].long}")

    def nc_level_to_substage(self, level: str) -> SubStage | None:
        return self.substage_for_aps(self.aps_for_nc_level(level))

    def year_expectation_aps(self, year_group: int | str) -> int:
        """APS expected at the end of a year group (YR = 5 … Y6 = 26)."""
        label = {"R": "YR"}.get(year_label(parse_year_group(year_group)),
                                year_label(parse_year_group(year_group)))
        for row in self.rows:
            if row.old_expect == label:
                return row.aps
        raise InvalidInput(f"the table gives no expectation for {label} — it covers YR to Y6")


@dataclass(frozen=True, slots=True)
class Criterion:
    subject: str
    stage: int
    number: int
    code: str
    text: str


@dataclass(frozen=True)
class CriteriaBank:
    criteria: tuple[Criterion, ...]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> CriteriaBank:
        return cls(tuple(Criterion(row["subject"].strip(), int(row["stage"]), int(row["number"]),
                                   row["code"].strip(), row["text"].strip()) for row in rows))

    def for_stage(self, subject: str, stage: int) -> list[Criterion]:
        return sorted((c for c in self.criteria
                       if c.subject.lower() == subject.lower() and c.stage == stage),
                      key=lambda c: c.number)
