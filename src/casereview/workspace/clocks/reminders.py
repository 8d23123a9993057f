"""What is due: the open steps of every review, for ``casereview due`` and ``casereview remind``.

A reminder goes to each business manager of the review's partnership and to its lead reviewer, one email per
person per review, listing the steps that are overdue, due today or due within N working days. Each is sent at
most once a day (``ReminderSent``), so cron can run ``casereview remind`` as often as it likes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from casereview.timescales import Clock, State, due_soon

from ..accounts.models import Membership
from ..accounts.permissions import Role
from ..reviews.models import Review, Stage
from .models import ReminderSent
from .services import REVIEW_FIELDS, clocks_of_reviews


@dataclass(frozen=True)
class DueReview:
    review_id: int
    reference: str
    partnership_id: int
    partnership: str
    lead_reviewer_id: int | None
    steps: list[Clock]  # open steps with a due date, soonest (so most overdue) first


def open_steps(
    *, within: int | None = None, partnership: str | None = None, today: datetime.date | None = None
) -> list[DueReview]:
    """Every review (of one partnership, if named) with open steps that have a due date, most urgent first.
    With ``within``, only steps overdue, due today or due within that many working days. Closed reviews are left
    out: their clocks have stopped."""
    today = today or timezone.localdate()
    reviews = Review.objects.exclude(stage=Stage.CLOSED).order_by("partnership__name", "reference")
    if partnership is not None:
        reviews = reviews.filter(partnership__name=partnership)
    rows = list(reviews.values(*REVIEW_FIELDS, "reference", "lead_reviewer_id", "partnership__name"))
    clocks = clocks_of_reviews(rows, today)
    found = []
    for row in rows:
        steps = due_soon(clocks[row["pk"]], within) if within is not None else clocks[row["pk"]]
        steps = sorted((clock for clock in steps if clock.done is None and clock.due), key=lambda clock: clock.due)
        if steps:
            found.append(
                DueReview(
                    row["pk"],
                    row["reference"],
                    row["partnership_id"],
                    row["partnership__name"],
                    row["lead_reviewer_id"],
                    steps,
                )
            )
    return sorted(found, key=lambda review: (review.steps[0].due, review.partnership, review.reference))


def describe(clock: Clock) -> str:
    return f"{clock.step.name}: due {clock.due:%-d %B %Y}, {clock.status}"


@dataclass
class RemindReport:
    sent: list[str]  # "amina about Child H"
    already_sent: int
    no_address: list[str]  # people to remind who have no email address


def send_reminders(*, within: int = 3, today: datetime.date | None = None) -> RemindReport:
    """Email the steps due within ``within`` working days and those overdue, once a day per person and review."""
    today = today or timezone.localdate()
    due = open_steps(within=within, today=today)
    managers: dict[int, list[int]] = defaultdict(list)
    for partnership_id, user_id in Membership.objects.filter(
        partnership_id__in={review.partnership_id for review in due}, role=Role.BUSINESS_MANAGER
    ).values_list("partnership_id", "user_id"):
        managers[partnership_id].append(user_id)
    wanted = {user_id for ids in managers.values() for user_id in ids} | {
        review.lead_reviewer_id for review in due if review.lead_reviewer_id
    }
    people = get_user_model().objects.in_bulk(wanted)
    report = RemindReport([], 0, [])
    for review in due:
        recipients = dict.fromkeys([*managers[review.partnership_id], review.lead_reviewer_id])
        for user_id in filter(None, recipients):
            person = people[user_id]
            if not person.email:
                report.no_address.append(f"{person.get_username()} ({review.reference})")
                continue
            if _send_once(person, review, today, within):
                report.sent.append(f"{person.get_username()} about {review.reference}")
            else:
                report.already_sent += 1
    return report


def _send_once(person, review: DueReview, today: datetime.date, within: int) -> bool:
    """Send unless this reminder went today. The record and the sending share a transaction: a failed send
    leaves no record, so the next run tries again."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(review_id=review.review_id, recipient=person, sent_on=today)
            overdue = sum(clock.status.state is State.OVERDUE for clock in review.steps)
            subject = f"{review.reference}: {len(review.steps)} step{'s' if len(review.steps) != 1 else ''} due"
            if overdue:
                subject += f", {overdue} overdue"
            lines = [
                f"Hello {person.get_short_name() or person.get_username()},",
                "",
                f"These steps of {review.reference} ({review.partnership}) are overdue or due within {within} "
                "working days:",
                "",
                *(f"- {describe(clock)}" for clock in review.steps),
                "",
                "Record when a step is done, or a pause or extension and who agreed it, on the review's page in "
                "casereview.",
            ]
            send_mail(f"casereview: {subject}", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [person.email])
    except IntegrityError:
        return False
    return True
