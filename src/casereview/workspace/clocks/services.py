"""The clocks of reviews: each step's due date and status from the review's key dates and what was recorded, in
bulk for the register and the board; and the rules over recording done dates, lateness, pauses and extensions,
closure days and a partnership's own timescales.

The arithmetic is the ``casereview.timescales`` engine's; this module only reads the records it needs (a fixed
number of queries however many reviews) and checks what people enter before anything is saved.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib.metadata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casereview.timescales import (
    Basis,
    Clock,
    Direction,
    Period,
    Status,
    Step,
    StepsError,
    StepSet,
    Unit,
    compute_due_dates,
    customise,
    next_due,
    status_of,
    steps_for,
)
from casereview.timescales.loader import STEPS_DIR
from casereview.timescales.workdays import WorkingCalendar

from ..accounts.models import Partnership
from ..accounts.permissions import Action
from ..accounts.services import require
from ..forms import InputError
from ..purpose.models import Circumstance, CircumstanceKind
from ..reviews.models import Review, ReviewType, Stage
from .models import ClosureDay, Extension, ExtensionKind, LocalPeriod, LocalStep, StepRecord

# The review's own fields behind the engine's key dates. Awareness has its own date: the first statutory clock
# (notify the Panel within 5 working days) counts from it, and the date the Panel was notified is often days
# later. "Referral" (the case put to the partnership for a decision) is the date of notification: the
# partnership learns of the case when it is notified of it.
KEY_DATE_FIELDS: dict[str, str] = {
    "incident": "incident_date",
    "aware": "aware_date",
    "referral": "notification_date",
    "decision": "decision_date",
    "initiation": "initiation_date",
    "publication": "publication_date",
}
REVIEW_FIELDS = ("pk", "partnership_id", "review_type", *sorted(set(KEY_DATE_FIELDS.values())))


class ClockInputError(InputError):
    """What someone entered cannot be right; ``problems`` maps each field to a message saying what to do."""


@dataclass
class StepClock:
    """One step of one review as its page shows it: the engine's clock with the people's records beside it."""

    clock: Clock
    record: StepRecord | None = None
    extensions: list[Extension] = field(default_factory=list)

    @property
    def step(self) -> Step:
        return self.clock.step


# --- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timescales:
    """What the clocks of some partnerships' reviews depend on besides the reviews: closure days and each
    partnership's own periods and steps. Read once, in three queries, for any number of reviews."""

    closures: Mapping[int, tuple[datetime.date, ...]]
    periods: Mapping[tuple[int, str], dict[str, Period]]
    local_steps: Mapping[tuple[int, str], tuple[Step, ...]]

    @classmethod
    def of(cls, partnership_ids: Iterable[int]) -> Timescales:
        ids = set(partnership_ids)
        closures: dict[int, list[datetime.date]] = defaultdict(list)
        for partnership_id, day in ClosureDay.objects.filter(partnership_id__in=ids).values_list(
            "partnership_id", "day"
        ):
            closures[partnership_id].append(day)
        periods: dict[tuple[int, str], dict[str, Period]] = defaultdict(dict)
        for row in LocalPeriod.objects.filter(partnership_id__in=ids):
            periods[row.partnership_id, row.review_type][row.step_id] = _period(row)
        local_steps: dict[tuple[int, str], list[Step]] = defaultdict(list)
        for row in LocalStep.objects.filter(partnership_id__in=ids):
            local_steps[row.partnership_id, row.review_type].append(_local_step(row))
        return cls(
            {key: tuple(days) for key, days in closures.items()},
            dict(periods),
            {key: tuple(steps) for key, steps in local_steps.items()},
        )

    def steps(self, partnership_id: int, review_type: str) -> StepSet:
        """The partnership's steps for a type of review: the shipped ones with its own periods and steps."""
        key = (partnership_id, review_type)
        shipped = steps_for(review_type)
        if key not in self.periods and key not in self.local_steps:
            return shipped
        return customise(shipped, periods=self.periods.get(key, {}), added=self.local_steps.get(key, ()))

    def closures_of(self, partnership_id: int) -> tuple[datetime.date, ...]:
        return self.closures.get(partnership_id, ())


def _period(row: LocalPeriod | LocalStep) -> Period:
    return Period(amount=row.amount, unit=Unit(row.unit), direction=Direction(row.direction))


def _local_step(row: LocalStep) -> Step:
    return Step(id=row.step_id, name=row.name, counts_from=row.counts_from, period=_period(row), basis=Basis.LOCAL)


