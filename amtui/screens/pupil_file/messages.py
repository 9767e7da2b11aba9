"""What the pupil file's sections decide, posted up to the screen, which stores it. Each carries
the version of the record the user saw (`seen`, or the model itself), so a change made by
someone else meanwhile is a conflict, never a silent overwrite."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from amtui.core.colours import Rag
from amtui.core.models import MediumTarget, Review, SupportKind, SupportLine, Target
from amtui.core.programmes import Intervention
from amtui.core.scale import Level
from amtui.screens.forms import NextStep, Override


@dataclass
class Refused(Message):
    """A section refused what was asked of it before storing anything (a bad step, a key with
    nothing to act on): the screen says why on its status line."""

    reason: str


@dataclass
class ReviewGiven(Message):
    target: MediumTarget
    review: Review


@dataclass
class StepEntered(Message):
    subject: str
    level: Level
    seen: int


@dataclass
class OverrideChosen(Message):
    subject: str
    override: Override
    seen: int


@dataclass
class TargetChanged(Message):
    target: Target
    step: Level
    note: str


@dataclass
class ColourChosen(Message):
    area: str
    colour: Rag
    seen: int


@dataclass
class ValueEntered(Message):
    """Attendance % or lates, as typed into the area's row."""

    area: str
    value: float
    seen: int


@dataclass
class CommentGiven(Message):
    area: str
    comment: str
    seen: int


@dataclass
class NextStepAdded(Message):
    step: NextStep


@dataclass
class NextStepEdited(Message):
    target: MediumTarget
    text: str


@dataclass
class NextStepRemoved(Message):
    target: MediumTarget


@dataclass
class SupportAdded(Message):
    kind: SupportKind
    text: str


@dataclass
class PlaceGiven(Message):
    """A place in a running programme, from today."""

    programme: Intervention


@dataclass
class SupportEdited(Message):
    line: SupportLine
    text: str


@dataclass
class SupportRemoved(Message):
    line: SupportLine


@dataclass
class AspirationsGiven(Message):
    text: str
    seen: int


@dataclass
class JudgementChosen(Message):
    judgement: int
    seen: int
