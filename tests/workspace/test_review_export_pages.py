"""The export page and button, and the import page, as the people of North and South Partnership meet them.

Amina (business manager) may export Child H with or without its concerns; Bea, who leads Child H, may export it
without them and may not export Adult M, which she does not lead; Carl the observer may do neither. Dev, business
manager of South, imports the file into South; to him North's reviews do not exist.
"""

import io
import json
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from casereview.workspace.accounts.models import Membership
from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.reviews.models import Review
from casereview.workspace.transfer.models import ImportedReview
from tests.workspace.pages import form_of, submit, visible_text


def export_as(client, person, review, **changes):
    client.force_login(person)
    return submit(client, f"/reviews/{review.pk}/export/", changes)


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_amina_exports_child_h_with_its_concerns_and_the_trail_says_so(client, people, reviews):
    client.force_login(people["amina"])
    page = client.get(f"/reviews/{reviews['Child H'].pk}/export/")
    text = visible_text(page)
    assert page.status_code == 200
    assert "Versions of the purpose statement 1" in text and "Parties 7" in text
    assert "Findings 3" in text and "Recommendations 2" in text and "Actions on the recommendations 4" in text
    assert "concerns about one person's practice: 1" in text
    response = export_as(client, people["amina"], reviews["Child H"], with_concerns="on")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "Child H" in response["Content-Disposition"]
    data = json.loads(zip_of(response).read("review.json"))
    assert data["with_concerns"] is True and len(data["records"]["concerns"]) == 1
    entry = AuditEvent.objects.get(object_type="reviewexport")
    assert (entry.username, entry.review, entry.after["with_concerns"]) == ("amina", reviews["Child H"], True)
    assert "with its concerns" in entry.description
    trail = client.get(
        f"/partnerships/{reviews['Child H'].partnership_id}/audit-trail/", {"record_type": "reviewexport"}
    )
    assert trail.status_code == 200
    assert "Exported Child H as a review file, with its concerns" in visible_text(trail)


def test_bea_exports_the_review_she_leads_but_never_its_concerns(client, people, reviews):
    client.force_login(people["bea"])
    page = client.get(f"/reviews/{reviews['Child H'].pk}/export/")
    assert page.status_code == 200 and "with_concerns" not in form_of(page).data()
    assert "only a business manager can include them" in visible_text(page)
    response = export_as(client, people["bea"], reviews["Child H"])
    assert response.status_code == 200
    assert "concerns" not in json.loads(zip_of(response).read("review.json"))["records"]
    # Sent by hand, the box is refused, and nothing is exported.
    refused = client.post(f"/reviews/{reviews['Child H'].pk}/export/file/", {"with_concerns": "on"})
    assert refused.status_code == 403 and "Only the partnership's business managers can export them" in visible_text(
        refused
    )
    assert AuditEvent.objects.filter(object_type="reviewexport").count() == 1
    assert client.get(f"/reviews/{reviews['Adult M'].pk}/export/").status_code == 403


def test_the_review_page_offers_the_export_to_those_who_may(client, people, reviews):
    path = f"/reviews/{reviews['Child H'].pk}/"
    for username, offered in (("amina", True), ("bea", True), ("carl", False), ("bo", False)):
        client.force_login(people[username])
        assert ("Export the review" in visible_text(client.get(path))) is offered, username


def test_the_register_offers_the_import_to_business_managers_only(client, people):
    client.force_login(people["amina"])
    assert "Import a review" in visible_text(client.get("/reviews/"))
    client.force_login(people["bea"])
    assert "Import a review" not in visible_text(client.get("/reviews/"))


def test_dev_of_south_can_neither_export_nor_import_into_north(client, people, reviews):
    client.force_login(people["dev"])
    child_h = reviews["Child H"]
    assert client.get(f"/reviews/{child_h.pk}/export/").status_code == 404
    assert client.post(f"/reviews/{child_h.pk}/export/file/").status_code == 404
    assert client.get(f"/partnerships/{child_h.partnership_id}/import-review/").status_code == 404
    assert not AuditEvent.objects.filter(object_type="reviewexport").exists()


@pytest.fixture
def child_h_file(client, people, reviews) -> bytes:
    response = export_as(client, people["amina"], reviews["Child H"])
    client.logout()
    return b"".join(response.streaming_content)


def import_as(client, person, partnership_id, content: bytes, name="Child H.zip"):
    client.force_login(person)
    return submit(client, f"/partnerships/{partnership_id}/import-review/", {"file": SimpleUploadedFile(name, content)})


def test_dev_imports_child_h_into_south_and_its_page_says_where_it_came_from(
    client, people, reviews, child_h_file, django_capture_on_commit_callbacks
):
    south = reviews["Child S"].partnership_id
    with django_capture_on_commit_callbacks(execute=True):
        response = import_as(client, people["dev"], south, child_h_file)
    imported = Review.objects.get(partnership_id=south, reference="Child H")
    assert response.status_code == 302 and response["Location"] == f"/reviews/{imported.pk}/"
    page = visible_text(client.get(response["Location"]))
    assert "Child H is imported" in page
    assert "Imported from North Partnership" in page and "Bea Lewis (bea)" in page and "Amina Hussain (amina)" in page
    assert "Lead reviewer Bea Lewis (bea), named in the imported file; no account here" in page
    entry = AuditEvent.objects.get(object_type="reviewimport")
    assert (entry.username, entry.review, entry.partnership_id) == ("dev", imported, south)


