"""Amina, business manager of North Partnership, takes back what Child H's review recorded: a finding a
recommendation rests on is refused with the way out, the recommendation goes with its actions once she has read
them, then the finding, then an action of the other recommendation. axe-core checks every page."""

import re

from playwright.sync_api import expect

from tests.browser.pages import sign_in


def test_a_finding_goes_only_after_the_recommendation_resting_on_it(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="findings and recommendations").click()

    page.get_by_role("link", name="Remove finding 1", exact=True).click()
    expect(page.get_by_text("Recommendation 1 rests on this finding, so it cannot be removed yet.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Yes, remove"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Back to the findings").click()

    page.get_by_role("link", name="Remove recommendation 1", exact=True).click()
    expect(page.get_by_role("heading", name="Remove recommendation 1 and its actions?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove the recommendation and its actions").click()
    expect(page.get_by_text(re.compile(r"Recommendation 1 removed, with its \d+ actions?\."))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Remove finding 1", exact=True).click()
    expect(page.get_by_role("heading", name="Remove finding 1?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove the finding").click()
    expect(page.get_by_text("Finding 1 removed.")).to_be_visible()
    expect(page.get_by_role("link", name="Remove finding 1", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Child H").first.click()
    page.get_by_role("link", name="actions", exact=True).click()
    page.locator("table a.govuk-link").first.click()
    page.get_by_role("link", name="Remove the action").click()
    expect(page.get_by_role("heading", name=re.compile("Remove the action of .+\\?"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove the action").click()
    expect(page.get_by_text(re.compile("Action of .+ removed from recommendation 2."))).to_be_visible()
    assert_accessible(page)
