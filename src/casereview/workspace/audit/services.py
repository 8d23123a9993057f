"""Writing to the audit trail, and reading it back for the people allowed to see it."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ..accounts.models import Partnership
from ..reviews.models import Review
from .capture import SCOPES
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


# --- reading the trail -------------------------------------------------------------------------------------

PAGE_SIZE = 50
# A spreadsheet treats a cell starting with one of these as a formula; the trail holds what users typed.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def trail(
    partnership: Partnership,
    *,
    review: Review | None = None,
    username: str = "",
    kind: str = "",
    record_type: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The partnership's trail, latest first, narrowed by whichever filters are given."""
    events = AuditEvent.objects.filter(partnership=partnership).select_related("review")
    if review is not None:
        events = events.filter(review=review)
    if username:
        events = events.filter(username=username)
    if kind:
        events = events.filter(kind=kind)
    if record_type:
        events = events.filter(object_type=record_type)
    if since:
        events = events.filter(at__gte=_start_of(since))
    if until:
        events = events.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
    return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def usernames_in(partnership: Partnership) -> list[str]:
    return sorted(set(AuditEvent.objects.filter(partnership=partnership).values_list("username", flat=True)))


def record_types() -> list[tuple[str, str]]:
    """(object type, plain name) for every kind of record the trail can name."""
    models_ = [apps.get_model(label) for label in SCOPES]
    return sorted(
        {(model._meta.model_name, str(model._meta.verbose_name).capitalize()) for model in models_}, key=lambda t: t[1]
    )


def changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """(field, before, after) for each field the event names."""
    before, after = event.before or {}, event.after or {}
    return [(name, before.get(name), after.get(name)) for name in dict.fromkeys([*before, *after])]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_HEADER = ["When (UTC)", "Who", "Action", "Record type", "Record id", "Record", "Review", "Address", "Changes"]


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    """The trail as spreadsheet rows, each cell plain text that no spreadsheet will run as a formula."""
    yield CSV_HEADER
    for event in events.iterator() if isinstance(events, QuerySet) else events:
        changed = {name: {"before": old, "after": new} for name, old, new in changes(event)}
        yield [
            _cell(value)
            for value in (
                event.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                event.username,
                event.get_kind_display(),
                event.object_type,
                event.object_id,
                event.description,
                event.review.reference if event.review else "",
                event.address or "",
                json.dumps(changed, ensure_ascii=False, cls=DjangoJSONEncoder) if changed else "",
            )
        ]
