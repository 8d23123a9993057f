"""Every create, change and delete of review data goes into the audit trail, whoever makes it and however:
a page, the command line or the demonstration data. Model signals catch each save and delete, so a new
service cannot forget to record; the request's user and address come from ``AuditActorMiddleware``.

``QuerySet.update()`` sends no signal: code that uses it calls ``record_change`` itself.

A record and its entry commit together or not at all: an audited record saved outside a transaction is refused
before anything is written (``OutsideTransaction``), so a service that forgets ``transaction.atomic`` fails in
its first test rather than, one day under load, committing a record whose entry then fails.

Account events (signing in and out, failed sign-ins, passwords, two-factor) go into the trail of every
partnership the person belongs to, so each partnership's business managers see what happens to their members'
accounts. A failed sign-in with a username that matches nobody is in no partnership's trail: what was typed
could be anything, often a password typed into the wrong box, and belongs to no partnership; the address is
still throttled (``accounts.signin``).
"""

from __future__ import annotations

import contextlib
import contextvars
import getpass
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest
from django.utils.text import capfirst

from .models import AuditEvent, EventKind


@dataclass(frozen=True)
class Actor:
    user: object | None
    username: str
    address: str | None


COMMAND_LINE = Actor(None, "command line", None)
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("audit_actor", default=COMMAND_LINE)
_suspended: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_suspended", default=False)


def command_line_actor() -> Actor:
    """Whoever runs a ``casereview`` command: the system account they are signed in to, as "command line (amina)"
    (there is no casereview account on the command line), or plain "command line" if the system names nobody."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no login name and no entry in the password database (a bare container)
        return COMMAND_LINE
    return Actor(None, f"{COMMAND_LINE.username} ({name})"[:150], None)


@contextlib.contextmanager
def acting(actor: Actor | _RequestActor) -> Iterator[None]:
    """Name ``actor`` as who makes every change and takes every copy inside."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextlib.contextmanager
def suspended():
    """Record nothing inside: for restoring a backup, whose records are not changes made now."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


class AuditActorMiddleware:
    """Name the signed-in user and their address as the actor of every change made in the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        with acting(_RequestActor(request)):
            return self.get_response(request)


