"""Named people and partnerships, so a test reads like a situation.

North Partnership: Amina (business manager), Bea (lead reviewer, leads Child H), Carl (observer),
Bo (board member), and for the permission matrix Pam (panel member), Ari (agency representative).
South Partnership: Dev (business manager). Reviews: Child H and Adult M (North), Child S (South).

This world is built once, when the test database is made, and committed; each test runs in a transaction that
is rolled back, so it starts from the same world and the fixtures below only look it up. Tests that commit
(``transactional_db``, a live server) have the database emptied after them; ``people`` builds the world again
for the next one that needs it.
"""

import functools
from pathlib import Path

import pytest

pytest_plugins = ["tests.served"]  # the test run's shared server, and the demonstration database servers start from

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a second per user; these tests are about access, not password storage."""
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.REPORT_DIR = tmp_path / "reports"


@functools.cache  # bytes cannot be changed, and python-docx takes a tenth of a second to make one
def docx_bytes(*paragraphs: str) -> bytes:
    """A real Word document holding the paragraphs."""
    import io

    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF with blank pages."""
    import io

    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


# Besides the demonstration's people, the roles it has nobody in, for the permission matrix.
MORE_PEOPLE = [("pam", "Pam", "panel_member"), ("ari", "Ari", "agency_representative")]


def load_world() -> None:
    """The demonstration data and Pam and Ari; safe to call again."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from casereview.workspace.accounts.models import Membership, Partnership
    from casereview.workspace.demo import load_demo

    load_demo()
    north = Partnership.objects.get(name="North Partnership")
    for username, first, role in MORE_PEOPLE:
        if get_user_model().objects.filter(username=username).exists():
            continue
        with transaction.atomic():  # audited records are saved in a transaction, with their entry
            user = get_user_model().objects.create_user(username, password="a-long-test-password", first_name=first)
            Membership.objects.create(user=user, partnership=north, role=role)


def world_is_there() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=MORE_PEOPLE[-1][0]).exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django makes it, with the world in it (see the top of this file); at the end
    of the run, no session but the run's own may be left on it (see ``no_session_left``)."""
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        if not on_a_test_database(connection):
            raise RuntimeError(
                f"No test database was made (no collected test asks for one), so the world is not loaded into "
                f"{connection.settings_dict['NAME']}: give the test that needs it the db fixture or a django_db mark"
            )
        load_world()
    connection_created.connect(name_the_session)
    yield
    connection_created.disconnect(name_the_session)
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            no_session_left(connection)


def name_the_session(sender, connection, **kwargs) -> None:
    """A PostgreSQL session says which thread of which test opened it (pg_stat_activity's application_name), so one
    left open is traced to its test."""
    import os
    import threading

    if connection.vendor != "postgresql":
        return
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0].rsplit("/", 1)[-1]
    name = f"{threading.current_thread().name} {test}"[:63]  # PostgreSQL keeps 63 bytes
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('application_name', %s, false)", [name])


def no_session_left(connection, within_seconds: float = 10) -> None:
    """Fail the run if a session other than the run's own is still on the test database once the servers have
    stopped (their sessions end as they exit): a connection a test's thread opened and never closed. It would
    keep the test database from being dropped, and on a server it is a connection leaked per request."""
    import time

    deadline = time.monotonic() + within_seconds
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, application_name, state, query FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            others = cursor.fetchall()
        if not others or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if others:
        with connection.cursor() as cursor:  # so that the test database can still be dropped
            for pid, *_ in others:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        pytest.fail(
            "sessions left open on the test database (application_name: the thread and test that opened it): "
            + "; ".join(f"{name!r}, {state}, last statement {query!r}" for _, name, state, query in others),
            pytrace=False,
        )


def on_a_test_database(connection) -> bool:
    """Whether the connection is to a database pytest-django made for this run (Django's test name: in memory or
    "test_" and the configured name on SQLite, "test_" and the configured name on PostgreSQL) rather than the
    configured database, which the world must never be written into."""
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    name = str(connection.settings_dict["NAME"])
    if name == connection.settings_dict["TEST"].get("NAME"):
        return True
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    return Path(name).name.startswith(TEST_DATABASE_PREFIX)


@pytest.fixture
def people(db):
    from django.contrib.auth import get_user_model

    if not world_is_there():  # emptied by a test that committed
        load_world()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def reviews(people):
    from casereview.workspace.reviews.models import Review

    return {review.reference: review for review in Review.objects.all()}


def expanding_docx(parts: dict[str, int]) -> bytes:
    """A real Word document in which each named part is a run of the same paragraph, that many MB unpacked: a
    "zip bomb" of a few hundred KB when the sizes are large (word/document.xml is always one of the parts)."""
    import io
    import zipfile

    paragraph = b"<w:p><w:r><w:t>The review is for learning and improvement.</w:t></w:r></w:p>"
    megabyte = paragraph * (1024 * 1024 // len(paragraph))
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("Dear colleague,")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for item in source.infolist():
            if item.filename not in parts:
                bomb.writestr(item, source.read(item.filename))
        for name, megabytes in parts.items():
            with bomb.open(name, "w") as part:
                part.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                    b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                )
                for _ in range(megabytes):
                    part.write(megabyte)
                part.write(b"</w:body></w:document>")
    return out.getvalue()


def download_name(response) -> str:
    """The file name a browser saves a download under, read from Content-Disposition as RFC 6266 says."""
    from email import policy
    from email.parser import HeaderParser

    # Browsers read neither raw UTF-8 nor "=?utf-8?b?...?=" words here (they save "download.docx"), only filename*.
    assert response["Content-Disposition"].isascii() and "=?" not in response["Content-Disposition"]
    header = HeaderParser(policy=policy.default).parsestr(f"Content-Disposition: {response['Content-Disposition']}\n\n")
    assert header.get_content_disposition() == "attachment"
    return header.get_filename()
