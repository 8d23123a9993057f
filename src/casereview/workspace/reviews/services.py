"""The register of reviews: finding a user's reviews, the rules on key dates, creating and changing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from casereview.markers import Framework, get_framework

from ..accounts.models import Membership, Partnership
from ..accounts.permissions import Action, NotFound, Role
from ..accounts.services import require
from ..clocks.services import NextStep, shown_next_steps, store_next_steps, store_stale_next_steps
from .models import Review, ReviewType, Stage

# Key dates in the order a review meets them; each must not come before the ones above it.
DATE_ORDER = (
    "incident_date",
    "aware_date",
    "notification_date",
    "decision_date",
    "initiation_date",
    "publication_date",
)
PAST_ONLY = ("incident_date", "aware_date", "notification_date", "decision_date", "publication_date")
NEXT_STEP_FIELDS = ("next_step_name", "next_step_due", "next_step_basis")


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
    aware_date: datetime.date | None = None,
    notification_date: datetime.date | None = None,
    decision_date: datetime.date | None = None,
    initiation_date: datetime.date | None = None,
    publication_date: datetime.date | None = None,
) -> Review:
    """Raises ReferenceTaken if another review of the partnership has the reference."""
    require(user, Action.CREATE_REVIEW, partnership)
    _claim_reference(partnership, reference)
    review = Review.objects.create(
        partnership=partnership,
        created_by=user,
        reference=reference,
        review_type=review_type,
        stage=stage,
        framework_id=framework_id,
        lead_reviewer=lead_reviewer,
        incident_date=incident_date,
        aware_date=aware_date,
        notification_date=notification_date,
        decision_date=decision_date,
        initiation_date=initiation_date,
        publication_date=publication_date,
    )
    store_next_steps(Review.objects.filter(pk=review.pk))
    review.refresh_from_db(fields=NEXT_STEP_FIELDS)
    return review


# What ``update_review`` writes: the whole register entry.
REGISTER_FIELDS = ("reference", "review_type", "stage", "framework_id", "lead_reviewer", *DATE_ORDER)


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
    aware_date: datetime.date | None,
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
    review.aware_date = aware_date
    review.notification_date = notification_date
    review.decision_date = decision_date
    review.initiation_date = initiation_date
    review.publication_date = publication_date
    # Only what this writes: the numbers last given to findings and recommendations move on under their own lock.
    review.save(update_fields=[*REGISTER_FIELDS, "updated_at"])
    store_next_steps(Review.objects.filter(pk=review.pk))
    review.refresh_from_db(fields=NEXT_STEP_FIELDS)
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
    # Only its own fields: the whole row would write back a next step read before someone recorded a step.
    review.save(update_fields=["closed_on", "closure_reason", "stage", "updated_at"])
    return review


@transaction.atomic
def archive_review(user: AbstractBaseUser, review: Review) -> Review:
    """Take a closed review off the register. Nothing is deleted; ``restore_review`` puts it back."""
    require(user, Action.EDIT_REVIEW, review.partnership)
    if review.closed_on is None:
        raise NotClosed("Close the review before archiving it")
    if review.archived_at is None:
        review.archived_at = timezone.now()
        review.save(update_fields=["archived_at", "updated_at"])
    return review


@transaction.atomic
def restore_review(user: AbstractBaseUser, review: Review) -> Review:
    """Put an archived review back on the register, as it was."""
    require(user, Action.EDIT_REVIEW, review.partnership)
    if review.archived_at is not None:
        review.archived_at = None
        review.save(update_fields=["archived_at", "updated_at"])
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


# The order of each sort but "due", as database expressions; every sort ends with the reference, then the id.
def _rank(values: list[str], field: str) -> Case:
    return Case(*(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)), default=Value(0))


REGISTER_ORDER = {
    "due": F("next_step_due").asc(nulls_last=True),  # reviews with no open step with a due date last
    "type": _rank([value for value, label in sorted(ReviewType.choices, key=lambda choice: choice[1])], "review_type"),
    "stage": _rank(list(Stage.values), "stage"),
}


@dataclass(frozen=True)
class RegisterRow:
    pk: int
    reference: str
    partnership_id: int
    review_type: str
    stage: str
    framework_id: str
    lead_reviewer: str  # the name to show, or "" when none is assigned
    next_step: NextStep | None
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
    """One page of the user's register: filtered, sorted and paged in the database from each review's stored next
    step, in a fixed number of queries whatever the number of reviews; only the shown rows' status is worked out."""
    reviews = filter_reviews(Review.objects.filter(partnership__memberships__user=user), filters)
    store_stale_next_steps(reviews)
    total = reviews.count()
    pages = max(1, -(-total // REGISTER_PAGE_SIZE))
    number = min(max(page, 1), pages)
    order = [REGISTER_ORDER[sort]] if sort in REGISTER_ORDER else []
    shown = list(
        reviews.order_by(*order, Lower("reference"), "pk").values(
            "pk",
            "reference",
            "partnership_id",
            "review_type",
            "stage",
            "framework_id",
            "archived_at",
            "next_step_name",
            "next_step_due",
            "lead_reviewer__first_name",
            "lead_reviewer__last_name",
            "lead_reviewer__username",
        )[(number - 1) * REGISTER_PAGE_SIZE : number * REGISTER_PAGE_SIZE]
    )
    upcoming = shown_next_steps(shown, today)
    return RegisterPage(
        [
            RegisterRow(
                pk=row["pk"],
                reference=row["reference"],
                partnership_id=row["partnership_id"],
                review_type=row["review_type"],
                stage=row["stage"],
                framework_id=row["framework_id"],
                lead_reviewer=(
                    f"{row['lead_reviewer__first_name']} {row['lead_reviewer__last_name']}".strip()
                    or row["lead_reviewer__username"]
                    if row["lead_reviewer__username"]
                    else ""
                ),
                next_step=upcoming[row["pk"]],
                archived=row["archived_at"] is not None,
            )
            for row in shown
        ],
        total,
        number,
        pages,
    )


# --- finding a review or partnership the command line names --------------------------------------------------


class NoSuchReview(LookupError):
    """No review or partnership, or more than one review, answers to what a command was given: the message says
    which and what to do. Every command that names a review (report, export) exits 2 with it."""


def find_partnership(name: str) -> Partnership:
    """The partnership called ``name``, in any case; NoSuchReview naming the partnerships there are."""
    partnership = Partnership.objects.filter(name__iexact=name.strip()).first()
    if partnership is None:
        names = ", ".join(Partnership.objects.values_list("name", flat=True)) or "none yet"
        raise NoSuchReview(f'There is no partnership called "{name}". Partnerships: {names}.')
    return partnership


def find_review(given: str, partnership: str | None = None) -> Review:
    """The review whose reference (as in the register, any case) or id is ``given``, within the partnership
    named if one is. Raises NoSuchReview with a message saying what was found instead."""
    reviews = Review.objects.select_related("partnership")
    if partnership:
        reviews = reviews.filter(partnership=find_partnership(partnership))
    found = list(reviews.filter(reference__iexact=given.strip()))
    if not found and given.strip().isdigit():
        found = list(reviews.filter(pk=int(given.strip())))
    if not found:
        raise NoSuchReview(
            f'No review has the reference or id "{given}"'
            + (f" in {partnership}" if partnership else "")
            + '. Give the reference as the register shows it, like "Child H", or the review\'s id.'
        )
    if len(found) > 1:
        where = "; ".join(f"{review.partnership.name} (id {review.pk})" for review in found)
        raise NoSuchReview(
            f'More than one review has the reference "{given}": {where}. Give the review\'s id, or name the '
            "partnership with --partnership."
        )
    return found[0]
