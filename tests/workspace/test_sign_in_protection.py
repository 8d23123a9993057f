"""Sign-in protection: repeated failures make an account, or an address, wait; passwords follow current
guidance. Someone keeps guessing Amina's password; Bea, in the same office, can still sign in."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from casereview.workspace.accounts.models import SignInFailure

from .pages import DEMO_PASSWORD as RIGHT
from .pages import sign_in


def test_after_five_failures_the_account_waits_even_for_the_right_password(client, people):
    for _ in range(4):
        assert sign_in(client, "amina", "wrong-guess").status_code == 400
    fifth = sign_in(client, "amina", "wrong-guess")
    assert fifth.status_code == 429
    page = sign_in(client, "amina", RIGHT).content.decode()
    assert "too many failed sign-ins for this account. Wait 15 minutes and try again" in page
    assert 'value="amina"' in page
    assert "_auth_user_id" not in client.session


def test_someone_else_in_the_same_office_can_still_sign_in(client, people):
    for _ in range(6):
        sign_in(client, "amina", "wrong-guess")
    assert sign_in(Client(), "bea", RIGHT).status_code == 302


def test_the_wait_ends_with_the_window_and_success_clears_the_count(client, people):
    for _ in range(5):
        sign_in(client, "amina", "wrong-guess")
    SignInFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "amina", RIGHT).status_code == 302
    assert not SignInFailure.objects.filter(username="amina").exists()


def test_the_username_is_throttled_whatever_its_case(client, people):
    for name in ("amina", "AMINA", "Amina ", "aMina", "amina"):
        sign_in(client, name, "wrong-guess")
    assert sign_in(client, "amina", RIGHT).status_code == 429


def test_many_failures_from_one_address_make_that_address_wait(client, people, settings):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 8
    for number in range(8):
        sign_in(client, f"guess{number}", "wrong-guess", address="203.0.113.9")
    refused = sign_in(client, "bea", RIGHT, address="203.0.113.9")
    assert refused.status_code == 429
    assert "too many failed sign-ins for your network address" in refused.content.decode()
    assert sign_in(Client(), "bea", RIGHT, address="198.51.100.20").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_it_forwarded(client, people, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_ADDRESSES = ["10.0.0.0/24"]
    sign_in(Client(), "amina", "wrong-guess", address="10.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.44")
    assert SignInFailure.objects.get().address == "192.0.2.44"


def test_behind_the_proxy_forwarding_headers_from_anyone_else_are_not_believed(client, people, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_ADDRESSES = ["10.0.0.0/24"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as BEHIND_HTTPS_PROXY=true sets it
    bypassing = {"address": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.44", "HTTP_X_FORWARDED_PROTO": "https"}

    sign_in(Client(), "amina", "wrong-guess", **bypassing)
    assert SignInFailure.objects.get().address == "198.51.100.7"
    # sent on to HTTPS: not taken to have come over it
    settings.SECURE_SSL_REDIRECT = True
    assert Client(REMOTE_ADDR="198.51.100.7").get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 301
    assert Client(REMOTE_ADDR="10.0.0.1").get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-one", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("aminahussain", "The password is too similar to the"),
    ],
)
def test_a_new_password_must_be_long_and_not_common(client, people, password, message):
    client.force_login(people["amina"])
    response = client.post(
        "/accounts/password/", {"old_password": RIGHT, "new_password1": password, "new_password2": password}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_amina_changes_her_password_and_signs_in_with_it(client, people):
    client.force_login(people["amina"])
    new = "violet kettle harbour lamp"
    response = client.post("/accounts/password/", {"old_password": RIGHT, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert "Your password has been changed." in client.get(response["Location"]).content.decode()
    assert sign_in(Client(), "amina", new).status_code == 302
    assert sign_in(Client(), "amina", RIGHT).status_code == 400


def test_a_username_that_grows_when_lowered_is_still_counted(client, people):
    # "İ" lowers to two characters, so 150 of them become 300: longer than any stored username.
    for _ in range(5):
        assert sign_in(client, "İ" * 150, "wrong-guess").status_code in {400, 429}
    assert sign_in(client, "İ" * 150, "wrong-guess").status_code == 429


def test_a_username_with_a_nul_character_is_refused_with_a_message_not_a_server_error(client, people):
    # PostgreSQL refuses a NUL in a query: the throttling lookups must never be given one.
    response = sign_in(client, "amina\x00", RIGHT)
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert "_auth_user_id" not in client.session
