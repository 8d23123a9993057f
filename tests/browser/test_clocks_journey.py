"""Amina's morning: the register shows what is due, she records a step done, refuses her own typing mistake,
agrees an extension, and the board's view and the timeliness evidence show it; axe-core checks every page."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_assessment_journey import sign_in


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_amina_keeps_the_clocks_of_north_reviews(page, people, transactional_db, assert_accessible):
    today = timezone.localdate()
    sign_in(page, "amina", assert_accessible)
    expect(page.get_by_role("heading", name="Register")).to_be_visible()
    expect(page.get_by_text("Complete the rapid review and send it to the Panel")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Type of review").select_option(label="Rapid review")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 review match the filters")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Child R").click()

    expect(page.get_by_role("heading", name="Steps and timescales")).to_be_visible()
    expect(page.get_by_text("Due in 2 working days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Record done date or lateness.+Complete the rapid review")).click()
    fill_date(page, "Date done", today + datetime.timedelta(days=7))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="The date done must be today or in the past")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date done", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: Complete the rapid review and send it to the Panel.")).to_be_visible()
    expect(page.get_by_text("Done", exact=True).first).to_be_visible()

    page.get_by_role("link", name="Reviews").first.click()
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name=re.compile("Pause or extend.+Complete the review and publish")).click()
    assert_accessible(page)
    page.get_by_label("Extension").check()
    fill_date(page, "New due date", today + datetime.timedelta(days=60))
    page.get_by_label("Why").fill("The criminal trial was moved to February.")
    page.get_by_label("Agreed by").fill("Independent chair")
    fill_date(page, "Date agreed", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("agreed by Independent chair")).to_be_visible()
    assert_accessible(page)

    page.goto(page.url.rstrip("/") + "/markers/scr-management/")  # Child H, where the extension took us back
    expect(page.get_by_text("Extension of “Complete the review and publish the report”").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Reviews").first.click()
    page.get_by_role("link", name=re.compile("Timeliness of reviews.+North Partnership")).click()
    expect(page.get_by_text("Publication waited for the inquest to finish")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Due steps in your calendar")).to_be_visible()
    assert_accessible(page)
    # No address until she asks for one: the page makes no secret on a GET.
    expect(page.locator("code")).to_have_count(0)
    page.get_by_role("button", name="Set up my calendar addresses").click()
    expect(page.get_by_text("Your calendar addresses are ready")).to_be_visible()
    expect(page.get_by_role("heading", name="North Partnership", level=3)).to_be_visible()
    expect(page.locator("code").first).to_have_text(re.compile(r"^http://[^ ]+/partnerships/\d+/[^ ]+\.ics$"))
    expect(page.get_by_role("button", name="Reset my calendar addresses")).to_be_visible()
    assert_accessible(page)


def test_amina_adds_her_partnerships_own_step(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name=re.compile("Timescales.+North Partnership")).click()
    expect(page.get_by_role("heading", name="Timescales", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add your own step").click()
    page.get_by_label("Type of review").select_option(label="Serious Case Review (SCR)")
    page.get_by_label("What must be done").fill("Agency chronologies in")
    page.get_by_label("Short name").fill("chronologies")
    page.get_by_label("Counts from", exact=True).fill("chronologies")
    page.get_by_label("How many").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("counts from itself").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Counts from", exact=True).fill("initiation")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("North Partnership’s own step")).to_be_visible()
