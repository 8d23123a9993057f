"""The just culture guide as data: questions, where each answer leads, and the outcomes."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Strict):
    """Where an answer leads: the next question, or an outcome. Exactly one."""

    next: Slug | None = None
    outcome: Slug | None = None

    @model_validator(mode="after")
    def _one_destination(self) -> Step:
        if (self.next is None) == (self.outcome is None):
            raise ValueError("give either 'next' (a question id) or 'outcome' (an outcome id), not both or neither")
        return self


class Question(_Strict):
    id: Slug
    test: Text
    text: Text
    yes: Step
    no: Step

    def text_for(self, kind: str) -> str:
        """The question as asked about a concern of this kind, "act" or "omission": a question about "this act"
        would misdescribe something a person did not do."""
        if kind not in ("act", "omission"):
            raise ValueError(f"a concern is about an act or an omission, not {kind!r}")
        return self.text.replace("{act_or_omission}", kind)


class Outcome(_Strict):
    id: Slug
    title: Text
    for_review: Text
    for_agency: Text


class Guide(_Strict):
    id: Slug
    title: Text
    source: Text
    limits: tuple[Text, ...]
    start: Slug
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def outcome(self, outcome_id: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(outcome_id)
