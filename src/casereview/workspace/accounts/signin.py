"""Throttling sign-in: after too many failures, an account, or an address, must wait before trying again.

Accounts and addresses have separate limits: one account is one person guessing or being guessed, while
one address may be a whole office behind a single router, so it may fail more often before it waits.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.utils import timezone

from .models import SignInFailure


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)


def _recent(**match):
    return SignInFailure.objects.filter(at__gt=timezone.now() - _window(), **match)


def _key(username: str) -> str:
    """One spelling per account: what people type varies in case and spaces; lowering can lengthen some
    letters, so the key is cut to the column's length."""
    return username.strip().lower()[: SignInFailure._meta.get_field("username").max_length]


def refusal(username: str, address: str | None) -> str | None:
    """Why this sign-in must wait, or None. Checked before the password, so a right guess during the wait
    is refused too."""
    username = _key(username)
    checks = [
        (_recent(username=username), settings.SIGN_IN_FAILURES_PER_ACCOUNT, "this account"),
    ]
    if address:
        checks.append((_recent(address=address), settings.SIGN_IN_FAILURES_PER_ADDRESS, "your network address"))
    for failures, limit, what in checks:
        latest = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(latest) >= limit:
            # It opens again when the oldest of the last `limit` failures leaves the window.
            opens_at = latest[-1] + _window()
            minutes = max(1, math.ceil((opens_at - timezone.now()).total_seconds() / 60))
            return (
                f"There have been too many failed sign-ins for {what}. Wait {minutes} minute"
                f"{'' if minutes == 1 else 's'} and try again. If you have forgotten your password, ask the person "
                "who runs casereview for your partnership to set a new one."
            )
    return None


def record_failure(username: str, address: str | None) -> None:
    SignInFailure.objects.create(username=_key(username), address=address)
    SignInFailure.objects.filter(at__lt=timezone.now() - _window()).delete()


def record_success(username: str) -> None:
    SignInFailure.objects.filter(username=_key(username)).delete()
