"""Two-factor authentication with an authenticator app (TOTP, RFC 6238), and the partnership policy that
says who must use it."""

from __future__ import annotations

import hmac
import time

import pyotp
import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..audit.capture import account_event
from ..audit.models import EventKind
from .models import AuthenticatorDevice, Membership
from .permissions import Role

ISSUER = "casereview"
STEP_SECONDS = 30


def required_by(user: AbstractBaseUser) -> list[str]:
    """The partnerships whose policy requires this user to use an authenticator app."""
    memberships = Membership.objects.filter(user=user).select_related("partnership")
    return [m.partnership.name for m in memberships if m.role in m.partnership.two_factor_roles]


def confirmed_device(user: AbstractBaseUser) -> AuthenticatorDevice | None:
    device = AuthenticatorDevice.objects.filter(user=user).first()
    return device if device is not None and device.confirmed else None


def device_to_confirm(user: AbstractBaseUser) -> AuthenticatorDevice:
    """The unconfirmed device being set up, with a fresh secret if there is none yet."""
    device, _ = AuthenticatorDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    return device


def setup_uri(device: AuthenticatorDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def qr_svg(device: AuthenticatorDevice) -> str:
    """The set-up link as a QR code, inline SVG markup made by segno from our own data."""
    return segno.make(setup_uri(device), error="m").svg_inline(scale=5, title="QR code for your authenticator app")


def secret_in_groups(device: AuthenticatorDevice) -> str:
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


@transaction.atomic
def verify(device: AuthenticatorDevice, code: str, at: float | None = None) -> bool:
    """Whether the code is right now (allowing one step of clock drift either way) and not used before."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    device = AuthenticatorDevice.objects.select_for_update().get(pk=device.pk)
    now = at if at is not None else time.time()
    totp = pyotp.TOTP(device.secret)
    current_step = int(now // STEP_SECONDS)
    for step in (current_step - 1, current_step, current_step + 1):
        if step > device.last_used_step and hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            device.last_used_step = step
            if device.confirmed_at is None:
                device.confirmed_at = timezone.now()
                account_event(EventKind.TWO_FACTOR_ON, device.user, "Set up an authenticator app for two-factor")
            device.save(update_fields=["last_used_step", "confirmed_at"])
            return True
    return False


class RequiredByPolicy(Exception):
    """The person's partnership requires an authenticator app for their role; the message names it."""


@transaction.atomic
def turn_off(user: AbstractBaseUser) -> None:
    """Someone turning off their own authenticator app: refused while a partnership's policy requires it.
    (Removing a lost app is ``people.turn_off_two_factor``: they must then set up a new one.)"""
    required_by_ = required_by(user)
    if required_by_:
        raise RequiredByPolicy(f"{', '.join(required_by_)} requires two-factor authentication for your role.")
    AuthenticatorDevice.objects.filter(user=user).delete()
    account_event(EventKind.TWO_FACTOR_OFF, user, "Turned off their authenticator app")


def role_labels(values: list[str]) -> list[str]:
    return [Role(value).label for value in values if value in Role.values]
