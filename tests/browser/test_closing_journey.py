"""Amina closes Child H, archives it off the register, finds it among the archived reviews and restores it;
axe-core checks each page."""

from playwright.sync_api import expect

from tests.browser.test_assessment_journey import sign_in


def test_amina_closes_archives_and_restores_a_review(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="Close the review Child H").click()
    expect(page.get_by_role("heading", name="Close the review")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why was it closed?").fill("")
    page.get_by_role("button", name="Close the review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why was it closed?").fill("The board signed off the action plan.")
    page.get_by_role("button", name="Close the review").click()
    expect(page.get_by_text("Child H is closed.")).to_be_visible()
    page.get_by_role("button", name="Archive the review").click()
    expect(page.get_by_text("This review is archived")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Reviews").first.click()
    expect(page.get_by_role("link", name="Child H")).to_have_count(0)
    page.get_by_role("link", name="Show archived reviews (1)").click()
    expect(page.get_by_role("link", name="Child H")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("button", name="Restore to the register").click()
    expect(page.get_by_text("Child H is back on the register.")).to_be_visible()
    assert_accessible(page)
