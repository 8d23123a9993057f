"""Nia is the agency lead of Northtown NHS Trust in North Partnership. She keeps her agency's actions up to date
and no other agency's; she cannot plan actions or change findings. An agency lead's membership names the agency."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from casereview.workspace.accounts.models import Membership
from casereview.workspace.accounts.people import add_person
from casereview.workspace.accounts.permissions import Role
from casereview.workspace.findings.models import Status

from .pages import submit, text_of


def day(name: str, value: datetime.date) -> dict:
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}


def test_nia_updates_her_own_agencys_action(client, people, reviews):
    action = reviews["Child H"].recommendations.get(number=1).actions.get(status=Status.NOT_STARTED)
    client.force_login(people["nia"])
    page = text_of(client.get(f"/reviews/{reviews['Child H'].pk}/actions/{action.pk}/"))
    assert "Change the status" in page and "Add a progress note" in page
    response = submit(
        client,
        f"/reviews/{reviews['Child H'].pk}/actions/{action.pk}/notes/new/",
        {**day("noted_on", timezone.localdate()), "text": "Supplier has the specification."},
    )
    assert response.status_code == 302
    assert action.notes.get().text == "Supplier has the specification."


def test_nia_cannot_update_another_agencys_action_even_by_posting(client, people, reviews):
    school = reviews["Child H"].recommendations.get(number=2).actions.get(agency="Northtown Primary School")
    base = f"/reviews/{reviews['Child H'].pk}/actions/{school.pk}/"
    client.force_login(people["nia"])
    page = text_of(client.get(base))
    assert "Change the status" not in page
    assert client.get(base + "status/").status_code == 403
    response = client.post(base + "status/", {"status": "not_doing", "not_doing_reason": "Not ours to do."})
    assert response.status_code == 403
    assert "agency lead of the agency the action belongs to" in text_of(response)
    school.refresh_from_db()
    assert school.status == Status.IN_PROGRESS


def test_nia_cannot_plan_actions_or_record_findings(client, people, reviews):
    client.force_login(people["nia"])
    assert client.get(f"/reviews/{reviews['Child H'].pk}/actions/new/").status_code == 403
    assert client.get(f"/reviews/{reviews['Child H'].pk}/findings/new/").status_code == 403


def test_an_agency_lead_needs_an_agency(db, people):
    with pytest.raises(ValueError, match="An agency lead updates their own agency's actions: give the agency"):
        add_person("nia", "North Partnership", Role.AGENCY_LEAD)
    added = add_person("carl", "North Partnership", Role.AGENCY_LEAD, agency="Northshire Council")
    assert added.role == "Agency lead"
    assert Membership.objects.get(user__username="carl", partnership__name="North Partnership").agency == (
        "Northshire Council"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=get_user_model().objects.get(username="carl")).update(agency="")


def test_agency_names_match_whatever_the_case_and_spacing(client, people, reviews):
    membership = Membership.objects.get(user=people["nia"])
    with transaction.atomic():
        membership.agency = "northtown  nhs TRUST"
        membership.save()
    action = reviews["Child H"].recommendations.get(number=1).actions.get(status=Status.NOT_STARTED)
    client.force_login(people["nia"])
    assert client.get(f"/reviews/{reviews['Child H'].pk}/actions/{action.pk}/status/").status_code == 200


def test_nia_reads_the_findings_but_does_not_open_the_reviews_documents(
    client, people, reviews, django_capture_on_commit_callbacks
):
    """What she needs to update her agency's actions is the recommendation and the findings behind it; the files
    kept with the review (a chronology, minutes, letters to the family) are not hers to open."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.workspace.documents.services import store_upload
    from casereview.workspace.findings import services
    from casereview.workspace.purpose import services as purpose
    from casereview.workspace.purpose.models import Channel, PartyGroup
    from tests.conftest import docx_bytes

    child_h = reviews["Child H"]
    with django_capture_on_commit_callbacks(execute=True):
        chronology = store_upload(
            people["amina"], child_h, SimpleUploadedFile("chronology.docx", docx_bytes("Chronology"))
        )
    first = child_h.findings.get(number=1)
    services.save_finding(
        people["amina"],
        child_h,
        first,
        statement=first.statement,
        evidence=first.evidence,
        categories=first.categories,
        themes=first.themes,
        documents=[chronology],
    )
    client.force_login(people["nia"])
    page = client.get(f"/reviews/{child_h.pk}/findings/")
    assert page.status_code == 200
    assert first.statement in text_of(page) and "1 document of the review" in text_of(page)
    assert f"/documents/{chronology.pk}/" not in page.content.decode()
    refused = client.get(f"/reviews/{child_h.pk}/documents/{chronology.pk}/")
    assert refused.status_code == 403 and "other than agency leads open the review's documents" in text_of(refused)
    with django_capture_on_commit_callbacks(execute=True):
        letter = purpose.save_communication(
            people["amina"],
            child_h,
            date=datetime.date(2026, 5, 1),
            channel=Channel.LETTER,
            parties=[],
            groups=[PartyGroup.BOARD],
            summary="The board was told the review is for learning.",
            explained_purpose=True,
            receipt_confirmed=False,
            attachment=SimpleUploadedFile("letter.docx", docx_bytes("Dear board member")),
        )
    log = client.get(f"/reviews/{child_h.pk}/purpose/communications/")
    assert log.status_code == 200 and "letter.docx" in text_of(log)
    assert f"/documents/{letter.attachment_id}/" not in log.content.decode()
    client.force_login(people["bea"])
    assert f"/documents/{chronology.pk}/" in client.get(f"/reviews/{child_h.pk}/findings/").content.decode()
    assert client.get(f"/reviews/{child_h.pk}/documents/{chronology.pk}/").status_code == 200
    log = client.get(f"/reviews/{child_h.pk}/purpose/communications/")
    assert f"/documents/{letter.attachment_id}/" in log.content.decode()
