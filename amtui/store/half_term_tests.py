"""Half-term tests: made from a stage's criteria (teachers and senior leaders), then entered
question by question. Each answer also raises the question's criterion mark on the pupil's
criteria sheet for the test's half-term, in the same change (best wins: never lowered)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from amtui.core.criteria import Mark
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.core.tests_scoring import Question, SectionScore, lay_out
from amtui.core.tests_scoring import section_scores as score_sections
from amtui.store import attainment, history
from amtui.store.access import May, check
from amtui.store.criteria_banks import criteria_for
from amtui.store.db import Database

MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class HalfTermTest:
    """A test and its questions, in number order."""

    id: int
    name: str
    subject: str
    stage: int
    term: Term
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    """A pupil's answer to one question, and the version a change to it must have seen."""

    mark: Mark
    version: int


def create_test(db: Database, who: Staff, name: str, subject: str, stage: int, term: Term, *,
                sections: Mapping[str, Sequence[int]] | None = None) -> HalfTermTest:
    """A new test of `subject` at `stage`, sat in `term`: one question per criterion of the
    stage's sheet in one section named after the subject, or the criteria `sections` lists
    (section name → criterion numbers), numbered in that order."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= MAX_NAME:
        raise InvalidInput(f"a test needs a name of 1 to {MAX_NAME} characters — e.g. "
                           "Autumn 2 Maths St 4")
    criteria = [criterion.number for criterion in criteria_for(db, subject, stage)]
    if not criteria:
        raise NotFound(f"there is no {subject} stage {stage} criteria sheet — pick another "
                       "stage, or import the sheet (amtui import criteria)")
    questions = lay_out(criteria, sections, subject)
    with history.change(db, who, f"a {subject} half-term test") as change:
        check(change, May.SET_TEST)
        row = change.write("tests", {}, {
            "name": name, "subject": subject, "stage": stage,
            "school_year": term.school_year, "half_term": term.half_term}, seen=None)
        for question in questions:
            change.write("test_questions", {"test_id": row["id"], "number": question.number},
                         {"section": question.section, "criterion": question.criterion},
                         seen=0)
    return HalfTermTest(row["id"], name, subject, stage, term, tuple(questions))


def tests_for(db: Database, subject: str, term: Term,
              class_name: str | None = None) -> list[HalfTermTest]:
    """The tests of `subject` sat in `term`, by stage then name; with `class_name`, those the
    class's pupils sat and those no one has sat yet (not every form's papers)."""
    sql = ("SELECT * FROM tests t WHERE subject = ? COLLATE NOCASE AND school_year = ? "
           "AND half_term = ?")
    params: list[Any] = [subject, term.school_year, term.half_term]
    if class_name is not None:
        sql += (" AND (NOT EXISTS (SELECT 1 FROM test_answers a WHERE a.test_id = t.id) OR "
                "EXISTS (SELECT 1 FROM test_answers a JOIN pupils p USING (upn) "
                "WHERE a.test_id = t.id AND p.class_name = ?))")
        params.append(class_name)
    return [_test(db, row) for row in db.query(sql + " ORDER BY stage, name, id", params)]


def get_test(db: Database, test_id: int) -> HalfTermTest:
    row = history.read(db, "tests", {"id": test_id})
    if row is None:
        raise NotFound("that test no longer exists — press E in the class grid to pick one")
    return _test(db, row)


def _test(db: Database, row: Mapping[str, Any]) -> HalfTermTest:
    questions = tuple(Question(q["number"], q["section"], q["criterion"]) for q in db.query(
        "SELECT * FROM test_questions WHERE test_id = ? ORDER BY number", [row["id"]]))
    return HalfTermTest(row["id"], row["name"], row["subject"], row["stage"],
                        Term(row["school_year"], row["half_term"]), questions)


def answers(db: Database, test_id: int) -> dict[str, dict[int, Answer]]:
    """Every answer entered on a test: pupil → question number → answer."""
    found: dict[str, dict[int, Answer]] = {}
    for row in db.query("SELECT upn, number, mark, version FROM test_answers WHERE test_id = ?",
                        [test_id]):
        found.setdefault(row["upn"], {})[row["number"]] = Answer(Mark(row["mark"]),
                                                                  row["version"])
    return found


def answer(db: Database, who: Staff, test_id: int, upn: str, number: int, mark: Mark, *,
           seen: int, scheme: Scheme | None = None) -> None:
    """Store a pupil's answer to one question (`seen`: the answer's version read, 0 if none),
    and raise the question's criterion to `mark` on the pupil's sheet for the test's half-term
    when that is better than the mark there — with what the sheet then awards (`scheme`: the
    school's in force unless given; see `attainment.follow_sheet`)."""
    with history.change(db, who, "a half-term test answer") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        test = get_test(db, test_id)
        question = next((q for q in test.questions if q.number == number), None)
        if question is None:
            raise NotFound(f"the test has no question {number} — use 1 to "
                           f"{len(test.questions)}")
        change.write("test_answers", {"test_id": test_id, "upn": upn, "number": number},
                     {"mark": int(mark)}, seen=seen)
        sheet = {"upn": upn, "subject": test.subject, "stage": test.stage,
                 "number": question.criterion, "school_year": test.term.school_year,
                 "half_term": test.term.half_term}
        old = history.read(db, "criteria_marks", sheet)
        if mark > (old["mark"] if old else Mark.BLANK):
            change.mark("criteria_marks", sheet, {"mark": int(mark)},
                        why=f"{test.name}, question {number}")
            attainment.follow_sheet(change, scheme, upn, test.subject, test.term)


def section_scores(db: Database, test_id: int, upn: str) -> list[SectionScore]:
    """A pupil's score in each section of a test, in the test's order."""
    test = get_test(db, test_id)
    marks = {number: found.mark for number, found in answers(db, test_id).get(upn, {}).items()}
    return score_sections(test.questions, marks)
