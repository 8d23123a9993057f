"""Two-factor authentication by partnership policy. East Partnership keeps the default (business managers
must use an authenticator app), so Eve, its business manager, sets one up at her first sign-in. North is
the demonstration partnership: nobody there is required to, so Amina signs in at once."""

import time

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from casereview.workspace.accounts.models import AuthenticatorDevice, Membership, Partnership
from casereview.workspace.accounts.permissions import Role

from . import pages

PASSWORD = "eve has a long passphrase"


@pytest.fixture
def eve(db, people):
    with transaction.atomic():  # audited records are saved with their entry, in one transaction
        east = Partnership.objects.create(name="East Partnership")
        user = get_user_model().objects.create_user("eve", password=PASSWORD, first_name="Eve")
        Membership.objects.create(user=user, partnership=east, role=Role.BUSINESS_MANAGER)
    return user


def sign_in(client, username="eve", password=PASSWORD):
    return pages.sign_in(client, username, password, next="/reviews/")


def set_up(client) -> str:
    """Eve's first sign-in: she sets up her app. Returns the secret her app holds."""
    assert sign_in(client)["Location"] == "/accounts/two-factor/"
    client.get("/accounts/two-factor/")
    secret = AuthenticatorDevice.objects.get(user__username="eve").secret
    response = client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return secret


def test_eve_must_set_up_an_app_before_anything_else(client, eve):
    assert sign_in(client)["Location"] == "/accounts/two-factor/"
    assert client.get("/reviews/")["Location"] == "/accounts/two-factor/"
    page = client.get("/accounts/two-factor/").content.decode()
    assert "East Partnership requires it for your role" in page
    assert "<svg" in page and "QR code for your authenticator app" in page
    secret = AuthenticatorDevice.objects.get(user=eve).secret
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page

    wrong = client.post("/accounts/two-factor/", {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "1"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert client.post("/accounts/two-factor/", {"code": "12ab"}).status_code == 400
    client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/reviews/").status_code == 200


def test_with_an_app_the_password_alone_does_not_sign_in(client, eve):
    secret = set_up(client)
    client.logout()
    response = sign_in(client)
    assert response["Location"] == "/accounts/sign-in/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/reviews/")["Location"].startswith("/accounts/sign-in/")
    step_after_setup = pyotp.TOTP(secret).at(time.time() + 30)
    done = client.post("/accounts/sign-in/code/", {"code": step_after_setup})
    assert done["Location"] == "/reviews/"
    assert client.get("/reviews/").status_code == 200


def test_a_code_works_only_once(client, eve):
    secret = set_up(client)
    client.logout()
    sign_in(client)
    code = pyotp.TOTP(secret).at(time.time() + 30)
    client.post("/accounts/sign-in/code/", {"code": code})
    client.logout()
    sign_in(client)
    again = client.post("/accounts/sign-in/code/", {"code": code})
    assert again.status_code == 400 and "That code is not right" in again.content.decode()


def test_wrong_codes_count_as_failed_sign_ins(client, eve):
    secret = set_up(client)
    client.logout()
    sign_in(client)
    valid = {pyotp.TOTP(secret).at(time.time() + offset) for offset in (-30, 0, 30)}
    wrong = next(code for code in ("111111", "222222", "333333", "444444") if code not in valid)
    for _ in range(5):
        client.post("/accounts/sign-in/code/", {"code": wrong})
    refused = client.post("/accounts/sign-in/code/", {"code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert refused.status_code == 429
    assert "too many failed sign-ins for this account" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # the password again does not reset the count: the wait still stands
    sign_in(client)
    assert client.post("/accounts/sign-in/code/", {"code": pyotp.TOTP(secret).now()}).status_code == 429


def test_the_code_step_expires(client, eve):
    set_up(client)
    client.logout()
    sign_in(client)
    session = client.session
    session["pending_sign_in"]["at"] -= 6 * 60
    session.save()
    response = client.get("/accounts/sign-in/code/")
    assert response["Location"] == "/accounts/sign-in/"
    assert "the time to enter the code ran out" in client.get("/accounts/sign-in/").content.decode()


def test_the_code_page_is_only_for_someone_part_way_through_signing_in(client, db):
    assert client.get("/accounts/sign-in/code/")["Location"] == "/accounts/sign-in/"
    assert client.post("/accounts/sign-in/code/", {"code": "123456"})["Location"] == "/accounts/sign-in/"


def test_eve_cannot_turn_it_off_while_her_partnership_requires_it(client, eve):
    set_up(client)
    response = client.post("/accounts/two-factor/", {"action": "turn-off"})
    assert response.status_code == 403
    assert AuthenticatorDevice.objects.filter(user=eve).exists()


def test_amina_in_the_demonstration_partnership_signs_in_at_once_and_may_choose_an_app(client, people):
    assert sign_in(client, "amina", "learning-not-blame")["Location"] == "/reviews/"
    client.get("/accounts/two-factor/")
    secret = AuthenticatorDevice.objects.get(user__username="amina").secret
    client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert "Two-factor authentication is on" in client.get("/accounts/two-factor/").content.decode()
    client.post("/accounts/two-factor/", {"action": "turn-off"})
    assert not AuthenticatorDevice.objects.filter(user__username="amina").exists()


def test_amina_requires_it_of_board_members_and_bo_must_set_it_up(client, people, reviews):
    north = reviews["Child H"].partnership
    client.force_login(people["amina"])
    response = client.post(f"/accounts/partnerships/{north.pk}/security/", {"two_factor_roles": ["board_member"]})
    assert response.status_code == 302
    north.refresh_from_db()
    assert north.two_factor_roles == ["board_member"]
    bo = Client()
    bo.force_login(people["bo"])
    assert bo.get(f"/reviews/{reviews['Child H'].pk}/")["Location"] == "/accounts/two-factor/"
    assert client.get("/reviews/").status_code == 200  # Amina's role is not on the list now


def test_a_partnership_made_for_real_use_requires_it_of_business_managers(db):
    with transaction.atomic():
        assert Partnership.objects.create(name="West Partnership").two_factor_roles == ["business_manager"]


def test_eve_loses_her_phone_and_sets_up_a_new_app(client, eve):
    from casereview.workspace.accounts.people import turn_off_two_factor

    set_up(client)
    client.logout()
    assert turn_off_two_factor("eve") is True
    assert sign_in(client)["Location"] == "/accounts/two-factor/"
