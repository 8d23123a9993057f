"""The register of reviews: finding a user's reviews, the rules on key dates, creating and changing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casereview.markers import Framework, get_framework
from casereview.timescales import Clock

from ..accounts.models import Membership, Partnership
from ..accounts.permissions import Action, NotFound, Role
from ..accounts.services import require
from ..clocks.services import REVIEW_FIELDS, next_steps
from .models import Review, ReviewType, Stage

# Key dates in the order a review meets them; each must not come before the ones above it.
DATE_ORDER = ("incident_date", "notification_date", "decision_date", "initiation_date", "publication_date")
PAST_ONLY = ("incident_date", "notification_date", "decision_date", "publication_date")


def visible_reviews(user: AbstractBaseUser, *, include_archived: bool = False) -> QuerySet[Review]:
    """Every review of every partnership the user belongs to, and nothing else; archived reviews only if asked."""
    reviews = Review.objects.filter(partnership__memberships__user=user).select_related("partnership", "lead_reviewer")
    return reviews if include_archived else reviews.filter(archived_at__isnull=True)


def archived_count(user: AbstractBaseUser) -> int:
    return visible_reviews(user, include_archived=True).filter(archived_at__isnull=False).count()


def get_review(user: AbstractBaseUser, review_id: int) -> Review:
    """The review, if the user may see it, archived or not. Another partnership's review is NotFound (a 404): we never
    confirm it exists."""
    try:
        return visible_reviews(user, include_archived=True).get(pk=review_id)
    except Review.DoesNotExist:
        raise NotFound("No review found") from None


def date_problems(dates: Mapping[str, datetime.date | None], today: datetime.date | None = None) -> dict[str, str]:
    """Why a set of key dates cannot be right, by field; empty when they are consistent."""
    today = today or timezone.localdate()
    labels = {name: Review._meta.get_field(name).verbose_name for name in DATE_ORDER}
    problems: dict[str, str] = {}
    for name in PAST_ONLY:
        value = dates.get(name)
        if value and value > today:
            problems[name] = f"{labels[name]} must be today or in the past"
    for later_index, later in enumerate(DATE_ORDER):
        later_value = dates.get(later)
        if not later_value or later in problems:
            continue
        for earlier in reversed(DATE_ORDER[:later_index]):
            earlier_value = dates.get(earlier)
            if earlier_value:
                if later_value < earlier_value:
                    problems[later] = (
                        f"{labels[later]} must be the same as or after the {labels[earlier].lower()} "
                        f"({earlier_value:%-d %B %Y})"
                    )
                break
    return problems


def lead_reviewer_candidates(partnerships) -> list[Membership]:
    """The lead reviewers of these partnerships: the people a review's lead reviewer can be chosen from."""
    return list(
        Membership.objects.filter(partnership__in=partnerships, role=Role.LEAD_REVIEWER)
        .select_related("user", "partnership")
        .order_by("partnership__name", "user__first_name", "user__username")
    )


def lead_reviewers_of_reviews(user: AbstractBaseUser) -> list[tuple[int, str]]:
    """(id, name) of each person who leads one of the user's reviews: what the register can be filtered by."""
    people = (
        get_user_model()
        .objects.filter(led_reviews__in=Review.objects.filter(partnership__memberships__user=user))
        .distinct()
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in people]


def is_lead_reviewer_of(user_id: int, partnership: Partnership) -> bool:
    return Membership.objects.filter(user_id=user_id, partnership=partnership, role=Role.LEAD_REVIEWER).exists()


def reference_taken(partnership: Partnership, reference: str, excluding: Review | None = None) -> bool:
    reviews = Review.objects.filter(partnership=partnership, reference__iexact=reference.strip())
    if excluding is not None:
        reviews = reviews.exclude(pk=excluding.pk)
    return reviews.exists()


def reference_taken_message(partnership: Partnership, reference: str) -> str:
    return f"{partnership} already has a review called {reference}: use another reference"


class ReferenceTaken(ValueError):
    """Someone gave another review of the partnership this reference after the form was checked."""


def _claim_reference(partnership: Partnership, reference: str, excluding: Review | None = None) -> None:
    """Check the reference again under a lock on the partnership: two people adding "Child X" at once both pass
    the form's check. Call inside a transaction (on SQLite, the IMMEDIATE transaction is the lock)."""
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    if reference_taken(partnership, reference, excluding):
        raise ReferenceTaken(reference_taken_message(partnership, reference))


