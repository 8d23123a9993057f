"""Amina, business manager of North Partnership, adds a review to the register."""

import re

from casereview.workspace.reviews.models import Review

VALID = {
    "reference": "Child K",
    "review_type": "lcspr",
    "stage": "decision",
    "framework_id": "scr-quality-markers",
    "incident_date-day": "2",
    "incident_date-month": "3",
    "incident_date-year": "2026",
    "notification_date-day": "5",
    "notification_date-month": "3",
    "notification_date-year": "2026",
}


def post(client, people, data):
    from casereview.workspace.accounts.models import Partnership

    client.force_login(people["amina"])
    north = Partnership.objects.get(name="North Partnership")
    return client.post("/reviews/new/", {"partnership": north.pk, **data})


def test_amina_adds_a_review_and_lands_on_its_page(client, people):
    response = post(client, people, VALID)
    review = Review.objects.get(reference="Child K")
    assert response.status_code == 302 and response["Location"] == f"/reviews/{review.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Child K" in page and "2 March 2026" in page and "5 March 2026" in page
    assert "Local Child Safeguarding Practice Review" in page
    assert "SCR Quality Markers at a glance" in page
    assert review.created_by == people["amina"]


def test_invalid_dates_keep_every_value_and_show_the_error_summary(client, people):
    data = {
        **VALID,
        "notification_date-day": "1",
        "notification_date-month": "2",  # before the incident
        "decision_date-day": "31",
        "decision_date-month": "2",
        "decision_date-year": "2026",
    }  # no such day
    response = post(client, people, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Date of notification must be the same as or after the date of the serious incident (2 March 2026)" in page
    assert "Date of the decision to review must be a real date" in page
    assert 'href="#id_notification_date-day"' in page
    for name, value in data.items():
        if name.endswith(("-day", "-month", "-year")) or name == "reference":
            assert re.search(rf'name="{name}"[^>]*value="{value}"', page), name
    assert re.search(r'value="lcspr"\s+checked', page)
    assert page.count("<title>Error: ") == 1
    assert not Review.objects.filter(reference="Child K").exists()


def test_a_date_in_the_future_and_a_part_missing_are_explained(client, people):
    data = {**VALID, "incident_date-year": "2999", "notification_date-month": ""}
    page = post(client, people, data).content.decode()
    assert "Date of the serious incident must be today or in the past" in page
    assert "Date of notification must include a month" in page


def test_a_reference_already_used_in_the_partnership_is_refused(client, reviews, people):
    page = post(client, people, {**VALID, "reference": "child h"}).content.decode()
    assert "North Partnership already has a review called child h: use another reference" in page


def test_the_same_reference_may_be_used_by_another_partnership(client, reviews, people):
    response = post(client, people, {**VALID, "reference": "Child S"})
    assert response.status_code == 302


def test_required_fields_say_what_to_do(client, people):
    page = post(client, people, {"reference": "", "stage": "referral"}).content.decode()
    assert "Enter an anonymised reference, like &#34;Child H&#34;" in page or 'like "Child H"' in page
    assert "Select the type of review" in page
    assert "Select the quality markers to apply" in page


def test_amina_changes_the_stage_of_child_h(client, reviews, people):
    client.force_login(people["amina"])
    review = reviews["Child H"]
    page = client.get(f"/reviews/{review.pk}/edit/").content.decode()
    assert re.search(r'name="notification_date-day"[^>]*value="5"', page)
    data = {
        "reference": "Child H",
        "review_type": "scr",
        "stage": "analysis",
        "framework_id": "scr-quality-markers",
        "notification_date-day": "5",
        "notification_date-month": "3",
        "notification_date-year": "2026",
    }
    response = client.post(f"/reviews/{review.pk}/edit/", data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == "analysis" and review.incident_date is None


def test_amina_names_bea_as_lead_reviewer(client, people):
    response = post(client, people, {**VALID, "lead_reviewer": str(people["bea"].pk)})
    review = Review.objects.get(reference="Child K")
    assert response.status_code == 302 and review.lead_reviewer == people["bea"]
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert re.search(r"Lead reviewer\s*</dt>\s*<dd[^>]*>\s*Bea Lewis", page)


def test_only_a_lead_reviewer_of_the_partnership_can_be_named(client, people):
    for someone in ("carl", "dev"):  # an observer of North; a business manager of South
        page = post(client, people, {**VALID, "lead_reviewer": str(people[someone].pk)}).content.decode()
        assert "Select a valid choice" in page or "Choose a lead reviewer of North Partnership" in page
        assert 'id="id_lead_reviewer"' in page
    assert not Review.objects.filter(reference="Child K").exists()
    form = client.get("/reviews/new/").content.decode()
    assert "Bea Lewis (North Partnership)" in form and "Dev Patel" not in form
