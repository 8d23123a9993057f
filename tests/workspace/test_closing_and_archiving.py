"""Amina closes Child H when its action plan is signed off, archives it off the register, and restores it."""

import datetime

from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.reviews.models import Review, Stage


def close_child_h(client, review, **extra):
    data = {
        "closed_on-day": "1",
        "closed_on-month": "12",
        "closed_on-year": "2026",
        "closure_reason": "The board signed off the action plan.",
    }
    data.update(extra)
    return client.post(f"/reviews/{review.pk}/close/", data)


def test_closing_records_the_date_and_reason_and_is_audited(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    assert client.get(f"/reviews/{review.pk}/close/").status_code == 200
    response = close_child_h(client, review)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.closed_on == datetime.date(2026, 12, 1) and review.stage == Stage.CLOSED
    page = " ".join(client.get(f"/reviews/{review.pk}/").content.decode().split())
    assert "Date closed" in page and "1 December 2026" in page and "The board signed off the action plan." in page
    event = AuditEvent.objects.filter(review=review, object_type="review").order_by("-pk").first()
    assert event.after["closed_on"] == "2026-12-01" and event.username == "amina"


def test_a_closure_needs_its_reason_and_a_date_not_in_the_future(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = close_child_h(
        client,
        review,
        closure_reason="",
        **{
            "closed_on-day": str(tomorrow.day),
            "closed_on-month": str(tomorrow.month),
            "closed_on-year": str(tomorrow.year),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Date closed must be today or in the past" in page and "Say why the review was closed" in page
    assert Review.objects.get(pk=review.pk).closed_on is None


def test_an_archived_review_leaves_the_register_is_kept_and_can_be_restored(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    close_child_h(client, review)
    assert client.post(f"/reviews/{review.pk}/archive/").status_code == 302
    register = client.get("/reviews/").content.decode()
    assert f'href="/reviews/{review.pk}/"' not in register
    assert "Show archived reviews (1)" in register
    shown = client.get("/reviews/?archived=show").content.decode()
    assert f'href="/reviews/{review.pk}/"' in shown and "Archived" in shown
    detail = client.get(f"/reviews/{review.pk}/")  # kept, and still opens
    assert detail.status_code == 200 and "This review is archived" in detail.content.decode()
    assert client.post(f"/reviews/{review.pk}/restore/").status_code == 302
    assert f'href="/reviews/{review.pk}/"' in client.get("/reviews/").content.decode()
    changes = AuditEvent.objects.filter(review=review, object_type="review").order_by("pk")
    archived = [event.after.get("archived_at") is not None for event in changes if "archived_at" in (event.after or {})]
    assert archived[-2:] == [True, False]


def test_an_open_review_cannot_be_archived(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    response = client.post(f"/reviews/{review.pk}/archive/", follow=True)
    assert "Close the review before archiving it." in response.content.decode()
    assert Review.objects.get(pk=review.pk).archived_at is None


def test_only_a_business_manager_closes_or_archives_and_never_another_partnerships_review(client, reviews, people):
    client.force_login(people["bea"])
    assert close_child_h(client, reviews["Child H"]).status_code == 403
    client.force_login(people["amina"])
    assert close_child_h(client, reviews["Child S"]).status_code == 404
    assert client.post(f"/reviews/{reviews['Child S'].pk}/archive/").status_code == 404