@transaction.atomic
def create_review(
    user: AbstractBaseUser,
    partnership: Partnership,
    *,
    reference: str,
    review_type: str,
    framework_id: str,
    stage: str = Stage.REFERRAL,
    lead_reviewer: AbstractBaseUser | None = None,
    incident_date: datetime.date | None = None,
    notification_date: datetime.date | None = None,
    decision_date: datetime.date | None = None,
    initiation_date: datetime.date | None = None,
    publication_date: datetime.date | None = None,
) -> Review:
    """Raises ReferenceTaken if another review of the partnership has the reference."""
    require(user, Action.CREATE_REVIEW, partnership)
    _claim_reference(partnership, reference)
    return Review.objects.create(
        partnership=partnership,
        created_by=user,
        reference=reference,
        review_type=review_type,
        stage=stage,
        framework_id=framework_id,
        lead_reviewer=lead_reviewer,
        incident_date=incident_date,
        notification_date=notification_date,
        decision_date=decision_date,
        initiation_date=initiation_date,
        publication_date=publication_date,
    )


@transaction.atomic
def update_review(
    user: AbstractBaseUser,
    review: Review,
    *,
    reference: str,
    review_type: str,
    stage: str,
    framework_id: str,
    lead_reviewer: AbstractBaseUser | None,
    incident_date: datetime.date | None,
    notification_date: datetime.date | None,
    decision_date: datetime.date | None,
    initiation_date: datetime.date | None,
    publication_date: datetime.date | None,
) -> Review:
    """Write the whole register entry. Raises ReferenceTaken if another review of the partnership has the
    reference."""
    require(user, Action.EDIT_REVIEW, review.partnership)
    _claim_reference(review.partnership, reference, excluding=review)
    review.reference = reference
    review.review_type = review_type
    review.stage = stage
    review.framework_id = framework_id
    imported = getattr(review, "import_record", None)
    if imported is not None and lead_reviewer is not None:
        # A lead reviewer kept by name from an imported file is replaced by the one chosen now, for good.
        imported.forget("review", review.pk, "lead_reviewer")
    review.lead_reviewer = lead_reviewer
    review.incident_date = incident_date
    review.notification_date = notification_date
    review.decision_date = decision_date
    review.initiation_date = initiation_date
    review.publication_date = publication_date
    review.save()
    return review


# --- closing and archiving ----------------------------------------------------------------------------------


def closure_problems(review: Review, closed_on: datetime.date | None, reason: str) -> dict[str, str]:
    """Why a closure cannot be recorded, by field: it needs its date, not in the future nor before the review
    started, and the reason."""
    problems: dict[str, str] = {}
    if closed_on is None:
        problems["closed_on"] = "Enter the date the review was closed"
    elif closed_on > timezone.localdate():
        problems["closed_on"] = "Date closed must be today or in the past"
    elif review.initiation_date and closed_on < review.initiation_date:
        problems["closed_on"] = (
            f"Date closed must be the same as or after the date the review started ({review.initiation_date:%-d %B %Y})"
        )
    if not reason.strip():
        problems["closure_reason"] = "Say why the review was closed, for example that the action plan was signed off"
    return problems


class NotClosed(ValueError):
    """Only a closed review can be archived: an open one has work and deadlines the register must show."""


@transaction.atomic
def close_review(user: AbstractBaseUser, review: Review, *, closed_on: datetime.date, reason: str) -> Review:
    """Record that the review's work has ended, when and why; its stage becomes Closed."""
    require(user, Action.EDIT_REVIEW, review.partnership)
    problems = closure_problems(review, closed_on, reason)
    if problems:
        raise ValueError("; ".join(problems.values()))
    review.closed_on = closed_on
    review.closure_reason = reason.strip()
    review.stage = Stage.CLOSED
    review.save()
    return review


@transaction.atomic
def archive_review(user: AbstractBaseUser, review: Review) -> Review:
    """Take a closed review off the register. Nothing is deleted; ``restore_review`` puts it back."""
    require(user, Action.EDIT_REVIEW, review.partnership)
    if review.closed_on is None:
        raise NotClosed("Close the review before archiving it")
    if review.archived_at is None:
        review.archived_at = timezone.now()
        review.save()
    return review


