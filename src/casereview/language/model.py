"""The typed model of language rules: what to look for, why it matters and what to write instead.

Plain dataclasses, so that checking a text never imports pydantic: the rule files are validated by
``schema`` when they are read, and a process that finds them in the cache reads them as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    COUNTERFACTUAL = "counterfactual"
    HINDSIGHT = "hindsight"
    JUDGEMENTAL = "judgemental"
    BLAME = "blame"
    LEARNING = "learning"

    @property
    def is_problem(self) -> bool:
        # the module's own name for the member: reading ``Category.LEARNING`` goes through the enum's
        # descriptor, and this is asked for every finding
        return self is not _LEARNING


_LEARNING = Category.LEARNING


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
    # "practitioners seem not to learn", "failing to learn", "told the operator to improve": learning or
    # improvement that is missing or demanded of someone else, not a purpose the text sets out
    NOT_LEARNING = "not-learning"


class Signal(StrEnum):
    """The kinds of evidence that a short text underlines learning and improvement."""

    PURPOSE = "purpose"
    NOT_BLAME = "not-blame"
    SYSTEM = "system"
    LOCAL_RATIONALITY = "local-rationality"
    SUPPORT = "support"


@dataclass(frozen=True)
class Rule:
    """One rule as the checker uses it. Read from the rule files through ``schema``, which checks every field."""

    id: str
    severity: Severity
    message: str
    explanation: str
    source: str  # where the reasoning comes from, so a reviewer can read further
    suggestion: str
    patterns: tuple[str, ...]
    exceptions: tuple[Exception_, ...] = ()
    signal: Signal | None = None  # for learning rules: which signal a match shows
    # An exact phrase precise enough that the sentence model makes it a second look only where the model is
    # sure the sentence is not of the rule's category (the "trusted" threshold of the model file).
    trusted: bool = False


@dataclass(frozen=True)
class RuleFile:
    """One file of rules, all of one category, with the word lists (lexicons) its patterns use."""

    category: Category
    rules: tuple[Rule, ...]
    lexicons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # where the rules were read from, to point a problem found only when compiling them at the file
    file: str = ""


@dataclass(frozen=True)
class Explained:
    """What a finding of the sentence model says: its category's message, why it matters and a reframe."""

    message: str
    explanation: str
    source: str
    suggestion: str
