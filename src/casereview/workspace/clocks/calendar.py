"""The calendar feed of due steps: one iCalendar file per partnership, at an address holding a secret of the
person's own, so that Outlook (or any calendar) can subscribe without signing in. Resetting the secret stops
every copy of the old address at once."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..accounts.models import Membership, Partnership
from ..accounts.permissions import NotFound
from ..audit.capture import account_event
from ..audit.models import EventKind
from ..reviews.models import Review, Stage
from .models import CalendarToken
from .services import REVIEW_FIELDS, clocks_of_reviews


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_token(user: AbstractBaseUser) -> str | None:
    """The person's secret, or None until they set up their calendar feed (``reset_calendar_token``): showing a
    page never makes one."""
    return CalendarToken.objects.filter(user=user).values_list("token", flat=True).first()


@transaction.atomic
def reset_calendar_token(user: AbstractBaseUser) -> str:
    """A new secret, the person's first or one replacing theirs: calendars subscribed at the old address get
    "not found" from now on."""
    token, created = CalendarToken.objects.get_or_create(user=user, defaults={"token": _new_token()})
    if not created:
        token.token = _new_token()
        token.save()
    done = "set up" if created else "reset"
    account_event(EventKind.CHANGE, user, f"Calendar feed address {done} by {user.get_username()}")
    return token.token


def feed_partnership(partnership_id: int, token: str) -> Partnership:
    """The partnership whose feed the token opens: the token's owner must belong to it. Anything else is a 404,
    so a wrong or old token tells nothing about what exists."""
    owner = CalendarToken.objects.filter(token=token).values_list("user_id", flat=True).first()
    membership = (
        Membership.objects.filter(user_id=owner, partnership_id=partnership_id).select_related("partnership").first()
        if owner is not None
        else None
    )
    if membership is None:
        raise NotFound("No such calendar")
    return membership.partnership


def feed(partnership: Partnership, today: datetime.date | None = None) -> bytes:
    """Every open step with a due date of the partnership's open reviews, as all-day events on the due date."""
    import icalendar  # only the feed needs it

    today = today or timezone.localdate()
    rows = list(
        Review.objects.filter(partnership=partnership)
        .exclude(stage=Stage.CLOSED)
        .order_by("reference")
        .values(*REVIEW_FIELDS, "reference")
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//casereview//due steps//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{partnership.name}: review steps due")
    stamp = timezone.now()
    clocks = clocks_of_reviews(rows, today)
    for row in rows:
        for clock in clocks[row["pk"]]:
            if clock.done is not None or clock.due is None:
                continue
            event = icalendar.Event()
            event.add("uid", f"review-{row['pk']}-{clock.step.id}@casereview")
            event.add("dtstamp", stamp)
            event.add("dtstart", clock.due)
            event.add("dtend", clock.due + datetime.timedelta(days=1))
            event.add("summary", f"{row['reference']}: {clock.step.name}")
            event.add("description", f"{row['reference']} ({partnership.name}): {clock.step.name}. {clock.status}.")
            event.add("transp", "TRANSPARENT")  # a deadline, not time that is busy
            calendar.add_component(event)
    return calendar.to_ical()
