"""Checking a text: findings with their positions and explanations, rates per 1,000 words, and for short
texts a verdict on how strongly they underline learning and improvement."""

from __future__ import annotations

import functools
import gc
import hashlib
import re
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from .classifier import CATEGORIES, SentenceModel, shipped_model
from .context import Context
from .loader import CompiledRule, RuleSet, shipped_explained, shipped_rules
from .matcher import RawMatch
from .model import Category, Explained, Severity, Signal

# Findings of the sentence model carry this id and their category, as a rule's finding carries the rule's id.
MODEL_RULE = "model."

# When rules of two categories match the same words, the more specific one speaks for them: "should have
# known" is hindsight, a sharper reading than the counterfactual "should have" inside it (see _rule_matches).
SPECIFICITY = {
    Category.BLAME: 4,
    Category.HINDSIGHT: 3,
    Category.JUDGEMENTAL: 2,
    Category.COUNTERFACTUAL: 1,
    Category.LEARNING: 0,
}

# Read once: an enum member read through its class goes through a descriptor, and the loops below run per match.
_LEARNING = Category.LEARNING
_VALUE = {member: member.value for kind in (Category, Severity, Signal) for member in kind}

# Texts up to this many words (a purpose statement, a letter) get a learning-orientation verdict.
SHORT_TEXT_WORDS = 1500


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: Category
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    matched: str
    sentence_span: tuple[int, int]
    message: str
    explanation: str
    source: str
    suggestion: str
    quoted: bool = False
    signal: Signal | None = None
    text: str = field(default="", repr=False, compare=False)
    # Low confidence: shown apart as worth a second look, never counted in the verdict or against the text.
    second_look: bool = False
    # For findings of the sentence model: how sure it is (0 to 1) and the words that weighed most.
    confidence: float | None = None
    weighed: tuple[str, ...] = ()

    @property
    def sentence(self) -> str:
        """The sentence the finding stands in, on one line. Made when asked for: most callers never do."""
        start, end = self.sentence_span
        return " ".join(self.text[start:end].split())

    @property
    def kind(self) -> str:
        """``problem`` for a confident finding (for a learning signal: one that counts), ``second-look``
        for one shown apart."""
        return "second-look" if self.second_look else "problem"

    @property
    def is_problem(self) -> bool:
        """A confident problem of the author's own wording: quoted words, second looks and learning signals
        are not."""
        return self.category.is_problem and not self.quoted and not self.second_look

    def as_dict(self) -> dict:
        """The finding as JSON gives it: the rule's texts are given once per rule (``rule_dict``), not here."""
        return {
            "rule": self.rule_id,
            "kind": "second-look" if self.second_look else "problem",
            "category": _VALUE[self.category],
            "severity": _VALUE[self.severity],
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "matched": self.matched,
            "quoted": self.quoted,
            "signal": _VALUE[self.signal] if self.signal else None,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "weighed": list(self.weighed),
        }

    def rule_dict(self) -> dict:
        """What the finding's rule says, the same for every finding of the rule."""
        return {
            "category": self.category.value,
            "message": self.message,
            "explanation": self.explanation,
            "source": self.source,
            "suggestion": self.suggestion,
        }


_FINDING_FIELDS = frozenset(Finding.__dataclass_fields__)


def _finding(**values) -> Finding:
    """A finding made without the dataclass's ``__init__``, which sets each of a frozen dataclass's twenty
    fields through ``object.__setattr__`` and costs several times as much: a large text has a hundred
    thousand findings. Every field must be given (a test checks the result equals the plain one)."""
    finding = object.__new__(Finding)
    finding.__dict__.update(values)
    return finding


def rule_dicts(findings) -> dict[str, dict]:
    """What each finding's rule says, once per rule id (every finding of a rule says the same), in the order
    the rules first appear."""
    rules: dict[str, dict] = {}
    for finding in findings:
        if finding.rule_id not in rules:
            rules[finding.rule_id] = finding.rule_dict()
    return rules


class Strength(StrEnum):
    STRONG = "strong"
    ADEQUATE = "adequate"
    WEAK = "weak"


