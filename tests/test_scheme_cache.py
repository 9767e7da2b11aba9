"""A scheme file is validated once per version; every later start rebuilds it from the cache."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.core.errors import InvalidScheme
from amtui.core.scheme_file import load_scheme, rebuild_scheme
from amtui.resources import data_path
from amtui.scheme_cache import cache_dir, open_scheme

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(data_path("schemes").glob("*.toml"))


@settings(deadline=None)  # the first example imports pydantic
@given(st.sampled_from(SHIPPED))
def test_every_shipped_scheme_survives_the_json_round_trip(path):
    scheme = load_scheme(path)
    assert rebuild_scheme(json.loads(json.dumps(asdict(scheme)))) == scheme


def test_the_first_open_validates_and_remembers_privately(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert open_scheme() == load_scheme()
    [entry] = cache_dir().iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    assert open_scheme() == load_scheme()
    assert list(cache_dir().iterdir()) == [entry]


def test_a_remembered_scheme_opens_without_pydantic(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "", "PYTHONPATH": str(ROOT)}
    code = ("import sys\nfrom amtui.scheme_cache import open_scheme\nopen_scheme()\n"
            "print('pydantic' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, timeout=60) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert [run.stdout.strip() for run in runs] == ["True", "False"]


def test_a_changed_file_is_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    file = tmp_path / "school.toml"
    file.write_text('name = "Ours"\nschool = "Oakfield"\n', encoding="utf-8")
    assert open_scheme(file).school == "Oakfield"
    file.write_text('name = "Ours"\nschool = "Oakfield"\n[attendance]\ngreen_above = 105\n',
                    encoding="utf-8")
    with pytest.raises(InvalidScheme, match=r"attendance\.green_above"):
        open_scheme(file)


def test_a_damaged_entry_is_validated_again_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    open_scheme()
    [entry] = cache_dir().iterdir()
    entry.write_text('{"name": "half a', encoding="utf-8")
    assert open_scheme() == load_scheme()
    assert json.loads(entry.read_text(encoding="utf-8"))["name"] == load_scheme().name


def test_an_unwritable_cache_still_opens(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would go
    assert open_scheme() == load_scheme()


def test_a_file_with_a_byte_order_mark_opens(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    file = tmp_path / "school.toml"
    file.write_bytes(b"\xef\xbb\xbf" + b'name = "Ours"\nschool = "Oakfield"\n')
    assert open_scheme(file).school == open_scheme(file).school == "Oakfield"


def test_an_impossible_date_is_refused_on_opening(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    file = tmp_path / "school.toml"
    file.write_text('name = "Ours"\n[calendar]\nhalf_term_starts = '
                    '["09-01", "10-27", "01-05", "02-30", "04-13", "06-01"]\n', encoding="utf-8")
    for _ in range(2):  # and nothing was remembered the first time
        with pytest.raises(InvalidScheme, match=r"calendar\.half_term_starts"):
            open_scheme(file)


@pytest.mark.parametrize("damage", [
    lambda entry: "[" * 100_000 + "]" * 100_000,
    lambda entry: json.dumps({**entry, "colour_labels": {"red": 5, "amber": [], "green": None}}),
    lambda entry: json.dumps({**entry, "calendar": {**entry["calendar"], "half_term_starts": []}}),
    lambda entry: json.dumps({**entry, "subjects": "Maths"}),
], ids=["nested too deeply", "labels that are not text", "no dates", "a string for a list"])
def test_an_entry_damaged_into_another_shape_is_validated_again(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    open_scheme()
    [entry] = cache_dir().iterdir()
    entry.write_text(damage(json.loads(entry.read_text(encoding="utf-8"))), encoding="utf-8")
    assert open_scheme() == load_scheme()
