"""Part 4: fuzzing what people type or hand to amtui. Every input must be accepted or refused
with an `AmtuiError` (a message a person can act on); anything else escaping is a traceback.

Targets (hypothesis, seeded: the same inputs on every run; generation only, no shrinking, so
each input is counted once):

- roster CSV: random bytes, random text, rows of plausible and hostile cells under a real
  header, and good rosters (now and then with one hostile cell), through `read_roster` (from
  a file), then `save_roster` into a scratch database;
- scheme files: random text, and the shipped default.toml with random edits, through
  `load_scheme`; random nested structures (the default scheme's table with values replaced,
  removed or added, and wholly random tables) through `parse_scheme`;
- cell input: random text through `parse_level` (both scales) and `parse_measure`
  (attendance, punctuality); random numbers through `attitude.colour_for_value`;
- cell → store: random text through the grid's path (`parse_level` → `set_step`,
  `parse_measure` → `set_value`), and random numbers straight into `set_value`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from _reliability_common import ROOT, PartResult, is_refusal, short, traceback_tail

SHOWN = 4  # distinct traceback cases kept per target


@dataclass
class Tally:
    """What one fuzz target saw."""

    name: str
    inputs: int = 0
    accepted: int = 0
    refused: int = 0
    tracebacks: int = 0
    cases: list[str] = field(default_factory=list)  # the first few distinct tracebacks
    kinds: dict[str, int] = field(default_factory=dict)
    _wheres: set[str] = field(default_factory=set)

    def probe(self, fn: Callable[[Any], object], value: Any, shown: Any = None) -> None:
        """Run `fn(value)` and sort the outcome (`shown` describes the input, if not itself)."""
        self.inputs += 1
        try:
            fn(value)
        except Exception as exc:  # noqa: BLE001 - sorted here: a refusal, or a bug
            if is_refusal(exc):
                self.refused += 1
                return
            self.tracebacks += 1
            kind, where = type(exc).__name__, traceback_tail(exc, 2)
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            if len(self.cases) < SHOWN and where not in self._wheres:
                self._wheres.add(where)  # one case per distinct failure
                self.cases.append(f"{kind} on {short(value if shown is None else shown)} — "
                                  f"{where}")
            return
        self.accepted += 1

    def result(self, seconds: float) -> PartResult:
        result = PartResult(f"fuzz: {self.name}", runs=self.inputs, acknowledged=self.accepted,
                            refused=self.refused, tracebacks=self.tracebacks, seconds=seconds)
        result.problems += self.cases
        if self.kinds:
            result.notes.append("tracebacks by type: " + ", ".join(
                f"{kind} ×{count}" for kind, count in sorted(self.kinds.items())))
        return result


SEED = 2026


def run_examples(strategy: st.SearchStrategy[Any], examples: int,
                 body: Callable[[Any], None]) -> None:
    """Call `body` on `examples` generated values (seeded: the same values every run; no
    shrinking, so each input is counted once)."""
    @seed(SEED)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def each(value: Any) -> None:
        body(value)

    each()


# ---- roster CSV -----------------------------------------------------------------------------

HEADERS = ("UPN", "Forename", "Surname", "Year", "Class", "DOB", "SEN", "Pupil premium", "EAL")
ALIAS_HEADERS = ("Unique Pupil Number", "Legal Forename", "Legal Surname", "NC Year Actual",
                 "Reg Group", "Date of Birth", "SEN Provision", "PP", "eal")
HOSTILE = ("", " ", "=1+1", "'=HYPERLINK(\"x\")", "+44", "-", "@SUM(A1)", "\t", "\r", "\n",
           "\"", "a,b", "\u0000", "\ufeff", "\u202e", "💥", "Ω" * 300, "1e999", "NaN", "None",
           "13", "-1", "Y12", "Y٥", "５", "29/02/2015", "31/04/2016", "0000-00-00", "9" * 5000)


@cache  # built once: hypothesis validates every new strategy
def _upn() -> st.SearchStrategy[str]:
    return st.one_of(st.from_regex(r"[A-Z][0-9]{12}", fullmatch=True),
                     st.from_regex(r"[a-z][0-9]{12}", fullmatch=True),
                     st.from_regex(r"[A-Z] ?[0-9]{11,13}", fullmatch=True), st.text(max_size=15))


@cache  # built once: hypothesis validates every new strategy
def _cell() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE), st.text(max_size=30),
        st.sampled_from(("R", "Reception", "Y1", "Y5", "5", "year 6", "11", "Y0")),
        st.sampled_from(("Y", "N", "yes", "no", "x", "TRUE", "0", "1", "maybe")),
        st.sampled_from(("21/03/2016", "2016-03-21", "21-03-2016", "3/21/2016", "21.03.2016")),
        st.sampled_from(("Zoë", "Łukasz", "Ó Súilleabháin", "O'Brien", "5W", "6M", "RB")))


@st.composite
def roster_rows(draw: Any) -> bytes:
    """A header (real names or their aliases, shuffled, perhaps one missing or extra) and
    rows of plausible and hostile cells, written as CSV (sometimes badly)."""
    names = list(draw(st.sampled_from((HEADERS, ALIAS_HEADERS))))
    names = draw(st.permutations(names))
    if draw(st.booleans()):
        names = names[:draw(st.integers(4, len(names)))] + draw(st.lists(st.text(max_size=8),
                                                                          max_size=2))
    rows = [[draw(_upn()) if name in ("UPN", "Unique Pupil Number") else draw(_cell())
             for name in names] for _ in range(draw(st.integers(0, 6)))]
    for row in rows:
        if draw(st.booleans()) and row:
            del row[draw(st.integers(0, len(row) - 1)):]  # ragged rows
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([names, *rows])
        text = buffer.getvalue()
    else:
        text = "\n".join(",".join(row) for row in [names, *rows])  # unquoted: commas break it
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "latin-1")))
    return text.encode(encoding, errors="replace")


@st.composite
def good_roster(draw: Any) -> bytes:
    """A roster that should import (or nearly: now and then one cell is hostile)."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        year = draw(st.integers(0, 6))
        rows.append([
            draw(st.from_regex(r"[A-Z][0-9]{12}", fullmatch=True)),
            draw(st.sampled_from(("Zoë", "Łukasz", "Siân", "Oğuz", "Mei", "Ama", "=Tom"))),
            draw(st.sampled_from(("Ó Súilleabháin", "O'Brien", "Nowak", "Yılmaz", "Chen"))),
            "R" if year == 0 else f"Y{year}", f"{year}{draw(st.sampled_from('ABW'))}",
            draw(st.sampled_from(("", "21/03/2016", "2017-09-01", "01-12-2018"))),
            draw(st.sampled_from(("Y", "N", ""))), draw(st.sampled_from(("y", "n", "x", ""))),
            draw(st.sampled_from(("Yes", "No", "")))])
    if draw(st.booleans()):
        row = draw(st.sampled_from(rows))
        row[draw(st.integers(0, len(row) - 1))] = draw(_cell())
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(HEADERS), *rows])
    return buffer.getvalue().encode(draw(st.sampled_from(("utf-8", "utf-8-sig"))))


