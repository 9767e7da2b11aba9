"""The pupil's self-assessment before the meeting."""

from __future__ import annotations

import json
from typing import Any

from amtui.core.errors import InvalidInput
from amtui.core.models import SelfAssessment, Staff
from amtui.core.terms import Term
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database

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
