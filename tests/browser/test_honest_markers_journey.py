"""Bea meets a marker held only in part, a judgement that goes against the answers and records, the evidence an
adult review's Clarity of purpose draws from its purpose records, and copies what the records show into an
answer; every page passes axe-core (issue 12)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_assessment_journey import sign_in


@pytest.fixture
def world(transactional_db, people, reviews):
    from casereview.workspace.purpose import services as purpose

    adult_m = reviews["Adult M"]
    purpose.save_statement(people["amina"], adult_m, "This review is for learning and improvement.")
    purpose.save_circumstance(
        people["amina"],
        adult_m,
        kind="parallel",
        description="A coroner's inquest is listed for the spring.",
        identified_on=datetime.date(2026, 9, 2),
    )
    return reviews


def test_partial_markers_contradicting_judgements_and_adult_evidence(page, world, assert_accessible):
    sign_in(page, "bea", assert_accessible)
    child_h, adult_m = world["Child H"].pk, world["Adult M"].pk

    page.goto(f"/reviews/{child_h}/markers/decision-making/indicators/q1/")
    page.get_by_label("Yes").check()
    page.get_by_label("Evidence").fill("Chronologies from five agencies.")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Answer to question 1 saved.")).to_be_visible()
    page.goto(f"/reviews/{child_h}/")
    decision = page.locator(".govuk-task-list__item", has_text="2. Decision making")
    expect(decision).to_contain_text("Questions held answered (marker held in part)")
    expect(decision).not_to_contain_text("Ready to judge")
    assert_accessible(page)

    page.goto(f"/reviews/{child_h}/markers/clarity-of-purpose/judgement/")
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Rationale").fill("All groups told.")
    page.get_by_role("button", name="Save judgement").click()
    expect(page.get_by_text("Question 1 is answered Partly.")).to_be_visible()
    expect(page.get_by_label("Rationale")).to_have_value("All groups told.")
    assert_accessible(page)
    page.get_by_label("Why does the judgement stand despite this?").fill("Practitioners were told on 3 June.")
    page.get_by_role("button", name="Save judgement").click()
    expect(page.get_by_text("Judgement saved for Clarity of purpose: Met.")).to_be_visible()
    clarity = page.locator(".govuk-task-list__item", has_text="5. Clarity of purpose")
    expect(clarity).to_contain_text("Met")
    assert_accessible(page)

    page.goto(f"/reviews/{adult_m}/markers/clarity-of-purpose/")
    expect(page.get_by_role("heading", name="What the records show for this marker")).to_be_visible()
    expect(page.get_by_text("A coroner's inquest is listed for the spring.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/reviews/{adult_m}/purpose/")
    expect(page.get_by_role("link", name="SAR Quality Markers marker 4, Clarity of purpose")).to_be_visible()
    assert_accessible(page)


def test_what_the_records_show_is_copied_into_the_evidence(page, world, assert_accessible):
    sign_in(page, "bea", assert_accessible)
    page.goto(f"/reviews/{world['Child H'].pk}/markers/clarity-of-purpose/indicators/q3/")
    expect(page.get_by_role("heading", name="What the records show")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Evidence").fill("Seen at the panel.")
    page.get_by_role("button", name="Copy into the evidence").click()
    expect(page.get_by_label("Evidence")).to_have_value(re.compile(r"^Seen at the panel\.\n\n.+identified", re.S))
    expect(page).to_have_url(re.compile(r"/indicators/q3/$"))
