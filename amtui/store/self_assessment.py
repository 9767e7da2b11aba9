"""The pupil's self-assessment before the meeting."""

from __future__ import annotations

import json
from typing import Any

from amtui.core.errors import InvalidInput, NotAllowed
from amtui.core.models import SelfAssessment, Staff
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.access import May, check, class_refusal
from amtui.store.db import Database
from amtui.store.pupils import get_class
from amtui.store.sign_in import anyone_can_sign_in

TABLE = "self_assessments"
TEXT_FIELDS = ("went_well", "find_hard", "want_to_be")


def _key(upn: str, term: Term) -> dict[str, Any]:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term}


def from_row(row: dict[str, Any]) -> SelfAssessment:
    return SelfAssessment(upn=row["upn"], school_year=row["school_year"],
                          half_term=row["half_term"], ratings=json.loads(row["ratings"]),
                          went_well=row["went_well"], find_hard=row["find_hard"],
                          want_to_be=row["want_to_be"], version=row["version"])


def get_self_assessment(db: Database, upn: str, term: Term) -> SelfAssessment:
    row = history.read(db, TABLE, _key(upn, term))
    if row is None:
        return SelfAssessment(upn=upn, school_year=term.school_year, half_term=term.half_term,
                              version=0)
    return from_row(row)


def save_self_assessment(db: Database, who: Staff, upn: str, term: Term,
                         ratings: dict[str, int] | None = None, *, seen: int,
                         **texts: str) -> SelfAssessment:
    """Merge ratings (item → rating index: `subject:Maths`, `area:effort`, `overall`) and texts."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise InvalidInput(f"a self-assessment has no field {', '.join(sorted(unknown))}")
    with history.change(db, who, "the self-assessment") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        current = get_self_assessment(db, upn, term)
        values: dict[str, Any] = {name: text.strip() for name, text in texts.items()}
        if ratings:
            values["ratings"] = json.dumps({**current.ratings, **ratings}, sort_keys=True)
        change.write(TABLE, _key(upn, term), values, seen=seen)
    return get_self_assessment(db, upn, term)


RATED_KINDS = ("subject", "area", "target")
"""Rated items with a key: `subject:Maths`, `area:effort`, `target:<next step id>` (the pupil's
review of a target agreed last time: 0 not yet, 1 partly, 2 met)."""
RATED_ITEMS = ("overall", "support")
"""Rated items on their own: the overall judgement (index into the scheme's judgements) and the
quality of support the pupil had (0 little help, 1 some, 2 a lot)."""


def save_answer(db: Database, who: Staff, upn: str, term: Term, item: str, answer: int | str,
                *, seen: int) -> SelfAssessment:
    """Save one answer the pupil gave: a rating index for a rated item, or the text of one of
    TEXT_FIELDS. `who` is the member of staff who handed the pupil the keyboard."""
    if item in TEXT_FIELDS:
        if not isinstance(answer, str):
            raise InvalidInput("that question takes words, not a choice — type the answer")
        texts: dict[str, str] = {item: answer}
        return save_self_assessment(db, who, upn, term, None, seen=seen, **texts)
    kind, colon, key = item.partition(":")
    rated = item in RATED_ITEMS or (kind in RATED_KINDS and colon and key)
    if not rated:
        raise InvalidInput("a self-assessment has no such question — pick one it asks")
    if isinstance(answer, str) or answer < 0:
        raise InvalidInput("that question takes one of its choices — press a choice's number")
    return save_self_assessment(db, who, upn, term, {item: answer}, seen=seen)


def pupil_mode_class(db: Database, who: Staff, class_name: str) -> str:
    """The class `who` may hand to its pupils in pupil mode (its name as stored), or NotAllowed:
    they may not change its records, or no one could sign in to end pupil mode."""
    name = get_class(db, class_name).name
    refusal = class_refusal(db, who, name)
    if refusal is not None:
        raise NotAllowed(refusal)
    if not anyone_can_sign_in(db):
        raise NotAllowed("pupil mode ends only when a member of staff signs in, and no one can "
                         "sign in here yet — set yourself a password first: amtui staff password "
                         "LOGIN")
    return name