@cache  # built once: hypothesis validates every new strategy
def roster_inputs() -> st.SearchStrategy[bytes]:
    header = ",".join(HEADERS).encode()
    return st.one_of(st.binary(max_size=600),
                     st.binary(max_size=300).map(lambda tail: header + b"\n" + tail),
                     st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     roster_rows(), good_roster(), good_roster())


def fuzz_roster(scratch: Path, examples: int) -> Tally:
    from amtui.core.models import Staff
    from amtui.store.db import open_db
    from amtui.store.roster_csv import read_roster, save_roster

    tally = Tally("roster CSV")
    db = open_db(memory=True)
    admin = Staff(initials="AD", name="Admin", role="admin")
    path = scratch / "fuzz-roster.csv"

    def attempt(raw: bytes) -> None:
        path.write_bytes(raw)
        save_roster(db, admin, read_roster(path))

    run_examples(roster_inputs(), examples, lambda raw: tally.probe(attempt, raw))
    db.conn.close()
    return tally


# ---- scheme files and structures ----------------------------------------------------------------

def _default_text() -> str:
    from amtui.core.scheme_file import scheme_path

    return scheme_path().read_text(encoding="utf-8")


@st.composite
def edited_toml(draw: Any, base: str) -> str:
    """The default scheme with a few random edits: a line dropped, doubled or cut, a value
    replaced, random text inserted."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(("drop", "double", "cut", "value", "insert")))
        if edit == "drop":
            del lines[i]
        elif edit == "double":
            lines.insert(i, lines[i])
        elif edit == "cut":
            lines[i] = lines[i][:draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        elif edit == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + draw(st.sampled_from((
                "-1", "0", "101", "1e309", "nan", "inf", "-inf", "true", '"6"', "[]", "{}",
                '""', '" x"', '"\\u0000"', "9" * 5000, "[1, [2, [3]]]", "{ a = 1 }", "1979-05-27",
                "0x7fffffffffffffffffff", '["a", "a"]', '"💥"', "12", "6.5")))
        else:
            lines.insert(i, draw(st.text(max_size=40)))
    return "\n".join(lines)


@cache  # built once: hypothesis validates every new strategy
def _leaf() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-10**400, 10**400),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
                     st.builds(lambda: 10**5000),  # beyond Python's int-to-text limit
                     st.sampled_from((-0.0, "", " ", "\u0000", "6", "steps", "substages",
                                      "Reading")))


@cache  # built once: hypothesis validates every new strategy
def _nested() -> st.SearchStrategy[Any]:
    return st.recursive(_leaf(), lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)),
        max_leaves=20)


@st.composite
def mutated_scheme(draw: Any, base: dict[str, Any]) -> dict[str, Any]:
    """The default scheme's table with a few values replaced, removed or added."""
    import copy

    raw = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        node: Any = raw
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            child = node[draw(st.sampled_from(keys))]
            if not isinstance(child, dict | list) or not child:
                break
            node = child
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(list(node)))
            action = draw(st.sampled_from(("replace", "remove", "add")))
            if action == "replace":
                node[key] = draw(_nested())
            elif action == "remove":
                del node[key]
            else:
                node[draw(st.text(max_size=10))] = draw(_nested())
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(_nested())
    return raw


