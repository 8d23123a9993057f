"""Load and check the step files, and a partnership's changes to them."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from casereview.datafiles import DataFileError, PathKey, Problem, duplicates, read_text, read_yaml, validate

from .model import KEY_DATES, REVIEW_TYPES, Period, Step, StepSet
from .workdays import load_bank_holidays

STEPS_DIR = Path(__file__).parent / "steps"


class StepsError(ValueError):
    """A partnership's change to its steps was refused; ``messages`` says why, one sentence each."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


def step_problems(steps: Sequence[Step]) -> Iterator[tuple[PathKey, str]]:
    """Every problem with how ``steps`` fit together, with the path of the value to point at."""
    ids = [step.id for step in steps]
    for value, path in duplicates((step.id, ("steps", i, "id")) for i, step in enumerate(steps)):
        yield path, f"step id '{value}' is used twice: give each step its own id."
    for i, step in enumerate(steps):
        if step.id in KEY_DATES:
            yield ("steps", i, "id"), f"step id '{step.id}' is the name of a key date: choose another id."
        if step.counts_from == step.id:
            yield (
                ("steps", i, "counts_from"),
                f"step '{step.id}' counts from itself: make it count from an earlier step or a key date.",
            )
        elif step.counts_from not in ids and step.counts_from not in KEY_DATES:
            yield (
                ("steps", i, "counts_from"),
                f"step '{step.id}' counts from '{step.counts_from}', which is neither a step here "
                f"({', '.join(ids)}) nor a key date ({', '.join(KEY_DATES)}).",
            )
        if step.period.amount <= 0:
            yield (
                ("steps", i, "period", "amount"),
                f"step '{step.id}' has a period of {step.period.amount}: a period must be 1 or more "
                "(to count backwards, use direction: before).",
            )
        if step.set_nationally and step.source is None:
            yield (
                ("steps", i, "basis"),
                f"step '{step.id}' is marked {step.basis.value} but gives no source: add its source (document, "
                "section, url and the words quoted) or mark it local.",
            )
    yield from _cycles(steps)


def _cycles(steps: Sequence[Step]) -> Iterator[tuple[PathKey, str]]:
    """Steps that count from each other in a circle, each circle reported once, at its first step in the file."""
    by_id = {step.id: step for step in steps}
    reported: set[str] = set()
    for i, step in enumerate(steps):
        if step.id in reported or step.counts_from == step.id:
            continue
        chain = [step.id]
        current = step.counts_from
        while current in by_id and current not in chain:
            chain.append(current)
            current = by_id[current].counts_from
        if current != step.id:
            continue
        reported.update(chain)
        yield (
            ("steps", i, "counts_from"),
            f"steps count from each other in a circle ({' → '.join([*chain, step.id])}): "
            "one of them must count from a key date.",
        )


def load_steps_text(text: str, file: str = "<text>") -> StepSet:
    located = read_yaml(text, file, "step file (review_types, title, steps)")
    step_set = validate(StepSet, located, "step file")
    problems = [located.problem(path, message) for path, message in step_problems(step_set.steps)]
    if not step_set.review_types:
        problems.append(located.problem(("review_types",), "name at least one review type these steps are for."))
    if problems:
        raise DataFileError(sorted(problems, key=lambda problem: problem.line))
    return step_set


def load_steps_file(path: str | Path) -> StepSet:
    return load_steps_text(read_text(path), str(path))


@functools.cache
def shipped_step_sets() -> dict[str, StepSet]:
    """The shipped steps of every review type, by review type; each type is covered by exactly one file."""
    by_type: dict[str, StepSet] = {}
    problems: list[Problem] = []
    for path in sorted(STEPS_DIR.glob("*.yaml")):
        step_set = load_steps_file(path)
        for review_type in step_set.review_types:
            if review_type in by_type:
                problems.append(Problem(str(path), 1, f"review type '{review_type}' already has a step file."))
            by_type[review_type] = step_set
    problems.extend(
        Problem(str(STEPS_DIR), 1, f"review type '{missing}' has no step file: add one, even with no steps.")
        for missing in REVIEW_TYPES
        if missing not in by_type
    )
    if problems:
        raise DataFileError(problems)
    return by_type


def load_shipped_data(years: Iterable[int]) -> None:
    """Read now every data file the clocks need: the step files and the bank holidays of ``years``. Called at
    start-up, so that a file that cannot be read stops it with the file, the line and the reason
    (DataFileError), rather than failing a person's first page with a clock on it."""
    shipped_step_sets()
    load_bank_holidays(years)


def steps_for(review_type: str) -> StepSet:
    """The shipped steps for ``review_type`` (one of the workspace's ReviewType values)."""
    try:
        return shipped_step_sets()[review_type]
    except KeyError:
        raise KeyError(f"'{review_type}' is not a review type: use one of {', '.join(REVIEW_TYPES)}.") from None


def customise(step_set: StepSet, *, periods: Mapping[str, Period] | None = None, added: Sequence[Step] = ()) -> StepSet:
    """A partnership's version of ``step_set``: local steps with their own periods, and its own steps after the
    shipped ones. Steps set by law or nationally keep their period and their label. Raises StepsError."""
    periods = periods or {}
    messages: list[str] = []
    changed = []
    for step in step_set.steps:
        period = periods.get(step.id)
        if period is not None and step.set_nationally and period != step.period:
            messages.append(
                f"'{step.name}' is set {'by statute' if step.statutory else 'nationally'} ({step.period}): "
                "its period cannot be changed here; add a local step with your own target instead."
            )
        changed.append(step.model_copy(update={"period": period}) if period is not None else step)
    known = {step.id for step in step_set.steps}
    messages.extend(
        f"There is no step '{unknown}' to change: choose one of {', '.join(sorted(known))}."
        for unknown in periods
        if unknown not in known
    )
    messages.extend(
        f"'{step.name}' is a partnership's own step, so it must be marked local."
        for step in added
        if step.set_nationally
    )
    steps = (*changed, *added)
    messages.extend(message for _, message in step_problems(steps))
    if messages:
        raise StepsError([_sentence(message) for message in messages])
    return step_set.model_copy(update={"steps": steps})


def _sentence(message: str) -> str:
    return message[0].upper() + message[1:]
