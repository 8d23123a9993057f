"""Amina takes Child H's board report to the board: she chooses its sections and how it names people, is told
when she chose no section, downloads it as Word, and reads the partnership's self-assessment; axe-core checks
each page."""

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
    page.get_by_role("button", name="Download the report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("By role only", exact=False)).to_be_checked()
    assert_accessible(page)

    page.get_by_label(Section.MARKERS.label).check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report").click()
    assert download.value.suggested_filename == "Child H - board report.docx"

    page.goto("/reviews/")
    page.get_by_role("link", name="Quality marker self-assessment of North Partnership").click()
    expect(page.get_by_role("heading", name="Quality marker self-assessment")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a Word document").click()
    assert download.value.suggested_filename == "North Partnership - quality marker self-assessment.docx"
