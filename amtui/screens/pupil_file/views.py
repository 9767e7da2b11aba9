"""The pupil's view beside the teacher's evidence, row by row in meeting order: each subject's
progress colour, each attitude area's colour, each target reviewed, then the overall judgement —
flagged agree / pupil rates higher / pupil rates lower (`compare_views`). Pure: from `FileData`."""

from __future__ import annotations

from dataclasses import dataclass

from amtui.core.colours import Rag, View, compare_views, review_rating
from amtui.screens.pupil_file.data import FileData
from amtui.screens.pupil_mode_questions import SUPPORT_WORDS

VIEW_MARKS = {View.AGREE: "= agree", View.PUPIL_HIGHER: "▲ pupil higher — challenge",
              View.PUPIL_LOWER: "▼ pupil lower — confirm and celebrate"}
PUPIL_REVIEWS = ("not yet", "partly", "met")  # the pupil's words, in `REVIEWS` order
EVIDENCE_REVIEWS = {"achieved": "achieved", "partly": "partly", "not": "not achieved"}
NONE = "—"


@dataclass(frozen=True, slots=True)
class ViewRow:
    """One item compared. `view` is None when either side has not been given yet."""

    key: str        # the rating's item: `subject:Maths`, `area:effort`, `target:12`, `overall`
    name: str
    pupil: str      # the pupil's view in the scheme's words (NONE: not given)
    evidence: str   # the teacher's (NONE: not yet)
    view: View | None
    why: str = ""   # what lies behind the evidence: an override's reason, an area's comment

    @property
    def rated(self) -> bool:
        return self.pupil != NONE


@dataclass(frozen=True, slots=True)
class Comparison:
    rows: tuple[ViewRow, ...]

    def count(self, view: View) -> int:
        return sum(row.view is view for row in self.rows)

    @property
    def counts(self) -> str:
        """`agree 7 · pupil higher 2 · pupil lower 1`."""
        return (f"agree {self.count(View.AGREE)} · pupil higher {self.count(View.PUPIL_HIGHER)}"
                f" · pupil lower {self.count(View.PUPIL_LOWER)}")


def compare(data: FileData) -> Comparison:
    """Every subject, attitude area and target reviewed, then the overall judgement."""
    rows = [*_subjects(data), *_areas(data), *_targets(data), _overall(data), *_support(data)]
    known = {row.key for row in rows}
    rows += [ViewRow(item, item.partition(":")[2] or item.capitalize(), str(rating), NONE, None)
             for item, rating in sorted(data.own.ratings.items()) if item not in known]
    return Comparison(tuple(rows))


def _support(data: FileData) -> list[ViewRow]:
    """How much the pupil says the extra help helped them (nothing to compare it with)."""
    rating = data.own.ratings.get("support")
    if rating is None or not 0 <= rating < len(SUPPORT_WORDS):
        return []
    return [ViewRow("support", "The help I had", SUPPORT_WORDS[rating], NONE, None)]


def _row(key: str, name: str, pupil: int | None, teacher: int | None,
         words: tuple[str, ...] | list[str], evidence_word: str, why: str = "") -> ViewRow:
    if pupil is None or not 0 <= pupil < len(words):
        return ViewRow(key, name, NONE, evidence_word, None, why)
    view = None if teacher is None else compare_views(pupil, teacher)
    return ViewRow(key, name, words[pupil], evidence_word, view, why)


def _colours(data: FileData) -> list[str]:
    return [rag.label(data.scheme) for rag in Rag]


def _subjects(data: FileData) -> list[ViewRow]:
    rows = []
    for status in data.summary.subjects:
        key, colour = f"subject:{status.subject}", status.colour
        evidence = NONE if colour is None else \
            colour.label(data.scheme) + ("!" if status.overridden else "")
        rows.append(_row(key, status.subject, data.own.ratings.get(key),
                         None if colour is None else int(colour), _colours(data), evidence,
                         (status.override_reason or "") if status.overridden else ""))
    return rows


def _areas(data: FileData) -> list[ViewRow]:
    rows = []
    for area in data.scheme.attitude_areas:
        key, colour, entry = f"area:{area.key}", data.summary.attitude.get(area.key), \
            data.attitude(area.key)
        rows.append(_row(key, area.name, data.own.ratings.get(key),
                         None if colour is None else int(colour), _colours(data),
                         NONE if colour is None else colour.label(data.scheme),
                         entry.comment if entry is not None else ""))
    return rows


def _targets(data: FileData) -> list[ViewRow]:
    rows = []
    for target in data.reviewing:
        key, review = f"target:{target.id}", target.review
        rows.append(_row(key, f"Target: {target.text}", data.own.ratings.get(key),
                         None if review is None else review_rating(review), PUPIL_REVIEWS,
                         NONE if review is None else EVIDENCE_REVIEWS[review]))
    return rows


def _overall(data: FileData) -> ViewRow:
    judgements, agreed = data.scheme.judgements, data.meeting.judgement
    pupil = data.own.ratings.get("overall", data.meeting.pupil_judgement)
    return _row("overall", "Overall", pupil, agreed, judgements,
                NONE if agreed is None else judgements[agreed])

