"""Pupil mode: a pupil picks their name and answers one question a screen, each answer stored as
it is given; going back changes an answer; finishing thanks them and shows the names again, still
locked. No way out reaches anything but the pupil's own: Esc, a wrong password, the palette,
undo, help, quitting. Snapshots of the name list and of a question at 80×24 and 120×40."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from pupil_helpers import TERM, burst, fresh_pupil, keys_of, settle

from amtui.core.errors import NotAllowed
from amtui.core.scheme_file import load_scheme
from amtui.screens.class_grid import ClassGrid
from amtui.screens.pupil_mode import THANK_YOU, PupilNames, start_pupil_mode
from amtui.screens.pupil_mode_question import PupilQuestions
from amtui.screens.pupil_mode_questions import list_names, questions
from amtui.screens.sign_in import StaffCheck
from amtui.store import meetings, pupils, self_assessment, sign_in
from amtui.store.demo import DEMO_PASSWORD

SCREENS = (PupilNames, PupilQuestions)


def _stored(db, upn: str) -> self_assessment.SelfAssessment:
    return self_assessment.get_self_assessment(db, upn, TERM)


def _text(pilot: Pilot) -> str:
    """Every word the pupil can see: the screen's lines, the list's names, what is typed."""
    screen = pilot.app.screen
    shown = [_plain(w.content) for w in screen.query(Static)]
    shown += [str(option.prompt) for lst in screen.query(OptionList) for option in lst.options]
    shown += [field.value for field in screen.query(Input)]
    return "\n".join(shown)


def _plain(shown: object) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(shown)
    return console.export_text()


async def _start(pilot: Pilot, upn: str | None = None) -> None:
    start_pupil_mode(pilot.app, "5W", TERM, upn)  # type: ignore[arg-type]
    await settle(pilot)


async def _sign_in(pilot: Pilot, password: str) -> None:
    await pilot.press("ctrl+o")
    await settle(pilot)
    burst(pilot, *keys_of("kwebb"), "enter", *keys_of(password), "enter")
    await settle(pilot)


# ---- the questions (pure) --------------------------------------------------------------------

def test_the_questions_come_in_meeting_order_in_the_schemes_words(demo_db, scheme):
    upn = fresh_pupil(demo_db)
    targets = meetings.targets_to_review(demo_db, upn, TERM, scheme)
    asked = questions(scheme, targets)
    items = [q.item for q in asked]
    assert items == [*(f"subject:{s}" for s in scheme.subjects),
                     *(f"area:{a.key}" for a in scheme.attitude_areas),
                     *(f"target:{t.id}" for t in targets), "overall", "support",
                     "went_well", "find_hard", "want_to_be"]
    maths = asked[items.index("subject:Maths")]
    assert maths.prompt == "How do I think I am doing in Maths?"
    assert maths.choices[0] == f"Red — {scheme.progress_descriptors.red}"
    homework = asked[items.index("area:homework")]
    assert homework.choices[2] == f"Green — {scheme.area('homework').descriptors.green}"
    target = asked[items.index(f"target:{targets[0].id}")]
    assert target.choices == ("Not yet", "Partly", "I met it")
    assert targets[0].text in target.about
    assert asked[items.index("overall")].choices == scheme.judgements
    assert asked[-1].takes_words and not maths.takes_words


def test_a_name_is_first_name_and_initial_unless_another_pupil_would_read_the_same():
    names = [("Zoë", "Chen"), ("Zoë", "Carter"), ("Tomi", "Adebayo"), ("Hamza", "Mensah"),
             ("Hamza", "Mensah")]
    assert list_names(names) == ["Zoë Chen", "Zoë Carter", "Tomi A.", "Hamza Mensah (1)",
                                 "Hamza Mensah (2)"]


# ---- a session ---------------------------------------------------------------------------------

def test_a_pupil_mode_session_filled_and_left(demo_db, make_app, run, scheme):
    upn = fresh_pupil(demo_db)
    class_pupils = pupils.list_pupils(demo_db, "5W")
    place = [p.upn for p in class_pupils].index(upn)
    targets = meetings.targets_to_review(demo_db, upn, TERM, scheme)
    asked = questions(scheme, targets)
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot)
        assert isinstance(app.screen, PupilNames) and app.locked
        burst(pilot, *["down"] * place, "enter")
        await settle(pilot)
        assert isinstance(app.screen, PupilQuestions)
        assert f"question 1 of {len(asked)}" in _text(pilot)
        assert "▶" not in _text(pilot)  # last time's answers are not shown again
        for n, question in enumerate(asked):
            if question.takes_words:
                burst(pilot, *keys_of(f"{question.item} 1"), "enter")
            else:
                await pilot.press(str(len(question.choices)))  # the highest choice
            await settle(pilot)
            own = _stored(demo_db, upn)
            if question.takes_words:
                assert getattr(own, question.item) == f"{question.item} 1"
            else:
                assert own.ratings[question.item] == len(question.choices) - 1
            if n == 2:  # back to the second question: its answer is shown, and changed
                await pilot.press("up", "up")
                await settle(pilot)
                assert "question 2 of" in _text(pilot) and "▶ 3" in _text(pilot)
                await pilot.press("1")
                await settle(pilot)
                assert _stored(demo_db, upn).ratings[asked[1].item] == 0
                await pilot.press("down")  # on, past the third, answered already
                await settle(pilot)
                assert f"question 4 of {len(asked)}" in _text(pilot)
        assert isinstance(app.screen, PupilNames) and app.locked
        assert THANK_YOU in _text(pilot)
        await _sign_in(pilot, DEMO_PASSWORD)
        assert isinstance(app.screen, ClassGrid) and not app.locked

    run(app, scenario)
    own = _stored(demo_db, upn)
    assert own.ratings[f"target:{targets[0].id}"] == 2 and own.ratings["overall"] == 3
    assert own.ratings[asked[1].item] == 0 and own.want_to_be == "want_to_be 1"


def test_words_typed_are_kept_when_the_pupil_goes_back(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot, upn)
        screen = app.screen
        assert isinstance(screen, PupilQuestions)
        burst(pilot, *["down"] * (len(screen.asked) - 1), *keys_of("a vet 2"), "up")
        await settle(pilot)
        assert "What do I find hard?" in _text(pilot)

    run(app, scenario)
    assert _stored(demo_db, upn).want_to_be == "a vet 2"


def test_the_first_question_does_not_go_back_to_the_names_nor_take_a_wrong_number(
        demo_db, make_app, run):
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot, fresh_pupil(demo_db))
        burst(pilot, "up", "pageup", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PupilQuestions) and "question 1 of" in _text(pilot)
        await pilot.press("4")  # three colours: nothing stored, and the pupil is told why
        await settle(pilot)
        assert "4: not a choice here — press a number from 1 to 3" in _text(pilot)
        assert "question 1 of" in _text(pilot)

    run(app, scenario)


def test_pupil_mode_is_refused_where_no_one_could_end_it(db, make_app, run):
    app = make_app(db)  # no one on this school's staff has a password

    async def scenario(pilot: Pilot) -> None:
        with pytest.raises(NotAllowed, match="password"):
            start_pupil_mode(app, "5W", TERM)
        assert not app.locked

    run(app, scenario)


# ---- the command ---------------------------------------------------------------------------------

def test_amtui_self_assess_opens_the_app_in_pupil_mode_for_the_class(demo_db, run, monkeypatch,
                                                                     today):
    from amtui import app as app_module
    from amtui import cli

    built: list[object] = []

    class Opened:
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(app_module.AmtuiApp(*args, **kwargs))  # type: ignore[arg-type]

        def run(self) -> None:
            """The app is run below, under Pilot."""

    monkeypatch.setattr(cli, "today", lambda: today)
    monkeypatch.setattr(app_module, "make_app", Opened)
    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert cli.main(["self-assess", "--class", "5w", "--term", "T2", "--db", path,
                     "--as", "KW"]) == 0
    app = built[0]

    async def scenario(pilot: Pilot) -> None:
        await settle(pilot)
        assert isinstance(app.screen, PupilNames) and app.locked  # type: ignore[attr-defined]
        assert app.screen.term == TERM  # type: ignore[attr-defined]

    run(app, scenario)


def test_amtui_self_assess_is_refused_to_staff_without_the_class(demo_db, capsys):
    from amtui import cli

    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    teacher = next(c.teacher for c in pupils.list_classes(demo_db) if c.name != "5W")
    assert cli.main(["self-assess", "--class", "5W", "--db", path, "--as", teacher]) == 2
    assert "only 5W's teacher" in capsys.readouterr().err


# ---- no way out --------------------------------------------------------------------------------

def _others(db, upn: str) -> list[str]:
    """Other pupils' names as pupil mode would write them."""
    return [name for p in pupils.list_pupils(db) if p.upn != upn
            for name in (f"{p.forename} {p.surname}", f"{p.forename} {p.surname[:1]}.")]