class _RequestActor:
    """Reads the user only when something is recorded: most requests change nothing."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None

    @property
    def username(self) -> str:
        return self.user.get_username() if self.user else "signed out"

    @property
    def address(self) -> str | None:
        return self.request.META.get("REMOTE_ADDR") or None


def current_actor() -> Actor | _RequestActor:
    return _actor.get()


# Where each audited record belongs: (partnership id, review id or None). Reading these follows foreign
# keys, so the records the trail names are the ones in the database at the time.
def _via_review(instance) -> tuple[int, int | None]:
    return instance.review.partnership_id, instance.review_id


SCOPES: dict[str, Callable[[models.Model], tuple[int, int | None]]] = {
    "accounts.partnership": lambda p: (p.pk, None),
    "accounts.membership": lambda m: (m.partnership_id, None),
    "reviews.review": lambda r: (r.partnership_id, r.pk),
    "assessments.indicatoranswer": _via_review,
    "assessments.markerjudgement": _via_review,
    "documents.document": _via_review,
    "purpose.purposestatement": _via_review,
    "purpose.groupnotapplicable": _via_review,
    "purpose.party": _via_review,
    "purpose.communication": _via_review,
    "purpose.circumstance": _via_review,
    "purpose.letterdraft": _via_review,
    "learning.learningframework": lambda f: (f.partnership_id, None),
    "concerns.concern": _via_review,
    "concerns.disclosure": _via_review,
    "concerns.guiderun": lambda run: _via_review(run.concern),
    "concerns.guideanswer": lambda answer: _via_review(answer.run.concern),
    "clocks.steprecord": _via_review,
    "clocks.extension": _via_review,
    "clocks.closureday": lambda day: (day.partnership_id, None),
    "clocks.localperiod": lambda period: (period.partnership_id, None),
    "clocks.localstep": lambda step: (step.partnership_id, None),
    "findings.localtheme": lambda theme: (theme.partnership_id, None),
    "findings.finding": _via_review,
    "findings.findingdocument": lambda link: _via_review(link.finding),
    "findings.recommendation": _via_review,
    "findings.recommendationfinding": lambda link: _via_review(link.recommendation),
    "findings.improvementaction": lambda action: _via_review(action.recommendation),
    "findings.progressnote": lambda note: _via_review(note.action.recommendation),
    "findings.impact": lambda impact: _via_review(impact.action.recommendation),
}
_CONTAINERS = {"accounts.partnership", "reviews.review"}
# Bookkeeping that changes on every save and says nothing a reader needs; and a review's counters of the numbers it
# has given, which move on under their own lock (``findings.services``), so a review read before a finding was added
# holds an old one and its next save would seem to change it back.
_SKIPPED_FIELDS = {
    "version",
    "updated_at",
    "recorded_at",
    "answered_at",
    "marked_at",
    "judged_at",
    "last_finding_number",
    "last_recommendation_number",
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def snapshot(instance: models.Model) -> dict[str, object]:
    """The record's stored values, as JSON-ready data: ids for foreign keys, ISO text for dates."""
    values = {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if field.attname not in _SKIPPED_FIELDS and not getattr(field, "auto_now", False)
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _write(kind: EventKind, instance: models.Model, before: dict | None, after: dict | None) -> None:
    if _suspended.get():
        return
    partnership_id, review_id = SCOPES[_label(type(instance))](instance)
    if kind is EventKind.DELETE and _label(type(instance)) == "reviews.review":
        review_id = None  # the row is going; the event keeps its id in object_id
    actor = current_actor()
    AuditEvent.objects.create(
        user=actor.user,
        username=actor.username,
        partnership_id=partnership_id,
        review_id=review_id,
        kind=kind,
        object_type=instance._meta.model_name,
        object_id=str(instance.pk),
        description=f"{capfirst(instance._meta.verbose_name)}: {instance}"[:300],
        before=before,
        after=after,
        address=actor.address,
    )


class OutsideTransaction(RuntimeError):
    """An audited record was about to be saved outside a transaction: the service saving it lacks
    ``transaction.atomic``."""


def _require_transaction(model: type[models.Model], using: str | None = None) -> None:
    connection = transaction.get_connection(using)
    # A test's own wrapping transaction does not count (Django marks it, and skips it the same way for
    # ``durable``), so a service that forgets fails in tests as it would lose its entry in production.
    if not any(not block._from_testcase for block in connection.atomic_blocks):
        raise OutsideTransaction(
            f"{model._meta.label} saved outside a transaction: the service that saves it must be "
            "transaction.atomic, so that the record and its audit entry commit together or not at all."
        )


def record_change(before: models.Model, after: models.Model) -> None:
    """Record a change made without a save signal (``QuerySet.update``), from the two versions of the row.
    Call inside the transaction that made the change."""
    _require_transaction(type(after))
    old, new = snapshot(before), snapshot(after)
    changed = [name for name in new if old.get(name) != new[name]]
    if changed:
        _write(EventKind.CHANGE, after, {n: old.get(n) for n in changed}, {n: new[n] for n in changed})


def _before_save(sender, instance, raw=False, using=None, **kwargs) -> None:
    _require_transaction(sender, using)
    if raw or instance.pk is None or _suspended.get():
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(stored) if stored is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:  # loading a backup: the trail comes with it
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if created or before is None:
        _write(EventKind.CREATE, instance, None, after)
        return
    changed = [name for name in after if before.get(name) != after[name]]
    if changed:
        _write(EventKind.CHANGE, instance, {n: before.get(n) for n in changed}, {n: after[n] for n in changed})
    instance._audit_before = after


def _after_delete(sender, instance, origin=None, **kwargs) -> None:
    if isinstance(origin, models.Model) and origin is not instance and _label(type(origin)) in _CONTAINERS:
        return  # deleted with its review or partnership: that deletion is the event recorded
    with contextlib.suppress(models.ObjectDoesNotExist):  # its container went first: nothing left to name
        _write(EventKind.DELETE, instance, snapshot(instance), None)


def _parties_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
    if _suspended.get() or action not in {
        "pre_add",
        "pre_remove",
        "pre_clear",
        "post_add",
        "post_remove",
        "post_clear",
    }:
        return
    current = sorted(instance.parties.values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance._audit_parties = current
    elif getattr(instance, "_audit_parties", None) != current:
        _write(EventKind.CHANGE, instance, {"parties": instance._audit_parties}, {"parties": current})


def account_event(kind: EventKind, user, description: str, *, username: str | None = None) -> None:
    """Record something that happened to a person's account, in the trail of each partnership they belong to.
    ``username`` is what was typed, for a failed sign-in; otherwise the account's own."""
    if _suspended.get():
        return
    membership = apps.get_model("accounts.membership")
    partnerships = membership.objects.filter(user=user).values_list("partnership_id", flat=True)
    name = (username if username is not None else user.get_username())[:150]
    address = current_actor().address
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user,
            username=name,
            partnership_id=partnership_id,
            kind=kind,
            object_type="user",
            object_id=str(user.pk),
            description=description[:300],
            address=address,
        )
        for partnership_id in partnerships
    )


def _signed_in(sender, request, user, **kwargs) -> None:
    account_event(EventKind.SIGN_IN, user, f"Signed in as {user.get_username()}")


def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        account_event(EventKind.SIGN_OUT, user, f"Signed out as {user.get_username()}")


def sign_in_failed(tried: str, why: str) -> None:
    """Record a failed sign-in with the username tried, if it is someone's; ``why`` finishes the sentence."""
    user = get_user_model()._default_manager.filter(username=tried).first() if tried else None
    if user is not None:
        account_event(EventKind.SIGN_IN_FAILED, user, f"Failed sign-in as {tried}: {why}", username=tried)


def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    sign_in_failed(str(credentials.get("username") or ""), "password not accepted")


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-signed-out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    for label in SCOPES:
        model = apps.get_model(label)
        uid = f"audit-{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-delete")
    communication = apps.get_model("purpose.communication")
    m2m_changed.connect(_parties_changed, sender=communication.parties.through, dispatch_uid="audit-parties")
