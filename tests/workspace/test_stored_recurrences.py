"""Findings that recur are matched when a finding is saved, changed or removed, and kept; pages read what was kept.

Bea, lead reviewer of Child H, records a finding that repeats Child L's (health and school not sharing what each
knew): Child H's findings page says at once that this was found before, with what was done about it in Child L.
When she rewords it about something else, the page no longer says so; when Child L's decision to review is moved
after Child H's, Child L becomes the later review and the match turns round. Matches kept under another
fingerprint (the matching changed on an upgrade) are made again on the next view.
"""

import datetime
import io

import docx
from django.db import transaction

from casereview.workspace.findings import across, recurrence
from casereview.workspace.findings import services as findings
from casereview.workspace.findings.models import RecurrenceState, StoredRecurrence
from casereview.workspace.reviews.models import Review

from .pages import submit, text_of

REPEATED = (
    "The school's attendance worries were not shared with health, and missed health appointments were not shared "
    "with the school: nobody held the whole picture of the child dropping out of contact."
)
UNRELATED = "Supervision of the duty team was cancelled for six weeks while the team manager post was vacant."


def add_finding(client, review, statement: str):
    response = submit(
        client,
        f"/reviews/{review.pk}/findings/new/",
        {"statement": statement, "categories": ["multi-agency-longer-term"], "themes": ["information-sharing"]},
    )
    assert response.status_code == 302
    return review.findings.get(statement=statement)


def test_a_new_finding_that_repeats_an_earlier_reviews_is_shown_with_what_was_done(client, people, reviews):
    child_h, child_l = reviews["Child H"], reviews["Child L"]
    client.force_login(people["bea"])
    finding = add_finding(client, child_h, REPEATED)
    kept = StoredRecurrence.objects.get(finding=finding)
    assert kept.earlier == child_l.findings.get(number=1)
    assert "attendance" in kept.shared_words and kept.shared_themes == ["information-sharing"]
    response = client.get(f"/reviews/{child_h.pk}/findings/")
    page = text_of(response)
    assert response.status_code == 200
    shown = page[page.rindex(f"Finding {finding.number}") :]  # its card, after the message that it was saved
    assert "This was found before: Child L, finding 1" in shown
    assert "This is what was done: Write to all primary schools" in shown and "Done" in shown


def test_rewording_the_finding_takes_the_match_away(client, people, reviews):
    child_h = reviews["Child H"]
    client.force_login(people["bea"])
    finding = add_finding(client, child_h, REPEATED)
    response = submit(client, f"/reviews/{child_h.pk}/findings/{finding.pk}/", {"statement": UNRELATED})
    assert response.status_code == 302
    assert not StoredRecurrence.objects.filter(finding=finding).exists()
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "This was found before" not in page[page.rindex(f"Finding {finding.number}") :]


def test_pages_read_the_kept_matches_and_make_them_again_once_stale(client, people, reviews):
    child_h = reviews["Child H"]
    across.recurrences(child_h.partnership, review=child_h)  # kept since the demonstration data was loaded
    StoredRecurrence.objects.filter(finding__review=child_h).update(shared_words=["kept-word"])
    client.force_login(people["carl"])
    assert "Matched on the words they share: kept-word" in text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    RecurrenceState.objects.filter(review=child_h).update(fingerprint="made by an older matching")
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "kept-word" not in page and "Matched on the words they share: held, school, attendance" in page
    assert RecurrenceState.objects.get(review=child_h).fingerprint != "made by an older matching"


def test_moving_the_earlier_reviews_decision_after_the_later_turns_the_match_round(client, people, reviews):
    child_h, child_l = reviews["Child H"], reviews["Child L"]
    assert [r.earlier.review.reference for r in across.recurrences(child_h.partnership, review=child_h)]
    with transaction.atomic():
        Review.objects.filter(pk=child_l.pk).update(decision_date=datetime.date(2026, 4, 1))
    assert across.recurrences(child_h.partnership, review=child_h) == []
    client.force_login(people["carl"])
    page = text_of(client.get(f"/reviews/{child_l.pk}/findings/"))
    assert "This was found before: Child H, finding 3" in page


def test_a_review_without_a_decision_began_when_the_local_authority_became_aware(people, reviews):
    """Child Q, a rapid review: the local authority became aware on 26 March 2026, the Panel was notified on
    1 April. It was in progress in the year to 31 March 2026, and it began before Child H's decision."""
    from casereview.workspace.reviews.services import create_review

    north = reviews["Child H"].partnership
    child_q = create_review(
        people["amina"],
        north,
        reference="Child Q",
        review_type="rapid_review",
        framework_id="scr-quality-markers",
        aware_date=datetime.date(2026, 3, 26),
        notification_date=datetime.date(2026, 4, 1),
    )
    assert across.started_on(child_q) == datetime.date(2026, 3, 26)
    assert across.started_on(child_q) < across.started_on(reviews["Child H"])  # decided on 27 March
    content = across.annual_report_docx(north, kind="children", start_year=2025)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Child Q (Rapid review)." in text


