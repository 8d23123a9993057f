"""Amina signs in, adds a review, answers a question of Clarity of purpose, judges the marker and sees
the judgement on the review page; every page she visits passes axe-core (WCAG 2.2 A and AA)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in


@pytest.fixture
def amina(transactional_db, people):
    return people["amina"]


def test_amina_assesses_clarity_of_purpose_for_a_new_review(page, amina, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a review").click()
    page.get_by_label("Anonymised reference").fill("Child P")
    page.get_by_label("Serious Case Review (SCR)").check()
    page.get_by_label("SCR Quality Markers").check()
    notification = page.get_by_role("group", name="Date of notification")
    notification.get_by_label("Day").fill("30")
    notification.get_by_label("Month").fill("2")
    notification.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add review").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Date of notification must be a real date")).to_be_visible()
    expect(page.get_by_label("Anonymised reference")).to_have_value("Child P")
    assert_accessible(page)
    notification.get_by_label("Day").fill("27")
    page.get_by_role("button", name="Add review").click()

    expect(page.get_by_role("heading", name="Child P", level=1)).to_be_visible()
    expect(page.get_by_text("27 February 2026")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="5. Clarity of purpose").click()
    expect(page.get_by_role("heading", name="Clarity of purpose", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Answer to question 1").click()
    assert_accessible(page)
    page.get_by_label("Partly").check()
    page.get_by_label("Evidence").fill("Board briefed on 3 March; practitioners not yet told.")
    page.get_by_role("button", name="Save answer").click()
    expect(page).to_have_url(re.compile(r"/markers/clarity-of-purpose/#q1$"))
    expect(page.get_by_text("Board briefed on 3 March; practitioners not yet told.")).to_be_visible()

    page.get_by_role("button", name="Record the judgement").click()
    assert_accessible(page)
    page.get_by_label("Partly met").check()
    page.get_by_label("Rationale").fill("The purpose has not yet reached the practitioners directly involved.")
    page.get_by_role("button", name="Save judgement").click()

    expect(page.get_by_role("heading", name="Child P", level=1)).to_be_visible()
    clarity = page.locator(".govuk-task-list__item", has_text="5. Clarity of purpose")
    expect(clarity).to_contain_text("Partly met")
    expect(clarity).to_contain_text("1 of 3 questions answered")
    assert_accessible(page)


def test_pages_work_without_javascript(browser, live_server, people, transactional_db, assert_accessible):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill("bea")
    page.get_by_label("Password", exact=True).fill("learning-not-blame")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="5. Clarity of purpose").click()
    page.get_by_role("link", name="Answer to question 3").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Write the evidence for this answer, or choose Not yet answered").first).to_be_visible()
    page.get_by_label("Evidence").fill("Parallel police investigation acknowledged in the letter of 14 May.")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("Parallel police investigation acknowledged in the letter of 14 May.")).to_be_visible()
    context.close()


def test_concurrent_edit_page_and_marker_pages_are_accessible(page, people, transactional_db, assert_accessible):
    from casereview.markers import get_framework

    sign_in(page, "bea", assert_accessible)
    page.get_by_role("link", name="Adult M").click()
    assert_accessible(page)
    for marker in get_framework("sar-quality-markers").markers[:4]:
        page.get_by_role("link", name=f"{marker.number}. {marker.title}").click()
        assert_accessible(page)
        page.go_back()


def test_learning_framework_pages_are_accessible(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="The partnership’s learning framework").first.click()
    expect(page.get_by_role("heading", name="Learning and improvement framework")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Change the learning framework").click()
    assert_accessible(page)
    page.get_by_label("London Protocol contributory factors").check()
    page.get_by_role("button", name="Save learning framework").click()
    expect(page.get_by_text("Learning framework saved.")).to_be_visible()
    page.get_by_role("link", name="London Protocol contributory factors").click()
    expect(page.get_by_role("heading", name="Care delivery problems")).to_be_visible()
    assert_accessible(page)
