"""The Content Security Policy holds in a real browser: GOV.UK Frontend's scripts and the live wording check
(htmx) run, and Chromium reports no violation on the way."""

from playwright.sync_api import expect

from tests.browser.pages import sign_in


def test_scripts_run_and_nothing_breaks_the_policy(page, people, transactional_db, assert_accessible):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    sign_in(page, "bea", assert_accessible)
    expect(page.locator("body.js-enabled")).to_be_attached()  # the nonce let the inline script run
    page.get_by_role("link", name="Child H").click()
    page.get_by_role("link", name="the purpose records of Child H").click()
    page.get_by_role("button", name="Change the purpose statement").click()
    # htmx starts listening once the page has loaded: typing before that is checked only on saving
    page.wait_for_load_state("load")
    page.get_by_label("Purpose statement").fill("The review will find out who failed the child.")
    # The first check in a process compiles the rules (a few seconds): allow for it on a busy machine.
    # the typed text comes back from the server marked: the live check ran under the policy
    expect(page.locator("#wording-check mark").first).to_contain_text("who failed the child", timeout=30_000)
    assert violations == [], violations
