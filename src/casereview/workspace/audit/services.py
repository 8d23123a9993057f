"""Writing to the audit trail, and reading it back for the people allowed to see it."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ..accounts.models import Membership, Partnership
from ..reviews.models import Review
from . import capture
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


def record_taken_out(
    *,
    partnership: Partnership,
    review: Review | None,
    what: str,
    object_id: str,
    description: str,
    after: dict | None = None,
) -> AuditEvent:
    """Log that a copy of something left casereview (a letter, a report, a review file, the trail as CSV), naming
    who took it: on a page the signed-in user and their address, on the command line the system account that ran
    the command (``capture.command_line_actor``). Call before the copy is handed over."""
    actor = capture.current_actor()
    return AuditEvent.objects.create(
        user=actor.user,
        username=actor.username,
        partnership=partnership,
        review=review,
        kind=EventKind.DOWNLOAD,
        object_type=what,
        object_id=object_id,
        description=description[:300],
        after=after,
        address=actor.address,
    )


class NotWritten(Exception):
    """A copy that could not be written where it was asked for; the message says where and why."""


def write_taken_out(
    path: Path,
    content: bytes,
    *,
    partnership: Partnership,
    review: Review | None,
    what: str,
    object_id: str,
    description: str,
) -> AuditEvent:
    """Write a copy of something to the file ``path``, with its audit entry (``record_taken_out``). The content is
    written to ``<path>.partial`` first and renamed to ``path`` inside the transaction that records it, so no file
    is there without its entry; when the entry cannot be written, neither is the file."""
    partial = path.with_name(path.name + ".partial")
    placed = False
    try:
        partial.write_bytes(content)
        with transaction.atomic():
            event = record_taken_out(
                partnership=partnership, review=review, what=what, object_id=object_id, description=description
            )
            partial.rename(path)
            placed = True
    except BaseException as error:
        # A commit that failed after the rename takes the file away with its entry.
        (path if placed else partial).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise NotWritten(f"Could not write {path}: {error.strerror or error}.") from None
        raise
    return event


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
    if username == capture.COMMAND_LINE.username:
        # Each command names the system account that ran it, "command line (amina)": asked for the command line,
        # the trail shows them all.
        events = events.filter(Q(username=username) | Q(username__startswith=f"{username} ("))
    elif username:
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


def member_usernames(partnership: Partnership) -> list[str]:
    """The people to filter the trail by: the partnership's members now (a few dozen rows, however long the
    trail). Someone who has left is found by typing their username."""
    return sorted(Membership.objects.filter(partnership=partnership).values_list("user__username", flat=True))


# What the trail names besides records: accounts, letters, review files and the trail itself.
_OTHER_TYPES = {
    "user": "Account",
    "letter": "Letter",
    "audittrail": "Audit trail",
    "reviewexport": "Review export",
    "reviewimport": "Review import",
}


def record_types() -> list[tuple[str, str]]:
    """(object type, plain name) for every kind of record the trail can name."""
    models_ = [apps.get_model(label) for label in SCOPES]
    named = {(model._meta.model_name, str(model._meta.verbose_name).capitalize()) for model in models_}
    return sorted(named | set(_OTHER_TYPES.items()), key=lambda t: t[1])


# --- paging by key ---------------------------------------------------------------------------------------
# A page is found from the (at, id) of the entry at its edge, through the (partnership, at, id) index, so the
# thousandth page costs what the first does; counting or skipping entries would read every one before it.

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_KEY = re.compile(r"(\d{1,20})-(\d{1,20})")


def page_key(event: AuditEvent) -> str:
    """The entry's place in the trail as URL text: microseconds since 1970, and its id for entries that tie."""
    return f"{(event.at - _EPOCH) // datetime.timedelta(microseconds=1)}-{event.pk}"


def _parse_key(text: str | None) -> tuple[datetime.datetime, int] | None:
    match = _KEY.fullmatch(text or "")
    if not match:
        return None
    try:
        return _EPOCH + datetime.timedelta(microseconds=int(match[1])), int(match[2])
    except OverflowError:
        return None


@dataclass(frozen=True)
class TrailPage:
    events: list[AuditEvent]
    newer: str | None  # key for the page of newer entries, if there are any
    older: str | None
    only_page: bool  # the whole (filtered) trail fits on this page


def page_of(events: QuerySet[AuditEvent], *, older: str | None = None, newer: str | None = None) -> TrailPage:
    """One page of the trail, latest first: the first page, or the entries just older or newer than a key.
    A key that cannot be read gives the first page."""
    newer_than, older_than = _parse_key(newer), _parse_key(older)
    if newer_than is not None:
        at, pk = newer_than
        found = list(events.filter(at__gte=at).exclude(at=at, pk__lte=pk).order_by("at", "pk")[: PAGE_SIZE + 1])
        more_newer = len(found) > PAGE_SIZE
        page = found[:PAGE_SIZE][::-1]
        return TrailPage(page, page_key(page[0]) if more_newer else None, page_key(page[-1]) if page else None, False)
    if older_than is not None:
        at, pk = older_than
        events = events.filter(at__lte=at).exclude(at=at, pk__gte=pk)
    found = list(events.order_by("-at", "-pk")[: PAGE_SIZE + 1])
    page = found[:PAGE_SIZE]
    more_older = len(found) > PAGE_SIZE
    return TrailPage(
        page,
        page_key(page[0]) if older_than is not None and page else None,
        page_key(page[-1]) if more_older else None,
        older_than is None and not more_older,
    )


def changes(event: AuditEvent) -> list[tuple[str, object, object]]:
    """(field, before, after) for each field the event names."""
    before, after = event.before or {}, event.after or {}
    return [(name, before.get(name), after.get(name)) for name in dict.fromkeys([*before, *after])]


def spreadsheet_cell(value: object) -> str:
    """The value as spreadsheet text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_HEADER = ["When (UTC)", "Who", "Action", "Record type", "Record id", "Record", "Review", "Address", "Changes"]


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    """The trail as spreadsheet rows, each cell plain text that no spreadsheet will run as a formula."""
    yield CSV_HEADER
    for event in events.iterator() if isinstance(events, QuerySet) else events:
        changed = {name: {"before": old, "after": new} for name, old, new in changes(event)}
        yield [
            spreadsheet_cell(value)
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