def test_a_refused_file_is_explained_on_the_page_and_nothing_is_kept(client, people, reviews, child_h_file):
    archive = zipfile.ZipFile(io.BytesIO(child_h_file))
    data = json.loads(archive.read("review.json"))
    data["schema_version"] = 4
    newer = io.BytesIO()
    with zipfile.ZipFile(newer, "w") as out:
        out.writestr("review.json", json.dumps(data))
    south = reviews["Child S"].partnership_id
    reviews_before = Review.objects.count()
    response = import_as(client, people["dev"], south, newer.getvalue())
    assert response.status_code == 400
    text = visible_text(response)
    assert "There is a problem" in text and "format 4, made by a newer casereview" in text
    assert Review.objects.count() == reviews_before and not ImportedReview.objects.exists()
    not_zip = import_as(client, people["dev"], south, b"%PDF-1.7 not a zip", name="report.pdf")
    assert not_zip.status_code == 400 and "not a zip archive" in visible_text(not_zip)
    empty = import_as(client, people["dev"], south, b"", name="empty.zip")
    assert empty.status_code == 400 and "The file is empty" in visible_text(empty)
    nothing = submit(client, f"/partnerships/{south}/import-review/", {})
    assert nothing.status_code == 400 and "Choose the review file (.zip) to import" in visible_text(nothing)


def test_the_import_page_takes_a_file_larger_than_other_pages_and_says_what_to_do_beyond_it(client, people, reviews):
    """A review file holds all of a review's uploads: 30 MB is past the 25 MB of other pages, not the import's."""
    client.force_login(people["amina"])
    north = reviews["Child H"].partnership_id
    path = f"/partnerships/{north}/import-review/"
    large = client.post(path, {"file": SimpleUploadedFile("large.zip", b"\0" * (30 * 1024 * 1024))})
    assert large.status_code == 400 and "not a zip archive" in visible_text(large)  # read, and then refused
    refused = client.post(path, {}, CONTENT_LENGTH=str(501 * 1024 * 1024))
    assert refused.status_code == 413
    text = visible_text(refused)
    assert "larger than 500 MB" in text and "casereview import FILE.zip --partnership NAME" in text
    assert (
        client.post(
            f"/reviews/{reviews['Child H'].pk}/export/file/", {}, CONTENT_LENGTH=str(30 * 1024 * 1024)
        ).status_code
        == 413
    )


def test_an_import_limit_set_below_the_other_pages_limit_is_kept_on_the_import_page(client, people, reviews, settings):
    """MAX_IMPORT_MEGABYTES is the largest file the import page takes, even when set below the 25 MB of other pages:
    a 3 MB file to a page that takes 1 MB is refused before it is read, with the command to use instead."""
    settings.MAX_IMPORT_BYTES = 1024 * 1024
    client.force_login(people["amina"])
    north = reviews["Child H"].partnership_id
    refused = client.post(f"/partnerships/{north}/import-review/", {}, CONTENT_LENGTH=str(3 * 1024 * 1024))
    assert refused.status_code == 413
    text = visible_text(refused)
    assert "larger than 1 MB" in text and "casereview import FILE.zip --partnership NAME" in text


def test_choosing_a_lead_reviewer_for_an_imported_review_replaces_the_one_kept_by_name(
    client, people, reviews, child_h_file
):
    south = reviews["Child S"].partnership_id
    import_as(client, people["dev"], south, child_h_file)
    imported = Review.objects.get(partnership_id=south, reference="Child H")
    path = f"/reviews/{imported.pk}/"
    assert "Bea Lewis (bea), named in the imported file" in visible_text(client.get(path))
    with transaction.atomic():
        lee = get_user_model().objects.create_user("lee", first_name="Lee")
        Membership.objects.create(user=lee, partnership_id=south, role="lead_reviewer")
    assert submit(client, f"{path}edit/", {"lead_reviewer": str(lee.pk)}).status_code == 302
    assert submit(client, f"{path}edit/", {"lead_reviewer": ""}).status_code == 302
    page = visible_text(client.get(path))
    assert "Lead reviewer Not assigned yet" in page and "named in the imported file" not in page


def test_the_import_page_counts_one_file_as_one_file(client, people, reviews, django_capture_on_commit_callbacks):
    from casereview.workspace.documents.services import store_upload
    from tests.conftest import docx_bytes

    with django_capture_on_commit_callbacks(execute=True):
        store_upload(people["amina"], reviews["Child H"], SimpleUploadedFile("Minutes.docx", docx_bytes("Board")))
    content = b"".join(export_as(client, people["amina"], reviews["Child H"]).streaming_content)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = import_as(client, people["dev"], reviews["Child S"].partnership_id, content)
    page = visible_text(client.get(response["Location"]))
    assert re.search(r"Child H is imported: [\d,]+ records and 1 file\.", page)
