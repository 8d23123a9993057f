"""What an information governance lead would check: security headers, cookies, idle sign-out, request size,
`check --deploy` with the documented production environment, and bad configuration refused at start-up."""

import datetime
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from .pages import sign_in

PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "reviews.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://reviews.example.org",
    "BEHIND_HTTPS_PROXY": "true",
}


def django_check(env: dict, tmp_path) -> subprocess.CompletedProcess:
    # A deployment's environment, not this test run's: the browser tests allow async-unsafe ORM calls.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "casereview.workspace.settings",
            "CASEREVIEW_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            **env,
        },
    )


def test_check_deploy_reports_nothing_with_the_documented_production_settings(tmp_path):
    result = django_check({**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SESSION_IDLE_MINUTES", "0", "SESSION_IDLE_MINUTES must be 1 or more, not 0."),
        ("SESSION_IDLE_MINUTES", "half an hour", "SESSION_IDLE_MINUTES must be a whole number"),
        ("SECURE_SSL_REDIRECT", "perhaps", "SECURE_SSL_REDIRECT must be true or false"),
        ("DATABASE_URL", "mysql://db/casereview", "must name a SQLite or PostgreSQL database"),
        ("DATABASE_URL", "not a url", "DATABASE_URL is not a database URL we can use"),
        ("MAX_REQUEST_MEGABYTES", "-5", "MAX_REQUEST_MEGABYTES must be 1 or more"),
        ("PROXY_ADDRESSES", "127.0.0.1, proxy.internal", "'proxy.internal' is neither"),
    ],
)
def test_a_bad_value_stops_start_up_with_what_is_wrong(tmp_path, name, value, message):
    result = django_check({**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), name: value}, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr.splitlines()[-1]


def test_every_page_carries_the_security_headers_and_a_policy_without_inline_script(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline_scripts and all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert client.get("/").headers["Content-Security-Policy"] != policy  # a fresh nonce each time


def test_https_responses_tell_browsers_to_use_https_only(client, db):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_plain_http_is_sent_to_https_in_production(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/reviews/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/reviews/"


def test_the_session_cookie_is_secure_http_only_and_same_site(client, people):
    response = sign_in(client, "amina")
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 30 * 60


def test_an_idle_session_ends_and_activity_keeps_it_going(client, people):
    assert sign_in(client, "amina").status_code == 302
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get("/reviews/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(minutes=29)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/reviews/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, people, reviews):
    client.force_login(people["amina"])
    response = client.post(
        f"/reviews/{reviews['Child H'].pk}/purpose/communications/new/",
        {"summary": "x"},
        CONTENT_LENGTH=str(26 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than 25 MB, so nothing was saved" in response.content.decode()
