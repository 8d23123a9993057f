from django.conf import settings
from django.db import models

from .permissions import Role


def default_two_factor_roles() -> list[str]:
    return [Role.BUSINESS_MANAGER.value]


class Partnership(models.Model):
    """A safeguarding partnership (or adults board): the owner of its reviews and the edge of all access."""

    name = models.CharField(max_length=200, unique=True)
    # Roles that must use an authenticator app to sign in; business managers by default.
    two_factor_roles = models.JSONField(default=default_two_factor_roles, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    # The agency the person works for, as actions name it; an agency lead must have one (it is what they update).
    agency = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_role_per_partnership"),
            models.CheckConstraint(
                condition=~models.Q(role="agency_lead", agency=""), name="an_agency_lead_has_an_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display().lower()} in {self.partnership}"


class SignInFailure(models.Model):
    """A failed sign-in, kept for the throttling window: by the username typed and the address it came from."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"failed sign-in as {self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class AuthenticatorDevice(models.Model):
    """A person's authenticator app: the shared secret, and the last time step used, so a code works once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authenticator")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"authenticator app of {self.user}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