@pytest.mark.parametrize("keys", [
    ["escape"], ["ctrl+k"], ["ctrl+z"], ["ctrl+q"], ["question_mark"], ["f1"], ["tab", "enter"],
    ["ctrl+o", "escape"]], ids=["escape", "palette", "undo", "quit", "help", "f1", "tab",
                                "staff-check-escaped"])
def test_no_key_leaves_a_pupils_questions(demo_db, make_app, run, keys):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot, upn)
        await pilot.press("3")  # an answer undo must not take back, nor the app's undo list
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, PupilQuestions) and app.locked and app.is_running
        assert app.screen.pupil.upn == upn
        assert [name for name in _others(demo_db, upn) if name in _text(pilot)] == []

    run(app, scenario)
    assert _stored(demo_db, upn).ratings["subject:Reading"] == 2


@pytest.mark.parametrize("key", ["escape", "ctrl+k", "ctrl+z", "ctrl+q", "question_mark"])
def test_no_key_leaves_the_name_list(demo_db, make_app, run, key):
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, PupilNames) and app.locked and app.is_running

    run(app, scenario)


def test_a_wrong_password_leaves_pupil_mode_locked(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot, upn)
        await _sign_in(pilot, "a-guess")
        assert isinstance(app.screen, StaffCheck) and app.locked
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PupilQuestions) and app.locked

    run(app, scenario)
    assert [o for _, o in sign_in.attempts(demo_db, "kwebb")] == ["wrong"]