@transaction.atomic
def restore_review(user: AbstractBaseUser, review: Review) -> Review:
    """Put an archived review back on the register, as it was."""
    require(user, Action.EDIT_REVIEW, review.partnership)
    if review.archived_at is not None:
        review.archived_at = None
        review.save()
    return review


# --- the register: filtered, sorted by the next step's due date, paged ---------------------------------------------

REGISTER_PAGE_SIZE = 50
# Sort orders of the register, by the name in its address. "due" puts overdue reviews first: the next step's due
# date ascending, so the longest overdue lead; reviews with no open step with a due date come last.
REGISTER_SORTS = ("due", "reference", "type", "stage")


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed to; empty means every value."""

    stage: str = ""
    review_type: str = ""
    lead_reviewer_id: int | None = None
    include_archived: bool = False


def filter_reviews(reviews: QuerySet[Review], filters: RegisterFilters) -> QuerySet[Review]:
    if not filters.include_archived:
        reviews = reviews.filter(archived_at__isnull=True)
    if filters.stage:
        reviews = reviews.filter(stage=filters.stage)
    if filters.review_type:
        reviews = reviews.filter(review_type=filters.review_type)
    if filters.lead_reviewer_id is not None:
        reviews = reviews.filter(lead_reviewer_id=filters.lead_reviewer_id)
    return reviews


@dataclass(frozen=True)
class RegisterRow:
    pk: int
    reference: str
    partnership_id: int
    review_type: str
    stage: str
    framework_id: str
    lead_reviewer: str  # the name to show, or "" when none is assigned
    next_step: Clock | None
    archived: bool

    @property
    def framework(self) -> Framework:
        return get_framework(self.framework_id)

    @property
    def type_label(self) -> str:
        return ReviewType(self.review_type).label

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int
    number: int
    pages: int


def register_page(
    user: AbstractBaseUser,
    filters: RegisterFilters,
    *,
    sort: str = "due",
    page: int = 1,
    today: datetime.date | None = None,
) -> RegisterPage:
    """One page of the user's register, in a fixed number of queries whatever the number of reviews: each review
    is read as plain values (no objects), its next step computed in bulk, and names read only for the page."""
    fields = {*REVIEW_FIELDS, "reference", "stage", "framework_id", "lead_reviewer_id", "archived_at"}
    rows = list(
        filter_reviews(Review.objects.filter(partnership__memberships__user=user), filters).order_by().values(*fields)
    )
    upcoming = next_steps(rows, today)
    far_future = datetime.date.max
    keys = {
        "due": lambda row: (
            upcoming[row["pk"]] is None,
            upcoming[row["pk"]].due if upcoming[row["pk"]] else far_future,
        ),
        "reference": lambda row: row["reference"].casefold(),
        "type": lambda row: ReviewType(row["review_type"]).label,
        "stage": lambda row: Stage.values.index(row["stage"]),
    }
    rows.sort(key=lambda row: (keys[sort](row), row["reference"].casefold()))
    pages = max(1, -(-len(rows) // REGISTER_PAGE_SIZE))
    number = min(max(page, 1), pages)
    shown = rows[(number - 1) * REGISTER_PAGE_SIZE : number * REGISTER_PAGE_SIZE]
    lead_ids = {row["lead_reviewer_id"] for row in shown if row["lead_reviewer_id"]}
    names = {
        person["pk"]: f"{person['first_name']} {person['last_name']}".strip() or person["username"]
        for person in get_user_model()
        .objects.filter(pk__in=lead_ids)
        .values("pk", "first_name", "last_name", "username")
    }
    return RegisterPage(
        [
            RegisterRow(
                pk=row["pk"],
                reference=row["reference"],
                partnership_id=row["partnership_id"],
                review_type=row["review_type"],
                stage=row["stage"],
                framework_id=row["framework_id"],
                lead_reviewer=names.get(row["lead_reviewer_id"], ""),
                next_step=upcoming[row["pk"]],
                archived=row["archived_at"] is not None,
            )
            for row in shown
        ],
        len(rows),
        number,
        pages,
    )