def test_removing_the_earlier_finding_takes_the_match_away_from_the_later_review(client, people, reviews):
    from casereview.workspace.findings import services

    child_h, child_l = reviews["Child H"], reviews["Child L"]
    earlier = child_l.findings.get(number=1)
    for recommendation in services.resting_on(earlier):
        services.remove_recommendation(
            people["amina"], recommendation, actions_shown=recommendation.actions.values_list("pk", flat=True)
        )
    services.remove_finding(people["amina"], earlier)
    # Matched again with the removal, not left for the next view to find stale.
    assert (
        RecurrenceState.objects.get(review=child_h).fingerprint
        == recurrence.fingerprints(child_h.partnership)[child_h.pk]
    )
    assert not StoredRecurrence.objects.filter(finding__review=child_h).exists()
    client.force_login(people["carl"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "Finding 3" in page and "This was found before" not in page


def test_a_match_that_did_not_change_is_kept_as_it_was_when_its_reviews_are_matched_again(client, people, reviews):
    """Coding the finding to another category matches Child H again; the match with Child L, whose words did not
    change, is not rewritten (in a partnership of years that is tens of thousands of rows for one save)."""
    child_h = reviews["Child H"]
    client.force_login(people["bea"])
    finding = add_finding(client, child_h, REPEATED)
    kept = StoredRecurrence.objects.get(finding=finding)
    before = RecurrenceState.objects.get(review=child_h).fingerprint
    response = submit(client, f"/reviews/{child_h.pk}/findings/{finding.pk}/", {"categories": ["family-professional"]})
    assert response.status_code == 302
    assert RecurrenceState.objects.get(review=child_h).fingerprint != before  # matched again
    again = StoredRecurrence.objects.get(finding=finding)
    assert (again.pk, again.earlier_id, again.score) == (kept.pk, kept.earlier_id, kept.score)


def test_after_an_upgrade_of_the_matching_one_command_matches_every_review_again(client, people, reviews, monkeypatch):
    """An upgrade changes the matching (here its method number); ``rematch`` makes every partnership's kept matches
    again, saying how far it has got, and a second run finds nothing to do. ``every`` mends matches kept under the
    right fingerprint but changed by hand."""
    from casereview.themes import recurrence as engine

    child_h = reviews["Child H"]
    across.recurrences(child_h.partnership, review=child_h)  # kept since the demonstration data was loaded
    with_findings = RecurrenceState.objects.count()
    StoredRecurrence.objects.filter(finding__review=child_h).update(shared_words=["kept-word"])
    monkeypatch.setattr(engine, "METHOD", engine.METHOD + 1)
    said = []
    done = recurrence.rematch(progress=said.append)
    assert done.matched == done.reviews == with_findings > 0
    assert any(line.startswith("North Partnership: ") and "matched again" in line for line in said)
    assert len(said) == done.partnerships
    assert not StoredRecurrence.objects.filter(shared_words=["kept-word"]).exists()
    assert recurrence.rematch().matched == 0

    StoredRecurrence.objects.filter(finding__review=child_h).update(shared_words=["kept-word"])
    assert recurrence.rematch().matched == 0  # the fingerprint does not see a hand's change
    assert recurrence.rematch(every=True).matched == with_findings
    client.force_login(people["carl"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "kept-word" not in page and "Matched on the words they share: held, school, attendance" in page


def test_findings_saved_in_bulk_without_matching_are_matched_once_all_are_in(client, people, reviews):
    """A bulk load (the large partnership's build) saves each finding without matching it again and every later
    review; the page matches them when it reads them, and one rematch keeps the same matches as saving one by
    one."""
    child_h = reviews["Child H"]
    bea = people["bea"]
    finding = findings.save_finding(
        bea,
        child_h,
        statement=REPEATED,
        evidence="",
        categories=["multi-agency-longer-term"],
        themes=["information-sharing"],
        match_recurrences=False,
    )
    assert not StoredRecurrence.objects.filter(finding=finding).exists()
    client.force_login(bea)
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "This was found before: Child L, finding 1" in page[page.rindex(f"Finding {finding.number}") :]
    kept_by_the_page = set(StoredRecurrence.objects.values_list("finding", "earlier", "score"))
    StoredRecurrence.objects.all().delete()
    RecurrenceState.objects.all().delete()
    recurrence.rematch()
    assert set(StoredRecurrence.objects.values_list("finding", "earlier", "score")) == kept_by_the_page
