import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from ..access import partnership_view
from ..audit.capture import account_event, sign_in_failed
from ..audit.models import EventKind
from ..clocks.calendar import calendar_token
from ..forms import form_status
from ..views import not_allowed
from . import signin, twofactor
from .forms import CodeForm, PolicyForm
from .models import Partnership
from .permissions import Action
from .services import memberships_of, set_two_factor_roles

# How long the step between password and code may take before the password must be given again.
PENDING_SECONDS = 5 * 60


class SignInForm(AuthenticationForm):
    """Sign-in that waits after too many failures: the wait is checked before the password is."""

    def clean(self):
        # No username holds a NUL character (the field refuses one), and PostgreSQL refuses one in a query.
        username = self.data.get("username", "").replace("\x00", "")
        address = self.request.META.get("REMOTE_ADDR") if self.request else None
        wait = signin.refusal(username, address)
        if wait:
            sign_in_failed(username, "refused after too many failures")
            raise ValidationError(wait, code="throttled")
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                signin.record_failure(username, address)
                wait = signin.refusal(username, address)
                if wait:
                    raise ValidationError(wait, code="throttled") from None
            raise


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.confirmed_device(user) is not None:
            # Not signed in yet: the code comes first. Failures stay counted until then, so going back to the
            # password does not buy more guesses at the code.
            self.request.session["pending_sign_in"] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "at": time.time(),
            }
            return redirect("accounts:verify")
        signin.record_success(user.get_username())
        response = super().form_valid(form)
        if twofactor.required_by(user):
            return redirect("accounts:two-factor")
        return response

    def form_invalid(self, form):
        throttled = any(error.code == "throttled" for error in form.errors.as_data().get("__all__", []))
        return self.render_to_response(self.get_context_data(form=form), status=429 if throttled else 400)


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("reviews:register")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            account_event(EventKind.PASSWORD_CHANGE, self.request.user, "Changed their password")
        messages.success(self.request, "Your password has been changed.")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _pending(request: HttpRequest):
    pending = request.session.get("pending_sign_in")
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=pending["user"], is_active=True).first()


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for someone with an authenticator app."""
    user = _pending(request)
    if user is None:
        request.session.pop("pending_sign_in", None)
        messages.info(request, "Sign in again: the time to enter the code ran out.")
        return redirect("accounts:sign-in")
    form = CodeForm(request.POST or None)
    address = request.META.get("REMOTE_ADDR")
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = signin.refusal(user.get_username(), address)
        if wait:
            sign_in_failed(user.get_username(), "refused after too many failures")
            form.add_error("code", wait)
            status = 429
        elif twofactor.verify(twofactor.confirmed_device(user), form.cleaned_data["code"]):
            pending = request.session.pop("pending_sign_in")
            login(request, user, backend=pending["backend"])
            signin.record_success(user.get_username())
            return redirect(pending["next"])
        else:
            signin.record_failure(user.get_username(), address)
            sign_in_failed(user.get_username(), "wrong authenticator code")
            form.add_error("code", "That code is not right. Enter the code your authenticator app shows now")
    if form.errors and status == 200:
        status = 400
    return render(request, "accounts/verify.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app, or see that it is on (and turn it off where no policy requires it)."""
    required_by = twofactor.required_by(request.user)
    device = twofactor.confirmed_device(request.user)
    if device is not None:
        if request.method == "POST" and request.POST.get("action") == "turn-off":
            try:
                twofactor.turn_off(request.user)
            except twofactor.RequiredByPolicy as refusal:
                return not_allowed(request, str(refusal))
            messages.success(request, "Two-factor authentication is off.")
            return redirect("accounts:account")
        return render(request, "accounts/two_factor_on.html", {"device": device, "required_by": required_by})
    device = twofactor.device_to_confirm(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(device, form.cleaned_data["code"]):
            messages.success(request, "Two-factor authentication is on. You will need your app each time you sign in.")
            return redirect("accounts:account")
        form.add_error(
            "code", "That code is not right. Check the app shows casereview, and enter the code it shows now"
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "required_by": required_by,
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_in_groups(device),
        },
        status=form_status(form),
    )


def account(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    token = calendar_token(request.user) if memberships else None
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships,
            "calendars": [
                (
                    membership.partnership,
                    request.build_absolute_uri(reverse("timescales:calendar", args=[membership.partnership_id, token])),
                )
                for membership in memberships
                if token
            ],
            "two_factor_on": twofactor.confirmed_device(request.user) is not None,
            "required_by": twofactor.required_by(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_view(Action.EDIT_SECURITY_POLICY)
def security_policy(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = PolicyForm(request.POST or None, initial={"two_factor_roles": partnership.two_factor_roles})
    if request.method == "POST" and form.is_valid():
        set_two_factor_roles(request.user, partnership, form.cleaned_data["two_factor_roles"])
        messages.success(request, "Security policy saved.")
        return redirect("accounts:security-policy", partnership_id=partnership.pk)
    return render(
        request,
        "accounts/security_policy.html",
        {"partnership": partnership, "form": form, "required": twofactor.role_labels(partnership.two_factor_roles)},
        status=form_status(form),
    )
