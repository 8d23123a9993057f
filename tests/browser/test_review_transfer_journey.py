"""Amina exports Child H from its page, then imports the file into North Partnership again from the register: a
file that is not a review file is refused with the reason first. Every page she meets passes axe-core."""

from playwright.sync_api import expect

from tests.browser.pages import sign_in


def test_amina_exports_child_h_and_imports_it_back(page, people, transactional_db, assert_accessible, tmp_path):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="Export the review Child H").click()
    expect(page.get_by_role("heading", name="Export the review")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export the review file").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("Child H") and saved.suffix == ".zip"

    page.goto(page.url.split("/reviews/")[0] + "/reviews/")
    page.get_by_role("link", name="Import a review").click()
    expect(page.get_by_role("heading", name="Import a review")).to_be_visible()
    assert_accessible(page)
    not_a_review = tmp_path / "notes.zip"
    not_a_review.write_bytes(b"these are notes, not a zip")
    page.get_by_label("Review file (.zip)").set_input_files(not_a_review)
    page.get_by_role("button", name="Import the review").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Nothing was imported: the file is not a zip archive")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Review file (.zip)").set_input_files(saved)
    page.get_by_role("button", name="Import the review").click()
    expect(page.get_by_role("heading", name="Child H (imported)", level=1)).to_be_visible()
    expect(page.get_by_text("Its own reference was taken in North Partnership")).to_be_visible()
    expect(page.get_by_text("Imported from North Partnership")).to_be_visible()
    assert_accessible(page)
