"""Amina takes Child H's board report to the board: she chooses its sections and how it names people, is told
when she chose no section, follows the report being made and downloads it as Word, and reads the partnership's
self-assessment; axe-core checks each page, the page of a report still being made too."""

import os

from playwright.sync_api import expect

from casereview.workspace.reports.sections import Section
from tests.browser.pages import sign_in


def test_amina_downloads_a_board_report_and_reads_the_self_assessment(
    page, people, transactional_db, assert_accessible
):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="Board report of Child H").click()
    expect(page.get_by_role("heading", name="Board report")).to_be_visible()
    assert_accessible(page)

    for section in Section:
        page.get_by_label(section.label).uncheck()
    page.get_by_label("By role only", exact=False).check()
    page.get_by_label("Word (.docx)").check()
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("By role only", exact=False)).to_be_checked()
    assert_accessible(page)

    page.get_by_label(Section.MARKERS.label).check()
    page.get_by_role("button", name="Make the report").click()
    # Made in the background; the page puts the news in place when it is ready, without reloading.
    expect(page.get_by_role("heading", name="The report is ready")).to_be_visible(timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Child H - board report.docx").click()
    assert download.value.suggested_filename == "Child H - board report.docx"
    page.get_by_role("link", name="Ask for another report of Child H").click()
    expect(page.get_by_role("heading", name="Reports asked for lately")).to_be_visible()
    expect(page.get_by_role("link", name="Ready to download", exact=False)).to_have_count(1)
    assert_accessible(page)

    page.goto("/reviews/")
    page.get_by_role("link", name="Quality marker self-assessment of North Partnership").click()
    expect(page.get_by_role("heading", name="Quality marker self-assessment")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a Word document").click()
    assert download.value.suggested_filename == "North Partnership - quality marker self-assessment.docx"


def test_the_page_of_a_report_being_made_says_its_step_and_its_checking_can_be_stopped(
    page, people, reviews, transactional_db, assert_accessible
):
    from django.utils import timezone

    from casereview.workspace.reports import jobs
    from casereview.workspace.reports.models import JobState, ReportJob

    review = reviews["Child H"]
    # Being made by a process that is alive (this one), so the page does not take it for one that died.
    job = ReportJob.objects.create(
        partnership=review.partnership,
        review=review,
        reference=review.reference,
        asked_by=people["amina"],
        sections="markers",
        by_role=False,
        file_format="pdf",
        state=JobState.RUNNING,
        step=1,
        steps=3,
        doing="Gathering the records: quality markers",
        asked_at=timezone.now(),
        host=jobs.HOST,
        pid=os.getpid(),
    )
    sign_in(page, "amina", assert_accessible)
    page.goto(f"/partnerships/{job.partnership_id}/reports/{job.pk}/")
    expect(page.get_by_text("Step 1 of 3: Gathering the records: quality markers")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "1")
    expect(page.get_by_role("button", name="Check again")).to_be_visible()
    stop = page.get_by_role("button", name="Stop checking automatically")
    expect(stop).to_be_visible()
    assert_accessible(page)

    ReportJob.objects.filter(pk=job.pk).update(step=2, doing="Laying out the pages of the PDF")
    expect(page.get_by_text("Step 2 of 3: Laying out the pages of the PDF")).to_be_visible()
    stop.click()
    expect(stop).to_have_count(0)
    ReportJob.objects.filter(pk=job.pk).update(step=3, doing="Writing the PDF's 12 pages")
    page.wait_for_timeout(4_000)
    expect(page.get_by_text("Step 2 of 3: Laying out the pages of the PDF")).to_be_visible()  # stopped: unchanged
    page.get_by_role("button", name="Check again").click()
    expect(page.get_by_text("Step 3 of 3: Writing the PDF's 12 pages")).to_be_visible()
