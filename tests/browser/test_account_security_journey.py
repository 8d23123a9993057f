"""Eve, business manager of East Partnership (authenticator app required), sets up her app at her first
sign-in and uses it the next time; Amina sets North's security policy and changes her password. axe-core
checks every page."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in


@pytest.fixture
def eve(transactional_db, people):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from casereview.workspace.accounts.models import Membership, Partnership

    with transaction.atomic():  # audited records are saved with their entry, in one transaction
        east = Partnership.objects.create(name="East Partnership")
        user = get_user_model().objects.create_user("eve", password="learning-not-blame", first_name="Eve")
        Membership.objects.create(user=user, partnership=east, role="business_manager")
    return user


def test_eve_sets_up_her_authenticator_app_and_signs_in_with_it(page, eve, assert_accessible):
    sign_in(page, "eve", assert_accessible)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    assert_accessible(page)
    secret = page.locator(".casereview-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_text("Two-factor authentication is on. You will need your app")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "eve", assert_accessible)
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()


def test_amina_sets_the_policy_and_changes_her_password(page, people, transactional_db, assert_accessible):
    sign_in(page, "amina", assert_accessible)
    page.get_by_role("link", name="Security policy of North Partnership").click()
    assert_accessible(page)
    page.get_by_label("Board member").check()
    page.get_by_role("button", name="Save policy").click()
    expect(page.get_by_text("Now required for: Board member.")).to_be_visible()
    page.get_by_role("link", name="Your account").click()
    assert_accessible(page)
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password").fill("learning-not-blame")
    page.get_by_label("New password", exact=True).fill("password1234")
    page.get_by_label("New password again").fill("password1234")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("This password is too common.").first).to_be_visible()
    assert_accessible(page)
