"""A review with many parties, communications and circumstances costs its pages no more database queries than
a review with a few: nothing is read once per record. Its pages stay small too: the marker page names each
communication once in a line, and the log shows them 25 to a page."""

import datetime
import html
import re

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


# What the marker page may weigh: a few hundred bytes for each communication (its line, and the links to it
# from who was told), whatever the communication says. It was 600 KB for 100 communications when it showed each
# in full under its question. A page of the log holds 25 communications in full, each with its wording check
# explained (about 3.5 KB each here), however many are logged. Numbers are weighed as one digit each: record
# ids grow longer on PostgreSQL, whose sequences are not reset between tests, and a communication's ids appear
# several times on the page, so the same markup weighed more or less by which tests ran before.
MARKER_BYTES_PER_COMMUNICATION = 450
MARKER_PAGE_BUDGET = 80_000
LOG_PAGE_BUDGET = 110_000


@pytest.fixture
def child_k_at_size(people, child_k):
    grow(people["amina"], child_k, parties=40, communications=60, circumstances=20)
    return child_k


def text(shown: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", shown)))


def newest_first(review) -> list:
    return list(review.communications.order_by("-date", "-pk"))


def cards(shown: str) -> list[int]:
    """The communications shown in full, in page order, by id."""
    return [int(pk) for pk in re.findall(r'<div class="govuk-summary-card" id="communication-(\d+)"', shown)]


def weight(response) -> int:
    """The page's size in bytes, each run of digits counted as one."""
    return len(re.sub(rb"\d+", b"0", response.content))


def test_the_marker_page_and_a_page_of_the_log_stay_within_a_byte_budget(client, people, child_k):
    client.force_login(people["bea"])
    marker_url = f"/reviews/{child_k.pk}/markers/clarity-of-purpose/"
    grow(people["amina"], child_k, parties=40, communications=10, circumstances=20)
    few = weight(client.get(marker_url))
    grow(people["amina"], child_k, parties=40, communications=60, circumstances=20)
    marker_response = client.get(marker_url)
    log_response = client.get(f"/reviews/{child_k.pk}/purpose/communications/")
    # an error page would be well within any budget
    assert marker_response.status_code == log_response.status_code == 200
    marker = marker_response.content.decode()
    assert (weight(marker_response) - few) / 50 < MARKER_BYTES_PER_COMMUNICATION
    assert weight(marker_response) < MARKER_PAGE_BUDGET
    assert weight(log_response) < LOG_PAGE_BUDGET
    # every communication is still named on the marker page, once, and none of them in full
    for communication in child_k.communications.all():
        assert marker.count(f'<li id="communication-{communication.pk}">') == 1
    assert cards(marker) == []
    assert "Briefing 7: the review is for learning" not in marker


def test_the_log_shows_25_a_page_newest_first(client, people, child_k_at_size):
    client.force_login(people["bea"])
    url = f"/reviews/{child_k_at_size.pk}/purpose/communications/"
    newest = [communication.pk for communication in newest_first(child_k_at_size)]
    first, second, third = (client.get(f"{url}?page={number}").content.decode() for number in (1, 2, 3))
    assert cards(first) == newest[:25]
    assert cards(second) == newest[25:50]  # page 2 starts at the 26th newest
    assert cards(third) == newest[50:]
    assert "60 communications, newest first: 26 to 50 on this page." in text(second)
    # GOV.UK pagination: plain links, so it works without JavaScript
    assert f'href="{url}?page=2" rel="next"' in first
    assert f'href="{url}?page=1" rel="prev"' in second and f'href="{url}?page=3" rel="next"' in second
    assert 'aria-current="page"' in second
    assert 'rel="next"' not in third
    # an old link past the end, or a mangled one, still shows a page of the log
    assert cards(client.get(f"{url}?page=9").content.decode()) == newest[50:]
    assert cards(client.get(f"{url}?page=two").content.decode()) == newest[:25]


def test_a_link_from_the_marker_page_lands_on_the_communication_in_the_log(client, people, child_k_at_size):
    client.force_login(people["bea"])
    review = child_k_at_size
    marker = client.get(f"/reviews/{review.pk}/markers/clarity-of-purpose/").content.decode()
    for communication in newest_first(review)[24:27] + newest_first(review)[-1:]:
        line = re.search(rf'<li id="communication-{communication.pk}"><a class="govuk-link" href="([^"]+)"', marker)
        href = line.group(1)
        assert href.endswith(f"#communication-{communication.pk}")
        landed = client.get(href.split("#")[0]).content.decode()
        assert communication.pk in cards(landed)
        assert communication.summary[:30] in landed
    # the evidence of who was told links to the line on the same page, not to another copy
    told = re.search(r'Told: <a class="govuk-link" href="#communication-(\d+)">', marker)
    assert f'<li id="communication-{told.group(1)}">' in marker


def test_saving_a_communication_returns_to_it_on_its_page_of_the_log(client, people, child_k_at_size):
    review = child_k_at_size
    client.force_login(people["bea"])
    thirtieth = newest_first(review)[29]
    response = client.post(
        f"/reviews/{review.pk}/purpose/communications/{thirtieth.pk}/",
        {
            "date-day": str(thirtieth.date.day),
            "date-month": str(thirtieth.date.month),
            "date-year": str(thirtieth.date.year),
            "channel": thirtieth.channel,
            "summary": "Corrected: the meeting explained that the review is for learning.",
            "groups": thirtieth.groups,
            "parties": [str(party.pk) for party in thirtieth.parties.all()],
            "explained_purpose": "yes",
            "receipt_confirmed": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/purpose/communications/?page=2#communication-{thirtieth.pk}"
    assert thirtieth.pk in cards(client.get(response["Location"].split("#")[0]).content.decode())


def test_the_audit_trail_reads_the_reviews_of_its_filter_once(client, people):
    from casereview.workspace.accounts.models import Partnership
    from casereview.workspace.reviews.services import create_review

    north = Partnership.objects.get(name="North Partnership")
    client.force_login(people["amina"])
    url = f"/partnerships/{north.pk}/audit-trail/"
    few = queries(client, url)
    for number in range(8):
        create_review(
            people["amina"],
            north,
            reference=f"Child T{number}",
            review_type="lcspr",
            stage="decision",
            framework_id="scr-quality-markers",
            lead_reviewer=people["bea"],
        )
    assert queries(client, url) == few
    assert "Child T7" in client.get(url).content.decode()  # offered in the review filter
