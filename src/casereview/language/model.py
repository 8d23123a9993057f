"""The typed model of language rules: what to look for, why it matters and what to write instead."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Category(StrEnum):
    COUNTERFACTUAL = "counterfactual"
    HINDSIGHT = "hindsight"
    JUDGEMENTAL = "judgemental"
    BLAME = "blame"
    LEARNING = "learning"

    @property
    def is_problem(self) -> bool:
        return self is not Category.LEARNING


class Severity(StrEnum):
    """How much a finding matters. ``signal`` marks the positive learning rules, which are not problems."""

    SIGNAL = "signal"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.SIGNAL: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Exception_(StrEnum):
    """Contexts in which a careful reviewer would not flag a match. Checked on the sentence around it."""

    RECOMMENDATION = "recommendation"  # forward-looking: "Agencies should ensure that ..."
    NEGATION = "negation"  # "this is not to say that staff failed to ..."
    EQUIPMENT = "equipment"  # the thing that failed is a system or a tool, not a person
    SYSTEM_TARGET = "system-target"  # the judgement is aimed at a resource or system: the framing we want
    MANNER = "manner"  # "clearly explained": how something was said, not hindsight


class Signal(StrEnum):
    """The kinds of evidence that a short text underlines learning and improvement."""

    PURPOSE = "purpose"
    NOT_BLAME = "not-blame"
    SYSTEM = "system"
    LOCAL_RATIONALITY = "local-rationality"
    SUPPORT = "support"


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    severity: Severity
    message: Text
    explanation: Text
    source: Text = Field(description="Where the reasoning comes from, so a reviewer can read further.")
    suggestion: Text
    patterns: tuple[Text, ...] = Field(min_length=1)
    exceptions: tuple[Exception_, ...] = ()
    signal: Signal | None = Field(default=None, description="For learning rules: which signal a match shows.")


class RuleFile(BaseModel):
    """One file of rules, all of one category, with the word lists (lexicons) its patterns use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    lexicons: dict[Slug, tuple[Text, ...]] = {}
    rules: tuple[Rule, ...]


class Explained(BaseModel):
    """What a finding of the sentence model says: its category's message, why it matters and a reframe."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: Text
    explanation: Text
    source: Text
    suggestion: Text


class LearnedFile(BaseModel):
    """``classifier/categories.yaml``: what the sentence model's findings say, per category."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: dict[Category, Explained]
