"""At 320 CSS pixels wide (WCAG 2.2, 1.4.10 Reflow) no page scrolls sideways: long addresses, long words in
headings and wide tables wrap instead. Amina, business manager of North, opens the pages that did."""

import pytest
from playwright.sync_api import expect

from casereview.markers import get_framework
from tests.browser.test_assessment_journey import sign_in

NARROW = {"width": 320, "height": 900}


def sideways(page) -> int:
    """How many CSS pixels the page is wider than the window: 0 when everything reflows."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def too_wide(page) -> str:
    """The innermost elements that reach past the window's right edge, to say what does not reflow."""
    return page.evaluate(
        """() => {
            const edge = document.documentElement.clientWidth + 0.5
            const past = (e) => e.getBoundingClientRect().right > edge
            return [...document.querySelectorAll('main *')]
                .filter((e) => past(e) && ![...e.children].some(past))
                .slice(0, 5)
                .map((e) => `${e.tagName}.${e.className}: ${(e.textContent || '').trim().slice(0, 60)}`)
                .join(' | ')
        }"""
    )


@pytest.fixture
def amina_narrow(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()
    page.set_viewport_size(NARROW)
    return page


def pages_of(reviews) -> list[str]:
    child_h = reviews["Child H"]
    concern = child_h.concerns.order_by("pk").first()
    return [
        "/reviews/",
        f"/reviews/{child_h.pk}/",
        f"/partnerships/{child_h.partnership_id}/audit-trail/",
        f"/reviews/{child_h.pk}/concerns/",
        f"/reviews/{child_h.pk}/concerns/{concern.pk}/openings/",
        f"/reviews/{child_h.pk}/purpose/",
        f"/reviews/{child_h.pk}/purpose/communications/",
        f"/reviews/{child_h.pk}/purpose/circumstances/",
        f"/reviews/{child_h.pk}/purpose/letters/family/",
    ]


def test_the_register_trail_concerns_openings_and_purpose_pages_reflow(amina_narrow, reviews, assert_accessible):
    page = amina_narrow
    child_h = reviews["Child H"]
    page.goto(f"/reviews/{child_h.pk}/concerns/{child_h.concerns.order_by('pk').first().pk}/")  # an opening to list
    wide = {}
    for path in pages_of(reviews):
        page.goto(path)
        if sideways(page):
            wide[path] = f"{sideways(page)} px: {too_wide(page)}"
    assert not wide, wide
    assert_accessible(page)


@pytest.mark.parametrize("framework_id", ["scr-quality-markers", "sar-quality-markers"])
def test_every_marker_page_reflows(amina_narrow, reviews, framework_id):
    page = amina_narrow
    review = reviews["Child H"] if framework_id == "scr-quality-markers" else reviews["Adult M"]
    assert review.framework_id == framework_id
    wide = {}
    for marker in get_framework(framework_id).markers:
        page.goto(f"/reviews/{review.pk}/markers/{marker.id}/")
        if sideways(page):
            wide[marker.id] = f"{sideways(page)} px: {too_wide(page)}"
    assert not wide, wide
