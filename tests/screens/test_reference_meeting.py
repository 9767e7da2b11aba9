"""The reference meeting, end to end from the keyboard, counting the keys it takes.

Review three targets, set four subjects' steps, override one colour with a reason, add two next
steps and a support line, set the judgement, sign both. Typed text does not count; every other
key does. The goal (SCREENS.md) is 35 or fewer."""

from __future__ import annotations

from textual.pilot import Pilot

from pupil_helpers import TERM, fresh_pupil, open_file, type_text

from amtui.core.colours import Rag
from amtui.core.scale import Step
from amtui.store import attainment, meetings

GOAL = 35
STEPS = {"Reading": "5b", "Writing": "4s+", "Maths": "4s", "Science": "5b"}


def test_the_reference_meeting_takes_at_most_35_keys(demo_db, make_app, run, capsys):
    upn = fresh_pupil(demo_db)
    pressed: list[str] = []

    async def key(pilot: Pilot, *keys: str) -> None:
        pressed.extend(keys)
        for k in keys:
            await pilot.press(k)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await key(pilot, "a", "a", "s")                      # review the three targets
        await key(pilot, "2")
        for text in STEPS.values():                          # four steps, one after another
            await key(pilot, "enter")
            await type_text(pilot, text)
            await key(pilot, "enter")
        await key(pilot, "up", "o", "a")                     # Maths: override to amber
        await type_text(pilot, "recent assessment shows little progress")
        await key(pilot, "enter")
        await key(pilot, "5", "plus")                        # two next steps
        await type_text(pilot, "Read, write and order numbers to 1 000 000")
        await key(pilot, "enter", "plus", "tab")
        await type_text(pilot, "Find equivalent fractions of a given fraction")
        await key(pilot, "enter")
        await key(pilot, "6", "plus")                        # a support line
        await type_text(pilot, "Focussed teaching with a TA 3 x 15 minutes a week")
        await key(pilot, "enter")
        await key(pilot, "7", "j", "g")                      # judgement: Good
        await key(pilot, "ctrl+s", "ctrl+s")                 # teacher, then pupil
        assert "meeting signed" in str(screen.query_one("#title").render())

    run(make_app(demo_db), scenario)

    reviews = [t.review for t in meetings.targets_to_review(demo_db, upn, TERM)]
    assert reviews == ["achieved", "achieved", "partly"]
    for subject, text in STEPS.items():
        assert attainment.get_attainment(demo_db, upn, subject, TERM).step == Step.parse(text)
    maths = attainment.get_attainment(demo_db, upn, "Maths", TERM)
    assert (maths.override, maths.override_reason) == \
        (Rag.AMBER, "recent assessment shows little progress")
    assert [(s.subject, s.text) for s in meetings.next_steps(demo_db, upn, TERM)] == [
        ("Reading", "Read, write and order numbers to 1 000 000"),
        ("Writing", "Find equivalent fractions of a given fraction")]
    meeting = meetings.get_meeting(demo_db, upn, TERM)
    assert meeting.support == ["Focussed teaching with a TA 3 x 15 minutes a week"]
    assert meeting.judgement == 2 and meeting.state == "signed"
    assert meeting.teacher_signed_by == "KW"
    with capsys.disabled():
        print(f"\nreference meeting: {len(pressed)} keys (goal ≤ {GOAL})")
    assert len(pressed) <= GOAL