def test_a_pupil_mode_screens_own_keys_go_nowhere_but_its_own_questions(demo_db, make_app,
                                                                         run):
    app = make_app(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await _start(pilot, fresh_pupil(demo_db))
        for screen_type in (PupilQuestions, PupilNames):
            assert isinstance(app.screen, screen_type)
            enabled = {b.binding.action for b in app.screen.active_bindings.values()
                       if b.enabled and b.node in (app.screen, app)}
            assert enabled <= {"answer(1)", "answer(2)", "answer(3)", "back", "on", "sign_out",
                               "screen.copy_text", "app.focus_next", "app.focus_previous"}
            app.pop_screen()  # as finishing does
            await settle(pilot)

    run(app, scenario)


# ---- how it looks ------------------------------------------------------------------------------

def _opener(upn_of=None, keys: tuple[str, ...] = ()):
    async def open_it(pilot: Pilot) -> None:
        upn = None if upn_of is None else upn_of(pilot.app.db)
        start_pupil_mode(pilot.app, "5W", TERM, upn)
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return open_it


TO_A_TARGET = ("down",) * (len(load_scheme().subjects) + len(load_scheme().attitude_areas))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_pupil_mode_names(snap_compare, demo_db, make_app, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_opener())


@pytest.mark.parametrize(("size", "keys"), [
    ((80, 24), ("3", "up")),  # a subject, in the scheme's words, its answer marked: the longest
    ((120, 40), TO_A_TARGET)], ids=["80x24", "120x40"])
def test_pupil_mode_a_question(snap_compare, demo_db, make_app, size, keys):
    assert snap_compare(make_app(demo_db), terminal_size=size,
                        run_before=_opener(fresh_pupil, keys))


def test_capital_p_in_the_class_grid_starts_pupil_mode_for_the_class(run, demo_db, make_app):
    from amtui.screens.class_grid import ClassGrid
    from amtui.screens.pupil_mode import PupilNames

    app = make_app(demo_db, "KW")

    async def scenario(pilot):
        assert isinstance(app.screen, ClassGrid)
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, PupilNames) and app.locked

    run(app, scenario)


def test_pupil_mode_from_the_grid_is_refused_with_the_reason_where_no_one_can_sign_in(
        run, db, make_app):
    from amtui.screens.class_grid import ClassGrid

    app = make_app(db, "KW")  # nobody here has a password: no one could end pupil mode

    async def scenario(pilot):
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ClassGrid) and not app.locked
        assert "password" in str(app.screen.query_one("#explain").render())

    run(app, scenario)
