"""Nobody can change or delete an audit entry: not through the app's code and not with SQL, on SQLite and on
PostgreSQL. What a deletion elsewhere needs still works: a deleted review or account leaves its entries, with
the link to it cleared, and a partnership with a trail cannot be deleted."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from casereview.workspace.accounts.models import Partnership
from casereview.workspace.audit.models import AuditEvent, EventKind


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


def test_the_code_cannot_change_or_delete_entries_in_bulk(reviews):
    entries = AuditEvent.objects.filter(partnership=reviews["Child H"].partnership)
    before = list(entries.values_list("pk", "description"))
    with pytest.raises(ValueError, match="never changed"):
        entries.update(description="nothing happened")
    with pytest.raises(ValueError, match="never deleted"):
        entries.delete()
    with pytest.raises(ValueError, match="never changed"):
        AuditEvent.objects.all().update(username="someone")
    entry = entries.first()
    entry.description = "nothing happened"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    assert list(entries.values_list("pk", "description")) == before


def test_the_database_refuses_sql_that_changes_or_deletes_an_entry(reviews):
    entry = AuditEvent.objects.filter(review=reviews["Child H"]).order_by("pk").first()
    assert refused("UPDATE audit_auditevent SET description = %s WHERE id = %s", ["nothing happened", entry.pk])
    assert refused("UPDATE audit_auditevent SET username = %s", ["someone"])
    assert refused("UPDATE audit_auditevent SET review_id = %s WHERE id = %s", [reviews["Adult M"].pk, entry.pk])
    assert refused("DELETE FROM audit_auditevent WHERE id = %s", [entry.pk])
    assert refused("DELETE FROM audit_auditevent")
    # Clearing the link to a deleted review or account is the one change allowed.
    assert not refused("UPDATE audit_auditevent SET review_id = NULL, user_id = NULL WHERE id = %s", [entry.pk])
    assert AuditEvent.objects.get(pk=entry.pk).description == entry.description


def test_a_deleted_review_and_account_leave_their_entries_behind(reviews, people):
    adult_m, carl = reviews["Adult M"], people["carl"]
    adult_m_id = adult_m.pk
    about_adult_m = set(AuditEvent.objects.filter(review=adult_m).values_list("pk", flat=True))
    assert about_adult_m
    with transaction.atomic():
        adult_m.delete()
        carl.delete()
    left = AuditEvent.objects.filter(pk__in=about_adult_m)
    assert left.count() == len(about_adult_m) and not left.filter(review__isnull=False).exists()
    deleted = AuditEvent.objects.get(kind=EventKind.DELETE, object_type="review", object_id=str(adult_m_id))
    assert deleted.before["reference"] == "Adult M"


def test_a_partnership_with_a_trail_cannot_be_deleted(reviews):
    north = Partnership.objects.get(name="North Partnership")
    with pytest.raises(ProtectedError), transaction.atomic():
        north.delete()
    assert Partnership.objects.filter(pk=north.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_emptying_the_whole_database_still_works_and_leaves_the_trail_protected(people):
    assert AuditEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not Partnership.objects.exists()
    with transaction.atomic():
        north = Partnership.objects.create(name="North Partnership")
    assert refused("DELETE FROM audit_auditevent WHERE partnership_id = %s", [north.pk])
