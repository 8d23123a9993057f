"""A review with many parties, communications and circumstances costs its pages no more database queries than
a review with a few: nothing is read once per record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereview.workspace.purpose import services
from casereview.workspace.purpose.models import Channel, CircumstanceKind, PartyGroup

GROUPS = [PartyGroup.BOARD, PartyGroup.AGENCY_LEADERS, PartyGroup.PRACTITIONERS, PartyGroup.REVIEWERS]


@pytest.fixture
def child_k(people):
    from casereview.workspace.accounts.models import Partnership
    from casereview.workspace.reviews.services import create_review

    amina = people["amina"]
    review = create_review(
        amina,
        Partnership.objects.get(name="North Partnership"),
        reference="Child K",
        review_type="lcspr",
        stage="decision",
        framework_id="scr-quality-markers",
        lead_reviewer=people["bea"],
    )
    services.save_statement(amina, review, services.suggested_statement(review))
    return review


def grow(user, review, *, parties: int, communications: int, circumstances: int) -> None:
    """Add records through the services until the review holds this many of each."""
    for number in range(review.parties.count(), parties):
        services.add_party(
            user, review, group=GROUPS[number % 4], role=f"Practitioner {number}", organisation="Northshire Council"
        )
    registered = services.active_parties(review)
    for number in range(review.communications.count(), communications):
        services.save_communication(
            user,
            review,
            date=datetime.date(2026, 5, 1 + number % 28),
            channel=Channel.MEETING if number % 2 else Channel.LETTER,
            parties=registered[number % len(registered) :][:3],
            groups=[GROUPS[number % 4]] if number % 3 == 0 else [],
            summary=f"Briefing {number}: the review is for learning, and the manager failed to attend.",
            explained_purpose=number % 5 != 0,
            receipt_confirmed=number % 2 == 0,
        )
    for number in range(review.circumstances.count(), circumstances):
        services.save_circumstance(
            user,
            review,
            kind=CircumstanceKind.MEDIA,
            description=f"Local press coverage, article {number}.",
            identified_on=datetime.date(2026, 4, 1),
            acknowledged_on=datetime.date(2026, 4, 2) if number % 2 else None,
            acknowledged_how="In the letter to agency leaders" if number % 2 else "",
            acknowledged_to="Agency leaders" if number % 2 else "",
        )


def queries(client, url: str) -> int:
    client.get(url)  # the first view of a session may do its own bookkeeping
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


PAGES = {
    "marker page": "markers/clarity-of-purpose/",
    "purpose overview": "purpose/",
    "communications log": "purpose/communications/",
    "circumstances": "purpose/circumstances/",
    "review page": "",
}


def test_queries_do_not_grow_with_the_records_of_the_review(client, people, child_k):
    amina = people["amina"]
    client.force_login(people["bea"])
    grow(amina, child_k, parties=5, communications=5, circumstances=2)
    few = {name: queries(client, f"/reviews/{child_k.pk}/{page}") for name, page in PAGES.items()}
    grow(amina, child_k, parties=40, communications=60, circumstances=20)
    assert child_k.communications.count() == 60
    many = {name: queries(client, f"/reviews/{child_k.pk}/{page}") for name, page in PAGES.items()}
    assert many == few


def test_the_register_reads_memberships_once(client, people):
    client.force_login(people["amina"])
    client.get("/reviews/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/reviews/").status_code == 200
    memberships = [query for query in captured.captured_queries if 'FROM "accounts_membership"' in query["sql"]]
    assert len(memberships) <= 2  # the two-factor check of the request, and the page's list


def test_the_marker_page_reads_its_records_and_communications_once(client, people, child_k):
    grow(people["amina"], child_k, parties=5, communications=5, circumstances=2)
    client.force_login(people["bea"])
    url = f"/reviews/{child_k.pk}/markers/clarity-of-purpose/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    tables = [
        query["sql"].split(" FROM ", 1)[1].split()[0] for query in captured.captured_queries if " FROM " in query["sql"]
    ]
    for table in ('"assessments_indicatoranswer"', '"assessments_markerjudgement"', '"purpose_communication"'):
        assert tables.count(table) == 1, table
