"""Running the guide: one question at a time, stopping at the first outcome it reaches."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from casereview.datafiles import DataFileError, Located, Problem, duplicates, read_text, read_yaml, validate

from .model import Guide, Outcome, Question

GUIDE_FILE = Path(__file__).parent / "guide.yaml"


class InvalidRun(ValueError):
    """A sequence of answers the guide cannot accept; the message says which answer and why."""


@dataclass(frozen=True)
class Answered:
    question: Question
    answer: bool
    note: str = ""


@dataclass(frozen=True)
class Run:
    """Where a run of answers stands: the path so far, and either the next question or the outcome."""

    path: tuple[Answered, ...]
    next_question: Question | None
    outcome: Outcome | None

    @property
    def finished(self) -> bool:
        return self.outcome is not None


def _problems(guide: Guide, located: Located) -> Iterator[Problem]:
    question_ids = {q.id for q in guide.questions}
    outcome_ids = {o.id for o in guide.outcomes}
    for value, path in duplicates((q.id, ("questions", i, "id")) for i, q in enumerate(guide.questions)):
        yield located.problem(path, f"question id '{value}' is used twice.")
    for value, path in duplicates((o.id, ("outcomes", i, "id")) for i, o in enumerate(guide.outcomes)):
        yield located.problem(path, f"outcome id '{value}' is used twice.")
    if guide.start not in question_ids:
        yield located.problem(("start",), f"start names '{guide.start}', which is not a question.")
    for index, question in enumerate(guide.questions):
        for answer in ("yes", "no"):
            step = getattr(question, answer)
            if step.next is not None and step.next not in question_ids:
                yield located.problem(("questions", index, answer), f"'{step.next}' is not a question.")
            if step.outcome is not None and step.outcome not in outcome_ids:
                yield located.problem(("questions", index, answer), f"'{step.outcome}' is not an outcome.")
    reachable_questions, reachable_outcomes, seen = set(), set(), [guide.start]
    while seen:
        current = seen.pop()
        if current in reachable_questions or current not in question_ids:
            continue
        reachable_questions.add(current)
        for step in (guide.question(current).yes, guide.question(current).no):
            if step.next:
                seen.append(step.next)
            if step.outcome:
                reachable_outcomes.add(step.outcome)
    for index, question in enumerate(guide.questions):
        if question.id not in reachable_questions:
            yield located.problem(("questions", index, "id"), f"question '{question.id}' cannot be reached.")
    for index, outcome in enumerate(guide.outcomes):
        if outcome.id not in reachable_outcomes:
            yield located.problem(("outcomes", index, "id"), f"outcome '{outcome.id}' cannot be reached.")


def load_guide_text(text: str, file: str = "<text>") -> Guide:
    located = read_yaml(text, file, "decision guide (start, questions and outcomes)")
    guide = validate(Guide, located, "decision guide")
    problems = list(_problems(guide, located))
    if problems:
        raise DataFileError(problems)
    _check_no_cycle(guide)
    return guide


def _check_no_cycle(guide: Guide) -> None:
    def walk(question_id: str, trail: tuple[str, ...]) -> None:
        if question_id in trail:
            raise DataFileError([Problem("<guide>", 1, f"the questions loop: {' -> '.join((*trail, question_id))}.")])
        question = guide.question(question_id)
        for step in (question.yes, question.no):
            if step.next:
                walk(step.next, (*trail, question_id))

    walk(guide.start, ())


@functools.cache
def shipped_guide() -> Guide:
    return load_guide_text(read_text(GUIDE_FILE), str(GUIDE_FILE))


def run_guide(guide: Guide, answers: Sequence[tuple[str, bool] | tuple[str, bool, str]]) -> Run:
    """Follow the answers from the start. Each must answer the question the guide asks at that point;
    answers after an outcome, or to a question out of turn, are refused with the reason."""
    path: list[Answered] = []
    current: Question | None = guide.question(guide.start)
    outcome: Outcome | None = None
    for number, item in enumerate(answers, 1):
        question_id, answer = item[0], item[1]
        note = item[2] if len(item) > 2 else ""
        if outcome is not None:
            raise InvalidRun(
                f"answer {number} ('{question_id}') comes after the guide reached its outcome, "
                f"'{outcome.title}': the guide stops at the first outcome."
            )
        assert current is not None
        if question_id != current.id:
            raise InvalidRun(
                f"answer {number} is to '{question_id}', but the guide asks '{current.id}' ({current.text}) "
                "at this point: answer the questions in order, without skipping."
            )
        if not isinstance(answer, bool):
            raise InvalidRun(f"answer {number} must be yes or no.")
        path.append(Answered(current, answer, note))
        step = current.yes if answer else current.no
        if step.outcome:
            outcome, current = guide.outcome(step.outcome), None
        else:
            current = guide.question(step.next)
    return Run(tuple(path), current, outcome)


def all_paths(guide: Guide) -> Iterator[tuple[tuple[tuple[str, bool], ...], Outcome]]:
    """Every sequence of answers from the start to an outcome, with the outcome it reaches."""

    def walk(question_id: str, trail: tuple[tuple[str, bool], ...]):
        question = guide.question(question_id)
        for answer, step in ((True, question.yes), (False, question.no)):
            here = (*trail, (question_id, answer))
            if step.outcome:
                yield here, guide.outcome(step.outcome)
            else:
                yield from walk(step.next, here)

    yield from walk(guide.start, ())
