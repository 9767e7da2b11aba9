"""Schemes: the shipped ones load, a bad one says where and why."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.core.errors import InvalidScheme
from amtui.core.scheme_file import decode_scheme, load_scheme, parse_scheme, rebuild_scheme
from amtui.resources import data_path

SCHEMES = sorted(data_path("schemes").glob("*.toml"))


def test_every_shipped_scheme_loads():
    assert len(SCHEMES) >= 4
    for path in SCHEMES:
        assert load_scheme(path).attitude_areas


def test_the_default_has_domain_defaults():
    scheme = load_scheme()
    assert scheme.scale == "steps" and scheme.expected_per_year == 6
    assert (scheme.attendance.green_above, scheme.attendance.amber_from) == (95.0, 90.0)
    assert [a.key for a in scheme.attitude_areas] == \
        ["attendance", "punctuality", "behaviour", "effort", "homework", "uniform"]


def test_each_school_kind_is_expressible():
    high = load_scheme(data_path("schemes", "high_school_substages.toml"))
    assert (high.scale, high.expected_per_year, high.colour_labels.amber) == \
        ("substages", 3, "Yellow")
    assert (high.progress_bands.green_min, high.progress_bands.amber_min) == (1, 0)
    four = load_scheme(data_path("schemes", "four_state_primary.toml"))
    assert four.progress_states.enabled and four.judgements[0] == "Inadequate"
    assert four.meetings.meets(6, 1) and not four.meetings.meets(4, 1)
    federation = load_scheme(data_path("schemes", "federation_primary.toml"))
    assert "Reading homework" in [a.name for a in federation.attitude_areas]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_value_names_the_file_the_key_and_the_problem(tmp_path):
    path = _write(tmp_path, 'name = "X"\n[attendance]\ngreen_above = 120\n')
    with pytest.raises(InvalidScheme) as refused:
        load_scheme(path)
    message = str(refused.value)
    assert str(path) in message and "attendance.green_above" in message and "100" in message


def test_an_unknown_key_is_named(tmp_path):
    with pytest.raises(InvalidScheme, match="colour_lables"):
        load_scheme(_write(tmp_path, 'name = "X"\n[colour_lables]\nred = "R"\n'))


def test_inconsistent_thresholds_are_refused(tmp_path):
    text = 'name = "X"\n[attendance]\ngreen_above = 90\namber_from = 95\n'
    with pytest.raises(InvalidScheme, match="amber_from"):
        load_scheme(_write(tmp_path, text))


def test_invalid_toml_and_missing_files_name_the_file(tmp_path):
    with pytest.raises(InvalidScheme, match="not valid TOML"):
        load_scheme(_write(tmp_path, "name = \n"))
    with pytest.raises(InvalidScheme, match="no such scheme file"):
        load_scheme(tmp_path / "none.toml")


# ---- what the check refuses (part 7, "Scheme check") ---------------------------------------

CALENDAR = ["09-01", "10-27", "01-05", "02-23", "04-13", "06-01"]


def _starts(**changed: str) -> str:
    """A [calendar] table whose T<n> first days are changed, e.g. `_starts(T4="02-30")`."""
    days = [changed.get(f"T{n}", day) for n, day in enumerate(CALENDAR, start=1)]
    return "[calendar]\nhalf_term_starts = [" + ", ".join(f'"{day}"' for day in days) + "]\n"


def _names(*names: str) -> str:
    return "[calendar]\nnames = [" + ", ".join(f'"{name}"' for name in names) + "]\n"


def _area(key: str, name: str) -> str:
    return f'[[attitude_areas]]\nkey = "{key}"\nname = "{name}"\n'


REFUSED: list[tuple[str, str, str]] = [  # (what is wrong, the file after `name = "X"`, the key)
    ("an impossible date", _starts(T4="02-30"), "calendar.half_term_starts"),
    ("a leap day", _starts(T4="02-29"), "calendar.half_term_starts"),
    ("month 13", _starts(T1="13-01"), "calendar.half_term_starts"),
    ("not MM-DD", _starts(T1="9-1"), "calendar.half_term_starts"),
    ("words for a date", _starts(T1="Sept 1"), "calendar.half_term_starts"),
    ("digits that are not digits", _starts(T1="09-²"), "calendar.half_term_starts"),
    ("half-terms out of order", _starts(T2="01-05", T3="10-27"), "calendar.half_term_starts"),
    ("a half-term before T1 in T1's month", _starts(T1="09-05", T6="09-01"),
     "calendar.half_term_starts"),
    ("an empty half-term name", _names("Autumn 1", "", "Spring 1", "Spring 2", "Summer 1",
                                       "Summer 2"), "calendar.names"),
    ("a half-term name twice", _names("Autumn", "Autumn", "Spring 1", "Spring 2", "Summer 1",
                                      "Summer 2"), "calendar.names"),
    ("two levels with one label", '[colour_labels]\nred = "Amber"\namber = "Amber"\n',
     "colour_labels.amber"),
    ("labels differing in case only", '[colour_labels]\namber = "green"\n',
     "colour_labels.green"),
    ("an empty colour label", '[colour_labels]\namber = ""\n', "colour_labels.amber"),
    ("a blank colour label", '[colour_labels]\namber = "   "\n', "colour_labels.amber"),
    ("a label with spaces around it", '[colour_labels]\namber = " Amber"\n',
     "colour_labels.amber"),
    ("two labels with one first letter", '[colour_labels]\ngreen = "Ruby"\n',
     "colour_labels.green"),
    ("a label that names another level", '[colour_labels]\nred = "Green"\ngreen = "Lime"\n',
     "colour_labels.red"),
    ("a subject twice", 'subjects = ["Maths", "Reading", "Maths"]\ncore_subjects = ["Maths"]\n',
     "subjects"),
    ("a subject twice in two cases", 'subjects = ["Maths", "maths"]\ncore_subjects = ["Maths"]\n',
     "subjects"),
    ("an empty subject", 'subjects = ["Maths", ""]\ncore_subjects = ["Maths"]\n', "subjects"),
    ("a subject on two lines", 'subjects = ["Maths", "Sci\\nence"]\ncore_subjects = ["Maths"]\n',
     "subjects"),
    ('a subject called "Attitude"', 'subjects = ["Maths", "Attitude"]\ncore_subjects = ["Maths"]\n',
     "subjects"),
    ("a core subject not taught", 'subjects = ["Maths"]\ncore_subjects = ["Maths", "English"]\n',
     "core_subjects"),
    ("a core subject twice", 'subjects = ["Maths"]\ncore_subjects = ["Maths", "Maths"]\n',
     "core_subjects"),
    ("no core subject", 'subjects = ["Maths"]\ncore_subjects = []\n', "core_subjects"),
    ("an attitude key twice", _area("homework", "Homework") + _area("homework", "Home reading"),
     "attitude_areas"),
    ("an attitude name twice", _area("homework", "Homework") + _area("home", "homework"),
     "attitude_areas"),
    ("an empty attitude key", _area("", "Homework"), "attitude_areas"),
    ("an empty attitude name", _area("homework", " "), "attitude_areas"),
    ("half-terms 0 and 7", "[meetings]\nhalf_terms = [0, 7]\n", "meetings.half_terms"),
    ("a half-term twice", "[meetings]\nhalf_terms = [2, 2, 4]\n", "meetings.half_terms"),
    ("meeting half-terms out of order", "[meetings]\nhalf_terms = [4, 2]\n", "meetings.half_terms"),
    ("no meeting at all", "[meetings]\nhalf_terms = []\n", "meetings.half_terms"),
    ("year 12", "[meetings]\nevery_half_term_years = [12]\n", "meetings.every_half_term_years"),
    ("a year twice", "[meetings]\nevery_half_term_years = [6, 6]\n",
     "meetings.every_half_term_years"),
    ("attendance bands reversed", "[attendance]\ngreen_above = 90\namber_from = 95\n",
     "attendance.amber_from"),
    ("punctuality bands reversed", "[punctuality]\ngreen_max = 3\namber_max = 1\n",
     "punctuality.amber_max"),
    ("basic-skills amber above green", "[basic_skills]\ngreen_min = 13\namber_min = 21\n",
     "basic_skills.amber_min"),
    ("basic-skills green above the test", "[basic_skills]\nout_of = 20\n",
     "basic_skills.green_min"),
    ("more green weeks than tests", "[basic_skills]\ntests_per_level = 3\n",
     "basic_skills.green_weeks_to_move_on"),
    ("progress bands reversed", "[progress_bands]\ngreen_min = -1\namber_min = 0\n",
     "progress_bands.amber_min"),
    ("ARE bands reversed", "[are_bands]\ngreen_min = -2\namber_min = 0\n", "are_bands.amber_min"),
    ("criteria bands that meet", "[criteria]\ndeveloping_max = 8\n", "criteria.developing_max"),
    ("criteria bands reversed", "[criteria]\nemerging_max = 20\n", "criteria.developing_max"),
    ("no room for Ready", "[criteria]\nsecuring_max = 30\n", "criteria.securing_max"),
    ("no room for Emerging", "[criteria]\nemerging_max = 0\n", "criteria.emerging_max"),
    ("behaviour amber from more reds than red", "[behaviour]\namber_red = 4\n",
     "behaviour.amber_red"),
    ("exceeding below on target", "[progress_states]\nenabled = true\nexceeding_min = 0\n",
     "progress_states.exceeding_min"),
    ("an empty four-state label",
     '[progress_states]\nlabels = ["Not achieving", "", "On target", "Exceeding"]\n',
     "progress_states.labels"),
    ("a four-state label twice",
     '[progress_states]\nlabels = ["Behind", "Behind", "On target", "Exceeding"]\n',
     "progress_states.labels"),
    ("an empty judgement", 'judgements = ["Poor", "", "Good"]\n', "judgements"),
    ("a judgement twice", 'judgements = ["Good", "Poor", "Good"]\n', "judgements"),
    ("an empty school", 'school = ""\n', "school"),
    ("a true for a number", "expected_per_year = true\n", "expected_per_year"),
    ("a number in quotes", 'expected_per_year = "6"\n', "expected_per_year"),
    ("a fraction for a whole number", "expected_per_year = 6.5\n", "expected_per_year"),
    ("100 steps a year", "expected_per_year = 100\n", "expected_per_year"),
    ("1000 targets", "medium_targets_max = 1000\n", "medium_targets_max"),
    ("a gap wider than the scale", "[progress_bands]\ngreen_min = 1000\n",
     "progress_bands.green_min"),
    ("a year's lates", "[punctuality]\namber_max = 1000\n", "punctuality.amber_max"),
    ("a million reds", "[behaviour]\nred_red = 1000000\n", "behaviour.red_red"),
    ("a 1 for true", "[progress_states]\nenabled = 1\n", "progress_states.enabled"),
    ("an unfinished quote in the print command", "[printing]\ncommand = \"lp -d 'staff\"\n",
     "printing.command"),
    ("a nul in the print folder", '[printing]\nfolder = "a\\u0000b"\n', "printing.folder"),
]


@pytest.mark.parametrize(("body", "key"), [(body, key) for _, body, key in REFUSED],
                         ids=[what for what, _, _ in REFUSED])
def test_each_hole_is_refused_naming_the_key_and_the_fix(tmp_path, body, key):
    with pytest.raises(InvalidScheme) as refused:
        load_scheme(_write(tmp_path, f'name = "X"\n{body}'))
    message = str(refused.value)
    assert f"{tmp_path / 'school.toml'}: {key}:" in message  # the file, then the key
    assert " — " in message.partition(f"{key}:")[2]  # what is wrong — how to fix it


def test_an_empty_scheme_name_is_refused(tmp_path):
    with pytest.raises(InvalidScheme, match=r"school\.toml: name: .* — "):
        load_scheme(_write(tmp_path, 'name = "  "\n'))


def test_a_date_message_says_which_half_term_and_how_to_write_it(tmp_path):
    with pytest.raises(InvalidScheme) as refused:
        load_scheme(_write(tmp_path, 'name = "X"\n' + _starts(T4="02-30")))
    assert '"02-30"' in str(refused.value) and "T4" in str(refused.value)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "school.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'name = "X"\nschool = "Oakfield"\n')
    assert load_scheme(path).school == "Oakfield"


def _deep(depth: int, leaf: object = 1) -> object:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("text", [
    "a = " + "[" * 5000 + "]" * 5000,
    "a = " + "{b = " * 3000 + "1" + "}" * 3000,
    'name = "X"\nexpected_per_year = ' + "[" * 5000 + "6" + "]" * 5000,
], ids=["arrays", "inline tables", "where a number goes"])
def test_deep_nesting_is_refused_not_an_internal_error(tmp_path, text):
    with pytest.raises(InvalidScheme, match=r"nested too deeply .* — "):
        load_scheme(_write(tmp_path, text))


def test_deep_tables_and_values_are_refused(tmp_path):
    header = "[" + ".".join(["a"] * 5000) + "]\n"
    with pytest.raises(InvalidScheme, match=r"school\.toml: a: "):
        load_scheme(_write(tmp_path, 'name = "X"\n' + header))
    with pytest.raises(InvalidScheme, match="expected_per_year: "):
        parse_scheme({"name": "X", "expected_per_year": _deep(100_000)})


def test_a_number_too_long_to_read_is_refused(tmp_path):
    with pytest.raises(InvalidScheme, match=r"number .* too long"):
        load_scheme(_write(tmp_path, 'name = "X"\nexpected_per_year = ' + "9" * 5000 + "\n"))
    with pytest.raises(InvalidScheme, match="expected_per_year: "):
        parse_scheme({"name": "X", "expected_per_year": 10 ** 5000})


# ---- nothing in a file gives anything but InvalidScheme --------------------------------------

KEYS = ["name", "school", "scale", "expected_per_year", "subjects", "core_subjects",
        "colour_labels", "red", "amber", "green", "progress_bands", "green_min", "amber_min",
        "attendance", "green_above", "amber_from", "attitude_areas", "key", "kind", "calendar",
        "half_term_starts", "names", "meetings", "half_terms", "printing", "command", "judgements"]
SCALARS = (st.none() | st.booleans() | st.integers()
           | st.integers(20, 4000).map(lambda n: -(10 ** n)) | st.floats() | st.text(max_size=8)
           | st.sampled_from(["02-30", "09-01", "Amber", ""])
           | st.dates() | st.times() | st.datetimes())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=6)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner,
                                        max_size=5), max_leaves=20)
TOML_KEY = st.sampled_from(KEYS) | st.sampled_from(['"a b"', "'x'", "a.b", '""', "1", "-"])
TOML_VALUE = st.recursive(
    st.sampled_from(['"X"', '"02-30"', '"Amber"', '""', "'lit'", '"""long"""', "95", "-1", "0",
                     "7", "0x7", "1_000", "1e999", "nan", "-inf", "95.5", "true", "1979-05-27",
                     "07:32:00", "1979-05-27T07:32:00Z", '"\\u0000"', "9" * 5000,
                     "[" * 1200 + "]" * 1200, "{a = " * 600 + "1" + "}" * 600]),
    lambda inner: (st.lists(inner, max_size=4).map(lambda items: f"[{', '.join(items)}]")
                   | st.lists(st.tuples(TOML_KEY, inner), max_size=3).map(
                       lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + "}")),
    max_leaves=8)
TOML_LINE = (st.tuples(TOML_KEY, TOML_VALUE).map(lambda pair: f"{pair[0]} = {pair[1]}")
             | st.sampled_from(["[attendance]", "[[attitude_areas]]", "[calendar]", "[meetings]",
                                "[colour_labels]", "[a.b]", "[" + "a." * 3000 + "a]", "\ufeff",
                                "# note", ""])
             | st.lists(st.sampled_from(["[", "]", "=", '"', "{", ",", " "]) | st.text(max_size=4),
                        max_size=6).map("".join))
TOML_TEXT = st.lists(TOML_LINE, max_size=12).map("\n".join)


def _refusal(refused: InvalidScheme) -> None:
    """A refusal says where and why, found by a check: not the last resort for the unforeseen."""
    message = str(refused)
    assert message.startswith("school.toml: ") and " — " in message, message
    assert "cannot be checked" not in message, message


def _check(data: bytes) -> None:
    try:
        parse_scheme(decode_scheme(data, "school.toml"), source="school.toml")
    except InvalidScheme as refused:
        _refusal(refused)


@settings(deadline=None)
@given(TOML_TEXT)
def test_any_text_is_a_scheme_or_invalid_scheme(text):
    _check(text.encode("utf-8", "surrogatepass"))
    _check(b"\xef\xbb\xbf" + ('name = "X"\n' + text).encode("utf-8", "surrogatepass"))


@settings(deadline=None)
@given(st.binary())
def test_any_bytes_are_a_scheme_or_invalid_scheme(data):
    _check(data)


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), VALUES, max_size=6))
def test_any_table_is_a_scheme_or_invalid_scheme(raw):
    try:
        parse_scheme(raw, source="school.toml")
    except InvalidScheme as refused:
        _refusal(refused)


def _as_toml(value: object) -> object:
    """A validated scheme's `asdict()` as TOML reads it: lists, not tuples."""
    if isinstance(value, dict):
        return {key: _as_toml(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_as_toml(item) for item in value]
    return value


@settings(deadline=None)
@given(st.sampled_from(SCHEMES), st.data())
def test_any_change_to_a_shipped_scheme_is_a_scheme_or_invalid_scheme(path, data):
    """A shipped scheme with one setting (or one item of a list) replaced by anything."""
    raw: Any = _as_toml(asdict(load_scheme(path)))
    table = raw
    while True:
        key = data.draw(st.sampled_from(sorted(table) if isinstance(table, dict)
                                        else range(len(table))))
        inner = table[key]
        if not (isinstance(inner, dict | list) and inner) or data.draw(st.booleans()):
            break
        table = inner
    table[key] = data.draw(VALUES | SCALARS)
    try:
        scheme = parse_scheme(raw, source="school.toml")
    except InvalidScheme as refused:
        _refusal(refused)
        return
    assert rebuild_scheme(json.loads(json.dumps(_as_toml(asdict(scheme))))) == scheme
