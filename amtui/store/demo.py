"""A deterministic fictional school: same arguments, same school. This module builds the
primary school on Steps; `demo_high` varies it into a high school on sub-stages.

Pupils follow the age-related expectation with their own offset, so the trajectories behave
as in a real class: most on track, some stalling (amber or red), a few ahead with raised
targets. Rows are written in bulk in one transaction with a single history row for the build.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from amtui.core.colours import Rag, attendance_colour, punctuality_colour, shown_attendance
from amtui.core.conversion import CriteriaBank
from amtui.core.errors import InvalidInput
from amtui.core.scale import MAX_STAGE, STEPS_PER_STAGE, Step, SubStage, are
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_on, term_start
from amtui.core.upn import CHECK_LETTERS, with_check_letter
from amtui.datafiles import load_criteria_bank
from amtui.store import demo_names as names
from amtui.store import history
from amtui.store.db import Database, transaction
from amtui.store.pupils import ensure_subjects
from amtui.store.sign_in import hash_secret

PUPILS_PER_CLASS = 30
FORM_LETTERS = "ABCDEFGHJLNPQRSTUVXYZ"
STEP_CHOICES = 8  # criteria a next step is drawn from: a power of two (see demo_names)


@dataclass(frozen=True)
class DemoSummary:
    classes: int
    pupils: int
    staff: int
    school_years: tuple[int, ...]
    default_user: str


@dataclass(eq=False)
class Child:
    upn: str
    year_group: int
    class_name: str
    teacher: str
    offset: dict[str, int]
    kind: str     # steady, staller, flyer
    meeting: str  # this half-term: signed, in progress, none


def _weighted(rng: random.Random, table: dict[Any, int]) -> Any:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _bulk(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    db.conn.executemany(
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [[row[c] for c in columns] for row in rows])


def made_up_teacher(index: int) -> tuple[str, str, str]:
    """A teacher for a form beyond the named ones: name, initials, login."""
    surname = names.SURNAMES[index % len(names.SURNAMES)]
    return (f"{'Mr' if index % 2 else 'Ms'} {FORM_LETTERS[index % 21]} {surname}",
            f"T{index:03d}", f"t{index:03d}")


def _stamp(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour, 30)).astimezone().isoformat(timespec="seconds")


class Builder:
    """The primary school on Steps. A subclass varies the year groups, the scale, the staff and
    the forms' names, the key stage's targets and the tests (see `demo_high`)."""

    year_groups: range = range(7)  # Reception to Year 6
    scale: type[Step] | type[SubStage] = Step
    fft_from = 2  # pupils whose starting point is a KS1 result may have an FFT estimate
    usual_size = 210

    def __init__(self, scheme: Scheme, today: date, pupils: int, years: int, seed: int) -> None:
        self.scheme = scheme
        self.today = today
        self.now = term_on(today, scheme)
        self.years = years
        self.rng = random.Random(seed)
        self.total = pupils
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.children: list[Child] = []
        self.tas: list[str] = []
        self.bank: CriteriaBank = load_criteria_bank()
        self.default_user = names.TEACHERS[5][1]

    def clamp(self, ordinal: int) -> Step | SubStage:
        """The level at `ordinal` on the scale, kept within it."""
        top = (MAX_STAGE + 1) * self.scale.per_stage - 1
        return self.scale.from_ordinal(max(0, min(ordinal, top)))

    def expected(self, year_group: int, half_term: int) -> int:
        """The ordinal a pupil on track is at after `half_term` of `year_group`."""
        return are(year_group, half_term).ordinal

    def key_stage(self, child: Child) -> tuple[int, int, str]:
        """The year group of the child's starting point, their last target's, and its label."""
        return (2, 6, "KS1 result") if child.year_group >= 3 else (0, 2, "End of Reception")

    def per_year(self) -> int:
        """The long-term ladder's rise a year."""
        return STEPS_PER_STAGE

    # people ------------------------------------------------------------------------------

    def staff(self, initials: str, name: str, role: str, login: str) -> None:
        self.rows["staff"].append({"initials": initials, "name": name, "role": role,
                                   "login": login})

    def others(self) -> list[tuple[tuple[str, str, str], str]]:
        """Staff other than class teachers, (name, initials, login) with their role."""
        return [*((person, "slt") for person in names.LEADERS), (names.ADMIN, "admin"),
                *((person, "ta") for person in names.TEACHING_ASSISTANTS)]

    def form_teacher(self, index: int, year_group: int, form: int) -> tuple[str, str, str, str]:
        """The `index`th class's teacher (name, initials, login) and the letter of its name."""
        if form == 0:
            teacher_name, initials, login = names.TEACHERS[year_group]
            return teacher_name, initials, login, teacher_name.split()[-1][0]
        return (*made_up_teacher(index), FORM_LETTERS[form])

    def school(self) -> None:
        n_years = len(self.year_groups)
        forms = max(1, round(self.total / n_years / PUPILS_PER_CLASS))
        n_classes = forms * n_years
        for (name, initials, login), role in self.others():
            self.staff(initials, name, role, login)
        self.tas = [initials for _, initials, _ in names.TEACHING_ASSISTANTS]
        used_upns: set[str] = set()
        class_names: set[str] = set()
        for index in range(n_classes):
            year_group, form = self.year_groups[index % n_years], index // n_years
            teacher_name, initials, login, letter = self.form_teacher(index, year_group, form)
            self.staff(initials, teacher_name, "teacher", login)
            prefix = "R" if year_group == 0 else str(year_group)
            spare = (f"{prefix}{x}" for x in FORM_LETTERS if f"{prefix}{x}" not in class_names)
            class_name = f"{prefix}{letter}"
            if class_name in class_names:
                class_name = next(spare)
            class_names.add(class_name)
            self.rows["classes"].append({"name": class_name, "year_group": year_group,
                                         "teacher": initials})
            size = self.total // n_classes + (1 if index < self.total % n_classes else 0)
            for _ in range(size):
                self.child(class_name, year_group, initials, used_upns)

    def child(self, class_name: str, year_group: int, teacher: str, used: set[str]) -> None:
        rng = self.rng
        upn = ""
        while not upn or upn in used:
            # one pupil in 21 is a new arrival whose permanent UPN has not come yet: a temporary
            # one ends in a letter (two draws, as the demo has always made, so the school's other
            # random choices stay as they were)
            temporary = rng.randrange(21) == 0
            number = rng.randrange(10**12)
            body = f"{number:012d}"
            if temporary:
                body = body[:-1] + CHECK_LETTERS[number % len(CHECK_LETTERS)]
            upn = with_check_letter(body)
        used.add(upn)
        born = date(self.now.school_year - year_group - 5, 9, 1) + timedelta(rng.randrange(365))
        self.rows["pupils"].append({
            "upn": upn, "forename": rng.choice(names.FORENAMES),
            "surname": rng.choice(names.SURNAMES), "year_group": year_group,
            "class_name": class_name, "dob": born.isoformat(), "sen": int(rng.random() < 0.12),
            "pupil_premium": int(rng.random() < 0.2), "eal": int(rng.random() < 0.15)})
        self.rows["pupils"][-1]["gender"] = names.gender(self.rows["pupils"][-1]["forename"])
        base = _weighted(rng, {-3: 5, -2: 10, -1: 20, 0: 45, 1: 15, 2: 5})
        kind = _weighted(rng, {"steady": 75, "staller": 15, "flyer": 10})
        offset = {s: base + rng.choice((-1, 0, 0, 0, 1)) for s in self.scheme.subjects}
        meeting = _weighted(rng, {"signed": 12, "in progress": 10, "none": 78})
        self.children.append(Child(upn, year_group, class_name, teacher, offset, kind, meeting))

    # terms -------------------------------------------------------------------------------

    def terms(self, child: Child) -> list[tuple[Term, int]]:
        """Every half-term (with the child's year group then) from the first demo year to now."""
        out: list[tuple[Term, int]] = []
        for back in range(self.years - 1, -1, -1):
            year_group = child.year_group - back
            if year_group < self.year_groups[0]:
                continue
            school_year = self.now.school_year - back
            last = self.now.half_term if back == 0 else 6
            out.extend((Term(school_year, ht), year_group) for ht in range(1, last + 1))
        return out

    def level(self, child: Child, subject: str, term: Term, year_group: int) -> Step | SubStage:
        """The level the child is at in `subject` in `term` (in `year_group` then)."""
        return self.clamp(self.expected(year_group, term.half_term) + child.offset[subject]
                          + self.drift(child, term))

    def drift(self, child: Child, term: Term) -> int:
        """How far the child is from their own trajectory this half-term."""
        if term.school_year != self.now.school_year or term.half_term < 2:
            return 0
        if child.kind == "staller":
            return -2 if hash_(child.upn) % 3 == 0 else -1
        return 1 if child.kind == "flyer" else 0

    # attainment and targets --------------------------------------------------------------

    def attainment(self, child: Child) -> None:
        rng = self.rng
        current_entered = 0.0 if child.meeting != "none" else rng.random()
        for term, year_group in self.terms(child):
            is_now = term == self.now
            for subject in self.scheme.subjects:
                if is_now and (current_entered > 0.65 or
                               (current_entered > 0.5 and rng.random() < 0.5)):
                    continue
                override, reason = None, ""
                if child.kind == "staller" and subject in self.scheme.core_subjects \
                        and rng.random() < (0.5 if is_now else 0.08):
                    override, reason = int(Rag.AMBER), rng.choice(names.OVERRIDE_REASONS)
                self.rows["attainment"].append({
                    "upn": child.upn, "subject": subject, "school_year": term.school_year,
                    "half_term": term.half_term,
                    "step": str(self.level(child, subject, term, year_group)),
                    "override": override, "override_reason": reason})

    def targets(self, child: Child) -> None:
        rng = self.rng
        start_year, end_year, label = self.key_stage(child)
        for subject in self.scheme.subjects:
            start = self.clamp(self.expected(start_year, 6) + child.offset[subject])
            ladder_top = self.clamp(start.ordinal + (end_year - start_year) * self.per_year())
            fft = (str(self.clamp(ladder_top.ordinal - rng.randrange(0, 3)))
                   if start_year == self.fft_from and rng.random() < 0.3 else None)
            aspirational = str(self.clamp(ladder_top.ordinal + 2)) if rng.random() < 0.4 else None
            self.rows["starting_points"].append({
                "upn": child.upn, "subject": subject, "year_group": start_year,
                "step": str(start), "label": label, "fft": fft, "aspirational": aspirational})
            for year in range(start_year + 1, end_year + 1):
                raised = child.kind == "flyer" and year >= child.year_group
                step = self.clamp(start.ordinal + (year - start_year)
                                  * self.scheme.expected_per_year + (1 if raised else 0))
                self.rows["targets"].append({
                    "upn": child.upn, "subject": subject, "year_group": year, "step": str(step),
                    "note": rng.choice(names.RAISE_NOTES) if raised else "",
                    "raised": int(raised)})

    # attitude ----------------------------------------------------------------------------

    def attitude(self, child: Child) -> None:
        rng = self.rng
        usual = _weighted(rng, {"high": 85, "mid": 10, "low": 5})
        risk = 0.35 if child.kind == "staller" else 0.1
        for term, _ in self.terms(child):
            is_now = term == self.now
            if is_now and rng.random() < 0.2:
                continue
            for area in self.scheme.attitude_areas:
                value: float | None = None
                if area.kind == "attendance":
                    low, high = {"high": (94.0, 99.8), "mid": (90.0, 94.5),
                                 "low": (82.0, 90.0)}[usual]
                    value = shown_attendance(min(100.0, rng.uniform(low, high)))
                    colour = attendance_colour(value, self.scheme)
                elif area.kind == "punctuality":
                    value = float(_weighted(rng, {0: 70, 1: 10, 2: 6, 3: 4, 4: 5, 6: 5}))
                    colour = punctuality_colour(int(value), self.scheme)
                else:
                    if is_now and rng.random() < 0.3:
                        continue
                    colour = Rag.GREEN if rng.random() > risk else rng.choice((Rag.AMBER, Rag.AMBER,
                                                                               Rag.RED))
                comment = ""
                if (colour < Rag.GREEN and area.key in names.ATTITUDE_COMMENTS
                        and rng.random() < 0.4):
                    comment = rng.choice(names.ATTITUDE_COMMENTS[area.key])
                self.rows["attitude"].append({
                    "upn": child.upn, "school_year": term.school_year,
                    "half_term": term.half_term, "area": area.key, "value": value,
                    "colour": int(colour), "comment": comment})

    # meetings, next steps, self-assessment -----------------------------------------------

    def meetings(self, child: Child) -> None:
        rng = self.rng
        state_now = child.meeting
        judgement = {"staller": 1, "flyer": 3}.get(child.kind, 2)
        top = len(self.scheme.judgements) - 1
        review_odds = {"steady": {"achieved": 70, "partly": 25, "not": 5},
                       "staller": {"achieved": 25, "partly": 40, "not": 35},
                       "flyer": {"achieved": 90, "partly": 10, "not": 0}}[child.kind]
        previous_ids: list[int] = []
        held = [(term, year_group) for term, year_group in self.terms(child)
                if self.scheme.meetings.meets(year_group, term.half_term)]
        recent = {t for t, _ in held[-8:]}
        if not held or held[-1][0] != self.now:
            state_now = "none"  # the scheme's cycle holds no meeting this half-term
        for term, year_group in held:
            is_now = term == self.now
            state = state_now if is_now else "signed"
            if state == "none":
                break
            for target_id in previous_ids:
                self.reviews[target_id] = _weighted(rng, review_odds)
            day = term_start(term, self.scheme) + timedelta(days=rng.randrange(14, 30))
            if day > self.today:
                day = self.today
            signed = state == "signed"
            key = {"upn": child.upn, "school_year": term.school_year,
                   "half_term": term.half_term}
            if child.kind == "staller":
                self.rows["support_lines"].append({**key, "kind": "learning", "position": 0,
                                                   "text": rng.choice(names.SUPPORT)})
            if rng.random() < 0.05:
                self.rows["support_lines"].append({
                    **key, "kind": "attitude", "position": 0,
                    "text": "Weekly check-in with the class teacher"})
            self.rows["meetings"].append({
                **key,
                "aspirations": rng.choice(names.ASPIRATIONS),
                "judgement": min(top, judgement) if signed else None,
                "pupil_judgement": min(top, max(0, judgement + rng.choice((-1, 0, 0, 1)))),
                "teacher_signed_by": child.teacher if signed else None,
                "teacher_signed_at": _stamp(day, 10) if signed else None,
                "pupil_signed_at": _stamp(day, 10) if signed else None,
                "amended": 0, "started": 1})
            previous_ids = self.next_steps(child, term, year_group)
            if term in recent:
                self.self_assessment(child, term, judgement)
        if state_now == "none" and held and held[-1][0] == self.now and rng.random() < 0.5:
            self.self_assessment(child, self.now, judgement)

    def next_steps(self, child: Child, term: Term, year_group: int) -> list[int]:
        rng = self.rng
        ids = []
        subjects = [*self.scheme.core_subjects, *(["Attitude"] if rng.random() < 0.4 else [])]
        for position, subject in enumerate(subjects):
            self.target_id += 1
            ids.append(self.target_id)
            code, text = rng.choice(self.step_texts(child, subject, term, year_group))
            self.rows["medium_targets"].append({
                "id": self.target_id, "upn": child.upn, "school_year": term.school_year,
                "half_term": term.half_term, "subject": subject, "text": text,
                "criterion": code, "review": None, "position": position})
        return ids

    def step_texts(self, child: Child, subject: str, term: Term,
                   year_group: int) -> list[tuple[str, str]]:
        """Next steps (criterion code, text) that fit the child's stage in `subject`: the
        criteria bank's for that stage (the `STEP_CHOICES` nearest where the child is in it),
        else a built-in list for its stage band."""
        if subject not in child.offset:
            return [("", text) for text in names.ATTITUDE_NEXT_STEPS]
        level = self.level(child, subject, term, year_group)
        criteria = self.bank.for_stage(subject, level.stage)
        if criteria:
            spare = max(0, len(criteria) - STEP_CHOICES)
            start = round(level.pos * spare / (level.per_stage - 1))
            return [(c.code, c.text) for c in criteria[start:start + STEP_CHOICES]]
        texts = names.BAND_NEXT_STEPS[names.band(level.stage)]
        return [("", text) for text in texts.get(subject, texts[""])]

    def self_assessment(self, child: Child, term: Term, judgement: int) -> None:
        rng = self.rng
        ratings = {f"subject:{s}": rng.choice((1, 2, 2, 2)) for s in self.scheme.subjects}
        ratings.update({f"area:{a.key}": rng.choice((1, 2, 2)) for a in self.scheme.attitude_areas
                        if a.kind == "choice" or a.kind == "behaviour"})
        ratings["overall"] = min(len(self.scheme.judgements) - 1,
                                 max(0, judgement + rng.choice((-1, 0, 1, 1))))
        self.rows["self_assessments"].append({
            "upn": child.upn, "school_year": term.school_year, "half_term": term.half_term,
            "ratings": json.dumps(ratings, sort_keys=True),
            "went_well": rng.choice(("My times tables", "Reading at home", "Joining in more")),
            "find_hard": rng.choice(("Fractions", "Spelling", "Staying focused", "Handwriting")),
            "want_to_be": rng.choice(names.ASPIRATIONS)})

    # interventions and basic skills ------------------------------------------------------

    def interventions(self) -> None:
        """Two programmes a class (from the bank), run by a TA on their weekdays since two weeks
        into the year, up to yesterday (today's are for the TA to log): each session marks every
        member present or absent (with a reason); one pupil a class left the first programme a
        week ago (this half-term), back on track; each programme has its teacher's review of
        last half-term."""
        rng = self.rng
        start = term_start(Term(self.now.school_year, 1), self.scheme) + timedelta(days=14)
        this_term = term_start(self.now, self.scheme)
        for entry in names.PROGRAMME_BANK:
            self.rows["programme_bank"].append(dict(entry))
        by_class: dict[str, list[Child]] = defaultdict(list)
        for child in self.children:
            by_class[child.class_name].append(child)
        session_id = 0
        for number, (class_name, kids) in enumerate(sorted(by_class.items()), start=1):
            year_group = kids[0].year_group
            programmes = [names.PROGRAMME_BANK[0 if year_group <= 2 else 1],
                          names.PROGRAMME_BANK[2]]
            for offset, plan in enumerate(programmes):
                iv_id = number * 10 + offset
                ta = self.tas[(number + offset) % len(self.tas)]
                members = [k for k in kids if k.kind == "staller"][:4] + rng.sample(kids, 2)
                members = list(dict.fromkeys(members))
                days = names.PROGRAMME_DAYS[plan["name"]]
                self.rows["interventions"].append({
                    "id": iv_id, "name": f"{plan['name']} ({class_name})",
                    **{k: v for k, v in plan.items() if k != "name"},
                    "staff": json.dumps([ta]), "start": start.isoformat(), "end": None,
                    "days": json.dumps(days)})
                leaver = next((k for k in members if k.kind != "staller"), None) \
                    if offset == 0 and self.now.half_term > 1 else None
                left = max(this_term, self.today - timedelta(days=7))
                for kid in members:
                    first = self.expected(year_group, 1) + kid.offset.get(plan["subject"], 0) - 1
                    self.rows["intervention_pupils"].append({
                        "intervention_id": iv_id, "upn": kid.upn,
                        "entry_step": str(self.clamp(first)), "exit_step": None,
                        "joined": start.isoformat(),
                        "left_on": left.isoformat() if kid is leaver else None,
                        "exit_reason": plan["exit_criterion"] if kid is leaver else ""})
                day = start
                while day < self.today:  # today's are for the TA to log
                    if day.weekday() in days:
                        session_id += 1
                        came = [k.upn for k in members if rng.random() > 0.1]
                        self.rows["intervention_sessions"].append({
                            "id": session_id, "intervention_id": iv_id,
                            "on_date": day.isoformat(), "minutes": plan["minutes"],
                            "note": "Worked on place value" if rng.random() < 0.1 else "",
                            "logged_by": ta})
                        for kid in members:
                            if kid is leaver and day > left:
                                continue
                            present = kid.upn in came
                            reason = names.ABSENCE_REASONS[hash_(kid.upn + day.isoformat())
                                                           % len(names.ABSENCE_REASONS)]
                            self.rows["session_pupils"].append({
                                "session_id": session_id, "upn": kid.upn,
                                "present": int(present), "reason": "" if present else reason,
                                "note": ""})
                    day += timedelta(days=1)
                if self.now.half_term > 1:
                    last = Term(self.now.school_year, self.now.half_term - 1)
                    verdict = ("effective", "partly", "not")[hash_(class_name + plan["name"]) % 3]
                    self.rows["intervention_reviews"].append({
                        "intervention_id": iv_id, "school_year": last.school_year,
                        "half_term": last.half_term, "verdict": verdict,
                        "changes": names.REVIEW_CHANGES[verdict],
                        "reviewed_by": kids[0].teacher})

    def weeks_so_far(self) -> int:
        """Weekly basic-skills tests sat so far this school year (52 at most)."""
        first_day = term_start(Term(self.now.school_year, 1), self.scheme)
        return min(52, max(0, (self.today - first_day).days // 7))

    def basic_skills(self) -> None:
        rng = self.rng
        weeks = self.weeks_so_far()
        out_of = self.scheme.basic_skills.out_of
        for child in self.children:
            if child.year_group < 5:
                continue
            mean = 0.72 * out_of + child.offset["Maths"] * 1.5
            for week in range(1, weeks + 1):
                self.rows["basic_skills"].append({
                    "upn": child.upn, "school_year": self.now.school_year, "week": week,
                    "level": f"Level {child.year_group - 1 + (week > 8)}",
                    "score": max(0, min(out_of, round(rng.gauss(mean, 3))))})

    # the whole build ---------------------------------------------------------------------

    def build(self) -> None:
        self.target_id = 0
        self.reviews: dict[int, str] = {}
        self.school()
        for child in self.children:
            self.targets(child)
            self.attainment(child)
            self.attitude(child)
            self.meetings(child)
        for row in self.rows["medium_targets"]:
            row["review"] = self.reviews.get(row["id"])
        self.amend_one()
        self.interventions()
        self.basic_skills()
        self.criteria_marks()

    def criteria_marks(self) -> None:
        """Autumn 1 maths sheets for KS2: early criteria crossed, a few lined, some dotted."""
        rng = random.Random(f"criteria-{self.rng.random()}")
        autumn1 = Term(self.now.school_year, 1)
        if autumn1 > self.now:
            return
        for child in self.children:
            if child.year_group < 3:
                continue
            crossed = 4 + child.offset["Maths"] + rng.randrange(3)
            for number in range(1, 13):
                mark = (3 if number <= crossed else 2 if number <= crossed + 2
                        else 1 if rng.random() < 0.4 else 0)
                if mark:
                    self.rows["criteria_marks"].append({
                        "upn": child.upn, "subject": "Maths", "stage": child.year_group,
                        "number": number, "school_year": autumn1.school_year, "half_term": 1,
                        "mark": mark})

    def amend_one(self) -> None:
        """One signed meeting this half-term was changed afterwards."""
        for row in self.rows["meetings"]:
            if (row["school_year"], row["half_term"]) == (self.now.school_year,
                                                         self.now.half_term) \
                    and row["teacher_signed_at"]:
                row["amended"] = 1
                return


def hash_(text: str) -> int:
    """A stable small hash (Python's `hash` of str changes between runs)."""
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(text))


TABLE_ORDER = ("staff", "classes", "pupils", "starting_points", "targets", "attainment",
               "attitude", "meetings", "support_lines", "medium_targets", "self_assessments",
               "programme_bank", "interventions", "intervention_pupils", "intervention_sessions",
               "session_pupils", "intervention_reviews", "basic_skills", "criteria_marks",
               "tests", "test_questions", "test_answers")


DEMO_PASSWORD = "demo-school"
"""Every demo member of staff signs in with their login (mgreen, kwebb, …) and this password:
the demo is fictional, and trying sign-in and the browser needs someone to sign in as."""


def _demo_passwords(db: Database) -> None:
    hashed = hash_secret(DEMO_PASSWORD)  # one hash for all: the password is public anyway
    db.execute("INSERT INTO staff_secrets (initials, hash, set_at) "
               "SELECT initials, ?, ? FROM staff WHERE login != ''", [hashed, history.now()])


def _builder_for(scheme: Scheme) -> type[Builder]:
    if scheme.scale == "substages":
        from amtui.store.demo_high import HighSchool  # builds on this module's Builder

        return HighSchool
    return Builder


def build_demo(db: Database, scheme: Scheme, *, today: date, pupils: int | None = None,
               years: int = 2, seed: int = 2026) -> DemoSummary:
    """Fill an empty database with the demo school for `scheme` (`years` of history): on Steps
    a primary school, Reception to Year 6 (210 pupils unless told); on sub-stages a high
    school, Year 7 to Year 11 (300)."""
    kind = _builder_for(scheme)
    pupils = kind.usual_size if pupils is None else pupils
    if pupils < len(kind.year_groups):
        raise InvalidInput(f"a demo school needs at least {len(kind.year_groups)} pupils")
    builder = kind(scheme, today, pupils, max(1, years), seed)
    builder.build()
    ensure_subjects(db, scheme)
    with transaction(db):
        for table in TABLE_ORDER:
            _bulk(db, table, builder.rows[table])
        db.execute("INSERT INTO school_facts (name, value) VALUES ('origin', ?)",
                   [json.dumps({"demo": {"pupils": pupils, "years": years, "seed": seed}})])
        _demo_passwords(db)
    return DemoSummary(classes=len(builder.rows["classes"]), pupils=len(builder.children),
                       staff=len(builder.rows["staff"]),
                       school_years=tuple(range(builder.now.school_year - builder.years + 1,
                                                builder.now.school_year + 1)),
                       default_user=builder.default_user)
