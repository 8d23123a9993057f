"""The audit trail: who did what to which record, when and from where. Entries are only ever added."""

from django.conf import settings
from django.db import models

from ..accounts.models import Partnership
from ..reviews.models import Review


class EventKind(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    OPEN = "open", "Opened"


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as text as well, so the trail still says who it was if the account is later removed.
    username = models.CharField(max_length=150)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    description = models.CharField(max_length=300)
    # For a change, only the fields that changed; for a create, all of them after; for a delete, all before.
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_event_object")]

    def __str__(self) -> str:
        return f"{self.username} {self.get_kind_display().lower()} {self.description} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted.")
