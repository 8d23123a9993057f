"""The name a browser saves a download under is the name we meant, whatever a review reference holds."""

import pytest
from django.utils import timezone

from tests.conftest import download_name

EVIL = "Child \"; filename*=UTF-8''evil.html; a=\""


@pytest.mark.parametrize("reference", [EVIL, "Child Ł", "CSPR 2026\\03"])
def test_a_letter_is_saved_under_the_review_reference_whatever_it_holds(client, reviews, people, reference):
    review = reviews["Child H"]
    type(review).objects.filter(pk=review.pk).update(reference=reference)
    client.force_login(people["amina"])
    response = client.post(
        f"/reviews/{review.pk}/purpose/letters/practitioners/download/",
        {
            "title": "About the review",
            "letter_date-day": "2",
            "letter_date-month": "12",
            "letter_date-year": "2026",
            "contact": "Amina Khan",
            "text": "Dear colleague,",
        },
    )
    assert response.status_code == 200
    assert download_name(response) == f"{reference} - letter for practitioners directly involved.docx"


def test_the_audit_trail_csv_is_saved_under_its_partnership_and_date(client, reviews, people):
    partnership = reviews["Child H"].partnership_id
    client.force_login(people["amina"])
    response = client.get(f"/partnerships/{partnership}/audit-trail.csv")
    assert response.status_code == 200
    assert download_name(response) == f"audit-trail-{partnership}-{timezone.localdate():%Y-%m-%d}.csv"
