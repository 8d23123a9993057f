"""Amina records that information from Child H went to an agency for its own processes. Everyone in the
review sees that it happened and must acknowledge it as a complicating circumstance; only those allowed
see what was shared and why."""

import pytest

from casereview.workspace.concerns.models import Disclosure
from casereview.workspace.purpose.models import Circumstance, CircumstanceKind
from casereview.workspace.purpose.services import save_circumstance

SHARING = {
    "what": "The chronology entries for the health visitor's visits in February.",
    "shared_with": "Northtown NHS Trust, head of HR",
    "shared_on-day": "4",
    "shared_on-month": "6",
    "shared_on-year": "2026",
    "why": "The trust asked for them for its capability process.",
    "concern": "",
}


@pytest.fixture
def amina(client, people):
    client.force_login(people["amina"])
    return client


def test_recording_it_creates_an_unacknowledged_circumstance_without_the_details(amina, reviews):
    review = reviews["Child H"]
    concern = review.concerns.get()
    response = amina.post(f"/reviews/{review.pk}/concerns/shared/new/", {**SHARING, "concern": str(concern.pk)})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.concern == concern
    circumstance = disclosure.circumstance
    assert circumstance.kind == CircumstanceKind.PARALLEL and not circumstance.acknowledged
    assert "Northtown NHS Trust, head of HR on 4 June 2026" in circumstance.description
    assert "chronology" not in circumstance.description and "capability" not in circumstance.description

    page = amina.get(f"/reviews/{review.pk}/purpose/circumstances/").content.decode()
    assert "passed to Northtown NHS Trust, head of HR on 4 June 2026" in page
    log = amina.get(f"/reviews/{review.pk}/concerns/shared/").content.decode()
    assert "The trust asked for them for its capability process." in log
    assert "acknowledge it as a complicating circumstance" in log


def test_acknowledging_the_circumstance_shows_in_the_log(amina, reviews):
    review = reviews["Child H"]
    amina.post(f"/reviews/{review.pk}/concerns/shared/new/", SHARING)
    circumstance = Disclosure.objects.get().circumstance
    response = amina.post(
        f"/reviews/{review.pk}/purpose/circumstances/{circumstance.pk}/",
        {
            "kind": circumstance.kind,
            "description": circumstance.description,
            "identified_on-day": "4", "identified_on-month": "6", "identified_on-year": "2026",
            "acknowledged_on-day": "10", "acknowledged_on-month": "6", "acknowledged_on-year": "2026",
            "acknowledged_how": "Said at the panel meeting, minuted.",
            "acknowledged_to": "Panel members and agency leaders",
        },
    )  # fmt: skip
    assert response.status_code == 302
    log = amina.get(f"/reviews/{review.pk}/concerns/shared/").content.decode()
    assert "10 June 2026, to Panel members and agency leaders" in log


def test_changing_the_record_rewrites_the_circumstance_unless_someone_reworded_it(amina, reviews, people):
    review = reviews["Child H"]
    amina.post(f"/reviews/{review.pk}/concerns/shared/new/", SHARING)
    disclosure = Disclosure.objects.get()
    amina.post(
        f"/reviews/{review.pk}/concerns/shared/{disclosure.pk}/", {**SHARING, "shared_with": "Northshire Police"}
    )
    circumstance = Circumstance.objects.get(pk=disclosure.circumstance_id)
    assert "passed to Northshire Police on 4 June 2026" in circumstance.description

    reworded = "Shared with the police; told to the family on 5 June."
    save_circumstance(people["amina"], review, circumstance=circumstance, description=reworded)
    amina.post(f"/reviews/{review.pk}/concerns/shared/{disclosure.pk}/", {**SHARING, "shared_with": "Coroner"})
    circumstance.refresh_from_db()
    assert circumstance.description == reworded
    assert Disclosure.objects.get().shared_with == "Coroner"


def test_missing_details_are_asked_for_and_what_was_typed_is_kept(amina, reviews):
    review = reviews["Child H"]
    response = amina.post(f"/reviews/{review.pk}/concerns/shared/new/", {**SHARING, "why": "", "shared_on-month": "13"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Say why it was shared" in page
    assert "Date shared must be a real date" in page
    assert "The chronology entries for the health visitor" in page
    # Child H's own parallel process only (the demonstration's Child L has one of its own).
    assert not Disclosure.objects.exists() and not review.circumstances.filter(kind="parallel").count() > 1


def test_a_concern_of_another_review_cannot_be_named(amina, reviews, people):
    import datetime

    from casereview.workspace.concerns import services

    other = services.save_concern(
        people["amina"], reviews["Adult M"], kind="act", description="x", role="Carer", organisation="Agency",
        name="", raised_on=datetime.date(2026, 9, 1),
    )  # fmt: skip
    response = amina.post(f"/reviews/{reviews['Child H'].pk}/concerns/shared/new/", {**SHARING, "concern": other.pk})
    assert response.status_code == 400
    assert not Disclosure.objects.exists()


def test_the_board_can_read_the_log_but_not_add_to_it(client, people, reviews):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    client.post(f"/reviews/{review.pk}/concerns/shared/new/", SHARING)
    client.force_login(people["bo"])
    log = client.get(f"/reviews/{review.pk}/concerns/shared/")
    assert log.status_code == 200 and "capability process" in log.content.decode()
    assert "Record information shared" not in log.content.decode()
    assert client.post(f"/reviews/{review.pk}/concerns/shared/new/", SHARING).status_code == 403
    assert Disclosure.objects.count() == 1
