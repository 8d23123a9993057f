import functools

from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor


class TwoFactorPolicyMiddleware:
    """Someone whose partnership requires an authenticator app for their role, and who has none yet, can do
    nothing but set one up (or sign out) until they have."""

    ALLOWED = ("accounts:two-factor", "accounts:sign-out")

    def __init__(self, get_response):
        self.get_response = get_response

    @functools.cached_property
    def allowed_paths(self) -> frozenset[str]:
        return frozenset(reverse(name) for name in self.ALLOWED)

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.path not in self.allowed_paths
            and not request.path.startswith("/static/")
            and twofactor.confirmed_device(user) is None
            and twofactor.required_by(user)
        ):
            return redirect("accounts:two-factor")
        return self.get_response(request)
