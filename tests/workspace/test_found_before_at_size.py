"""Findings found before, at a large partnership's size: North Partnership has held many reviews before Child H,
and each found again that health and school did not share what each knew. Carl, an observer, reads Child H's
findings page: beside its third finding are the three closest earlier findings, with what was done about them,
and a link to the others, listed all on pages of their own. Learning across reviews lists the recurring findings
25 a page, each with its closest three, and can show one theme's only. However many earlier findings match, the
pages read the database the same number of times. Dev, of South Partnership, cannot open any of it.
"""

import datetime
import re

from casereview.workspace.findings import services
from casereview.workspace.findings.models import StoredRecurrence
from casereview.workspace.reviews.services import create_review

from .pages import text_of
from .test_findings_pages_at_size import queries

REPEATED = (
    "The school's attendance worries and the missed health appointments were kept in separate systems and "
    "not shared: no agency held the whole picture of the child dropping out of contact ({number})."
)


def earlier_reviews(people, reviews, count: int, first: int = 1) -> None:
    """``count`` North reviews decided before Child H and Child L, each finding the same again; the first of
    them planned an action on it, long overdue."""
    north = reviews["Child H"].partnership
    for number in range(first, first + count):
        review = create_review(
            people["amina"],
            north,
            reference=f"Child E{number}",
            review_type="lcspr",
            framework_id="scr-quality-markers",
            decision_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        )
        finding = services.save_finding(
            people["amina"],
            review,
            statement=REPEATED.format(number=number),
            evidence="",
            categories=["multi-agency-longer-term"],
            themes=["information-sharing"],
        )
        if number == 1:
            recommendation = services.save_recommendation(
                people["amina"],
                review,
                text="Schools and health visiting should share attendance and missed contacts.",
                findings=[finding],
                to_board=True,
                agencies=[],
                made_on=datetime.date(2024, 3, 1),
                response="accepted",
                response_reason="",
            )
            services.add_action(
                people["amina"],
                recommendation,
                description="Set up a shared list of children missing health contacts and school.",
                agency="Northtown NHS Trust",
                responsible="Named nurse",
                due_on=datetime.date(2024, 6, 30),
            )


def card_of(page: str, number: int) -> str:
    """The text of one finding's card on a review's findings page."""
    start = page.index(f"Finding {number} ")
    following = page.find(f"Finding {number + 1} ", start)
    return page[start : following if following != -1 else page.index("Recommendations", start)]


def test_child_hs_finding_shows_the_closest_three_earlier_findings_and_links_the_rest(client, people, reviews):
    child_h = reviews["Child H"]
    earlier_reviews(people, reviews, 5)
    client.force_login(people["carl"])
    path = f"/reviews/{child_h.pk}/findings/"
    few = queries(client, path)
    earlier_reviews(people, reviews, 25, first=6)
    response = client.get(path)
    assert response.status_code == 200
    third = child_h.findings.get(number=3)
    matched = StoredRecurrence.objects.filter(finding=third).count()
    assert matched >= 30  # every earlier review's finding, and Child L's
    card = card_of(text_of(response), 3)
    assert card.count("This was found before") == 3
    assert f"{matched - 3} more earlier findings" in card
    assert queries(client, path) == few
    assert len(response.content) < 200_000


def test_the_rest_are_listed_closest_first_on_pages_of_their_own(client, people, reviews):
    child_h = reviews["Child H"]
    earlier_reviews(people, reviews, 30)
    third = child_h.findings.get(number=3)
    matched = StoredRecurrence.objects.filter(finding=third).count()
    client.force_login(people["carl"])
    findings_page = client.get(f"/reviews/{child_h.pk}/findings/").content.decode()
    link = f"/reviews/{child_h.pk}/findings/{third.pk}/found-before/"
    assert f'href="{link}"' in findings_page

    first = client.get(link)
    page = text_of(first)
    assert first.status_code == 200
    assert f"It repeats {matched} findings of earlier reviews, closest first: 1 to 20 are shown here." in page
    assert page.count("This was found before") == 20
    scores = list(StoredRecurrence.objects.filter(finding=third).order_by("-score").values_list("earlier", flat=True))
    assert f'href="{link}?page=2"' in first.content.decode()  # a plain link: no JavaScript needed
    second = text_of(client.get(link, {"page": "2"}))
    assert second.count("This was found before") == matched - 20
    assert "21 to" in second
    # The earliest review's action is named with its status, and counted as overdue.
    closest_twenty = set(scores[:20])
    e1 = StoredRecurrence.objects.get(finding=third, earlier__review__reference="Child E1").earlier_id
    either = page if e1 in closest_twenty else second
    assert "This is what was done: Set up a shared list of children missing health contacts and school" in either
    assert "In all, 1 action: 1 not started; 1 overdue." in either
    # A page past the end, from an old link, shows the last.
    assert text_of(client.get(link, {"page": "99"})) == second


def test_learning_across_reviews_pages_the_recurring_findings_and_shows_one_themes(client, people, reviews):
    north = reviews["Child H"].partnership
    earlier_reviews(people, reviews, 5)
    client.force_login(people["pam"])
    path = f"/partnerships/{north.pk}/learning-across-reviews/"
    few = queries(client, path)
    earlier_reviews(people, reviews, 30, first=6)
    recurring = StoredRecurrence.objects.filter(finding__review__partnership=north).values("finding").distinct()
    assert recurring.count() > 25
    response = client.get(path)
    page = text_of(response)
    assert response.status_code == 200
    assert f"{recurring.count()} findings repeat an earlier review's, those with the closest match first: 1 to 25" in (
        page
    )
    found = page[page.index("Findings found before") :]
    assert found.count("This was found before") <= 25 * 3
    assert "more earlier findings" in found
    assert f'href="{path}?page=2"' in response.content.decode()
    assert queries(client, path) == few

    # Neglect: of all those findings, only Child H's (its first and third) are coded to it.
    response = client.get(path, {"theme": "neglect"})
    neglect = text_of(response)
    assert "Findings found before: Neglect and acts of omission" in neglect
    assert re.search(r"\b[12] findings? coded to Neglect and acts of omission repeats? an earlier review's", neglect)
    listed = re.findall(r'<h3 class="govuk-heading-s">([^<]*)</h3>', response.content.decode())
    assert "Child H, finding 3" in listed and all(heading.startswith("Child H") for heading in listed)
    # An unknown theme, from an old or altered link, shows every theme's.
    assert "1 to 25" in text_of(client.get(path, {"theme": "no-such-theme"}))


def test_dev_of_south_partnership_cannot_open_child_hs_earlier_findings(client, people, reviews):
    child_h = reviews["Child H"]
    third = child_h.findings.get(number=3)
    client.force_login(people["dev"])
    assert client.get(f"/reviews/{child_h.pk}/findings/{third.pk}/found-before/").status_code == 404
    assert client.get(f"/partnerships/{child_h.partnership_id}/learning-across-reviews/").status_code == 404


def test_a_finding_of_another_review_is_not_found_under_child_h(client, people, reviews):
    child_l_finding = reviews["Child L"].findings.get(number=1)
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/findings/{child_l_finding.pk}/found-before/")
    assert response.status_code == 404
