"""Bea, lead reviewer, sets up the purpose records of a new review and sees them as evidence on the marker
Clarity of purpose; axe-core checks every page she visits."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in


@pytest.fixture
def child_p(transactional_db, people):
    from casereview.workspace.accounts.models import Partnership
    from casereview.workspace.reviews.services import create_review

    north = Partnership.objects.get(name="North Partnership")
    return create_review(
        people["amina"],
        north,
        reference="Child P",
        review_type="lcspr",
        stage="decision",
        framework_id="scr-quality-markers",
    )


def add_party(page, assert_accessible, group: str, role: str, organisation: str) -> None:
    page.get_by_role("button", name="Add a party").click()
    assert_accessible(page)
    page.get_by_label(group).check()
    page.get_by_label("Role").fill(role)
    page.get_by_label("Agency or organisation").fill(organisation)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Added {role} ({organisation}).")).to_be_visible()


def test_bea_records_the_purpose_and_sees_the_evidence(page, child_p, assert_accessible):
    sign_in(page, "bea", assert_accessible)
    page.get_by_role("link", name="Child P").click()
    page.get_by_role("link", name="the purpose records of Child P").click()
    assert_accessible(page)

    page.get_by_role("button", name="Write the purpose statement").click()
    page.wait_for_load_state("load")  # htmx listens for typing once the page has loaded
    assert_accessible(page)
    statement = page.get_by_label("Purpose statement")
    expect(statement).to_contain_text("North Partnership is carrying out a local child safeguarding practice review")
    statement.fill("This review is for organisational learning and improvement. It will not apportion blame.")
    # with JavaScript the wording check follows the typing, without saving anything
    expect(page.locator("#wording-check")).to_contain_text("Learning purpose: adequate")
    assert_accessible(page)
    page.get_by_role("button", name="Save purpose statement").click()
    expect(page.get_by_text("Saved as version 1.")).to_be_visible()

    # Logging a communication before anyone is on the register: the error belongs to the whole groups.
    page.goto(f"/reviews/{child_p.pk}/purpose/communications/new/")
    page.get_by_label("What was said").fill("Briefing")
    page.get_by_role("button", name="Save communication").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Select the whole groups it went to").click()
    expect(page.locator("#id_groups")).to_be_focused()
    expect(page.get_by_role("group", name="Whole groups")).to_have_accessible_description(
        "Everyone on the register in the group now. Someone added later is not counted as told. "
        "Error: Select the whole groups it went to, or add a party to the register first"
    )
    assert_accessible(page)
    page.goto(f"/reviews/{child_p.pk}/purpose/")

    add_party(page, assert_accessible, "Board (partnership) members", "Independent chair", "North Partnership")
    add_party(page, assert_accessible, "Leaders of involved agencies", "Chief nurse", "Northshire ICB")
    add_party(page, assert_accessible, "Practitioners directly involved", "Health visitor", "Northtown NHS Trust")
    assert_accessible(page)

    page.get_by_role("link", name="See the communications and draft briefing letters").click()
    assert_accessible(page)
    page.get_by_role("button", name="Log a communication").click()
    assert_accessible(page)
    date = page.get_by_role("group", name="Date of the communication")
    date.get_by_label("Day").fill("2")
    date.get_by_label("Month").fill("6")
    date.get_by_label("Year").fill("2026")
    page.get_by_label("Letter", exact=True).check()
    page.get_by_label("Board (partnership) members: Independent chair (North Partnership)").check()
    page.get_by_label("Leaders of involved agencies: Chief nurse (Northshire ICB)").check()
    page.get_by_label("What was said").fill("Letter explaining that the review is for learning, not blame.")
    page.get_by_role("group", name="Did it explain the purpose of the review?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was receipt confirmed?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save communication").click()
    expect(page.get_by_text("Communication saved.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/reviews/{child_p.pk}/purpose/circumstances/")
    assert_accessible(page)
    for kind, description, acknowledged in [
        ("Parallel criminal, coroner, HR or regulatory processes", "A coroner's inquest is due in the autumn.", True),
        ("Media interest", "A national newspaper is asking for names.", False),
    ]:
        page.get_by_role("button", name="Record a circumstance").click()
        assert_accessible(page)
        page.get_by_label(kind).check()
        page.get_by_label("What it is").fill(description)
        identified = page.get_by_role("group", name="Date identified")
        identified.get_by_label("Day").fill("1")
        identified.get_by_label("Month").fill("6")
        identified.get_by_label("Year").fill("2026")
        if acknowledged:
            when = page.get_by_role("group", name="Date acknowledged")
            when.get_by_label("Day").fill("2")
            when.get_by_label("Month").fill("6")
            when.get_by_label("Year").fill("2026")
            page.get_by_label("How it was acknowledged").fill("Named in the letter of 2 June.")
            page.get_by_label("To whom").fill("Board members and agency leaders")
        page.get_by_role("button", name="Save circumstance").click()
        expect(page.get_by_text("Circumstance saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Not yet acknowledged (1)")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/reviews/{child_p.pk}/markers/clarity-of-purpose/")
    first = page.locator("#q1")
    expect(first).to_contain_text("Independent chair (North Partnership): Told: letter, 2 June 2026")
    expect(first).to_contain_text("Health visitor (Northtown NHS Trust): Not yet told")
    expect(page.locator("#q2")).to_contain_text("Letter, 2 June 2026 to 2 named (board, agency leaders).")
    expect(page.locator("#q2")).to_contain_text("Learning purpose:")
    third = page.locator("#q3")
    expect(third).to_contain_text("A coroner's inquest is due in the autumn.")
    expect(third).to_contain_text("Not acknowledged")
    assert_accessible(page)
    # what was said is in the log, one link away
    page.locator("#q2").get_by_role("link", name="Letter, 2 June 2026").click()
    expect(page.get_by_role("heading", name="Communications about the purpose")).to_be_visible()
    expect(page.get_by_text("Letter explaining that the review is for")).to_be_visible()


def test_amina_drafts_the_family_letter_without_the_police_detail(page, people, transactional_db, assert_accessible):
    """The police's request is recorded on Child H; what may be said goes to the professionals only."""
    from casereview.workspace.reviews.models import Review

    child_h = Review.objects.get(reference="Child H")
    sign_in(page, "amina", assert_accessible)
    page.goto(f"/reviews/{child_h.pk}/purpose/circumstances/new/")
    page.get_by_label("Parallel criminal, coroner, HR or regulatory processes").check()
    page.get_by_label("What it is").fill(
        "The CPS has not yet decided on charges against the mother's partner. Police have asked that "
        "practitioners who are witnesses are not interviewed."
    )
    identified = page.get_by_role("group", name="Date identified")
    identified.get_by_label("Day").fill("10")
    identified.get_by_label("Month").fill("3")
    identified.get_by_label("Year").fill("2026")
    page.get_by_label("What may be said about it in letters").fill("The police are investigating.")
    page.get_by_role("group", name="Whose letters may say it").get_by_label("Practitioners directly involved").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save circumstance").click()
    expect(page.get_by_text("Circumstance saved.")).to_be_visible()

    page.goto(f"/reviews/{child_h.pk}/purpose/communications/")
    page.get_by_role("link", name="Letter for the family").click()
    expect(page.get_by_role("heading", name="Briefing letter for the family")).to_be_visible()
    letter = page.get_by_label("Letter", exact=True)
    expect(letter).not_to_contain_text("CPS")
    expect(letter).not_to_contain_text("police")
    expect(letter).to_contain_text("What taking part means for you")
    expect(page.locator("#left-out")).to_contain_text("It may be said only to: Practitioners directly involved.")
    assert_accessible(page)
    letter.fill(letter.input_value().replace("Dear family member,", "Dear Ms Hill,"))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Saved as version 1.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Letter", exact=True)).to_contain_text("Dear Ms Hill,")
    assert_accessible(page)

    page.goto(f"/reviews/{child_h.pk}/purpose/letters/practitioners/")
    expect(page.get_by_label("Letter", exact=True)).to_contain_text("The police are investigating.")
