"""Each step's due date and where it stands today: what a register row, a review page and a board view show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .model import KEY_DATES, Step, StepSet
from .workdays import WorkingCalendar


class State(StrEnum):
    NOT_STARTED = "not started"  # what the step counts from is not known yet, and it is not done
    DUE = "due"
    DUE_TODAY = "due today"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done late"


@dataclass(frozen=True)
class Status:
    state: State
    working_days: int = 0  # how many working days until due, overdue or late; 0 for the other states

    @property
    def late(self) -> bool:
        return self.state in (State.OVERDUE, State.DONE_LATE)

    def __str__(self) -> str:
        days = f"{self.working_days} working day{'' if self.working_days == 1 else 's'}"
        if self.state is State.DUE:
            return f"due in {days}"
        if self.state is State.OVERDUE:
            return f"overdue by {days}"
        if self.state is State.DONE_LATE:
            return f"done late by {days}"
        return self.state.value


@dataclass(frozen=True)
class Clock:
    step: Step
    starts: date | None  # the date the step counts from, when known
    timescale_due: date | None  # the step's period applied to ``starts``
    due: date | None  # an agreed extension when there is one, else ``timescale_due``
    done: date | None
    status: Status  # measured against ``due``

    @property
    def extended(self) -> bool:
        return self.due != self.timescale_due


def status_of(due: date | None, done: date | None, today: date, calendar: WorkingCalendar) -> Status:
    """Where a step stands on ``today``.

    Lateness is counted in working days after the due date, and is at least 1: a step due on a Friday and not
    done is overdue by 1 working day on the Saturday, and still by 1 on the Monday.
    """
    if done is not None:
        if due is None or done <= due:
            return Status(State.DONE)
        return Status(State.DONE_LATE, max(1, calendar.working_days_between(due, done)))
    if due is None:
        return Status(State.NOT_STARTED)
    if today == due:
        return Status(State.DUE_TODAY)
    if today < due:
        return Status(State.DUE, calendar.working_days_between(today, due))
    return Status(State.OVERDUE, max(1, calendar.working_days_between(due, today)))


def compute_due_dates(
    steps: StepSet | Sequence[Step],
    key_dates: Mapping[str, date | None],
    done_dates: Mapping[str, date | None],
    *,
    today: date,
    closures: Iterable[date] = (),
    extensions: Mapping[str, date] | None = None,
) -> list[Clock]:
    """Every step's clock, in the steps' order.

    A step counts from the date its predecessor was done (not from when it was due), or from a key date; while
    that date is unknown, the step has no due date. ``key_dates`` are named as in KEY_DATES and ``done_dates`` by
    step id; a missing or None entry means not known yet. ``extensions`` maps a step id to an agreed later due
    date (a pause or an extension), which the status is then measured against; the timescale's own date stays in
    ``timescale_due`` for the board. ``steps`` must be checked (a loaded or customised StepSet is). A misspelt
    name is a ValueError, so that a typo cannot silently stop a clock.
    """
    extensions = extensions or {}
    steps = steps.steps if isinstance(steps, StepSet) else tuple(steps)
    ids = {step.id for step in steps}
    unknown = [name for name in key_dates if name not in KEY_DATES]
    unknown += [name for name in (*done_dates, *extensions) if name not in ids]
    if unknown:
        raise ValueError(f"Unknown key dates or steps: {', '.join(unknown)}.")
    calendar = WorkingCalendar(closures)
    clocks = []
    for step in steps:
        starts = done_dates.get(step.counts_from) if step.counts_from in ids else key_dates.get(step.counts_from)
        timescale_due = step.period.apply(starts, calendar) if starts is not None else None
        due = extensions.get(step.id, timescale_due)
        done = done_dates.get(step.id)
        clocks.append(Clock(step, starts, timescale_due, due, done, status_of(due, done, today, calendar)))
    return clocks


def next_due(clocks: Iterable[Clock]) -> Clock | None:
    """The open step with the earliest due date (the register's "next step"; on a tie, the earlier step), or None
    when no open step has a due date yet."""
    open_steps = [clock for clock in clocks if clock.done is None and clock.due is not None]
    return min(open_steps, key=lambda clock: clock.due, default=None)


def due_soon(clocks: Iterable[Clock], within: int = 3) -> list[Clock]:
    """Open steps that are overdue, due today or due within ``within`` working days: what a reminder lists."""
    return [
        clock
        for clock in clocks
        if clock.status.state in (State.OVERDUE, State.DUE_TODAY)
        or (clock.status.state is State.DUE and clock.status.working_days <= within)
    ]


def late_count(clocks: Iterable[Clock]) -> int:
    """How many steps are overdue or were done late (the board view's figure)."""
    return sum(clock.status.late for clock in clocks)