def fuzz_scheme_files(scratch: Path, examples: int) -> Tally:
    from amtui.core.scheme_file import load_scheme

    tally = Tally("scheme TOML")
    path = scratch / "fuzz-scheme.toml"
    base = _default_text()

    def attempt(text: str) -> None:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        load_scheme(path)

    strategy = st.one_of(st.text(max_size=400), edited_toml(base), edited_toml(base))
    run_examples(strategy, examples, lambda text: tally.probe(attempt, text))
    return tally


def fuzz_scheme_structures(examples: int) -> Tally:
    import tomllib

    from amtui.core.scheme_file import parse_scheme

    tally = Tally("scheme structures")
    base = tomllib.loads(_default_text())
    strategy = st.one_of(mutated_scheme(base), mutated_scheme(base), mutated_scheme(base),
                         st.dictionaries(st.text(max_size=12), _nested(), max_size=8))
    run_examples(strategy, examples, lambda raw: tally.probe(parse_scheme, raw))
    return tally


# ---- cell input ---------------------------------------------------------------------------------

CELL_TEXT = ("4s", "4s+", "12s+", "13b", "0b", "4S+", " 5 w + ", "2D", "St 2 Developing",
             "stage 12 securing", "96.5", "96,5", "100%", "-0", "1e999", "nan", "inf", "-inf",
             "٥", "５", "4ѕ", "9" * 5000, "0x10", "1_0", "", " ", "\u0000", "🙂")


@cache  # built once: hypothesis validates every new strategy
def cell_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(CELL_TEXT), st.text(max_size=20),
                     st.from_regex(r"\s*[0-9]{1,3}\s*[bwsREDSredsBWS]?\s*\+?\s*", fullmatch=True),
                     st.from_regex(r"\s*-?[0-9]{0,4}([.,][0-9]{0,3})?\s*%?\s*", fullmatch=True))


@cache  # built once: hypothesis validates every new strategy
def numbers() -> st.SearchStrategy[Any]:
    return st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
                     st.integers(-10**400, 10**400), st.sampled_from((math.nan, math.inf,
                                                                      -math.inf, -0.0, 1e308)))