def key_dates(review) -> dict[str, datetime.date | None]:
    """The engine's key dates of a review (a Review or a ``values()`` row with REVIEW_FIELDS)."""
    get = review.get if isinstance(review, dict) else lambda name: getattr(review, name)
    return {name: get(field_name) for name, field_name in KEY_DATE_FIELDS.items()}


def clocks_of_reviews(reviews: Sequence, today: datetime.date | None = None) -> dict[int, list[Clock]]:
    """Every step's clock for each review, by review id, in five queries whatever the number of reviews.

    ``reviews`` are Review objects or ``values()`` rows holding REVIEW_FIELDS.
    """
    today = today or timezone.localdate()
    rows = [
        review if isinstance(review, dict) else {name: getattr(review, name) for name in REVIEW_FIELDS}
        for review in reviews
    ]
    ids = [row["pk"] for row in rows]
    timescales = Timescales.of(row["partnership_id"] for row in rows)
    done: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for review_id, step_id, done_on in StepRecord.objects.filter(review_id__in=ids, done_on__isnull=False).values_list(
        "review_id", "step_id", "done_on"
    ):
        done[review_id][step_id] = done_on
    extended: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for review_id, step_id, due_on in (
        Extension.objects.filter(review_id__in=ids)
        .order_by("agreed_on", "pk")
        .values_list("review_id", "step_id", "due_on")
    ):
        extended[review_id][step_id] = due_on  # the latest agreed counts
    return {
        row["pk"]: _clocks(
            timescales,
            row["partnership_id"],
            row["review_type"],
            key_dates(row),
            done[row["pk"]],
            extended[row["pk"]],
            today,
        )
        for row in rows
    }


def _clocks(
    timescales: Timescales,
    partnership_id: int,
    review_type: str,
    dates: Mapping[str, datetime.date | None],
    done: Mapping[str, datetime.date],
    extended: Mapping[str, datetime.date],
    today: datetime.date,
) -> list[Clock]:
    """One review's clocks. Records of steps the partnership's timescales no longer have are left out."""
    steps = timescales.steps(partnership_id, review_type)
    known = {step.id for step in steps.steps}
    return compute_due_dates(
        steps,
        dates,
        {step_id: day for step_id, day in done.items() if step_id in known},
        today=today,
        closures=timescales.closures_of(partnership_id),
        extensions={step_id: day for step_id, day in extended.items() if step_id in known},
    )


def next_steps(reviews: Sequence, today: datetime.date | None = None) -> dict[int, Clock | None]:
    """Each review's next open step with a due date (None when there is none), by review id."""
    return {review_id: next_due(clocks) for review_id, clocks in clocks_of_reviews(reviews, today).items()}


# --- each review's next step, stored for the register ---------------------------------------------------------


@functools.cache
def next_step_basis() -> str:
    """The fingerprint of what a stored next step depends on besides the database: the shipped step files and the
    bank holidays (the ``holidays`` release). Both change only with an upgrade, which makes every stored next
    step stale; ``store_stale_next_steps`` then works them out again."""
    digest = hashlib.sha256()
    for path in sorted(STEPS_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("holidays").encode())
    return digest.hexdigest()[:16]


def store_next_steps(reviews: QuerySet[Review]) -> None:
    """Work out and store the next step of each of these reviews: the one place the stored next step is written.

    Call it, inside the transaction that made the change, whenever anything the next step depends on changes: a
    review's type or key dates, its step records, pauses or extensions, or its partnership's closure days, local
    periods or own steps. A fixed number of queries whatever the number of reviews. ``updated_at`` is left alone:
    this is bookkeeping, not an edit of the review."""
    rows = list(reviews.order_by().values(*REVIEW_FIELDS))
    if not rows:
        return
    upcoming = next_steps(rows)
    basis = next_step_basis()
    Review.objects.bulk_update(
        [
            Review(
                pk=row["pk"],
                next_step_name=upcoming[row["pk"]].step.name if upcoming[row["pk"]] else "",
                next_step_due=upcoming[row["pk"]].due if upcoming[row["pk"]] else None,
                next_step_basis=basis,
            )
            for row in rows
        ],
        ["next_step_name", "next_step_due", "next_step_basis"],
        batch_size=100,
    )


def store_stale_next_steps(reviews: QuerySet[Review]) -> None:
    """Work out again the next steps of those of these reviews stored under another basis (after an upgrade, or
    added without the services, as the demonstration's fixed reviews are). One cheap query when none is stale,
    and no write, so readers never queue for SQLite's write lock."""
    stale = list(reviews.exclude(next_step_basis=next_step_basis()).values_list("pk", flat=True))
    if stale:
        with transaction.atomic():
            store_next_steps(Review.objects.filter(pk__in=stale))


