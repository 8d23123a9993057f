"""A wording check as it is stored and as a page shows it.

What is stored is what a page needs, as JSON: the findings to mark (offsets and rule ids, at most
``MARKED_FINDINGS`` of them), how many findings of each category the whole text has, and the verdict. The
rules' messages are read from the rules by id when shown (``model.<category>`` for the sentence model's
findings), so they are not copied into every check. Findings worth a second look are marked apart and
counted apart: they never count against the text.
No database here: ``services`` reads and writes the stored checks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from casereview.language import Category, Finding, Report, RuleSet, Signal, Strength, Verdict, explained

# Changes whenever the stored shape does, so checks stored in an older shape are made again.
# 2: second looks marked with "second_look" and counted apart; sentence model findings as model.<category>.
FORMAT = 2
# A page marks and explains at most this many findings of one text, so a long text full of findings costs a
# page no more than a short one; the rest are counted.
MARKED_FINDINGS = 200


def _markable(findings: tuple[Finding, ...]) -> list[Finding]:
    """The findings that keep their words, in order. Where findings overlap, a problem keeps the words before
    a second look (the model's doubt about a whole sentence must not hide "failed to" inside it); among
    findings of one kind, the first does."""
    kept: list[Finding] = []
    for second_looks in (False, True):
        starts = [finding.start for finding in kept]
        chosen = []
        position = 0
        for finding in findings:
            if finding.second_look is not second_looks or finding.start < position:
                continue
            # an earlier kind's finding that ends after this one starts, or starts before it ends
            place = bisect_left(starts, finding.end)
            if place and kept[place - 1].end > finding.start:
                continue
            position = finding.end
            chosen.append(finding)
        kept = sorted(kept + chosen, key=lambda finding: (finding.start, finding.end))
    return kept


def stored_result(report: Report) -> dict:
    """The report cut down to what a page shows. Where findings overlap, a problem keeps the words before a
    second look, and otherwise the first does."""
    marked: list[dict] = []
    markable = 0
    for finding in _markable(report.findings):
        markable += 1
        if len(marked) < MARKED_FINDINGS:
            item = {"rule": finding.rule_id, "start": finding.start, "end": finding.end}
            if finding.quoted:
                item["quoted"] = True
            if finding.second_look:
                item["second_look"] = True
            marked.append(item)
    verdict = report.verdict
    counted = [finding for finding in report.findings if not finding.second_look]
    return {
        "format": FORMAT,
        "findings": len(counted),
        "second_looks": len(report.findings) - len(counted),
        "markable": markable,
        "counts": dict(Counter(finding.category.value for finding in counted)),
        "marked": marked,
        "verdict": None
        if verdict is None
        else {
            "strength": verdict.strength.value,
            "present": [signal.value for signal in verdict.present],
            "missing": [signal.value for signal in verdict.missing],
            "problems": verdict.problems,
        },
    }


@dataclass(frozen=True)
class MarkedFinding:
    number: int
    category: Category
    matched: str
    quoted: bool
    second_look: bool
    message: str
    explanation: str
    suggestion: str
    source: str


@dataclass(frozen=True)
class Segment:
    text: str
    finding: MarkedFinding | None = None


@dataclass(frozen=True)
class Wording:
    """A text cut into segments so each marked finding stands where it is, with the verdict and the counts."""

    segments: tuple[Segment, ...]
    marked: tuple[MarkedFinding, ...]
    verdict: Verdict | None
    findings: int  # every finding in the text that counts, marked or not
    markable: int  # the findings that could be marked: those not overlapping an earlier one
    counts: tuple[tuple[Category, int], ...]
    second_looks: int = 0  # findings worth a second look in the whole text, never counted

    @property
    def problems(self) -> tuple[MarkedFinding, ...]:
        """The marked findings that count (problems and learning signals)."""
        return tuple(finding for finding in self.marked if not finding.second_look)

    @property
    def doubtful(self) -> tuple[MarkedFinding, ...]:
        """The marked findings worth a second look, shown apart."""
        return tuple(finding for finding in self.marked if finding.second_look)

    @property
    def capped(self) -> bool:
        """More findings could be marked than a page marks."""
        return self.markable > len(self.marked)

    @property
    def unmarked(self) -> int:
        return self.findings + self.second_looks - len(self.marked)


# A review's reference is a word and a letter ("Child T"). A rule may match only the word, and a finding's number
# placed after it would split the reference ("Child[1] T"): the mark takes in the letter.
_REFERENCE_LETTER = re.compile(r" [A-Z](?![\w'’])")


def _past_reference(text: str, end: int) -> int:
    following = _REFERENCE_LETTER.match(text, end)
    return following.end() if following else end


def shown(text: str, result: dict, rules: RuleSet) -> Wording:
    """The stored result of the text's check, as the page shows it. ``rules`` made the result."""
    segments: list[Segment] = []
    marked: list[MarkedFinding] = []
    position = 0
    for index, item in enumerate(result["marked"]):
        start, end = item["start"], _past_reference(text, item["end"])
        if index + 1 < len(result["marked"]):
            end = min(end, result["marked"][index + 1]["start"])
        known = explained(item["rule"], rules)
        if known is None:  # a result made with the same fingerprint always knows its ids; skip, never fail
            continue
        category, about = known
        finding = MarkedFinding(
            number=len(marked) + 1,
            category=category,
            matched=text[start:end],
            quoted=bool(item.get("quoted")),
            second_look=bool(item.get("second_look")),
            message=about.message,
            explanation=about.explanation,
            suggestion=about.suggestion,
            source=about.source,
        )
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(finding.matched, finding))
        marked.append(finding)
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    summary = summarised(result)
    return Wording(
        segments=tuple(segments),
        marked=tuple(marked),
        verdict=summary.verdict,
        findings=summary.findings,
        markable=result["markable"],
        counts=summary.counts,
        second_looks=summary.second_looks,
    )


@dataclass(frozen=True)
class CheckSummary:
    """What a one-line mention of a text shows of its check: the verdict and how many findings of each kind."""

    verdict: Verdict | None
    findings: int
    counts: tuple[tuple[Category, int], ...]
    second_looks: int  # findings the check is less sure of: never in ``findings`` nor the verdict


def summarised(result: dict) -> CheckSummary:
    """The verdict and counts of a stored result, without cutting the text into marked segments."""
    stored_verdict = result["verdict"]
    verdict = (
        None
        if stored_verdict is None
        else Verdict(
            Strength(stored_verdict["strength"]),
            present=tuple(Signal(signal) for signal in stored_verdict["present"]),
            missing=tuple(Signal(signal) for signal in stored_verdict["missing"]),
            problems=stored_verdict["problems"],
        )
    )
    counts = result["counts"]
    return CheckSummary(
        verdict=verdict,
        findings=result["findings"],
        counts=tuple((category, counts[category.value]) for category in Category if counts.get(category.value)),
        second_looks=result["second_looks"],
    )
