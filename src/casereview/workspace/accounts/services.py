"""Memberships and the checks every view makes before it shows or changes anything."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Membership, Partnership
from .permissions import Action, NotAllowed, NotFound, Role, role_may


def role_in(user: AbstractBaseUser, partnership: Partnership) -> str | None:
    """The user's role in the partnership, or None when they are not a member."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, partnership=partnership).only("role").first()
    return membership.role if membership else None


def may(user: AbstractBaseUser, action: Action, partnership: Partnership) -> bool:
    return role_may(role_in(user, partnership), action)


def may_on_review(user: AbstractBaseUser, action: Action, review) -> bool:
    """Like ``may``, for an action some roles hold only on the review they lead."""
    leads = user.is_authenticated and review.lead_reviewer_id == user.pk
    return role_may(role_in(user, review.partnership), action, leads_the_review=leads)


def same_agency(first: str, second: str) -> bool:
    """Whether two agency names, as people typed them, name the same agency: case and spacing do not count."""
    return bool(first.strip()) and " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def may_for_agency(user: AbstractBaseUser, action: Action, partnership: Partnership, agency: str) -> bool:
    """Like ``may``, for an action some roles hold only on the records of their own agency (``agency``: the
    agency the record in question belongs to)."""
    if not user.is_authenticated:
        return False
    membership = Membership.objects.filter(user=user, partnership=partnership).only("role", "agency").first()
    if membership is None:
        return False
    return role_may(membership.role, action, of_own_agency=same_agency(membership.agency, agency))


def agency_of(user: AbstractBaseUser, partnership: Partnership) -> str:
    """The agency the user's membership of the partnership names ("" when none)."""
    membership = Membership.objects.filter(user=user, partnership=partnership).only("agency").first()
    return membership.agency if membership else ""


def allowed_on_review(user: AbstractBaseUser, review, actions: Iterable[Action]) -> frozenset[Action]:
    """Which of the actions the user may take on the review, from one read of their role: for a page that
    shows or hides several things by role."""
    role = role_in(user, review.partnership)
    leads = user.is_authenticated and review.lead_reviewer_id == user.pk
    return frozenset(action for action in actions if role_may(role, action, leads_the_review=leads))


def require_on_review(user: AbstractBaseUser, action: Action, review) -> None:
    """Like ``require``, for an action on a review: an own-review-only role holds it on the review it leads."""
    if not may_on_review(user, action, review):
        raise NotAllowed(action, review)


def require(user: AbstractBaseUser, action: Action, partnership: Partnership) -> None:
    """Refuse (NotAllowed, a 403 page) when the user's role does not allow the action.

    Call only after the object was found through the user's own memberships, so a 403 never confirms that
    another partnership's review exists (those are 404 before we get here).
    """
    if not may(user, action, partnership):
        raise NotAllowed(action)


def partnerships_where(user: AbstractBaseUser, action: Action) -> list[Partnership]:
    memberships = Membership.objects.filter(user=user).select_related("partnership").order_by("partnership__name")
    return [m.partnership for m in memberships if role_may(m.role, action)]


def memberships_of(user: AbstractBaseUser) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("partnership").order_by("partnership__name"))


def get_partnership(user: AbstractBaseUser, partnership_id: int) -> Partnership:
    """The partnership, if the user belongs to it. Another partnership is NotFound: we never confirm it exists."""
    membership = Membership.objects.filter(user=user, partnership_id=partnership_id).select_related("partnership")
    found = membership.first()
    if found is None:
        raise NotFound("No such partnership")
    return found.partnership


@transaction.atomic
def set_two_factor_roles(user: AbstractBaseUser, partnership: Partnership, roles) -> None:
    require(user, Action.EDIT_SECURITY_POLICY, partnership)
    partnership.two_factor_roles = [Role(role).value for role in roles]
    partnership.save(update_fields=["two_factor_roles"])
