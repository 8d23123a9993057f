"""Bea, lead reviewer of Child H, records what the review found: each finding a statement about the system, with
its evidence and the review's documents, coded to North Partnership's agreed model (Learning Together) and to
themes. The wording check is stored when the finding is saved and shown with it; a finding that blames one person
points to the just culture guide. A code of another model is refused with a message saying whose it is, and
nothing typed is lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import services
from casereview.workspace.findings.models import Finding
from casereview.workspace.wording.models import StoredCheck
from casereview.workspace.wording.services import digest
from tests.conftest import docx_bytes

from .pages import submit, text_of

STATEMENT = (
    "Referrals made by telephone out of hours were logged on a separate system that the day team did not see, "
    "so two referrals about the family were never read together."
)


def test_the_demonstration_findings_of_child_h_are_coded_to_learning_together(client, people, reviews):
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/findings/")
    page = text_of(response)
    assert response.status_code == 200
    assert "Finding 1" in page and "Finding 3" in page
    assert "Human-tool operation" in page and "Multi-agency working in assessment and longer-term work" in page
    assert "Information sharing" in page
    assert "Recommendation 2" in page and "Accepted in part" in page
    assert "Add a finding" not in page  # Carl observes


def test_bea_adds_a_finding_with_its_evidence_codes_and_a_document(
    client, people, reviews, django_capture_on_commit_callbacks
):
    from casereview.workspace.documents.services import store_upload

    child_h = reviews["Child H"]
    with django_capture_on_commit_callbacks(execute=True):
        document = store_upload(
            people["amina"], child_h, SimpleUploadedFile("chronology.docx", docx_bytes("Chronology"))
        )
    client.force_login(people["bea"])
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/new/",
        {
            "statement": STATEMENT,
            "evidence": "Out-of-hours log; the day team's referral records.",
            "categories": ["human-tool", "multi-agency-incidents"],
            "themes": ["information-sharing"],
            "documents": [str(document.pk)],
        },
    )
    assert response.status_code == 302
    finding = child_h.findings.get(statement=STATEMENT)
    assert finding.number == 4
    assert finding.causation_model_id == "learning-together"
    assert finding.categories == ["human-tool", "multi-agency-incidents"]
    assert list(finding.documents.all()) == [document]
    assert StoredCheck.objects.filter(digest=digest(STATEMENT)).exists()
    assert AuditEvent.objects.filter(object_type="finding", object_id=str(finding.pk), kind="create").exists()
    assert AuditEvent.objects.filter(object_type="findingdocument", kind="create").exists()
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "Finding 4" in page and "chronology.docx" in page and "Multi-agency working in response to incidents" in page


def test_a_code_of_another_model_is_refused_saying_whose_it_is_and_nothing_typed_is_lost(client, people, reviews):
    child_h = reviews["Child H"]
    before = child_h.findings.count()
    client.force_login(people["bea"])
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/new/",
        {"statement": STATEMENT, "categories": ["human-tool", "team"], "themes": ["neglect"]},
    )
    page = text_of(response)
    assert response.status_code == 400
    assert (
        "“Team factors” is a category of London Protocol contributory factors, not of the model North Partnership "
        "has agreed (SCIE Learning Together underlying patterns)" in page
    )
    assert STATEMENT in page  # what was typed is still there
    assert child_h.findings.count() == before


def test_an_unknown_theme_is_refused(client, people, reviews):
    with pytest.raises(services.FindingsInputError) as refused:
        services.save_finding(
            people["bea"], reviews["Child H"], statement=STATEMENT, evidence="", categories=[], themes=["cuckooing"]
        )
    assert "“cuckooing” is not one of North Partnership's themes" in refused.value.problems["themes"]


def test_a_partnership_without_an_agreed_model_cannot_code_to_categories(people, reviews):
    with pytest.raises(services.FindingsInputError) as refused:
        services.save_finding(
            people["dev"], reviews["Child S"], statement=STATEMENT, evidence="", categories=["human-tool"], themes=[]
        )
    assert "South Partnership has not agreed a causation model yet" in refused.value.problems["categories"]
    saved = services.save_finding(
        people["dev"], reviews["Child S"], statement=STATEMENT, evidence="", categories=[], themes=["neglect"]
    )
    assert saved.causation_model_id == "" and saved.themes == ["neglect"]


def test_a_finding_that_blames_one_person_shows_its_check_and_the_just_culture_pointer(client, people, reviews):
    child_h = reviews["Child H"]
    finding = services.save_finding(
        people["bea"],
        child_h,
        statement="The health visitor was to blame for the missed visits.",
        evidence="",
        categories=["human-tool"],
        themes=[],
    )
    client.force_login(people["bea"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "The wording check found blame in this finding" in page
    assert "concern and work through the just culture guide" in page
    edit = client.get(f"/reviews/{child_h.pk}/findings/{finding.pk}/")
    assert edit.status_code == 200 and "The wording check found blame in this finding" in text_of(edit)


@pytest.mark.parametrize(
    ("statement", "pointed"),
    [
        ("Nurse Jones was negligent.", True),
        ("Records were shared late. She was careless.", True),
        ("Dr Patel was grossly negligent when she saw the baby.", True),
        ("The service was careless.", False),
        ("Agencies were careless in sharing records.", False),
        ('The mother said "she was careless".', False),
    ],
)
def test_a_judgement_of_one_person_gets_the_just_culture_pointer_and_one_of_the_system_does_not(
    client, people, reviews, statement, pointed
):
    child_h = reviews["Child H"]
    client.force_login(people["bea"])
    fragment = client.post(f"/reviews/{child_h.pk}/findings/check/", {"statement": statement})
    assert fragment.status_code == 200
    page = text_of(fragment)
    assert ("concern and work through the just culture guide" in page) is pointed, page


def test_changing_a_finding_keeps_its_number_and_is_audited(client, people, reviews):
    child_h = reviews["Child H"]
    finding = child_h.findings.get(number=2)
    client.force_login(people["amina"])
    response = submit(client, f"/reviews/{child_h.pk}/findings/{finding.pk}/", {"evidence": "New evidence."})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.number == 2 and finding.evidence == "New evidence."
    assert AuditEvent.objects.filter(object_type="finding", object_id=str(finding.pk), kind="change").exists()


def test_a_finding_of_another_review_is_not_found_through_this_one(client, people, reviews):
    finding = Finding.objects.filter(review=reviews["Child H"]).first()
    client.force_login(people["amina"])
    assert client.get(f"/reviews/{reviews['Adult M'].pk}/findings/{finding.pk}/").status_code == 404


def test_the_wording_is_checked_as_bea_types_and_with_the_button_without_script(client, people, reviews):
    child_h = reviews["Child H"]
    before = child_h.findings.count()
    client.force_login(people["bea"])
    fragment = client.post(
        f"/reviews/{child_h.pk}/findings/check/", {"statement": "The social worker was to blame for the delay."}
    )
    assert fragment.status_code == 200
    assert "The wording check found blame in this finding" in text_of(fragment)
    checked = submit(
        client,
        f"/reviews/{child_h.pk}/findings/new/",
        {"statement": "The social worker was to blame for the delay.", "action": "check"},
    )
    assert checked.status_code == 200
    page = text_of(checked)
    assert "The wording check found blame in this finding" in page
    assert "The social worker was to blame for the delay." in page
    assert child_h.findings.count() == before  # checking saves nothing
