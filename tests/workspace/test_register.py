"""The register: every review's next step and its due date, overdue first; filters by stage, type and lead
reviewer in the address; 50 reviews a page; the same number of queries for 5 reviews as for 60."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereview.workspace.reviews.services import create_review


def add(people, reference: str, **fields):
    from casereview.workspace.accounts.models import Partnership

    defaults = {"review_type": "rapid_review", "stage": "referral", "framework_id": "scr-quality-markers"}
    return create_review(
        people["amina"], Partnership.objects.get(name="North Partnership"), reference=reference, **defaults | fields
    )


def references(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]+>([^<]+)</a>', page)


def test_overdue_reviews_come_first_then_the_soonest_due(client, people, reviews):
    today = datetime.date.today()
    add(people, "Child Soon", aware_date=today)  # notify the Panel within 5 working days: not yet late
    add(people, "Child Late", aware_date=today - datetime.timedelta(days=60))
    add(people, "Child Later", aware_date=today - datetime.timedelta(days=30))
    client.force_login(people["bea"])
    response = client.get("/reviews/")
    order = references(response.content.decode())
    assert response.status_code == 200
    # Adult M's decision was due on 3 September 2026; Child Late's notification about 50 days ago; Child H's
    # completion on 20 October 2026; Child Later's notification a few weeks ago; the demonstration's Child R is
    # due in 2 working days and Child Soon in 5. Child L has no open step, so it comes last.
    assert order == ["Adult M", "Child Late", "Child H", "Child Later", "Child R", "Child Soon", "Child L"]
    assert "Child S" not in order  # South's review is not Bea's to see


def test_every_row_shows_its_next_step_and_due_date(client, people, reviews):
    add(people, "Child Soon", aware_date=datetime.date(2026, 12, 1))
    client.force_login(people["carl"])
    page = client.get("/reviews/", {"review_type": "rapid_review"}).content.decode()
    # Tuesday 1 December 2026 + 5 working days is Tuesday 8 December.
    assert "Notify the Child Safeguarding Practice Review Panel of the serious incident: 8 December 2026" in page


def test_sorting_by_reference_is_a_link_that_keeps_the_filters(client, people, reviews):
    add(people, "Aaron", stage="analysis")
    add(people, "Zed", stage="analysis")
    client.force_login(people["amina"])
    page = client.get("/reviews/", {"stage": "analysis"}).content.decode()
    assert 'href="?stage=analysis&amp;sort=reference"' in page
    sorted_page = client.get("/reviews/", {"stage": "analysis", "sort": "reference"}).content.decode()
    assert references(sorted_page) == ["Aaron", "Zed"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"stage": "commissioning"}, ["Adult M"]),
        ({"review_type": "scr"}, ["Child H"]),
        ({"lead_reviewer": "bea"}, ["Child H"]),
    ],
)
def test_filters_narrow_the_register(client, people, reviews, query, expected):
    if "lead_reviewer" in query:
        query = {"lead_reviewer": str(people["bea"].pk)}
    client.force_login(people["amina"])
    response = client.get("/reviews/", query)
    assert response.status_code == 200
    assert references(response.content.decode()) == expected


def test_a_filter_value_that_is_not_offered_is_refused_with_a_message(client, people, reviews):
    client.force_login(people["amina"])
    response = client.get("/reviews/", {"stage": "nonsense"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_dev_cannot_filter_by_a_north_lead_reviewer(client, people, reviews):
    client.force_login(people["dev"])
    response = client.get("/reviews/", {"lead_reviewer": str(people["bea"].pk)})
    assert response.status_code == 400
    assert "Child H" not in response.content.decode()


def grow_register(people, count: int) -> None:
    from casereview.workspace.reviews.models import Review

    start = datetime.date(2026, 1, 5)
    for number in range(Review.objects.filter(partnership__name="North Partnership").count(), count):
        add(
            people,
            f"Child {number:03}",
            review_type=["rapid_review", "lcspr", "sar_mandatory", "scr"][number % 4],
            aware_date=start + datetime.timedelta(days=number),
            decision_date=start + datetime.timedelta(days=number + 20),
            lead_reviewer=people["bea"] if number % 2 else None,
        )


def test_the_register_is_paged_fifty_at_a_time(client, people, reviews):
    grow_register(people, 60)
    client.force_login(people["amina"])
    first = client.get("/reviews/").content.decode()
    second = client.get("/reviews/", {"page": "2"}).content.decode()
    assert len(references(first)) == 50 and len(references(second)) == 10
    assert not set(references(first)) & set(references(second))
    assert "Pages of the register" in first and 'href="?page=2"' in first


def register_queries(client) -> int:
    client.get("/reviews/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/reviews/").status_code == 200
    return len(captured.captured_queries)


def test_the_register_reads_the_same_number_of_times_for_5_reviews_as_for_60(client, people, reviews):
    client.force_login(people["amina"])
    grow_register(people, 5)
    few = register_queries(client)
    grow_register(people, 60)
    assert register_queries(client) == few
