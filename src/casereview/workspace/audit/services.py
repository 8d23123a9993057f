"""Writing to the audit trail, and reading it back for the people allowed to see it."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from ..accounts.models import Partnership
from ..reviews.models import Review
from .models import AuditEvent, EventKind


def record_opening(
    request: HttpRequest, record: models.Model, *, partnership: Partnership, review: Review | None, description: str
) -> AuditEvent:
    """Log that the signed-in user opened a sensitive record. Call before the page shows it."""
    return AuditEvent.objects.create(
        user=request.user,
        username=request.user.get_username(),
        partnership=partnership,
        review=review,
        kind=EventKind.OPEN,
        object_type=record._meta.model_name,
        object_id=str(record.pk),
        description=description[:300],
        address=request.META.get("REMOTE_ADDR") or None,
    )


def openings_of(record: models.Model) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            kind=EventKind.OPEN, object_type=record._meta.model_name, object_id=str(record.pk)
        ).select_related("user")
    )