_SIGNAL_WORDS = {
    Signal.PURPOSE: (
        "says the review is for learning and improvement",
        "say plainly that the review is for organisational learning and improvement",
    ),
    Signal.NOT_BLAME: ("says it is not about blame", "say plainly that the review is not to apportion blame"),
    Signal.SYSTEM: (
        "looks at the system and why things happened",
        "say the review will look at why things happened and at the system, not the individual",
    ),
    Signal.LOCAL_RATIONALITY: (
        "asks how things made sense at the time",
        "say the review will try to understand how things looked at the time",
    ),
    Signal.SUPPORT: ("offers support to practitioners", "say how the practitioners involved will be supported"),
}
_SUPPORTING = (Signal.SYSTEM, Signal.LOCAL_RATIONALITY, Signal.SUPPORT)


@dataclass(frozen=True)
class Verdict:
    strength: Strength
    present: tuple[Signal, ...]
    missing: tuple[Signal, ...]
    problems: int

    @property
    def explanation(self) -> str:
        parts = []
        if self.present:
            parts.append("It " + _join([_SIGNAL_WORDS[s][0] for s in self.present]) + ".")
        else:
            parts.append("It does not yet say what the review is for.")
        if self.problems:
            parts.append(
                f"It has {self.problems} wording problem{'s' if self.problems > 1 else ''} "
                "(blame, hindsight, counterfactual or judgemental) to look at."
            )
        if self.missing:
            parts.append("To make it stronger, " + _join([_SIGNAL_WORDS[s][1] for s in self.missing]) + ".")
        return " ".join(parts)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _verdict(findings: list[Finding]) -> Verdict:
    present = {f.signal for f in findings if f.signal is not None and not f.quoted and not f.second_look}
    problems = sum(1 for f in findings if f.is_problem and f.severity.rank >= Severity.WARNING.rank)
    serious = any(f.is_problem and f.category in (Category.BLAME, Category.JUDGEMENTAL) for f in findings)
    supported = any(signal in present for signal in _SUPPORTING)
    if Signal.PURPOSE in present and Signal.NOT_BLAME in present and supported and not problems:
        strength = Strength.STRONG
    elif Signal.PURPOSE in present and (Signal.NOT_BLAME in present or supported) and not serious and problems <= 1:
        strength = Strength.ADEQUATE
    else:
        strength = Strength.WEAK
    ordered = tuple(Signal)
    return Verdict(
        strength,
        present=tuple(s for s in ordered if s in present),
        missing=tuple(s for s in ordered if s not in present),
        problems=problems,
    )


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    words: int
    rates: dict[Category, float] = field(default_factory=dict)
    verdict: Verdict | None = None

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_problem)

    def as_dict(self) -> dict:
        return {
            "words": self.words,
            "findings": [f.as_dict() for f in self.findings],
            "rules": rule_dicts(self.findings),
            "per_1000_words": {category.value: round(rate, 2) for category, rate in self.rates.items()},
            "verdict": None
            if self.verdict is None
            else {
                "strength": self.verdict.strength.value,
                "present": [s.value for s in self.verdict.present],
                "missing": [s.value for s in self.verdict.missing],
                "explanation": self.verdict.explanation,
            },
        }


def count_words(text: str) -> int:
    """Words in the text. Exact for texts of report size; for very large texts an estimate from the
    spaces and line breaks, within a percent or two on prose, because splitting costs as much as the
    whole check."""
    if len(text) <= 2_000_000:
        return len(text.split())
    # the spaces, line breaks and tabs less the doubled ones, as str.count gives them; counted in numpy on the
    # UTF-8 bytes (in which these characters are the same single bytes), three times faster than seven counts
    # surrogatepass: a str may hold a lone surrogate, which UTF-8 cannot; it is no space either way
    codes = np.frombuffer(text.encode("utf-8", errors="surrogatepass"), dtype=np.uint8)
    space, newline = codes == 32, codes == 10
    gaps = np.count_nonzero(space) + np.count_nonzero(newline) + np.count_nonzero(codes == 9)
    doubled = _pairs(space, space) + _pairs(newline, newline) + _pairs(space, newline) + _pairs(newline, space)
    return max(0, int(gaps) - doubled + 1)


