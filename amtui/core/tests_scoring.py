"""Half-term tests: questions in sections, and a pupil's section scores.

In a test a dot marks a wrong answer, a line a partly right one and a cross a right one (blank:
not attempted). A section scores 2 for a cross and 1 for a line, out of 2 a question, so a half
mark never needs a fraction: "Number 7/10"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from amtui.core.criteria import Mark
from amtui.core.errors import InvalidInput
from amtui.core.scheme import Scheme
from amtui.core.terms import Term

POINTS: Mapping[Mark, int] = {Mark.BLANK: 0, Mark.DOT: 0, Mark.LINE: 1, Mark.CROSS: 2}
"""A question's score from its mark."""
OUT_OF = max(POINTS.values())
"""What one question is out of."""
MAX_SECTION = 40
"""The longest section name (it heads a column of the test sheet)."""


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its number in the test, its section, and the criterion it tests."""

    number: int
    section: str
    criterion: int


@dataclass(frozen=True, slots=True)
class SectionScore:
    """A pupil's score in one section (or the whole test): `str` is "Number 7/10"."""

    section: str
    scored: int
    out_of: int

    def __str__(self) -> str:
        return f"{self.section} {self.scored}/{self.out_of}"


def sections(questions: Iterable[Question]) -> list[str]:
    """The test's sections, in the order their first question comes."""
    return list(dict.fromkeys(question.section for question in questions))


def section_scores(questions: Sequence[Question],
                   answers: Mapping[int, Mark]) -> list[SectionScore]:
    """Each section's score from the answers by question number (unanswered scores 0)."""
    return [SectionScore(name, sum(POINTS[answers.get(q.number, Mark.BLANK)]
                                   for q in questions if q.section == name),
                         OUT_OF * sum(q.section == name for q in questions))
            for name in sections(questions)]


def total_score(scores: Iterable[SectionScore]) -> SectionScore:
    """The whole test's score from its sections' scores."""
    found = list(scores)
    return SectionScore("Total", sum(s.scored for s in found), sum(s.out_of for s in found))


def lay_out(criteria: Sequence[int], by_section: Mapping[str, Sequence[int]] | None,
            default_section: str) -> list[Question]:
    """Number a test's questions: one per criterion of the stage in one section named
    `default_section`, or the criteria `by_section` lists, section by section."""
    if by_section is None:
        return [Question(n, default_section, c) for n, c in enumerate(criteria, start=1)]
    known, used = set(criteria), set[int]()
    found: list[Question] = []
    for section, numbers in by_section.items():
        name = " ".join(section.split())
        if not name or len(name) > MAX_SECTION:
            raise InvalidInput(f"a section needs a name of 1 to {MAX_SECTION} characters — "
                               "e.g. Number or Geometry")
        for criterion in numbers:
            if criterion not in known:
                raise InvalidInput(f"criterion {criterion} is not on this stage's sheet — use "
                                   f"1 to {max(known, default=0)}")
            if criterion in used:
                raise InvalidInput(f"criterion {criterion} is in two sections — put each "
                                   "criterion in one")
            used.add(criterion)
            found.append(Question(len(found) + 1, name, criterion))
    if not found:
        raise InvalidInput("the test has no questions — list at least one criterion")
    return found


def new_test_name(term: Term, subject: str, stage: int, scheme: Scheme) -> str:
    """A new test's name: "Autumn 2 Maths St 4"."""
    return f"{scheme.calendar.names[term.half_term - 1]} {subject} St {stage}"
