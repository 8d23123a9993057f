"""A wording check as it is stored and as a page shows it.

What is stored is what a page needs, as JSON: the findings to mark (offsets and rule ids, at most
``MARKED_FINDINGS`` of them), how many findings of each category the whole text has, and the verdict. The
rules' messages are read from the rules by id when shown, so they are not copied into every check.
No database here: ``services`` reads and writes the stored checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from casereview.language import Category, Report, RuleSet, Signal, Strength, Verdict

# Changes whenever the stored shape does, so checks stored in an older shape are made again.
FORMAT = 1
# A page marks and explains at most this many findings of one text, so a long text full of findings costs a
# page no more than a short one; the rest are counted.
MARKED_FINDINGS = 200


def stored_result(report: Report) -> dict:
    """The report cut down to what a page shows. Where findings overlap, the first keeps the words."""
    marked: list[dict] = []
    markable = 0
    position = 0
    for finding in report.findings:
        if finding.start < position:
            continue
        position = finding.end
        markable += 1
        if len(marked) < MARKED_FINDINGS:
            item = {"rule": finding.rule_id, "start": finding.start, "end": finding.end}
            if finding.quoted:
                item["quoted"] = True
            marked.append(item)
    verdict = report.verdict
    return {
        "format": FORMAT,
        "findings": len(report.findings),
        "markable": markable,
        "counts": dict(Counter(finding.category.value for finding in report.findings)),
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
    findings: int  # every finding in the text, marked or not
    markable: int  # the findings that could be marked: those not overlapping an earlier one
    counts: tuple[tuple[Category, int], ...]

    @property
    def capped(self) -> bool:
        """More findings could be marked than a page marks."""
        return self.markable > len(self.marked)

    @property
    def unmarked(self) -> int:
        return self.findings - len(self.marked)


def shown(text: str, result: dict, rules: RuleSet) -> Wording:
    """The stored result of the text's check, as the page shows it. ``rules`` made the result."""
    by_id = {compiled.rule.id: compiled for compiled in rules.rules}
    segments: list[Segment] = []
    marked: list[MarkedFinding] = []
    position = 0
    for item in result["marked"]:
        start, end = item["start"], item["end"]
        compiled = by_id[item["rule"]]
        rule = compiled.rule
        finding = MarkedFinding(
            number=len(marked) + 1,
            category=compiled.category,
            matched=text[start:end],
            quoted=bool(item.get("quoted")),
            message=rule.message,
            explanation=rule.explanation,
            suggestion=rule.suggestion,
            source=rule.source,
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
    )


@dataclass(frozen=True)
class CheckSummary:
    """What a one-line mention of a text shows of its check: the verdict and how many findings of each kind."""

    verdict: Verdict | None
    findings: int
    counts: tuple[tuple[Category, int], ...]


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
    )
