"""The questions of pupil mode, in the order a pupil answers them, worded for the pupil with the
scheme's own labels: pure (no Textual, no database), so they are tested without Pilot.

Each rated question stores its choice's index under its item (`amtui.store.self_assessment`):
lowest first, as the scheme's colours (red, amber, green) and judgements are ordered, so a
pupil's answer compares with the teacher's view on the same scale.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from amtui.core.colours import Rag
from amtui.core.models import MediumTarget
from amtui.core.scheme import Descriptors, Scheme
from amtui.store.self_assessment import TEXT_FIELDS

TARGET_WORDS = ("Not yet", "Partly", "I met it")
SUPPORT_WORDS = ("It did not help much", "It helped a bit", "It helped a lot")
TEXT_PROMPTS = {"went_well": "What went well for me this half-term?",
                "find_hard": "What do I find hard?",
                "want_to_be": "What do I want to be when I grow up?"}


@dataclass(frozen=True, slots=True)
class Question:
    """One screen of pupil mode: `choices` (lowest first, key 1 upwards), or none for words."""

    item: str
    prompt: str
    choices: tuple[str, ...] = ()
    about: str = ""
    """What the question is about, shown above it (a target's words)."""

    @property
    def takes_words(self) -> bool:
        return not self.choices


def _colours(scheme: Scheme, descriptors: Descriptors) -> tuple[str, ...]:
    """Each colour in the scheme's words: its label, and its descriptor where it has one."""
    words = []
    for rag in Rag:
        descriptor = getattr(descriptors, rag.name.lower())
        words.append(f"{rag.label(scheme)} — {descriptor}" if descriptor else rag.label(scheme))
    return tuple(words)


def questions(scheme: Scheme, targets: list[MediumTarget]) -> list[Question]:
    """Every question for a pupil whose last meeting agreed `targets`: subjects, attitude areas,
    targets, the overall judgement, the support they had, then their own words."""
    asked = [Question(f"subject:{subject}", f"How do I think I am doing in {subject}?",
                      _colours(scheme, scheme.progress_descriptors))
             for subject in scheme.subjects]
    asked += [Question(f"area:{area.key}", f"How do I think I am doing in {area.name}?",
                       _colours(scheme, area.descriptors))
              for area in scheme.attitude_areas]
    asked += [Question(f"target:{target.id}", "Did I meet this target from last time?",
                       TARGET_WORDS, about=f"{target.subject}: “{target.text}”")
              for target in targets]
    asked.append(Question("overall", "Overall, how do I think I am doing?", scheme.judgements))
    asked.append(Question("support", "How much did the extra help I had help me?",
                          SUPPORT_WORDS))
    asked += [Question(field, TEXT_PROMPTS[field]) for field in TEXT_FIELDS]
    return asked


def list_names(names: list[tuple[str, str]]) -> list[str]:
    """How pupils find their name in the list, from (forename, surname): first name and surname
    initial (`Zoë C.`); the whole surname where two would read the same; numbered in list order
    where two have the same whole name."""
    initials = Counter((forename, surname[:1]) for forename, surname in names)
    whole = Counter(names)
    shown, counted = [], Counter[tuple[str, str]]()
    for forename, surname in names:
        if whole[(forename, surname)] > 1:
            counted[(forename, surname)] += 1
            shown.append(f"{forename} {surname} ({counted[(forename, surname)]})")
        elif initials[(forename, surname[:1])] > 1:
            shown.append(f"{forename} {surname}")
        else:
            shown.append(f"{forename} {surname[:1]}.")
    return shown
