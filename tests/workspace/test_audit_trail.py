"""The audit trail: every change to review data says who, when, what (before and after) and from where;
Amina, business manager, reads and filters North's trail and downloads it; nobody can change it."""

import csv
import io

import pytest

from casereview.workspace.audit.models import AuditEvent, EventKind
from casereview.workspace.purpose.models import Party
from tests.conftest import docx_bytes

from .pages import submit

REVIEW_FORM = {
    "reference": "Child H",
    "review_type": "scr",
    "stage": "analysis",
    "framework_id": "scr-quality-markers",
    "notification_date-day": "5",
    "notification_date-month": "3",
    "notification_date-year": "2026",
}


@pytest.fixture
def amina(client, people):
    client.force_login(people["amina"])
    return client


def latest(**filters) -> AuditEvent:
    return AuditEvent.objects.filter(**filters).order_by("-pk").first()


def test_a_change_records_who_when_what_before_and_after_and_from_where(amina, reviews):
    review = reviews["Child H"]
    amina.post(f"/reviews/{review.pk}/edit/", {**REVIEW_FORM, "lead_reviewer": ""}, REMOTE_ADDR="192.0.2.7")
    event = latest(object_type="review", kind=EventKind.CHANGE)
    assert event.username == "amina" and event.address == "192.0.2.7" and event.review == review
    assert event.before["stage"] == "information" and event.after["stage"] == "analysis"
    assert event.before["incident_date"] == "2026-03-02" and event.after["incident_date"] is None
    assert "reference" not in event.after  # only what changed


def test_creating_and_deleting_are_recorded_with_the_values(amina, reviews):
    review = reviews["Child H"]
    amina.post(
        f"/reviews/{review.pk}/purpose/parties/new/",
        {"group": "practitioners", "role": "Youth worker", "organisation": "Northshire Youth", "name": ""},
    )
    party = Party.objects.get(role="Youth worker")
    created = latest(object_type="party", kind=EventKind.CREATE)
    assert created.object_id == str(party.pk) and created.after["organisation"] == "Northshire Youth"
    amina.post(f"/reviews/{review.pk}/purpose/parties/{party.pk}/remove/")
    deleted = latest(object_type="party", kind=EventKind.DELETE)
    assert deleted.object_id == str(party.pk) and deleted.before["role"] == "Youth worker"


def test_a_changed_answer_is_recorded_although_it_is_saved_by_one_guarded_update(client, people, reviews):
    client.force_login(people["bea"])
    path = f"/reviews/{reviews['Child H'].pk}/markers/clarity-of-purpose/indicators/q1/"
    assert submit(client, path, {"answer": "yes", "evidence": "All four groups told by 3 June."}).status_code == 302
    event = latest(object_type="indicatoranswer", kind=EventKind.CHANGE)
    assert event.username == "bea"
    assert event.before["answer"] == "partly" and event.after["answer"] == "yes"
    assert event.after["evidence"] == "All four groups told by 3 June."


def test_who_a_communication_went_to_is_recorded_when_it_changes(amina, reviews):
    review = reviews["Child H"]
    communication = review.communications.first()
    before = sorted(communication.parties.values_list("pk", flat=True))
    added = review.parties.exclude(pk__in=before).first()
    communication.parties.add(added)
    event = latest(object_type="communication", kind=EventKind.CHANGE)
    assert event.before == {"parties": before}
    assert event.after == {"parties": sorted([*before, added.pk])}
    assert event.username == "command line"


