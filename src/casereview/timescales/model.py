"""The steps of a review and their timescales, as read from the step files."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from .workdays import WorkingCalendar, add_months

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# The workspace's ReviewType values (workspace/reviews/models.py), repeated here because engines never import Django.
ReviewType = Literal["scr", "rapid_review", "lcspr", "sar_mandatory", "sar_discretionary", "dhr", "other"]
REVIEW_TYPES: tuple[str, ...] = get_args(ReviewType)

# The dates of a review that a step can count from, besides another step. The workspace maps its own fields to these.
KEY_DATES: dict[str, str] = {
    "incident": "the serious incident",
    "aware": "the day the local authority (or board) became aware of the incident",
    "referral": "the day the case was referred to the partnership for a decision",
    "decision": "the decision to hold the review",
    "initiation": "the day the review started",
    "publication": "the day the report is (or is planned to be) published",
}


class Unit(StrEnum):
    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "calendar days"
    MONTHS = "months"


class Direction(StrEnum):
    AFTER = "after"
    BEFORE = "before"


class Basis(StrEnum):
    """Where a timescale comes from: law or statutory guidance, a national body's expectation, or the partnership."""

    STATUTORY = "statutory"
    NATIONAL = "national"
    LOCAL = "local"


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    amount: int
    unit: Unit
    direction: Direction = Direction.AFTER

    def apply(self, start: date, calendar: WorkingCalendar) -> date:
        """The due date of a step whose period counts from ``start``: day 0 is ``start`` itself."""
        amount = self.amount if self.direction is Direction.AFTER else -self.amount
        if self.unit is Unit.WORKING_DAYS:
            return calendar.add_working_days(start, amount)
        if self.unit is Unit.MONTHS:
            return add_months(start, amount)
        return start + timedelta(days=amount)

    def __str__(self) -> str:
        unit = self.unit.value if self.amount != 1 else self.unit.value.removesuffix("s")
        return f"{self.amount} {unit} {self.direction.value}"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: Text
    section: Text
    url: Text
    quote: Text | None = None  # a few words only, exactly as the source has them
    note: Text | None = None  # how the fact was checked, and any doubt about it

    @field_validator("url")
    @classmethod
    def _web_address(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")) or any(c.isspace() for c in url):
            raise ValueError("a source's url must be a web address starting with https:// (or http://)")
        return url


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    counts_from: Slug  # another step's id or one of KEY_DATES
    period: Period
    basis: Basis
    source: Source | None = None
    note: Text | None = None

    @property
    def statutory(self) -> bool:
        return self.basis is Basis.STATUTORY

    @property
    def set_nationally(self) -> bool:
        """Set by law, statutory guidance or a national body: a partnership cannot change its period."""
        return self.basis is not Basis.LOCAL


class StepSet(BaseModel):
    """The steps of one or more review types, in the order a review meets them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    review_types: tuple[ReviewType, ...]
    title: Text
    note: Text | None = None
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
