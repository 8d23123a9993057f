"""Bea records what Child H's review found and recommends, Amina plans an action, and Nia, the agency lead of
Northtown NHS Trust, marks her agency's overdue action done with its evidence and impact; the action plan, the
learning across reviews and the annual report page follow. axe-core checks every page."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import sign_in


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_from_findings_to_an_action_done_with_its_impact(page, people, transactional_db, assert_accessible):
    today = timezone.localdate()
    sign_in(page, "bea", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="findings and recommendations").click()
    expect(page.get_by_role("heading", name="Findings and recommendations")).to_be_visible()
    expect(page.get_by_text("This was found before: Child L, finding 1").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a finding").click()
    page.get_by_role("button", name="Save finding").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Finding", exact=True).fill(
        "Out-of-hours referrals were logged where the day team could not see them, so two referrals about the "
        "family were never read together."
    )
    page.get_by_label("Evidence", exact=True).fill("Out-of-hours log; the day team's records.")
    page.get_by_label("Human-tool operation").check()
    page.get_by_label("Information sharing").check()
    page.get_by_role("button", name="Save finding").click()
    expect(page.get_by_text("Finding 4 saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("The partnership should give all agencies one referral route.")
    page.get_by_label("The board", exact=True).check()
    fill_date(page, "Date made", today)
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.get_by_role("link", name=re.compile("a recommendation needs at least one"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile("Finding 4:")).check()
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.get_by_text("Recommendation 3 saved.")).to_be_visible()
    sign_out(page)

    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="actions", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Recommendation").select_option(index=3)  # after "Choose" and recommendations 1 and 2
    page.get_by_label("What will be done").fill("Publish one referral route.")
    page.get_by_label("Agency").fill("Northshire Council")
    page.get_by_label("Person responsible").fill("Head of the front door")
    fill_date(page, "Due date", today + datetime.timedelta(days=30))
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action added to recommendation 3.")).to_be_visible()
    sign_out(page)

    sign_in(page, "nia", assert_accessible)
    page.get_by_role("link", name=re.compile("Action plan.+North Partnership")).click()
    expect(page.get_by_text("4 actions, 1 overdue")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Agency").select_option("Northtown NHS Trust")
    page.get_by_role("button", name="Show actions").click()
    expect(page.get_by_text("1 action, 1 overdue")).to_be_visible()
    page.get_by_role("link", name=re.compile("Add a missed-contacts flag")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Change the status").click()
    page.get_by_label("Done", exact=True).check()
    fill_date(page, "Date done", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=re.compile("cannot be marked done without evidence"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Evidence it was done").fill("Release note 5.2 of the records system.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Status saved.")).to_be_visible()
    page.get_by_role("link", name="Record the impact").click()
    page.get_by_label("What changed").fill("Missed contacts now show as a pattern.")
    page.get_by_label("How it was known").fill("Audit of 30 records.")
    fill_date(page, "Date checked", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Impact saved.")).to_be_visible()
    expect(page.get_by_text("Audit of 30 records.")).to_be_visible()
    assert_accessible(page)
    # Reopening it now would leave its impact counted for work no longer done: refused until the impact goes.
    page.get_by_role("link", name="Change the status").click()
    expect(page.get_by_text("Its impact is recorded, so it stays done.")).to_be_visible()
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=re.compile("To reopen it, remove the impact first"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="the impact page", exact=True).click()
    page.get_by_role("button", name="Remove the impact").click()
    expect(page.get_by_text("Impact removed.")).to_be_visible()
    expect(page.get_by_text("No impact recorded yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Reviews").first.click()
    page.get_by_role("link", name=re.compile("Learning across reviews.+North Partnership")).click()
    expect(page.get_by_role("heading", name="Findings found before")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="annual report section").click()
    expect(page.get_by_role("heading", name="Annual report section on reviews")).to_be_visible()
    assert_accessible(page)


def test_the_learning_pages_reflow_on_a_narrow_screen(page, people, reviews, transactional_db, assert_accessible):
    from tests.browser.test_small_screens import NARROW, sideways, too_wide

    sign_in(page, "amina", assert_accessible)
    page.set_viewport_size(NARROW)
    child_h = reviews["Child H"]
    action = child_h.recommendations.get(number=1).actions.order_by("pk").first()
    repeating = child_h.findings.filter(recurrences__isnull=False).first()
    for path in (
        f"/reviews/{child_h.pk}/findings/",
        f"/reviews/{child_h.pk}/findings/{repeating.pk}/found-before/",
        f"/reviews/{child_h.pk}/findings/new/",
        f"/reviews/{child_h.pk}/actions/",
        f"/reviews/{child_h.pk}/actions/{action.pk}/",
        f"/partnerships/{child_h.partnership_id}/actions/",
        f"/partnerships/{child_h.partnership_id}/learning-across-reviews/",
        f"/partnerships/{child_h.partnership_id}/themes/",
    ):
        page.goto(path)
        assert sideways(page) == 0, f"{path}: {too_wide(page)}"
        assert_accessible(page)


def test_a_long_action_plan_is_paged_by_plain_links(page, people, reviews, transactional_db, assert_accessible):
    from tests.browser.test_small_screens import NARROW, sideways, too_wide
    from tests.workspace.test_action_plan import supervision_audits

    child_h = reviews["Child H"]
    supervision_audits(child_h.recommendations.get(number=2), 70)
    sign_in(page, "amina", assert_accessible)
    page.goto(f"/partnerships/{child_h.partnership_id}/actions/?agency=Northshire+Council")
    pages = page.get_by_role("navigation", name="Pages of the action plan")
    expect(pages).to_be_visible()
    assert_accessible(page)
    pages.get_by_role("link", name=re.compile("Next")).click()
    expect(page).to_have_title(re.compile(r"Action plan \(page 2 of 2\)"))
    expect(page.get_by_text("sample 070")).to_be_visible()
    expect(page.get_by_label("Agency")).to_have_value("Northshire Council")
    assert_accessible(page)
    page.set_viewport_size(NARROW)
    assert sideways(page) == 0, too_wide(page)