def test_downloading_a_document_is_recorded_as_an_opening(amina, people, reviews, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.workspace.documents.services import store_upload

    review = reviews["Child H"]
    with django_capture_on_commit_callbacks(execute=True):
        document = store_upload(people["amina"], review, SimpleUploadedFile("notes.docx", docx_bytes("Notes")))
    amina.get(f"/reviews/{review.pk}/documents/{document.pk}/")
    event = latest(object_type="document", kind=EventKind.OPEN)
    assert event.username == "amina" and event.object_id == str(document.pk)


def test_amina_filters_the_trail_and_sees_nothing_of_south(amina, people, reviews):
    from django.test import Client

    child_h = reviews["Child H"]
    amina.post(f"/reviews/{child_h.pk}/edit/", {**REVIEW_FORM, "lead_reviewer": ""})
    dev = Client()
    dev.force_login(people["dev"])
    south = dev.post(
        f"/reviews/{reviews['Child S'].pk}/purpose/parties/new/",
        {"group": "board", "role": "South chair", "organisation": "South", "name": ""},
    )
    assert south.status_code == 302  # South's change is in the database: it must not be in North's trail
    partnership = child_h.partnership_id

    page = amina.get(f"/partnerships/{partnership}/audit-trail/").content.decode()
    assert "South chair" not in page and "Child S" not in page
    filtered = amina.get(
        f"/partnerships/{partnership}/audit-trail/", {"review": child_h.pk, "kind": "change", "username": "amina"}
    ).content.decode()
    assert "information → analysis" in filtered
    assert "Youth worker" not in filtered and "Adult M" not in filtered.split("<table")[1]


def test_a_date_range_the_wrong_way_round_is_explained(amina, reviews):
    partnership = reviews["Child H"].partnership_id
    response = amina.get(
        f"/partnerships/{partnership}/audit-trail/",
        {"since-day": "5", "since-month": "6", "since-year": "2026", "until-day": "1", "until-month": "6",
         "until-year": "2026"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "To must be the same as or after From" in response.content.decode()


def test_the_csv_is_the_filtered_trail_with_nothing_a_spreadsheet_would_run(amina, reviews):
    review = reviews["Child H"]
    amina.post(
        f"/reviews/{review.pk}/purpose/parties/new/",
        {"group": "others", "role": '=HYPERLINK("http://x.example","click")', "organisation": "<b>Org</b>"},
    )
    response = amina.get(
        f"/partnerships/{review.partnership_id}/audit-trail.csv", {"record_type": "party", "username": "amina"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert {row[3] for row in rows[1:]} == {"party"}
    created = next(row for row in rows[1:] if "HYPERLINK" in row[5])
    assert created[5].startswith("Party: ") and created[1] == "amina"
    assert '"role": {"before": null, "after": "=HYPERLINK' in created[8]
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_stored_html_is_shown_as_text_in_the_trail(amina, reviews):
    review = reviews["Child H"]
    amina.post(
        f"/reviews/{review.pk}/purpose/parties/new/",
        {"group": "others", "role": "<script>alert(1)</script>", "organisation": "Org"},
    )
    page = amina.get(f"/partnerships/{review.partnership_id}/audit-trail/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_nobody_can_change_the_trail_through_the_app(amina, reviews):
    partnership = reviews["Child H"].partnership_id
    before = AuditEvent.objects.count()
    assert amina.post(f"/partnerships/{partnership}/audit-trail/").status_code == 405
    assert amina.post(f"/partnerships/{partnership}/audit-trail.csv").status_code == 405
    assert amina.delete(f"/partnerships/{partnership}/audit-trail/").status_code == 405
    assert AuditEvent.objects.count() == before


def test_the_trail_pages_through_many_entries(amina, reviews):
    import re

    review = reviews["Child H"]
    for number in range(60):
        amina.post(
            f"/reviews/{review.pk}/purpose/parties/new/",
            {"group": "others", "role": f"Role {number}", "organisation": "Org"},
        )
    path = f"/partnerships/{review.partnership_id}/audit-trail/"
    first = amina.get(path, {"record_type": "party", "username": "amina"}).content.decode().split("<table")[1]
    assert "Entries, latest first, 50 to a page" in first
    assert "Older entries" in first and "Newer entries" not in first
    assert "Role 59 (Org)" in first and "Role 9 (Org)" not in first
    older = re.search(r'href="\?([^"]*older=[\d-]+)"', first.replace("&amp;", "&"))[1]
    second = amina.get(f"{path}?{older}").content.decode().split("<table")[1]
    assert "Role 9 (Org)" in second and "Role 59 (Org)" not in second
    assert "Older entries" not in second and "Newer entries" in second
