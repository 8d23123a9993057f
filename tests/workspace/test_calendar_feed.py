"""The calendar feed of due steps: a real iCalendar file that a calendar program can read, at an address with
the person's own secret; a wrong, old or borrowed secret, or another partnership, answers "not found"."""

import re

import icalendar

from casereview.workspace.audit.models import AuditEvent


def feed_address(client, people, username: str, partnership: str) -> str:
    """The address the account page shows, set up first (as the person would, with the page's button) if the
    person has none yet."""
    client.force_login(people[username])
    page = client.get("/accounts/").content.decode()
    if "Set up my calendar addresses" in page:
        assert client.post("/accounts/calendar/reset/").status_code == 302
        page = client.get("/accounts/").content.decode()
    client.logout()
    return re.search(
        rf"<h3 class=\"govuk-heading-s\">{partnership}</h3>\s*<p[^>]*><code>http://testserver([^<]+)</code>", page
    )[1]


def test_the_feed_parses_and_holds_each_open_step_on_its_due_date(client, people, reviews):
    address = feed_address(client, people, "carl", "North Partnership")
    response = client.get(address)  # signed out, as a calendar program asks
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    # Child H's completion, six months after it started on 20 April 2026; Adult M's decision, a month after
    # its notification on 3 August 2026; and Child R's rapid review, due soon. Done steps are not there.
    assert events["Child H: Complete the review and publish the report"].isoformat() == "2026-10-20"
    assert events["Adult M: Decide whether to hold a safeguarding adults review"].isoformat() == "2026-09-03"
    assert any(summary.startswith("Child R: Complete the rapid review") for summary in events)
    assert not any(summary.startswith("Child H: Notify") for summary in events)
    assert not any(summary.startswith("Child S") for summary in events)


def test_a_wrong_token_or_another_partnership_is_not_found(client, people, reviews):
    address = feed_address(client, people, "carl", "North Partnership")
    assert client.get(address.replace(".ics", "x.ics")).status_code == 404
    south = reviews["Child S"].partnership_id
    assert client.get(re.sub(r"/partnerships/\d+/", f"/partnerships/{south}/", address)).status_code == 404


def test_resetting_stops_the_old_address(client, people, reviews):
    old = feed_address(client, people, "bea", "North Partnership")
    client.force_login(people["bea"])
    response = client.post("/accounts/calendar/reset/")
    assert response.status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    new = feed_address(client, people, "bea", "North Partnership")
    assert new != old and client.get(new).status_code == 200
    assert AuditEvent.objects.filter(description="Calendar feed address reset by bea").exists()


def test_the_account_page_makes_no_secret_until_the_person_asks_for_one(client, people):
    from casereview.workspace.clocks.models import CalendarToken

    client.force_login(people["carl"])
    page = client.get("/accounts/").content.decode()
    assert not CalendarToken.objects.filter(user=people["carl"]).exists()  # a GET writes nothing
    assert "Set up your calendar addresses to get one for each of your partnerships" in page
    assert "<code>http://testserver/" not in page

    set_up = client.post("/accounts/calendar/reset/", follow=True)
    page = set_up.content.decode()
    assert "Your calendar addresses are ready" in page
    assert re.search(r"<code>http://testserver/partnerships/\d+/[^<]+\.ics</code>", page)
    assert "Reset my calendar addresses" in page and "Set up my calendar addresses" not in page
    assert AuditEvent.objects.filter(description="Calendar feed address set up by carl").exists()