@dataclass(frozen=True)
class NextStep:
    """A review's stored next step as the register shows it: its status is worked out for today, when shown."""

    name: str
    due: datetime.date
    status: Status


def shown_next_steps(rows: Sequence[Mapping], today: datetime.date | None = None) -> dict[int, NextStep | None]:
    """The next step of each shown register row (``values()`` rows with pk, partnership_id, next_step_name and
    next_step_due), with its status today against the partnership's working days. One query."""
    today = today or timezone.localdate()
    closures: dict[int, list[datetime.date]] = defaultdict(list)
    for partnership_id, day in ClosureDay.objects.filter(
        partnership_id__in={row["partnership_id"] for row in rows}
    ).values_list("partnership_id", "day"):
        closures[partnership_id].append(day)
    calendars = {partnership_id: WorkingCalendar(days) for partnership_id, days in closures.items()}
    plain = WorkingCalendar()
    return {
        row["pk"]: NextStep(
            row["next_step_name"],
            row["next_step_due"],
            status_of(row["next_step_due"], None, today, calendars.get(row["partnership_id"], plain)),
        )
        if row["next_step_due"] is not None
        else None
        for row in rows
    }


def review_steps(review: Review, today: datetime.date | None = None) -> list[StepClock]:
    """The steps of one review with their clocks, records and agreed pauses or extensions, for its page. The
    records are read once, for the clocks and to show."""
    records = {record.step_id: record for record in review.step_records.select_related("circumstance")}
    extensions: dict[str, list[Extension]] = defaultdict(list)
    for extension in review.extensions.order_by("agreed_on", "pk"):
        extensions[extension.step_id].append(extension)
    clocks = _clocks(
        Timescales.of([review.partnership_id]),
        review.partnership_id,
        review.review_type,
        key_dates(review),
        {step_id: record.done_on for step_id, record in records.items() if record.done_on is not None},
        {step_id: agreed[-1].due_on for step_id, agreed in extensions.items()},  # the latest agreed counts
        today or timezone.localdate(),
    )
    return [StepClock(clock, records.get(clock.step.id), extensions[clock.step.id]) for clock in clocks]


def find_step(review: Review, step_id: str, today: datetime.date | None = None) -> StepClock | None:
    return next((item for item in review_steps(review, today) if item.step.id == step_id), None)


# --- recording -------------------------------------------------------------------------------------


def record_problems(
    step: StepClock, *, done_on: datetime.date | None, today: datetime.date | None = None
) -> dict[str, str]:
    """Why a done date cannot be right for this step, by field; empty when it can."""
    today = today or timezone.localdate()
    if done_on is None:
        return {}
    if done_on > today:
        return {"done_on": "The date done must be today or in the past: record a step once it has been done"}
    starts = step.clock.starts
    if starts is not None and step.step.period.direction is Direction.AFTER and done_on < starts:
        return {
            "done_on": f"The date done must be the same as or after {starts:%-d %B %Y}, the date this step "
            f"counts from: check the date, or the date it counts from"
        }
    return {}


@transaction.atomic
def record_step(
    user: AbstractBaseUser,
    review: Review,
    step_id: str,
    *,
    done_on: datetime.date | None,
    lateness_reason: str,
    circumstance: Circumstance | None,
    today: datetime.date | None = None,
) -> StepRecord:
    """Record when a step was done and why it was late. Raises ClockInputError, saving nothing."""
    require(user, Action.RECORD_STEPS, review.partnership)
    step = find_step(review, step_id, today)
    if step is None:
        raise ClockInputError({"step": f"{review.reference} has no step '{step_id}'"})
    problems = record_problems(step, done_on=done_on, today=today)
    if circumstance is not None and circumstance.review_id != review.pk:
        problems["circumstance"] = f"Choose one of the complicating circumstances of {review.reference}"
    if problems:
        raise ClockInputError(problems)
    record, _ = StepRecord.objects.get_or_create(review=review, step_id=step_id, defaults={"recorded_by": user})
    record.done_on = done_on
    record.lateness_reason = lateness_reason.strip()
    record.circumstance = circumstance
    record.recorded_by = user
    record.save()
    store_next_steps(Review.objects.filter(pk=review.pk))
    return record


