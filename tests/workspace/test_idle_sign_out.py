"""Bea stays signed in while she works and is signed out when she leaves the app alone for the idle time, and
reading pages does not write to the database on every request."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

IDLE_SECONDS = 2


def signed_in(client, settings, person) -> None:
    settings.SESSION_COOKIE_AGE = IDLE_SECONDS
    client.force_login(person)


def is_signed_in(client) -> bool:
    response = client.get("/reviews/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_session_in_use_outlives_the_idle_time(client, settings, people):
    signed_in(client, settings, people["bea"])
    started = time.monotonic()
    while time.monotonic() - started < IDLE_SECONDS * 1.5:
        assert is_signed_in(client)
        time.sleep(IDLE_SECONDS / 4)
    assert is_signed_in(client)


def test_a_session_left_alone_for_the_idle_time_is_signed_out(client, settings, people):
    signed_in(client, settings, people["bea"])
    assert is_signed_in(client)
    time.sleep(IDLE_SECONDS + 0.5)
    response = client.get("/reviews/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_reading_pages_one_after_another_does_not_save_the_session_each_time(client, people):
    client.force_login(people["bea"])
    assert is_signed_in(client)  # renews the session: the first request after signing in
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert is_signed_in(client)
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []
