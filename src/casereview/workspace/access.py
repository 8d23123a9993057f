"""The one access check of the pages of a review or a partnership.

The object is found among the user's own (another partnership's is not found, so we never confirm it exists),
then a role the action is not for is refused before anything inside the object is looked up, so a refusal
never says whether a record exists either. Refusals are worded once, in ``accounts.permissions.REFUSALS``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .accounts.permissions import Action
from .accounts.services import get_partnership, require, require_on_review
from .reviews.services import get_review


def review_view(action: Action) -> Callable:
    """Pass the view the review in place of its id, once the user may take the action on it."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, review_id: int, *args, **kwargs) -> HttpResponse:
            review = get_review(request.user, review_id)
            require_on_review(request.user, action, review)
            return view(request, review, *args, **kwargs)

        return wrapped

    return decorate


def partnership_view(action: Action) -> Callable:
    """Pass the view the partnership in place of its id, once the user may take the action in it."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, partnership_id: int, *args, **kwargs) -> HttpResponse:
            partnership = get_partnership(request.user, partnership_id)
            require(request.user, action, partnership)
            return view(request, partnership, *args, **kwargs)

        return wrapped

    return decorate