def extension_problems(
    step: StepClock,
    *,
    due_on: datetime.date | None,
    agreed_on: datetime.date | None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    today = today or timezone.localdate()
    problems = {}
    if step.clock.due is None:
        problems["due_on"] = (
            "This step has no due date yet, so it cannot be paused or extended: record the date it counts from first"
        )
    elif due_on is not None and due_on <= step.clock.due:
        problems["due_on"] = f"The new due date must be after the date it replaces ({step.clock.due:%-d %B %Y})"
    if agreed_on is not None and agreed_on > today:
        problems["agreed_on"] = "The date agreed must be today or in the past"
    return problems


@transaction.atomic
def add_extension(
    user: AbstractBaseUser,
    review: Review,
    step_id: str,
    *,
    kind: ExtensionKind,
    due_on: datetime.date,
    reason: str,
    agreed_by: str,
    agreed_on: datetime.date,
    today: datetime.date | None = None,
) -> Extension:
    """Record a pause or an extension of a step, agreed by someone. Raises ClockInputError, saving nothing."""
    require(user, Action.RECORD_STEPS, review.partnership)
    step = find_step(review, step_id, today)
    if step is None:
        raise ClockInputError({"step": f"{review.reference} has no step '{step_id}'"})
    problems = extension_problems(step, due_on=due_on, agreed_on=agreed_on, today=today)
    if problems:
        raise ClockInputError(problems)
    extension = Extension.objects.create(
        review=review,
        step_id=step_id,
        kind=kind,
        due_on=due_on,
        reason=reason.strip(),
        agreed_by=agreed_by.strip(),
        agreed_on=agreed_on,
        recorded_by=user,
    )
    store_next_steps(Review.objects.filter(pk=review.pk))
    return extension


@transaction.atomic
def add_closure_day(user: AbstractBaseUser, partnership: Partnership, *, day: datetime.date, description: str):
    """A day the partnership is closed, so its clocks skip it. Raises ClockInputError when it is already there."""
    require(user, Action.EDIT_TIMESCALES, partnership)
    if ClosureDay.objects.filter(partnership=partnership, day=day).exists():
        raise ClockInputError({"day": f"{day:%-d %B %Y} is already a closure day of {partnership}"})
    closure = ClosureDay.objects.create(partnership=partnership, day=day, description=description.strip())
    store_next_steps(partnership.reviews.all())
    return closure


def _checked(partnership: Partnership, review_type: str, *, periods=None, added=()) -> StepSet:
    """The partnership's steps for the type with a change applied; raises ClockInputError if it is refused."""
    timescales = Timescales.of([partnership.pk])
    key = (partnership.pk, review_type)
    try:
        return customise(
            steps_for(review_type),
            periods={**timescales.periods.get(key, {}), **(periods or {})},
            added=(*timescales.local_steps.get(key, ()), *added),
        )
    except StepsError as refused:
        raise ClockInputError({"step": " ".join(refused.messages)}) from None


@transaction.atomic
def set_local_period(
    user: AbstractBaseUser, partnership: Partnership, review_type: str, step_id: str, *, period: Period
) -> LocalPeriod:
    """The partnership's own period for a local step. Statutory and national steps are refused, with why."""
    require(user, Action.EDIT_TIMESCALES, partnership)
    _checked(partnership, review_type, periods={step_id: period})
    row, _ = LocalPeriod.objects.update_or_create(
        partnership=partnership,
        review_type=review_type,
        step_id=step_id,
        defaults={"amount": period.amount, "unit": period.unit.value, "direction": period.direction.value},
    )
    store_next_steps(partnership.reviews.filter(review_type=review_type))
    return row


@transaction.atomic
def add_local_step(
    user: AbstractBaseUser,
    partnership: Partnership,
    review_type: str,
    *,
    step_id: str,
    name: str,
    counts_from: str,
    period: Period,
) -> LocalStep:
    """A partnership's own step, after the shipped ones: always a local expectation. Raises ClockInputError
    for a step counting from itself or from a step that is not there, a period below 1, or an id in use."""
    require(user, Action.EDIT_TIMESCALES, partnership)
    try:
        step = Step(id=step_id, name=name, counts_from=counts_from, period=period, basis=Basis.LOCAL)
    except ValueError:
        raise ClockInputError(
            {
                "step_id": "The short name must be lower-case letters and numbers joined by hyphens, "
                "like agency-chronologies"
            }
        ) from None
    _checked(partnership, review_type, added=[step])
    local_step = LocalStep.objects.create(
        partnership=partnership,
        review_type=review_type,
        step_id=step_id,
        name=name.strip(),
        counts_from=counts_from,
        amount=period.amount,
        unit=period.unit.value,
        direction=period.direction.value,
    )
    store_next_steps(partnership.reviews.filter(review_type=review_type))
    return local_step


# --- evidence for the timeliness questions of the SCR and SAR markers ------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    """How a review is keeping to its timescales, from its step records: what the marker's questions on
    timeliness and on telling the board about delays are answered from."""

    steps: list[StepClock]
    on_time: int  # done by the due date
    late: list[StepClock]  # done late, or overdue now
    open: int  # not done, and not overdue
    extended: list[StepClock]  # with an agreed pause or extension
    started: datetime.date | None  # the decision to review, or the day it started
    finished: datetime.date | None  # the day it was published
    days_taken: int | None  # calendar days from started to finished (or to today while it runs)

    @property
    def unexplained(self) -> list[StepClock]:
        """Late steps with no reason recorded: what the board cannot have been told about."""
        return [
            item
            for item in self.late
            if not (item.record and (item.record.lateness_reason or item.record.circumstance))
        ]


def timeliness(review: Review, today: datetime.date | None = None) -> Timeliness:
    today = today or timezone.localdate()
    steps = review_steps(review, today)
    late = [item for item in steps if item.clock.status.late]
    started = review.decision_date or review.initiation_date
    finished = review.publication_date if review.publication_date and review.publication_date <= today else None
    return Timeliness(
        steps=steps,
        on_time=sum(item.clock.done is not None and not item.clock.status.late for item in steps),
        late=late,
        open=sum(item.clock.done is None and not item.clock.status.late for item in steps),
        extended=[item for item in steps if item.extensions],
        started=started,
        finished=finished,
        days_taken=((finished or today) - started).days if started else None,
    )


# --- the board's view across a partnership's reviews ------------------------------------------------------------


@dataclass(frozen=True)
class LateStep:
    name: str
    status: str  # "done late by 2 working days", "overdue by 5 working days"
    reason: str
    circumstance: str  # the kind of the linked complicating circumstance, or ""


@dataclass(frozen=True)
class BoardRow:
    pk: int
    reference: str
    review_type: str
    stage: str
    started: datetime.date | None
    finished: datetime.date | None
    days_taken: int | None
    steps: int
    late: list[LateStep]
    extensions: int


def board_view(partnership: Partnership, today: datetime.date | None = None) -> list[BoardRow]:
    """Every review of the partnership: how long it took (or has taken so far), how many of its steps were late
    and why. A fixed number of queries, whatever the number of reviews."""
    today = today or timezone.localdate()
    rows = list(
        Review.objects.filter(partnership=partnership)
        .order_by("reference")
        .values(*REVIEW_FIELDS, "reference", "stage")
    )
    clocks = clocks_of_reviews(rows, today)
    reasons = {
        (record["review_id"], record["step_id"]): record
        for record in StepRecord.objects.filter(review__partnership=partnership).values(
            "review_id", "step_id", "lateness_reason", "circumstance__kind"
        )
    }
    extensions: dict[int, int] = defaultdict(int)
    for review_id in Extension.objects.filter(review__partnership=partnership).values_list("review_id", flat=True):
        extensions[review_id] += 1
    kinds = dict(CircumstanceKind.choices)
    board = []
    for row in rows:
        started = row["decision_date"] or row["initiation_date"]
        published = row["publication_date"]
        finished = published if published and published <= today else None
        late = []
        for clock in clocks[row["pk"]]:
            if clock.status.late:
                record = reasons.get((row["pk"], clock.step.id), {})
                late.append(
                    LateStep(
                        clock.step.name,
                        str(clock.status),
                        record.get("lateness_reason") or "",
                        kinds.get(record.get("circumstance__kind"), ""),
                    )
                )
        board.append(
            BoardRow(
                pk=row["pk"],
                reference=row["reference"],
                review_type=ReviewType(row["review_type"]).label,
                stage=Stage(row["stage"]).label,
                started=started,
                finished=finished,
                days_taken=((finished or today) - started).days if started else None,
                steps=len(clocks[row["pk"]]),
                late=late,
                extensions=extensions[row["pk"]],
            )
        )
    return board


# --- a partnership's timescales page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeSteps:
    review_type: str
    label: str
    steps: StepSet
    changed: frozenset[str]  # local steps whose period the partnership has set
    own: frozenset[str]  # the partnership's own steps


def partnership_timescales(partnership: Partnership) -> tuple[list[TypeSteps], list[ClosureDay]]:
    """Each review type's steps as the partnership has them, and its closure days."""
    timescales = Timescales.of([partnership.pk])
    types = [
        TypeSteps(
            value,
            label,
            timescales.steps(partnership.pk, value),
            frozenset(timescales.periods.get((partnership.pk, value), {})),
            frozenset(step.id for step in timescales.local_steps.get((partnership.pk, value), ())),
        )
        for value, label in ReviewType.choices
    ]
    return types, list(partnership.closure_days.all())
