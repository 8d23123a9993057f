"""What happens to an account is in the trail of each partnership the person belongs to: signing in and out,
failed sign-ins with the username tried, new passwords and two-factor set-up and removal, from the pages and from
the command line; and what is taken out of casereview (letters, the trail as CSV) or opened (information shared
with agencies). Amina, North's business manager, sees her members' events; Dev, South's, does not."""

import csv
import functools
import io

import pyotp
import pytest
from django.test import Client

from casereview.workspace.accounts import people as people_service
from casereview.workspace.accounts.models import AuthenticatorDevice
from casereview.workspace.audit.models import AuditEvent, EventKind

from . import pages

BEA_PASSWORD = "a-long-test-password"
ADDRESS = "198.51.100.23"


@pytest.fixture
def bea_password(people):
    bea = people["bea"]
    bea.set_password(BEA_PASSWORD)
    bea.save()
    return BEA_PASSWORD


@pytest.fixture
def amina(people):
    client = Client()
    client.force_login(people["amina"])
    return client


sign_in = functools.partial(pages.sign_in, address=ADDRESS, next="/reviews/")


def events(kind: EventKind, **match) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind, **match).select_related("partnership"))


def north_trail(amina, reviews, **filters) -> str:
    response = amina.get(f"/partnerships/{reviews['Child H'].partnership_id}/audit-trail/", filters)
    assert response.status_code == 200
    return response.content.decode()


def test_signing_in_and_out_are_in_the_trail_with_who_when_and_the_address(client, people, reviews, bea_password):
    assert sign_in(client, "bea", bea_password).status_code == 302
    client.post("/accounts/sign-out/", REMOTE_ADDR=ADDRESS)
    signed_in, signed_out = events(EventKind.SIGN_IN, username="bea"), events(EventKind.SIGN_OUT, username="bea")
    assert [e.partnership.name for e in signed_in] == ["North Partnership"]
    assert signed_in[0].address == ADDRESS and signed_in[0].user == people["bea"] and signed_in[0].at
    assert signed_out[0].address == ADDRESS and signed_out[0].at >= signed_in[0].at


def test_a_failed_sign_in_names_the_username_tried_for_the_members_partnerships_only(client, people, reviews):
    assert sign_in(client, "bea", "not her password").status_code == 400
    failed = events(EventKind.SIGN_IN_FAILED)
    assert [(e.username, e.partnership.name, e.address) for e in failed] == [("bea", "North Partnership", ADDRESS)]
    assert failed[0].description == "Failed sign-in as bea: password not accepted"
    # A username that is nobody's may be anything typed, even a password in the wrong box: no trail holds it.
    sign_in(client, "correct horse battery", "whatever")
    assert len(events(EventKind.SIGN_IN_FAILED)) == 1


def test_a_sign_in_refused_for_too_many_failures_is_recorded_too(client, people, reviews, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 2
    for _ in range(3):
        response = sign_in(client, "bea", "not her password")
    assert response.status_code == 429
    descriptions = [e.description for e in events(EventKind.SIGN_IN_FAILED)]
    assert descriptions.count("Failed sign-in as bea: refused after too many failures") == 1


def test_a_password_changed_on_the_page_or_set_from_the_command_line_is_recorded(client, people, bea_password):
    client.force_login(people["bea"])
    new = "river otter lantern moss"
    response = client.post(
        "/accounts/password/",
        {"old_password": bea_password, "new_password1": new, "new_password2": new},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    changed = events(EventKind.PASSWORD_CHANGE, username="bea")
    assert [(e.description, e.address) for e in changed] == [("Changed their password", ADDRESS)]
    # What `casereview person password bea` runs.
    people_service.set_password("bea", "kettle meadow copper finch")
    assert events(EventKind.PASSWORD_CHANGE, username="bea")[0].description == "New password set from the command line"


def test_two_factor_set_up_and_removal_are_recorded_from_the_page_and_the_command_line(client, people):
    client.force_login(people["bea"])
    client.get("/accounts/two-factor/")
    secret = AuthenticatorDevice.objects.get(user=people["bea"]).secret
    code = pyotp.TOTP(secret).now()
    assert client.post("/accounts/two-factor/", {"code": code}, REMOTE_ADDR=ADDRESS).status_code == 302
    assert [e.address for e in events(EventKind.TWO_FACTOR_ON, username="bea")] == [ADDRESS]
    assert client.post("/accounts/two-factor/", {"action": "turn-off"}).status_code == 302
    assert events(EventKind.TWO_FACTOR_OFF)[0].description == "Turned off their authenticator app"

    client.get("/accounts/two-factor/")
    secret = AuthenticatorDevice.objects.get(user=people["bea"]).secret
    client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    # What `casereview person two-factor-off bea` runs, for a lost phone.
    assert people_service.turn_off_two_factor("bea")
    latest = events(EventKind.TWO_FACTOR_OFF, username="bea")[0]
    assert latest.description == "Authenticator app removed from the command line" and latest.address is None


def test_a_downloaded_letter_and_the_trail_as_csv_are_recorded(amina, reviews):
    review = reviews["Child H"]
    letter = amina.post(
        f"/reviews/{review.pk}/purpose/letters/practitioners/download/",
        {
            "title": "About the review of Child H",
            "letter_date-day": "2",
            "letter_date-month": "12",
            "letter_date-year": "2026",
            "contact": "Amina Khan",
            "text": "Dear Sam,",
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert letter.status_code == 200
    downloaded = events(EventKind.DOWNLOAD, object_type="letter")
    assert [(e.username, e.review, e.address) for e in downloaded] == [("amina", review, ADDRESS)]
    assert "practitioners directly involved of Child H" in downloaded[0].description

    exported = amina.get(f"/partnerships/{review.partnership_id}/audit-trail.csv", {"kind": "download"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert {row[2] for row in rows[1:]} == {"Downloaded"}
    assert any(row[3] == "audittrail" and "as CSV, filtered by kind=download" in row[5] for row in rows[1:])
    assert any(row[3] == "letter" for row in rows[1:])


def test_opening_the_information_shared_with_agencies_is_recorded(amina, ids, reviews):
    review = reviews["Child H"]
    amina.get(f"/reviews/{review.pk}/concerns/shared/")
    amina.get(f"/reviews/{review.pk}/concerns/shared/{ids['disclosure']}/")
    opened = [e.description for e in events(EventKind.OPEN, username="amina")]
    assert f"information shared with an agency, record {ids['disclosure']} of Child H" in opened
    assert "the log of information shared with agencies of Child H" in opened


def test_amina_reads_her_members_account_events_and_dev_of_south_does_not(amina, people, reviews, bea_password):
    sign_in(Client(), "bea", "not her password")
    sign_in(Client(), "bea", bea_password)
    page = north_trail(amina, reviews, kind="sign_in_failed")
    assert "Failed sign-in as bea: password not accepted" in page and ADDRESS in page
    assert "Signed in as bea" not in page.split("<table")[1]
    assert "Signed in as bea" in north_trail(amina, reviews, username="bea", record_type="user")

    dev = Client()
    dev.force_login(people["dev"])
    response = dev.get(f"/partnerships/{reviews['Child S'].partnership_id}/audit-trail/")
    assert response.status_code == 200
    assert "bea" not in response.content.decode().split("<table")[1]
