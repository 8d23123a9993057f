"""A partnership with a long trail: the page costs the same number of queries whatever the trail's length, reads
it through the (partnership, at, id) index without sorting it, and paging goes through every entry once, in
order, even where many entries share the same moment."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casereview.workspace.audit import services
from casereview.workspace.audit.models import AuditEvent, EventKind

MOMENT = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def amina(client, people):
    client.force_login(people["amina"])
    return client


def add_entries(partnership, count: int, monkeypatch, *, per_moment: int = 1, start: int = 0) -> None:
    """``count`` entries, ``per_moment`` of them at each moment (``at`` is set by the database field itself,
    from Django's clock, so the clock is what is set)."""
    for first in range(start, start + count, per_moment):
        moment = MOMENT + datetime.timedelta(seconds=first // per_moment)
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                username="amina",
                partnership=partnership,
                kind=EventKind.CHANGE,
                object_type="party",
                object_id=str(number),
                description=f"Entry {number:05d}",
            )
            for number in range(first, min(first + per_moment, start + count))
        )
    monkeypatch.undo()


def trail_path(review) -> str:
    return f"/partnerships/{review.partnership_id}/audit-trail/"


def queries_for(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params or {}).status_code == 200
    return len(queries)


def test_the_page_makes_as_many_queries_for_a_long_trail_as_for_a_short_one(
    amina, reviews, monkeypatch, django_assert_max_num_queries
):
    review = reviews["Child H"]
    path = trail_path(review)
    add_entries(review.partnership, 10, monkeypatch)
    short = queries_for(amina, path), queries_for(amina, path, {"username": "amina", "kind": "change"})
    add_entries(review.partnership, 2000, monkeypatch, start=10)
    older = re.search(r'href="\?(older=[\d-]+)"', amina.get(path).content.decode())[1]
    with django_assert_max_num_queries(short[0]):
        assert amina.get(path).status_code == 200
    with django_assert_max_num_queries(short[0]):
        assert amina.get(f"{path}?{older}").status_code == 200
    assert queries_for(amina, path, {"username": "amina", "kind": "change"}) <= short[1]


def test_the_people_filter_offers_the_members_and_finds_anyone_else_by_username(amina, reviews, people):
    review = reviews["Child H"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: MOMENT)
        AuditEvent.objects.create(
            username="olga", partnership=review.partnership, kind=EventKind.CHANGE, object_type="party",
            object_id="1", description="Changed by Olga, who has since left",
        )  # fmt: skip
    page = amina.get(trail_path(review)).content.decode()
    choices = re.findall(r'<option value="([^"]*)"', page.split('name="username"')[1].split("</select>")[0])
    assert choices == ["", "amina", "ari", "bea", "bo", "carl", "nia", "pam"]
    found = amina.get(trail_path(review), {"other_username": "olga"}).content.decode()
    assert "Changed by Olga, who has since left" in found and "1 entry" in found
    both = amina.get(trail_path(review), {"username": "bea", "other_username": "olga"})
    assert both.status_code == 400 and "Choose a member or type a username, not both" in both.content.decode()


def entries_on(page: str) -> list[str]:
    return re.findall(r"Entry (\d{5})", page)


def link_to(page: str, direction: str) -> str | None:
    found = re.search(rf'href="\?([^"]*{direction}=[\d-]+)"', page.replace("&amp;", "&"))
    return found[1] if found else None


def test_paging_older_then_newer_goes_through_every_entry_once_in_order(amina, reviews, monkeypatch):
    review = reviews["Child H"]
    # 123 entries, 7 at each moment: pages end in the middle of moments that tie.
    add_entries(review.partnership, 123, monkeypatch, per_moment=7)
    path = trail_path(review)
    pages = [amina.get(f"{path}?record_type=party&username=amina").content.decode()]
    assert "Entries, latest first, 50 to a page" in pages[0] and link_to(pages[0], "newer") is None
    while link_to(pages[-1], "older"):
        pages.append(amina.get(f"{path}?{link_to(pages[-1], 'older')}").content.decode())
    seen = [entry for page in pages for entry in entries_on(page)]
    assert seen == [f"{number:05d}" for number in reversed(range(123))]
    assert [len(entries_on(page)) for page in pages] == [50, 50, 23]

    back = amina.get(f"{path}?{link_to(pages[2], 'newer')}").content.decode()
    assert entries_on(back) == entries_on(pages[1]) and "record_type=party" in link_to(pages[2], "newer")
    top = amina.get(f"{path}?{link_to(back, 'newer')}").content.decode()
    assert entries_on(top) == entries_on(pages[0]) and link_to(top, "newer") is None


def test_the_trail_is_read_through_its_index_without_sorting(reviews, monkeypatch):
    review = reviews["Child H"]
    add_entries(review.partnership, 3000, monkeypatch)
    first = AuditEvent.objects.filter(partnership=review.partnership).order_by("-at", "-pk")[50]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for events in (
        services.trail(review.partnership),
        services.trail(review.partnership).filter(at__lte=first.at).exclude(at=first.at, pk__gte=first.pk),
        services.trail(review.partnership, username="amina"),
    ):
        plan = events.order_by("-at", "-pk")[: services.PAGE_SIZE + 1].explain()
        assert "audit_event_trail" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan and "Sort" not in plan, plan
