"""Adding partnerships and people from the command line, before there is a page for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from ..audit.capture import account_event
from ..audit.models import EventKind
from .models import Membership, Partnership
from .permissions import Role


@dataclass(frozen=True)
class Added:
    username: str
    partnership: str
    role: str
    created_user: bool


def role_from(text: str) -> Role:
    """A role from its value or its label, as a person would type it ("lead reviewer" or "lead_reviewer")."""
    wanted = text.strip().lower().replace("-", " ").replace("_", " ")
    for role in Role:
        if wanted in (role.value.replace("_", " "), role.label.lower()):
            return role
    choices = ", ".join(role.label.lower() for role in Role)
    raise ValueError(f"'{text}' is not a role. Use one of: {choices}")


@transaction.atomic
def add_person(
    username: str,
    partnership_name: str,
    role: Role,
    *,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    agency: str = "",
) -> Added:
    """Give a person a role in a partnership, creating either if needed. A new person needs a password; an
    agency lead needs their agency.

    Raises ValueError with a message for the user when the input cannot be used.
    """
    username = username.strip()
    agency = " ".join(agency.split())
    if not username:
        raise ValueError("Give a username.")
    if role == Role.AGENCY_LEAD and not agency:
        raise ValueError(
            'An agency lead updates their own agency\'s actions: give the agency, like --agency "Northtown NHS Trust".'
        )
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        if not password:
            raise ValueError(f"{username} is a new user: give them a password.")
        user = user_model(username=username, first_name=first_name.strip(), last_name=last_name.strip())
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValueError("The password is not strong enough: " + " ".join(error.messages)) from None
        user.set_password(password)
        user.save()
    partnership, _ = Partnership.objects.get_or_create(name=" ".join(partnership_name.split()))
    membership = Membership.objects.filter(user=user, partnership=partnership).first()
    if membership is not None and (membership.role != role or (agency and membership.agency != agency)):
        membership.role = role
        membership.agency = agency or membership.agency
        membership.save(update_fields=["role", "agency"])
    elif membership is None:
        Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency)
    return Added(username=username, partnership=partnership.name, role=role.label, created_user=created)


def _existing(username: str):
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise ValueError(f"There is nobody with the username '{username}'.")
    return user


@transaction.atomic
def set_password(username: str, password: str) -> None:
    """A new password for someone who has forgotten theirs. Raises ValueError saying what is wrong."""
    user = _existing(username)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValueError("The password is not strong enough: " + " ".join(error.messages)) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    account_event(EventKind.PASSWORD_CHANGE, user, "New password set from the command line")


@transaction.atomic
def turn_off_two_factor(username: str) -> bool:
    """Remove someone's authenticator app, for when they have lost it; whether there was one. If their
    partnership requires it, they set up a new one at their next sign-in."""
    from .models import AuthenticatorDevice

    user = _existing(username)
    deleted, _ = AuthenticatorDevice.objects.filter(user=user).delete()
    if deleted:
        account_event(EventKind.TWO_FACTOR_OFF, user, "Authenticator app removed from the command line")
    return bool(deleted)
