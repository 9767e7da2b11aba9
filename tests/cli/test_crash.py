"""Our own bugs, as the command line meets them: one calm line naming a private log, exit code
1, no traceback; the log holds class names and frames, never an exception's message."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from typing import NoReturn

import pytest

from fake_failure import MESSAGE, PUPIL

from amtui import cli, crash


def boom(*args: object, **kwargs: object) -> NoReturn:
    raise ValueError(MESSAGE)


def caught(fn=boom) -> BaseException:  # type: ignore[no-untyped-def]
    try:
        fn()
    except BaseException as exc:  # noqa: BLE001
        return exc
    raise AssertionError("it did not raise")


# ---- the command line ---------------------------------------------------------------------


def test_an_internal_error_is_one_line_naming_the_log_and_exits_1(log, monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_open", boom)
    assert cli.main([]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"amtui: internal error (ValueError) — the details are in {log}"]
    assert "Traceback" not in err and PUPIL not in err
    text = log.read_text(encoding="utf-8")
    assert "ValueError" in text and "in boom" in text and "test_crash.py:" in text
    assert PUPIL not in text and "invalid literal" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_amtui_debug_still_shows_the_traceback(log, monkeypatch):
    monkeypatch.setattr(cli, "cmd_open", boom)
    monkeypatch.setenv("AMTUI_DEBUG", "1")
    with pytest.raises(ValueError, match="invalid literal"):
        cli.main([])


def test_errors_a_user_can_fix_are_not_logged(log, monkeypatch, capsys):
    def missing(args: object) -> NoReturn:
        raise cli.UserError("no school database at x")

    monkeypatch.setattr(cli, "cmd_open", missing)
    assert cli.main([]) == 2
    assert capsys.readouterr().err == "amtui: no school database at x\n"
    assert not log.exists()


def test_main_returns_the_code_of_an_app_that_stopped_on_an_error(demo_db, scheme, teacher, log,
                                                                   monkeypatch, capsys):
    from amtui.app import AmtuiApp
    from amtui.screens.class_grid import ClassGrid

    run = AmtuiApp.run
    monkeypatch.setattr(AmtuiApp, "run", lambda app: run(app, headless=True, size=(120, 40)))
    monkeypatch.setattr(ClassGrid, "compose", boom)  # fails before the first screen is shown
    monkeypatch.setattr(cli, "cmd_open",
                        lambda args: cli.launch_app(demo_db, scheme, teacher) or 0)
    assert cli.main([]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and PUPIL not in out + err
    assert err.strip().splitlines() == [
        f"amtui: stopped after an unexpected error — what was saved is safe. "
        f"The details are in {log}."]
    assert log.read_text(encoding="utf-8").count("ValueError") == 1


# ---- the log ------------------------------------------------------------------------------


def test_an_entry_is_the_time_the_version_the_class_and_the_frames(log):
    path = crash.record(caught())
    assert path == log
    header, *frames = log.read_text(encoding="utf-8").strip().splitlines()
    when, app, version, kind = header.split(" ")
    assert datetime.fromisoformat(when).tzinfo is not None
    assert (app, version, kind) == ("amtui", "0.1.0", "ValueError")
    assert frames[-1].strip().startswith("tests/cli/test_crash.py:")
    assert frames[-1].strip().endswith(" in boom")
    assert all(" in " in frame and ".py:" in frame for frame in frames)


def test_an_entry_follows_the_cause_but_never_a_message(log):
    def wrapped() -> NoReturn:
        try:
            boom()
        except ValueError as exc:
            raise KeyError(PUPIL) from exc

    crash.record(caught(wrapped))
    text = log.read_text(encoding="utf-8")
    assert "KeyError" in text and "caused by ValueError" in text
    assert PUPIL not in text and "invalid literal" not in text


def test_entries_are_appended_and_the_log_stays_small(log, monkeypatch):
    monkeypatch.setattr(crash, "MAX_BYTES", 2000)
    for _ in range(40):
        crash.record(caught())
    old = log.with_name(log.name + ".1")
    assert log.stat().st_size <= 2000 + 2000 and old.exists()
    assert log.read_text(encoding="utf-8").count("ValueError") >= 2
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert sorted(p.name for p in log.parent.iterdir()) == [log.name, old.name]


def test_a_log_someone_made_readable_is_made_private_again(log):
    log.parent.mkdir(parents=True)
    log.write_text("")
    os.chmod(log, 0o644)
    os.chmod(log.parent, 0o755)
    crash.record(caught())
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_when_the_log_cannot_be_written_record_says_so(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))  # a file where a folder must go
    assert crash.record(caught()) is None