def _pairs(first: np.ndarray, second: np.ndarray) -> int:
    """How many times a character marked in ``first`` stands before one marked in ``second``, counting as
    ``str.count`` does, without overlaps: "   " holds one "  "."""
    places = np.flatnonzero(first[:-1] & second[1:])
    if first is not second or not len(places):
        return len(places)  # two different characters: no two places overlap
    # a run of k places in a row (k + 1 of the same character) holds (k + 1) // 2 pairs that do not overlap
    breaks = np.flatnonzero(np.diff(places) != 1)
    runs = np.diff(np.concatenate(([-1], breaks, [len(places) - 1])))
    return int(((runs + 1) // 2).sum())


class _CollectorPause:
    """Python's cycle collector paused while any check runs. A large text makes hundreds of thousands of
    small objects (matches, findings), none in a cycle, so each is freed when no longer used, and the
    collector, which would look through them every few hundred, only costs time: a tenth of a check. The
    collector is one per process, so it stays paused until the last of the checks running at once ends, and
    is resumed only if a check paused it (a program that paused it itself keeps it paused)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._paused = False

    def __enter__(self) -> None:
        with self._lock:
            if not self._running and gc.isenabled():
                gc.disable()
                self._paused = True
            self._running += 1

    def __exit__(self, *exc_info) -> None:
        with self._lock:
            self._running -= 1
            if not self._running and self._paused:
                self._paused = False
                gc.enable()


_COLLECTOR_PAUSE = _CollectorPause()


def _collector_paused(function):
    @functools.wraps(function)
    def paused(*args, **kwargs):
        with _COLLECTOR_PAUSE:
            return function(*args, **kwargs)

    return paused


@_collector_paused
def check_text(
    text: str,
    rules: RuleSet | None = None,
    *,
    model: SentenceModel | bool = True,
    explain: bool = False,
    categories: Collection[Category] | None = None,
    second_looks: bool = True,
) -> Report:
    """Check a text against the rules (the shipped ones unless given) and the sentence model (the shipped one
    unless given; ``False`` for the rules alone). ``explain`` finds, for each finding of the model, the words
    that weighed most (``Finding.weighed``): it costs as much again as scoring, so only callers that show
    them ask. A caller that shows only some findings says which, and the others are never made: only
    ``categories`` (then the report's rates are of those alone, and it gives no verdict, which weighs every
    category), and no finding worth only a second look unless ``second_looks`` (rates and verdict never count
    second looks). ``casereview lint`` shows by default no learning signal and no second look, most of the
    findings of a long report."""
    if explain not in (True, False):
        raise ValueError("explain must be True or False")
    rules = rules or shipped_rules()
    sentence_model = shipped_model() if model is True else model or None
    made = frozenset(Category) if categories is None else frozenset(categories)
    accepted, excepted, context = _rule_matches(text, rules)
    lines = _Lines(text)
    if sentence_model is not None and text.strip():
        spans = context.sentence_spans()
        findings = _weighed_by_model(
            text, spans, accepted, excepted, sentence_model, context, lines, explain, made, second_looks
        )
    else:
        findings = [
            _rule_finding(text, match, compiled, context, lines)
            for match, compiled in accepted
            if compiled.category in made
        ]
    words = count_words(text)
    counted = Counter(f.category for f in findings if not f.quoted and not f.second_look)
    rates = {
        category: (1000 * counted[category] / words if words else 0.0) for category in Category if category in made
    }
    whole = len(made) == len(Category)
    verdict = _verdict(findings) if whole and words <= SHORT_TEXT_WORDS else None
    return Report(tuple(findings), words, rates, verdict)


def rule_features(text: str, rules: RuleSet | None = None) -> frozenset[str]:
    """What the rules say about a text, as the sentence model reads it: ``rule:<id>`` for each rule that
    matched, ``excepted:<category>`` where a match was set aside by an exception (a negation, a
    recommendation, equipment). Used to train the model; ``check_text`` computes the same per sentence."""
    accepted, excepted, *_ = _rule_matches(text, rules or shipped_rules())
    return frozenset({f"rule:{c.rule.id}" for _, c in accepted} | {f"excepted:{c.value}" for _, c in excepted})


class _Lines:
    """Line and column of character offsets, asked for in any order."""

    def __init__(self, text: str):
        self._text = text
        self._breaks: list[int] | None = None

    def place(self, offset: int) -> tuple[int, int]:
        if self._breaks is None:
            text = self._text
            breaks, found = [], text.find("\n")
            while found >= 0:
                breaks.append(found)
                found = text.find("\n", found + 1)
            self._breaks = breaks
        line = bisect_right(self._breaks, offset - 1)
        return line + 1, offset - (self._breaks[line - 1] + 1 if line else 0) + 1


def _rule_matches(text: str, rules: RuleSet):
    """The rules' accepted matches (match, compiled rule) in order of their start, the places and categories
    of matches an exception set aside, and the text's context (its sentences and quotations)."""
    matches, sentence_ends, offsets = rules.matcher.scan(text)
    context = Context(text, sentence_ends, offsets)
    accepted = []
    excepted: list[tuple[int, Category]] = []
    taken: set[tuple[str, int]] = set()
    covered_to: dict[Category, int] = {}
    # At one place the longest match speaks first, so "poor record keeping" gets its own rule's message
    # rather than that of the bare "poor" inside it.
    for match in sorted(matches, key=lambda m: (m.start, -m.end, m.pattern_index)):
        compiled = rules.pattern_rules[match.pattern_index]
        # one finding per place per category: overlapping patterns of one meaning are reported once
        if (compiled.rule.id, match.start) in taken or covered_to.get(compiled.category, -1) > match.start:
            continue
        if context.excepted(compiled.rule.exceptions, match):
            excepted.append((match.start, compiled.category))
            continue
        taken.add((compiled.rule.id, match.start))
        covered_to[compiled.category] = match.end
        accepted.append((match, compiled))
    # From one start, a sharper category's match speaks for the words it covers: "should have known" is
    # hindsight, not the counterfactual "should have" inside it. A broader match running on beyond it says more
    # and stays: "could clearly have been prevented" is counterfactual, besides the hindsight of "could clearly
    # have".
    at_start: dict[int, list[tuple[int, int]]] = {}
    for match, compiled in accepted:
        if compiled.category.is_problem:
            at_start.setdefault(match.start, []).append((SPECIFICITY[compiled.category], match.end))
    kept = [
        (match, compiled)
        for match, compiled in accepted
        if not compiled.category.is_problem
        or len(others := at_start[match.start]) == 1
        or not any(specificity > SPECIFICITY[compiled.category] and end >= match.end for specificity, end in others)
    ]
    return kept, excepted, context


def _rule_finding(
    text: str,
    match: RawMatch,
    compiled,
    context: Context,
    lines: _Lines,
    confidence: float | None = None,
    second_look: bool = False,
) -> Finding:
    rule = compiled.rule
    line, column = lines.place(match.start)
    return _finding(
        rule_id=rule.id,
        category=compiled.category,
        severity=rule.severity,
        start=match.start,
        end=match.end,
        line=line,
        column=column,
        matched=text[match.start : match.end],
        sentence_span=context.sentence(match),
        message=rule.message,
        explanation=rule.explanation,
        source=rule.source,
        suggestion=rule.suggestion,
        # what a summary reports the partnership explaining ("explained that the review is for learning") is
        # the author's own signal; only quotation marks make a learning signal someone else's
        quoted=context.quoted(match, reported=compiled.category is not _LEARNING),
        signal=rule.signal,
        text=text,
        second_look=second_look,
        confidence=confidence,
        weighed=(),
    )


def _weighed_by_model(
    text: str,
    spans: list[tuple[int, int]],
    accepted: list[tuple[RawMatch, CompiledRule]],
    excepted: list[tuple[int, Category]],
    model: SentenceModel,
    context: Context,
    lines: _Lines,
    explain: bool,
    made: Collection[Category],
    second_looks: bool,
) -> list[Finding]:
    """The rules' findings with the model's confidence (a match the model doubts becomes a second look), and
    the model's own findings in sentences where no rule of their category matched; only those of the
    categories ``made``, and second looks only if ``second_looks``. Every rule's match still weighs in the
    model's reading of its sentence."""
    starts = [start for start, _ in spans]
    places = [bisect_right(starts, match.start) - 1 for match, _ in accepted]
    marks = [(index, f"rule:{c.rule.id}") for index, (_, c) in zip(places, accepted, strict=True)]
    marks += [(bisect_right(starts, start) - 1, f"excepted:{category.value}") for start, category in excepted]
    probabilities = model.probabilities(text, spans, marks)
    column_of = {Category(c): number for number, c in enumerate(CATEGORIES)}
    rule_places = np.array(places, dtype=np.intp)
    rule_columns = np.array([column_of[compiled.category] for _, compiled in accepted], dtype=np.intp)
    # the sentences and categories a rule's match speaks for, where the model makes no finding of its own
    ruled = np.zeros(probabilities.shape, dtype=bool)
    ruled[rule_places, rule_columns] = True
    confirm = {Category(c): model.thresholds[c].confirm for c in CATEGORIES}
    confirm_trusted = {Category(c): model.thresholds[c].trusted for c in CATEGORIES}
    weighed: list[Finding] = []
    rule_probabilities = probabilities[rule_places, rule_columns].tolist()
    for (match, compiled), probability in zip(accepted, rule_probabilities, strict=True):
        category = compiled.category
        if category not in made:
            continue
        # A rule's learning signal is never doubted: the verdict names which signal a text gives, and only
        # the rules can say that. A trusted rule's exact phrase ("let down") is doubted only where the model is
        # sure the sentence is not of its category (its own, lower threshold): on the corpus its matches are
        # problems, but on real published text a trusted blame phrase is two thirds precise.
        if compiled.rule.trusted:
            doubted = category is not _LEARNING and probability < confirm_trusted[category]
        else:
            doubted = category is not _LEARNING and probability < confirm[category]
        if doubted and not second_looks:
            continue
        weighed.append(_rule_finding(text, match, compiled, context, lines, probability, doubted))
    second_looks_from = np.array([model.thresholds[c].second_look for c in CATEGORIES])
    wanted = np.array([Category(c) in made for c in CATEGORIES])
    rows, columns = np.nonzero((probabilities >= second_looks_from) & ~ruled & wanted)
    confidences = probabilities[rows, columns]
    # Where a rule's match was set aside by an exception ("this is not to say that staff failed to"), the
    # model, which reads the same words without the exception's sense, may only ask for a second look; so
    # may it below the category's threshold for the model alone.
    set_aside = np.zeros(probabilities.shape, dtype=bool)
    reached = [
        (bisect_right(starts, start) - 1, CATEGORIES.index(name))
        for start, category in excepted
        for name in set_aside_reach(category.value)
    ]
    set_aside[
        np.array([index for index, _ in reached], dtype=np.intp),
        np.array([column for _, column in reached], dtype=np.intp),
    ] = True
    alone = np.array([model.thresholds[c].alone for c in CATEGORIES])
    second_look = set_aside[rows, columns] | (confidences < alone[columns])
    if not second_looks:
        rows, columns, confidences = rows[~second_look], columns[~second_look], confidences[~second_look]
        second_look = second_look[~second_look]
    words: list[tuple[str, ...]] = [()] * len(rows)
    if explain:
        items = [
            (spans[index], CATEGORIES[column]) for index, column in zip(rows.tolist(), columns.tolist(), strict=True)
        ]
        words = [tuple(text[start:end] for start, end in found) for found in model.weighed(text, items)]
    sentences = _ModelSentences(text, spans, context, lines)
    weighed += sentences.findings(rows.tolist(), columns.tolist(), confidences.tolist(), second_look.tolist(), words)
    weighed.sort(key=lambda f: (f.start, f.end))
    return weighed


PROBLEM_CATEGORIES = tuple(name for name in CATEGORIES if name != Category.LEARNING.value)


def set_aside_reach(category: str) -> tuple[str, ...]:
    """The categories of which the model alone may give only a second look in a sentence where an exception
    set a rule's match of ``category`` aside. An exception to a problem reads the sentence's words as
    something other than a finding about practice (equipment failing, a negation, a recommendation), and that
    holds for every problem category: "the failure of the phone line to connect meant the call was lost" is
    no blame either. A learning signal's exception (learning that did not happen) speaks for learning only."""
    if category == Category.LEARNING.value:
        return (category,)
    return PROBLEM_CATEGORIES


_FIRST_WORD = re.compile(r"\w")


class _ModelSentences:
    """Findings of the model about whole sentences: each marks its sentence, without the spaces around it.
    What depends only on the sentence (its place, its words, whether it is quoted) is worked out once, for
    the first of its categories, and what depends only on the category once per check."""

    def __init__(self, text: str, spans: list[tuple[int, int]], context: Context, lines):
        self._text, self._spans, self._context, self._lines = text, spans, context, lines
        self._read: dict[int, tuple] = {}
        explained = shipped_explained()
        self._categories = []
        for name in CATEGORIES:
            category = Category(name)
            severity = Severity.SIGNAL if category is Category.LEARNING else Severity.WARNING
            self._categories.append((category, MODEL_RULE + category.value, severity, explained[category]))

    def _sentence(self, index: int) -> tuple:
        read = self._read.get(index)
        if read is None:
            text = self._text
            span = self._spans[index]
            sentence = text[span[0] : span[1]]
            start = span[0] + len(sentence) - len(sentence.lstrip())
            end = span[0] + len(sentence.rstrip())
            # quoted when the sentence's first word is
            first = _FIRST_WORD.search(text, start, end)
            at = first.start() if first else start
            # the context reads character offsets only, so the scan's own offsets are not worked out
            raw = RawMatch(-1, at, at + 1, -1, -1)
            line, column = self._lines.place(start)
            read = (start, end, line, column, text[start:end], self._context.quoted(raw), (start, end))
            self._read[index] = read
        return read

    def findings(
        self,
        sentences: list[int],
        columns: list[int],
        confidences: list[float],
        second_looks: list[bool],
        words: list[tuple[str, ...]],
    ) -> list[Finding]:
        """A finding for each sentence (an index into the spans) and category (a column of CATEGORIES), with
        how sure the model is, whether it is only worth a second look and the words that weighed most."""
        made = []
        text, read, categories = self._text, self._sentence, self._categories
        for index, column, confidence, second_look, found_words in zip(
            sentences, columns, confidences, second_looks, words, strict=True
        ):
            start, end, line, place, matched, quoted, span = read(index)
            category, rule_id, severity, about = categories[column]
            made.append(
                _finding(
                    rule_id=rule_id,
                    category=category,
                    severity=severity,
                    start=start,
                    end=end,
                    line=line,
                    column=place,
                    matched=matched,
                    sentence_span=span,
                    message=about.message,
                    explanation=about.explanation,
                    source=about.source,
                    suggestion=about.suggestion,
                    quoted=quoted,
                    signal=None,
                    text=text,
                    second_look=second_look,
                    confidence=confidence,
                    weighed=found_words,
                )
            )
        return made


# How the checker reads matches in context and combines rules and model, beside the data files the fingerprint
# hashes: raised whenever a change to that code alone would change a check's findings, so stored checks made
# under the old reading go stale too.
METHOD = 3


def fingerprint(rules: RuleSet | None = None, model: SentenceModel | bool = True) -> str:
    """A short hash of everything that decides a check's findings: the checker's ``METHOD``, the rules, the
    sentence model's file and what its findings say. A stored check made under another fingerprint is stale."""
    rules = rules or shipped_rules()
    sentence_model = shipped_model() if model is True else model or None
    content = [f"method {METHOD}", rules.fingerprint, sentence_model.digest if sentence_model else "no model"]
    content += [f"{category.value}={about!r}" for category, about in sorted(shipped_explained().items())]
    return hashlib.sha256("\n".join(content).encode("utf-8")).hexdigest()[:16]


def explained(rule_id: str, rules: RuleSet) -> tuple[Category, Explained] | None:
    """The category and texts of a finding's rule id, for a rule or the sentence model; None for an id that
    neither knows (a rule removed since)."""
    if rule_id.startswith(MODEL_RULE):
        try:
            category = Category(rule_id[len(MODEL_RULE) :])
        except ValueError:
            return None
        return category, shipped_explained()[category]
    compiled = rules.by_id.get(rule_id)
    if compiled is None:
        return None
    rule = compiled.rule
    return compiled.category, Explained(rule.message, rule.explanation, rule.source, rule.suggestion)
