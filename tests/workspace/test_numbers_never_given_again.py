"""A finding's number, once given, names that finding for good: a published report that says "finding 4" must not
later mean another finding. Bea adds finding 4 to Child H and removes it; the next finding she adds is finding 5,
even after Amina has saved the review's register entry, which she opened before Bea added finding 4. Recommendations
are numbered the same way; reviews numbered before the counters were kept, and imported reviews, keep them too.
"""

import importlib

from django.apps import apps
from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent, EventKind
from casereview.workspace.findings import services as findings
from casereview.workspace.findings.models import Finding, Recommendation
from casereview.workspace.reviews.models import Review
from casereview.workspace.reviews.services import REGISTER_FIELDS, archive_review, close_review, update_review

from .pages import submit, text_of
from .test_recommendations import made_on


def add_finding(client, review, statement: str) -> Finding:
    response = submit(client, f"/reviews/{review.pk}/findings/new/", {"statement": statement})
    assert response.status_code == 302
    return review.findings.get(statement=statement)


def test_a_removed_findings_number_is_not_given_to_the_next_finding(client, people, reviews):
    child_h = reviews["Child H"]
    # Amina opens the register entry before Bea adds her finding, and saves it after: her copy of the review holds
    # the number given before Bea's, which her save must not write back.
    amina_opened = Review.objects.get(pk=child_h.pk)
    client.force_login(people["bea"])
    top = max(child_h.findings.values_list("number", flat=True))
    added = add_finding(client, child_h, "Nobody chaired the strategy discussion after the second referral.")
    assert added.number == top + 1
    removed = submit(client, f"/reviews/{child_h.pk}/findings/{added.pk}/remove/", button="Yes, remove the finding")
    assert removed.status_code == 302
    assert not Finding.objects.filter(pk=added.pk).exists()

    entry = {name: getattr(amina_opened, name) for name in REGISTER_FIELDS}
    update_review(people["amina"], amina_opened, **{**entry, "reference": "Child H (2026)"})

    again = add_finding(client, child_h, "The health visitor's concerns were not escalated to a manager.")
    assert again.number == top + 2
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert f"Finding {top + 2}" in page and f"Finding {top + 1}" not in page


def test_a_removed_recommendations_number_is_not_given_again(client, people, reviews):
    child_h = reviews["Child H"]
    finding = child_h.findings.get(number=1)
    client.force_login(people["amina"])
    top = max(child_h.recommendations.values_list("number", flat=True))
    last = child_h.recommendations.get(number=top)
    removed = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/{last.pk}/remove/",
        button="Yes, remove the recommendation and its actions",
    )
    assert removed.status_code == 302
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/new/",
        {
            "text": "The partnership should publish one out-of-hours referral route.",
            "findings": [str(finding.pk)],
            "to_board": "on",
            **made_on(timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(review=child_h, text__startswith="The partnership should publish one").number == (
        top + 1
    )
    assert not child_h.recommendations.filter(number=top).exists()


def test_a_review_numbered_before_the_upgrade_does_not_give_its_top_numbers_again(client, people, reviews):
    """Before the counters were kept every review had them at 0; the upgrade counts what each review has given."""
    child_h = reviews["Child H"]
    Review.objects.filter(pk=child_h.pk).update(last_finding_number=0, last_recommendation_number=0)
    upgrade = importlib.import_module("casereview.workspace.reviews.migrations.0007_review_numbers_never_given_again")
    upgrade.numbers_given_so_far(apps, None)

    top = max(child_h.findings.values_list("number", flat=True))
    top_recommendation = max(child_h.recommendations.values_list("number", flat=True))
    # Amina takes out what rests on the top finding, then Bea removes it: its number must stay given.
    for recommendation in child_h.findings.get(number=top).recommendations.all():
        findings.remove_recommendation(
            people["amina"], recommendation, actions_shown=recommendation.actions.values_list("pk", flat=True)
        )
    client.force_login(people["bea"])
    last = child_h.findings.get(number=top)
    removed = submit(client, f"/reviews/{child_h.pk}/findings/{last.pk}/remove/", button="Yes, remove the finding")
    assert removed.status_code == 302
    again = add_finding(client, child_h, "The health visitor's concerns were not escalated to a manager.")
    assert again.number == top + 1
    assert Review.objects.get(pk=child_h.pk).last_recommendation_number == top_recommendation


def test_editing_closing_and_archiving_a_review_read_before_a_finding_was_added_records_no_counter_change(
    people, reviews
):
    """Amina opened Child H's register entry before Bea added a finding: her edit, and closing and archiving it, say
    in the audit trail only what she changed, and leave the number Bea's finding took as given."""
    child_h = reviews["Child H"]
    stale = Review.objects.get(pk=child_h.pk)
    added = findings.save_finding(
        people["bea"], child_h, statement="Nobody chaired the strategy meeting.", evidence="", categories=[], themes=[]
    )
    entry = {name: getattr(stale, name) for name in REGISTER_FIELDS}
    update_review(people["amina"], stale, **{**entry, "reference": "Child H (2026)"})
    close_review(people["amina"], stale, closed_on=timezone.localdate(), reason="The report was published.")
    archive_review(people["amina"], stale)

    changes = AuditEvent.objects.filter(review=child_h, object_type="review", kind=EventKind.CHANGE).order_by("pk")
    said = [set(change.before) | set(change.after) for change in changes]
    assert said == [{"reference"}, {"closed_on", "closure_reason", "stage"}, {"archived_at"}]
    assert Review.objects.get(pk=child_h.pk).last_finding_number == added.number
