"""Roll indicator answers up into marker and group summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .model import Framework, Marker


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"
    NOT_ANSWERED = "not_answered"

    @property
    def label(self) -> str:
        return _ANSWER_LABELS[self]


_ANSWER_LABELS = {
    Answer.YES: "Yes",
    Answer.PARTLY: "Partly",
    Answer.NO: "No",
    Answer.NOT_APPLICABLE: "Not applicable",
    Answer.NOT_ANSWERED: "Not yet answered",
}


class Judgement(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_JUDGED = "not_judged"

    @property
    def label(self) -> str:
        return _JUDGEMENT_LABELS[self]


_JUDGEMENT_LABELS = {
    Judgement.MET: "Met",
    Judgement.PARTLY_MET: "Partly met",
    Judgement.NOT_MET: "Not met",
    Judgement.NOT_JUDGED: "Not yet judged",
}


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    JUDGED = "judged"


@dataclass(frozen=True)
class MarkerSummary:
    marker: Marker
    answer_counts: Mapping[Answer, int]
    judgement: Judgement

    @property
    def total(self) -> int:
        return len(self.marker.answerable_indicators)

    @property
    def answered(self) -> int:
        return self.total - self.answer_counts.get(Answer.NOT_ANSWERED, 0)

    @property
    def partial(self) -> bool:
        """casereview holds only part of the marker, so its answers cannot show the whole of it."""
        return not self.marker.is_complete

    @property
    def questions_text(self) -> str:
        """How far the questions have been answered, in words that do not claim more than is held."""
        if not self.total:
            return "No questions held in casereview’s copy"
        if self.marker.questions_complete:
            return f"{self.answered} of {self.total} {_questions(self.total)} answered"
        if self.total == 1:
            state = "answered" if self.answered else "not answered yet"
            return f"The one question held of a longer list: {state}"
        return f"{self.answered} of the {self.total} questions held (of a longer list) answered"

    @property
    def progress(self) -> Progress:
        if self.judgement is not Judgement.NOT_JUDGED:
            return Progress.JUDGED
        if self.total and self.answered == self.total:
            return Progress.ANSWERED
        if self.answered:
            return Progress.IN_PROGRESS
        return Progress.NOT_STARTED


def _questions(count: int) -> str:
    return "question" if count == 1 else "questions"


@dataclass(frozen=True)
class JudgedCount:
    """How many of a framework's markers a review has judged, and how many of those casereview holds only in
    part (their judgement rests on more than the questions held)."""

    judged: int
    partial: int
    markers: int

    def __str__(self) -> str:
        text = f"{self.judged} of {self.markers}"
        if self.partial:
            text += f" ({self.partial} of them held only in part)"
        return text


@dataclass(frozen=True)
class GroupSummary:
    group_id: str
    title: str
    markers: tuple[MarkerSummary, ...]

    @property
    def judgement_counts(self) -> dict[Judgement, int]:
        counts = dict.fromkeys(Judgement, 0)
        for summary in self.markers:
            counts[summary.judgement] += 1
        return counts

    @property
    def answered(self) -> int:
        return sum(summary.answered for summary in self.markers)

    @property
    def total(self) -> int:
        return sum(summary.total for summary in self.markers)

    @property
    def partial_count(self) -> int:
        return sum(1 for summary in self.markers if summary.partial)

    @property
    def questions_text(self) -> str:
        text = f"{self.answered} of {self.total} {_questions(self.total)} held answered"
        if self.partial_count:
            held = "is" if self.partial_count == 1 else "are"
            text += f"; {self.partial_count} of the {len(self.markers)} markers {held} held only in part"
        return text


def summarise_marker(
    marker: Marker, answers: Mapping[str, Answer], judgement: Judgement = Judgement.NOT_JUDGED
) -> MarkerSummary:
    """Count the answers given to a marker's answerable indicators; unknown ids are ignored.

    ``answers`` maps indicator id to answer; an indicator without an entry counts as not yet answered.
    """
    counts = dict.fromkeys(Answer, 0)
    for indicator in marker.answerable_indicators:
        counts[answers.get(indicator.id, Answer.NOT_ANSWERED)] += 1
    return MarkerSummary(marker=marker, answer_counts=counts, judgement=judgement)


def summarise_framework(
    framework: Framework,
    answers: Mapping[str, Mapping[str, Answer]],
    judgements: Mapping[str, Judgement],
) -> tuple[GroupSummary, ...]:
    """Summaries for every group, in the framework's order.

    ``answers`` maps marker id to {indicator id: answer}; ``judgements`` maps marker id to judgement.
    """
    return tuple(
        GroupSummary(
            group_id=group.id,
            title=group.title,
            markers=tuple(
                summarise_marker(marker, answers.get(marker.id, {}), judgements.get(marker.id, Judgement.NOT_JUDGED))
                for marker in framework.markers_in(group.id)
            ),
        )
        for group in framework.groups
    )


def judgement_against_answers(marker: Marker, answers: Mapping[str, Answer], judgement: Judgement) -> list[str]:
    """Where a judgement goes against the marker's answers, in words a person can check: "Met" with no question
    held, with a question unanswered or answered Partly or No; "Not met" with every question answered Yes.

    ``answers`` maps indicator id to answer, as ``summarise_marker`` takes them.
    """
    found: list[str] = []
    held = marker.answerable_indicators
    if judgement is Judgement.MET:
        if not held:
            found.append(
                "casereview holds no question of this marker to answer, so no answer here shows that it is met."
            )
        for indicator in held:
            answer = answers.get(indicator.id, Answer.NOT_ANSWERED)
            number = marker.indicators.index(indicator) + 1
            if answer in (Answer.PARTLY, Answer.NO):
                found.append(f"Question {number} is answered {answer.label}.")
            elif answer is Answer.NOT_ANSWERED:
                found.append(f"Question {number} is not answered yet.")
    elif judgement is Judgement.NOT_MET and held and all(answers.get(indicator.id) is Answer.YES for indicator in held):
        found.append("Every question held is answered Yes.")
    return found
