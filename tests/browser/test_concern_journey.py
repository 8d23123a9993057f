"""Bea, lead reviewer of Child H, records a concern about one practitioner and works through the just
culture guide a question at a time; then she records information passed to the practitioner's agency, and
Bo, a board member, sees who opened the concern. axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in

# The path of the guide Bea takes, in the order the questions come: answer and note.
ANSWERS = [
    ("Was there any intention to cause harm?", "No", "Nothing in any account suggests it."),
    ("Are there signs that the person was misusing alcohol or drugs?", "No", "None; her manager agrees."),
    ("Are there signs of physical ill health?", "No", "None known."),
    ("Are there signs of mental ill health?", "No", "None known."),
    ("Were there agreed protocols, procedures or accepted practice for this omission?", "Yes", "Procedure HV-12."),
    ("Were they workable, and in routine use?", "Yes", "Audited in January: in routine use."),
    ("Did the person knowingly depart from them?", "Yes", "She says she chose to wait for the GP."),
]


@pytest.fixture
def north(transactional_db, people):
    return people


def test_bea_works_through_the_guide_and_bo_sees_who_opened_it(page, north, assert_accessible):
    sign_in(page, "bea", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="Concerns about one person’s practice, and the log of information shared").click()
    expect(page.get_by_role("heading", name="Concerns about one person’s practice")).to_be_visible()
    expect(page.get_by_text("Every opening is logged.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record a concern").click()
    page.get_by_label("Something they did not do").check()
    page.get_by_role("button", name="Save concern").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What was done, or not done").fill("Did not refer after the second missed appointment.")
    page.get_by_label("Their role").fill("Practice nurse")
    page.get_by_label("Agency or organisation").fill("Northtown Surgery")
    arose = page.get_by_role("group", name="Date the concern arose")
    arose.get_by_label("Day").fill("12")
    arose.get_by_label("Month").fill("5")
    arose.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save concern").click()
    expect(page.get_by_role("heading", name="Concern about the Practice nurse")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Start the guide").click()
    for number, (question, answer, note) in enumerate(ANSWERS, 1):
        expect(page.get_by_role("heading", name=question)).to_be_visible()
        if number == 1:
            page.get_by_role("button", name="Continue").click()
            expect(page.get_by_text("Select yes or no").first).to_be_visible()
        assert_accessible(page)
        page.get_by_label(answer, exact=True).check()
        page.get_by_label("What is this answer based on?").fill(note)
        page.get_by_role("button", name="Continue").click()

    # knowing departure leads on to substitution: the guide goes on, a question at a time
    expect(page.get_by_role("heading", name="Would colleagues with similar experience")).to_be_visible()
    page.get_by_role("link", name="Change the answer to: Did the person knowingly depart from them?").click()
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("What is this answer based on?").fill("On reflection she did not know HV-12 applied.")
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Action singling out the person is unlikely to be appropriate")
    ).to_be_visible()
    expect(page.get_by_text("On reflection she did not know HV-12 applied.")).to_be_visible()
    expect(page.get_by_text("Open Government Licence v3.0").first).to_be_attached()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the concern").click()
    expect(page.get_by_text("Current outcome: run 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record information shared with an agency about this concern").click()
    assert_accessible(page)
    page.get_by_label("What was shared").fill("The surgery's entries in the chronology.")
    page.get_by_label("Who it was shared with").fill("Northtown Surgery, practice manager")
    shared = page.get_by_role("group", name="Date shared")
    shared.get_by_label("Day").fill("20")
    shared.get_by_label("Month").fill("5")
    shared.get_by_label("Year").fill("2026")
    page.get_by_label("Why it was shared").fill("For the practice's own review of the nurse's work.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("It also appears among the complicating circumstances")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "bo", assert_accessible)
    page.get_by_role("link", name="Child H").click()
    expect(page.get_by_text("processes 1 time")).to_be_visible()
    page.get_by_role("link", name="Concerns about one person’s practice, and the log of information shared").click()
    page.get_by_role("link", name="The Practice nurse").click()
    page.get_by_role("link", name="Who has opened this concern").click()
    expect(page.get_by_role("cell", name="Bea").first).to_be_visible()
    assert_accessible(page)


def test_the_guide_works_without_javascript(browser, live_server, north):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password", exact=True).fill("learning-not-blame")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="Concerns about one person’s practice, and the log of information shared").click()
    page.get_by_role("link", name="The Health visitor").click()
    page.get_by_role("button", name="Revisit the answers").click()
    expect(page.get_by_text("Filled in from run 1")).to_be_visible()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What is this answer based on?").fill("A text message shows she meant it.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Intention to harm")).to_be_visible()
    context.close()
