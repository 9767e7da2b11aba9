"""The demo's high school for a sub-stage scheme (seed 001): Year 7 to Year 11 in forms 7A, 7B …
with their tutors, heads of year as senior leaders, sub-stages each half-term, this year's
criteria sheets, half-term tests and weekly basic-skills tests. Everything else is the primary
demo's code.

Its intake leaves primary at St 2 Securing and, on track, gains the scheme's sub-stages a year
(three): a Year 7 form works at stages 2–3, Year 11 at 5–6, within the stages 1–7 that 001's
sheets cover.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date

from amtui.core.colours import may_move_on
from amtui.core.criteria import BAND_NAMES, Mark, band_limits
from amtui.core.scale import SubStage
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.core.tests_scoring import lay_out, new_test_name
from amtui.store import demo_names as names
from amtui.store.demo import FORM_LETTERS, Builder, Child, made_up_teacher

INTAKE = SubStage(2, 3)
"""Where the fictional intake is at the end of Year 6."""
WAITING = 0.12
"""The share of pupils whose last green weeks are this month's: flagged, not yet moved on."""
SLIPS = 0.1
"""The share of crossed criteria a pupil only partly answers in the half-term's test (the cross
came from class work)."""


def test_sections(subject: str, criteria: list[int]) -> dict[str, list[int]]:
    """A test's sections: the subject's section names over its criteria in order, in near-equal
    runs (one section named after the subject when it has no names)."""
    titles = names.TEST_SECTIONS.get(subject, (subject,))[:len(criteria)]
    size, count = len(criteria), len(titles)
    return {title: criteria[i * size // count:(i + 1) * size // count]
            for i, title in enumerate(titles)}


class HighSchool(Builder):
    year_groups = range(7, 12)
    scale = SubStage
    fft_from = 6
    usual_size = 300

    def __init__(self, scheme: Scheme, today: date, pupils: int, years: int, seed: int) -> None:
        super().__init__(scheme, today, pupils, years, seed)
        self.default_user = names.TUTORS[0][1]
        self.stages: dict[tuple[str, str], int] = {}
        """Each pupil's sheet this year: (UPN, subject) → the stage."""

    def expected(self, year_group: int, half_term: int) -> int:
        per_year = self.scheme.expected_per_year
        return INTAKE.ordinal + (year_group - 7) * per_year + half_term * per_year // 6

    def key_stage(self, child: Child) -> tuple[int, int, str]:
        return 6, 11, "KS2 result"

    def per_year(self) -> int:
        return self.scheme.expected_per_year

    def others(self) -> list[tuple[tuple[str, str, str], str]]:
        return [*((person, "slt") for person in names.HEADS_OF_YEAR), (names.ADMIN, "admin"),
                *((person, "ta") for person in names.TEACHING_ASSISTANTS)]

    def form_teacher(self, index: int, year_group: int, form: int) -> tuple[str, str, str, str]:
        tutor = names.TUTORS[index] if index < len(names.TUTORS) else made_up_teacher(index)
        return (*tutor, FORM_LETTERS[form])

    def criteria_marks(self) -> None:
        """This year's sheet for each core subject at the pupil's working stage: its crosses
        award the pupil's sub-stage now, gained over the half-term tests (a later, weaker
        mark now and then); the next two criteria lined, some later ones dotted. A stage
        without a shipped bank has no sheet."""
        rng = random.Random(f"criteria-{self.rng.random()}")
        for child in self.children:
            for subject in self.scheme.core_subjects:
                level = self.level(child, subject, self.now, child.year_group)
                stage = level.stage - 1 if level.pos == 0 else level.stage  # Ready: last sheet
                sheet = self.bank.for_stage(subject, stage) if stage >= 0 else []
                if len(sheet) < len(BAND_NAMES):
                    continue
                self.stages[child.upn, subject] = stage
                marks = self.sheet(level.pos, len(sheet), rng)
                for criterion, by_term in zip(sheet, marks, strict=True):
                    for half_term, mark in by_term.items():
                        self.rows["criteria_marks"].append({
                            "upn": child.upn, "subject": subject, "stage": stage,
                            "number": criterion.number, "school_year": self.now.school_year,
                            "half_term": half_term, "mark": int(mark)})

    def sheet(self, pos: int, size: int, rng: random.Random) -> list[dict[int, Mark]]:
        """Each criterion's marks by half-term on a sheet of `size` whose crosses fall in the
        band that awards the sub-stage at `pos` (Ready: the top band of the stage before)."""
        band = len(BAND_NAMES) - 1 if pos == 0 else pos - 1
        limits = band_limits(size, self.scheme)
        crosses = rng.randint(1 if band == 0 else limits[band - 1] + 1, limits[band])
        order = list(range(size))
        if 0 < crosses < size and rng.random() < 0.3:  # one earlier criterion not yet secure
            missed = rng.randrange(crosses)
            order[missed], order[crosses] = order[crosses], order[missed]
        now = self.now.half_term
        marks: list[dict[int, Mark]] = [{} for _ in range(size)]
        for rank, index in enumerate(order):
            column = marks[index]
            if rank < crosses:
                got = rng.randint(1, now)
                column[got] = Mark.CROSS
                if got > 1 and rng.random() < 0.5:
                    column[got - 1] = Mark.LINE
                if got < now and rng.random() < 0.15:
                    column[now] = Mark.LINE  # a weaker later test never lowers the mark
            elif rank < crosses + 2:
                column[rng.randint(1, now)] = Mark.LINE
            elif rng.random() < 0.4:
                column[rng.randint(1, now)] = Mark.DOT
        return marks

    def basic_skills(self) -> None:
        """Weekly scores since the year began, each pupil starting at the level of their maths
        stage; the teacher moves a pupil on the week the scheme's rule allows, except for the
        pupils whose last green weeks are the most recent: they are waiting, flagged."""
        rng = random.Random(f"basic-skills-{self.rng.random()}")
        rules = self.scheme.basic_skills
        weeks, need = self.weeks_so_far(), rules.green_weeks_to_move_on
        first = Term(self.now.school_year, 1)
        for child in self.children:
            subject = "Maths" if "Maths" in child.offset else self.scheme.subjects[0]
            level = max(1, self.level(child, subject, first, child.year_group).stage)
            waiting = weeks >= need and rng.random() < WAITING
            mean = 0.78 * rules.out_of + 1.2 * child.offset[subject]
            at_level: list[int] = []
            for week in range(1, weeks + 1):
                if waiting and week > weeks - need:
                    score = rng.randint(rules.green_min, rules.out_of)
                else:
                    score = max(0, min(rules.out_of, round(rng.gauss(mean, 3))))
                self.rows["basic_skills"].append({
                    "upn": child.upn, "school_year": self.now.school_year, "week": week,
                    "level": f"Level {level}", "score": score})
                at_level.append(score)
                if not (waiting and week >= weeks - need) and may_move_on(at_level, self.scheme):
                    level, at_level, mean = level + 1, [], mean - 2.5  # the next is harder

    def build(self) -> None:
        super().build()
        self.half_term_tests()

    def half_term_tests(self) -> None:
        """For each form and core subject, the Autumn 1 test (and Autumn 2's, once it is here)
        on the sheet of the stage most of the form's pupils with a sheet work at, in sections.
        A pupil working at that stage answers each question no better than their criteria mark
        that half-term, blank where there is none — so the paper leaves the sheet as it is;
        the form's other pupils sat their own stage's test, not in the demo."""
        rng = random.Random(f"tests-{self.rng.random()}")
        marks: dict[tuple[str, str], dict[tuple[int, int], Mark]] = defaultdict(dict)
        for row in self.rows["criteria_marks"]:
            marks[row["upn"], row["subject"]][row["number"], row["half_term"]] = Mark(row["mark"])
        forms: dict[str, list[Child]] = defaultdict(list)
        for child in self.children:
            forms[child.class_name].append(child)
        terms = [Term(self.now.school_year, half_term)
                 for half_term in range(1, min(2, self.now.half_term) + 1)]
        for class_name, members in forms.items():
            for subject in self.scheme.core_subjects:
                working = Counter(self.stages[child.upn, subject] for child in members
                                  if (child.upn, subject) in self.stages)
                if not working:
                    continue
                stage = working.most_common(1)[0][0]
                criteria = [criterion.number for criterion in self.bank.for_stage(subject, stage)]
                questions = lay_out(criteria, test_sections(subject, criteria), subject)
                sitting = [child for child in members
                           if self.stages.get((child.upn, subject)) == stage]
                for term in terms:
                    test_id = len(self.rows["tests"]) + 1
                    self.rows["tests"].append({
                        "id": test_id, "subject": subject, "stage": stage,
                        "name": f"{new_test_name(term, subject, stage, self.scheme)} {class_name}",
                        "school_year": term.school_year, "half_term": term.half_term})
                    self.rows["test_questions"].extend(
                        {"test_id": test_id, "number": question.number,
                         "section": question.section, "criterion": question.criterion}
                        for question in questions)
                    for child in sitting:
                        got = marks[child.upn, subject]
                        for question in questions:
                            mark = got.get((question.criterion, term.half_term), Mark.BLANK)
                            if mark is Mark.CROSS and rng.random() < SLIPS:
                                mark = Mark.LINE
                            self.rows["test_answers"].append({
                                "test_id": test_id, "upn": child.upn,
                                "number": question.number, "mark": int(mark)})
