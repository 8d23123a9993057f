"""The language check as the purpose records show it: findings marked in the text, explained on demand."""

from __future__ import annotations

from dataclasses import dataclass

from casereview.language import Finding, Report, check_text


@dataclass(frozen=True)
class Segment:
    text: str
    finding: Finding | None = None
    number: int | None = None


@dataclass(frozen=True)
class Checked:
    """A text with its report, cut into segments so each finding can be marked where it stands."""

    report: Report
    segments: tuple[Segment, ...]
    marked: tuple[Finding, ...]  # the findings with a number in the text, in order


def check_wording(text: str) -> Checked:
    """Check the text and mark its findings. Where findings overlap, the first keeps the words."""
    report = check_text(text)
    segments: list[Segment] = []
    marked: list[Finding] = []
    position = 0
    for finding in report.findings:
        if finding.start < position:
            continue
        if finding.start > position:
            segments.append(Segment(text[position : finding.start]))
        marked.append(finding)
        segments.append(Segment(text[finding.start : finding.end], finding, len(marked)))
        position = finding.end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return Checked(report, tuple(segments), tuple(marked))
