"""Amina reads North's audit trail, filters it, and opens what changed; axe-core checks the page."""

from playwright.sync_api import expect

from tests.browser.pages import sign_in


def test_amina_filters_the_audit_trail(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Audit trail of North Partnership").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Record").select_option(label="Concern")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 entry")).to_be_visible()
    page.locator("summary", has_text="Values").click()
    expect(page.get_by_text("The family was not visited after two missed")).to_be_visible()
    assert_accessible(page)
    since = page.get_by_role("group", name="From")
    since.get_by_label("Day").fill("31")
    since.get_by_label("Month").fill("2")
    since.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
