"""A record and its audit entry commit together or not at all. When the database refuses the audit entry,
Amina's circumstance, communication or answer is not saved either, and she sees a page that says so, not a
record with no trace of who made it."""

import contextlib

import pytest
from django.db import connection, transaction
from django.test import Client

from casereview.workspace.assessments.models import IndicatorAnswer
from casereview.workspace.audit.capture import OutsideTransaction
from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.purpose.models import Circumstance, Communication, Party

FAILING_AUDIT_WRITES = {
    "sqlite": [
        """CREATE TEMP TRIGGER audit_write_fails BEFORE INSERT ON main.audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be written'); END""",
    ],
    "postgresql": [
        """CREATE FUNCTION pg_temp.audit_write_fails() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'the audit trail cannot be written'; END $$""",
        """CREATE TRIGGER audit_write_fails BEFORE INSERT ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION pg_temp.audit_write_fails()""",
    ],
}


WRITING_AGAIN = {
    "sqlite": ["DROP TRIGGER temp.audit_write_fails"],
    "postgresql": ["DROP TRIGGER audit_write_fails ON audit_auditevent"],
}


@contextlib.contextmanager
def audit_writes_fail():
    """Every INSERT into the trail fails inside, as a full disk or a lost connection would make it fail."""
    with connection.cursor() as cursor:
        for statement in FAILING_AUDIT_WRITES[connection.vendor]:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in WRITING_AGAIN[connection.vendor]:
            cursor.execute(statement)


@pytest.fixture
def amina(people):
    client = Client(raise_request_exception=False)  # see the page a user would see
    client.force_login(people["amina"])
    return client


def assert_not_saved_page(response):
    assert response.status_code == 500
    page = response.content.decode()
    assert "was not saved" in page and "try again" in page


def test_a_circumstance_is_not_saved_without_its_audit_entry(amina, reviews):
    review = reviews["Child H"]
    form = {
        "kind": "media",
        "description": "A local paper asked about the family.",
        "identified_on-day": "2",
        "identified_on-month": "6",
        "identified_on-year": "2026",
    }
    circumstances, entries = Circumstance.objects.count(), AuditEvent.objects.count()
    with audit_writes_fail():
        response = amina.post(f"/reviews/{review.pk}/purpose/circumstances/new/", form)
    assert_not_saved_page(response)
    assert Circumstance.objects.count() == circumstances
    assert not Circumstance.objects.filter(description__startswith="A local paper").exists()
    assert AuditEvent.objects.count() == entries
    # The same form saves once the trail can be written: what failed was the audit entry alone.
    assert amina.post(f"/reviews/{review.pk}/purpose/circumstances/new/", form).status_code == 302
    saved = Circumstance.objects.get(description__startswith="A local paper")
    assert AuditEvent.objects.filter(object_type="circumstance", object_id=str(saved.pk), kind="create").exists()


def test_a_communication_and_who_it_went_to_are_not_saved_without_their_audit_entries(amina, reviews):
    review = reviews["Child H"]
    party = review.parties.filter(removed_at__isnull=True).first()
    form = {
        "date-day": "1",
        "date-month": "6",
        "date-year": "2026",
        "channel": "email",
        "summary": "Email to the panel about the purpose",
        "explained_purpose": "yes",
        "receipt_confirmed": "no",
        "parties": [str(party.pk)],
    }
    communications = Communication.objects.count()
    links = Communication.parties.through.objects.count()
    with audit_writes_fail():
        response = amina.post(f"/reviews/{review.pk}/purpose/communications/new/", form)
    assert_not_saved_page(response)
    assert Communication.objects.count() == communications
    assert Communication.parties.through.objects.count() == links
    assert amina.post(f"/reviews/{review.pk}/purpose/communications/new/", form).status_code == 302
    assert review.communications.filter(summary="Email to the panel about the purpose").get().parties.get() == party


def test_an_answer_is_not_changed_without_its_audit_entry(amina, reviews):
    review = reviews["Child H"]
    answer = IndicatorAnswer.objects.get(review=review, marker_id="clarity-of-purpose", indicator_id="q1")
    path = f"/reviews/{review.pk}/markers/clarity-of-purpose/indicators/q1/"
    form = {"answer": "yes", "evidence": "All four groups told by 3 June.", "version": str(answer.version)}
    with audit_writes_fail():
        response = amina.post(path, form)
    assert_not_saved_page(response)
    answer.refresh_from_db()
    assert answer.answer == "partly" and answer.evidence != "All four groups told by 3 June."
    assert amina.post(path, form).status_code == 302
    answer.refresh_from_db()
    assert answer.answer == "yes"


def test_an_audited_record_saved_outside_a_transaction_is_refused_before_anything_is_written(reviews, people):
    review = reviews["Child H"]
    parties = Party.objects.count()
    with pytest.raises(OutsideTransaction, match="must be transaction.atomic"):
        Party.objects.create(review=review, group="others", role="Youth worker", added_by=people["amina"])
    assert Party.objects.count() == parties
    with transaction.atomic():
        party = Party.objects.create(review=review, group="others", role="Youth worker", added_by=people["amina"])
    assert AuditEvent.objects.filter(object_type="party", object_id=str(party.pk), kind="create").exists()
