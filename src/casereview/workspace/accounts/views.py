from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from . import signin


class SignInForm(AuthenticationForm):
    """Sign-in that waits after too many failures: the wait is checked before the password is."""

    def clean(self):
        username = self.data.get("username", "")
        address = self.request.META.get("REMOTE_ADDR") if self.request else None
        wait = signin.refusal(username, address)
        if wait:
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
        signin.record_success(form.get_user().get_username())
        return super().form_valid(form)

    def form_invalid(self, form):
        throttled = any(error.code == "throttled" for error in form.errors.as_data().get("__all__", []))
        return self.render_to_response(self.get_context_data(form=form), status=429 if throttled else 400)


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("reviews:register")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