def fuzz_cells(examples: int) -> Tally:
    from amtui.core.colours import parse_measure
    from amtui.core.scale import parse_level
    from amtui.core.scheme_file import load_scheme
    from amtui.store.attitude import colour_for_value

    scheme = load_scheme()
    tally = Tally("cell input")
    readers: list[tuple[str, Callable[[Any], object]]] = [
        ("parse_level steps", lambda t: parse_level(t, "steps")),
        ("parse_level substages", lambda t: parse_level(t, "substages")),
        ("parse_measure attendance", lambda t: parse_measure(t, "attendance")),
        ("parse_measure punctuality", lambda t: parse_measure(t, "punctuality"))]
    areas = [a.key for a in scheme.attitude_areas]

    def each_text(text: str) -> None:
        for name, reader in readers:
            tally.probe(reader, text, shown=(name, text))

    def each_number(value: Any) -> None:
        for area in areas:
            tally.probe(lambda v, a=area: colour_for_value(a, v, scheme), value,
                        shown=(f"colour_for_value {area}", value))

    run_examples(cell_text(), examples, each_text)
    run_examples(numbers(), examples, each_number)
    return tally


def _store_school() -> tuple[Any, Any, Any, Any, str]:
    """A scratch school in memory: one class, its teacher, one pupil."""
    from amtui.core.models import ClassGroup, Pupil, Staff
    from amtui.core.scheme_file import load_scheme
    from amtui.core.terms import Term
    from amtui.store import pupils
    from amtui.store.db import open_db

    scheme = load_scheme()
    db = open_db(memory=True)
    pupils.ensure_subjects(db, scheme)
    admin = pupils.save_staff(db, None, Staff(initials="AD", name="Admin", role="admin"))
    teacher = pupils.save_staff(db, admin, Staff(initials="KW", name="Miss K Webb",
                                                 role="teacher"))
    pupils.save_class(db, admin, ClassGroup(name="5W", year_group=5, teacher="KW"), seen=0)
    upn = "A123456789012"
    pupils.save_pupils(db, admin, [Pupil(upn=upn, forename="Zoë", surname="Chen", year_group=5,
                                         class_name="5W")])
    return db, scheme, teacher, Term(2026, 2), upn


def fuzz_store(examples: int) -> Tally:
    from amtui.core.colours import parse_measure
    from amtui.core.scale import parse_level
    from amtui.store import attainment, attitude

    db, scheme, who, term, upn = _store_school()
    tally = Tally("cell → store")
    measured = [a.key for a in scheme.attitude_areas if a.kind in ("attendance", "punctuality")]

    def step_cell(text: str) -> None:
        seen = attainment.get_attainment(db, upn, "Reading", term).version
        attainment.set_step(db, who, upn, "Reading", term, parse_level(text, scheme.scale),
                            seen=seen)

    def value_cell(text: str, area: str) -> None:
        seen = attitude.get_attitude(db, upn, term, area).version
        attitude.set_value(db, who, upn, term, area,
                           parse_measure(text, scheme.area(area).kind), scheme, seen=seen)

    def value_direct(value: Any, area: str) -> None:
        seen = attitude.get_attitude(db, upn, term, area).version
        attitude.set_value(db, who, upn, term, area, value, scheme, seen=seen)

    def each_text(text: str) -> None:
        tally.probe(step_cell, text, shown=("set_step", text))
        for area in measured:
            tally.probe(lambda t, a=area: value_cell(t, a), text, shown=(f"set_value {area}", text))

    def each_number(value: Any) -> None:
        for area in measured:
            tally.probe(lambda v, a=area: value_direct(v, a), value,
                        shown=(f"set_value {area}", value))

    run_examples(cell_text(), examples, each_text)
    run_examples(numbers(), examples, each_number)
    db.conn.close()
    return tally


# ---- the part -----------------------------------------------------------------------------------

def run_part(scratch: Path, examples: int, fuzz_seed: int) -> list[PartResult]:
    """Every fuzz target; `examples` generated inputs each (several probes for some)."""
    global SEED
    SEED = fuzz_seed
    # hypothesis keeps its caches in the project's (git-ignored) .hypothesis, whatever the cwd
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(ROOT / ".hypothesis"))
    targets: list[Callable[[], Tally]] = [
        lambda: fuzz_roster(scratch, examples), lambda: fuzz_scheme_files(scratch, examples),
        lambda: fuzz_scheme_structures(examples), lambda: fuzz_cells(examples),
        lambda: fuzz_store(examples)]
    results = []
    for target in targets:
        started = time.perf_counter()
        try:
            tally = target()
        except Exception as exc:  # noqa: BLE001 - the harness's own failure: say so, go on
            results.append(PartResult("fuzz: (a target)", error=traceback_tail(exc)))
            continue
        results.append(tally.result(time.perf_counter() - started))
    return results
