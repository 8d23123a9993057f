"""The audit trail: who did what to which record, when and from where. Entries are only ever added.

Append-only is enforced three times: ``save()`` and ``delete()`` on an entry, ``update()`` and ``delete()`` on
the manager's querysets, and triggers in the database (migration 0003) that refuse any UPDATE or DELETE except
the two the foreign keys need: clearing ``review`` when a review is deleted and ``user`` when an account is.
"""

from django.conf import settings
from django.db import models

from ..accounts.models import Partnership
from ..reviews.models import Review


class EventKind(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    OPEN = "open", "Opened"
    DOWNLOAD = "download", "Downloaded"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    PASSWORD_CHANGE = "password", "Changed password"
    TWO_FACTOR_ON = "two_factor_on", "Turned on two-factor"
    TWO_FACTOR_OFF = "two_factor_off", "Turned off two-factor"


class AppendOnly(models.QuerySet):
    """A bulk change or delete of the trail is refused here, before the database refuses it too."""

    def update(self, **kwargs):
        raise ValueError("Audit events are never changed once written.")

    def delete(self):
        raise ValueError("Audit events are never deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True)
    # For a change to records, who made it; for an account event (sign-in, password...), whose account it was.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as text as well, so the trail still says who it was if the account is later removed; for a failed
    # sign-in, the username that was tried.
    username = models.CharField(max_length=150)
    # A partnership's trail outlives everything in it: a partnership with a trail cannot be deleted.
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    description = models.CharField(max_length=300)
    # For a change, only the fields that changed; for a create, all of them after; for a delete, all before.
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            # The trail page reads one partnership's entries newest first, a page at a time from a (at, id) key.
            models.Index(fields=["partnership", "at", "id"], name="audit_event_trail"),
            # The same, for one person's entries (the people filter), so a rare name is not looked for row by row.
            models.Index(fields=["partnership", "username", "at", "id"], name="audit_event_trail_person"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.get_kind_display().lower()} {self.description} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted.")
