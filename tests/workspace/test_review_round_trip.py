"""Round trip through an empty installation, with the ``casereview`` command run as a whole process, as a
partnership's administrator runs it: Child H is exported here, imported into a new installation (SQLite, and
PostgreSQL when a database to empty is given), and exported again; the two review.json files are the same apart
from the review's id and the export time, and the uploaded files come back byte for byte.

PostgreSQL: when the tests run on PostgreSQL, the empty installation is a new database on the same server, dropped
afterwards. On SQLite, set CASEREVIEW_TEST_EMPTY_POSTGRES_URL to a database this test may empty (every table in its
public schema is dropped), for example postgres://postgres@127.0.0.1:5432/cr_export_2.
"""

import contextlib
import datetime
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from casereview.markers import get_framework
from casereview.workspace.documents.services import store_upload
from casereview.workspace.findings import services as findings
from casereview.workspace.purpose.models import Communication, Party
from casereview.workspace.transfer.services import export_review, import_review
from tests.conftest import docx_bytes, pdf_bytes

EMPTY_POSTGRES = os.environ.get("CASEREVIEW_TEST_EMPTY_POSTGRES_URL", "")


def casereview(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casereview.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SECRET_KEY": "round-trip", "CASEREVIEW_PASSWORD": "a-long-round-trip-password", **env},
    )


def empty_postgres(url: str) -> None:
    import psycopg

    assert not url.rstrip("/").endswith("/test"), "the database `test` belongs to CI and the coordinator"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


@contextlib.contextmanager
def new_postgres_database() -> Iterator[str]:
    """A new database beside the test database, on the same PostgreSQL server, dropped afterwards."""
    import psycopg

    database = connection.settings_dict
    name = f"{database['NAME']}_empty"
    server = psycopg.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"],
        port=database["PORT"] or 5432,
        autocommit=True,
    )
    with server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
        try:
            who = f"{quote(database['USER'] or '')}:{quote(database['PASSWORD'] or '')}"
            yield f"postgres://{who}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_installation(request, tmp_path) -> Iterator[dict]:
    """The environment of a new installation with nothing in it: its database and upload folder. PostgreSQL's is
    a new database on the test run's server, or, when the tests run on SQLite, the one the setting names."""
    uploads = str(tmp_path / "elsewhere-uploads")
    if request.param == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}", "CASEREVIEW_UPLOAD_DIR": uploads}
    elif connection.vendor == "postgresql":
        with new_postgres_database() as url:
            yield {"DATABASE_URL": url, "CASEREVIEW_UPLOAD_DIR": uploads}
    elif EMPTY_POSTGRES:
        empty_postgres(EMPTY_POSTGRES)
        yield {"DATABASE_URL": EMPTY_POSTGRES, "CASEREVIEW_UPLOAD_DIR": uploads}
    else:
        pytest.skip("on SQLite, set CASEREVIEW_TEST_EMPTY_POSTGRES_URL to a PostgreSQL database this test may empty")


@pytest.fixture
def child_h_with_files(reviews, people, django_capture_on_commit_callbacks):
    child_h = reviews["Child H"]
    with django_capture_on_commit_callbacks(execute=True):
        minutes = store_upload(people["amina"], child_h, SimpleUploadedFile("Minutes – Zoë.docx", docx_bytes("Board")))
        store_upload(people["bea"], child_h, SimpleUploadedFile("chronology.pdf", pdf_bytes(2)))
    with transaction.atomic():
        Communication.objects.filter(pk=child_h.communications.order_by("pk").first().pk).update(attachment=minutes)
    # Its first finding also coded to one of North's own themes and resting on the minutes.
    theme = findings.add_local_theme(people["amina"], child_h.partnership, name="Cuckooing")
    finding = child_h.findings.get(number=1)
    findings.save_finding(
        people["bea"],
        child_h,
        finding,
        statement=finding.statement,
        evidence=finding.evidence,
        categories=finding.categories,
        themes=[*finding.themes, theme.theme_id],
        documents=[minutes],
    )
    return child_h


def comparable(path: Path) -> tuple[dict, dict[str, bytes]]:
    """The file's review.json without what differs by nature (the review's id, the time of export), and its files."""
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("review.json"))
        files = {name: archive.read(name) for name in archive.namelist() if name != "review.json"}
    del data["exported_at"], data["source_review_id"]
    return data, files


def test_export_import_into_an_empty_installation_and_export_again_gives_the_same_file(
    child_h_with_files, empty_installation, tmp_path
):
    first = tmp_path / "child-h.zip"
    export_review(child_h_with_files, first, with_concerns=True)
    records = comparable(first)[0]["records"]
    # Child H's learning goes with it: three findings, two recommendations, four actions, their notes and impact.
    assert [len(records[key]) for key in ("findings", "recommendations", "actions")] == [3, 2, 4]
    assert records["progress_notes"] and records["impacts"] and records["findings"][0]["documents"] == [1]
    assert comparable(first)[0]["own_themes"] == [{"id": "cuckooing", "name": "Cuckooing"}]
    env = empty_installation

    missing = casereview("import", str(first), "--partnership", "North Partnership", env=env)
    assert missing.returncode == 2 and 'There is no partnership called "North Partnership"' in missing.stderr
    # The receiving partnership, made as an administrator makes one: with its first person, who is nobody in the file.
    made = casereview(
        "person", "add", "zoe", "--partnership", "North Partnership", "--role", "business_manager", env=env
    )
    assert made.returncode == 0, made.stderr

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(first) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            target.writestr(name, pdf_bytes(4) if name.endswith(".pdf") else source.read(name))
    refused = casereview("import", str(tampered), "--partnership", "North Partnership", env=env)
    assert refused.returncode == 1 and "Nothing was imported: the file of 'chronology.pdf'" in refused.stderr
    assert not Path(env["CASEREVIEW_UPLOAD_DIR"]).exists() or not any(Path(env["CASEREVIEW_UPLOAD_DIR"]).iterdir())
    nothing = casereview("export", "Child H", "--out", str(tmp_path / "none.zip"), env=env)
    assert nothing.returncode == 2 and 'No review has the reference or id "Child H"' in nothing.stderr

    imported = casereview("import", str(first), "--partnership", "North Partnership", env=env)
    assert imported.returncode == 0, imported.stderr
    assert "Imported Child H into North Partnership" in imported.stdout
    assert "Kept as names, with no account here: Amina Hussain (amina), Bea Lewis (bea), Nia Kaur (nia)." in (
        imported.stdout
    )

    again = tmp_path / "again.zip"
    exported = casereview("export", "Child H", "--out", str(again), "--with-concerns", env=env)
    assert exported.returncode == 0, exported.stderr
    assert comparable(again) == comparable(first)

    # Without --with-concerns the command leaves them out, and says how to include them.
    plain = casereview("export", "Child H", "--out", str(tmp_path / "plain.zip"), env=env)
    assert "without concerns (add --with-concerns to include them)" in plain.stdout
    assert "concerns" not in comparable(tmp_path / "plain.zip")[0]["records"]


def test_a_large_review_goes_and_comes_back_whole(reviews, people, tmp_path, django_capture_on_commit_callbacks):
    """Child L with every marker question of its framework answered, 100 parties, 100 communications (each to
    three of them) and 20 uploaded files. Prints how long export and import took (inflated when the machine is
    shared)."""
    child_l = reviews["Child L"]
    amina = people["amina"]
    now = datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)
    framework = get_framework(child_l.framework_id)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(20):
            content = docx_bytes(f"Notes of meeting {number}") if number % 2 else pdf_bytes(number % 5 + 1)
            store_upload(
                amina, child_l, SimpleUploadedFile(f"notes {number}.{'docx' if number % 2 else 'pdf'}", content)
            )
    with transaction.atomic():
        parties = Party.objects.bulk_create(
            Party(review=child_l, group="practitioners", role=f"Practitioner {n}", organisation=f"Agency {n % 7}")
            for n in range(100)
        )
        for n in range(100):
            communication = Communication.objects.create(
                review=child_l,
                date=datetime.date(2026, 2, 1) + datetime.timedelta(days=n),
                channel="letter",
                summary=f"Letter {n} explained that the review is for learning and improvement, not blame.",
                explained_purpose=True,
                receipt_confirmed=n % 2 == 0,
            )
            communication.parties.set(parties[n : n + 3])
        from casereview.workspace.assessments.models import IndicatorAnswer

        IndicatorAnswer.objects.bulk_create(
            IndicatorAnswer(
                review=child_l,
                framework_id=framework.id,
                marker_id=marker.id,
                indicator_id=indicator.id,
                answer="yes",
                evidence=f"Evidence for {marker.id} {indicator.id}. " * 20,
                answered_by=amina,
                answered_at=now,
            )
            for marker in framework.markers
            for indicator in marker.indicators
        )
    first = tmp_path / "child-l.zip"
    started = time.perf_counter()
    export_review(child_l, first, with_concerns=True)
    exported_in = time.perf_counter() - started
    north = child_l.partnership
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_review(first, north, file_name=first.name)
    imported_in = time.perf_counter() - started
    again = tmp_path / "again.zip"
    export_review(result.review, again, with_concerns=True)
    first_data, first_files = comparable(first)
    again_data, again_files = comparable(again)
    assert again_data["review"].pop("reference") == "Child L (imported)"
    first_data["review"].pop("reference")
    assert again_data == first_data and again_files == first_files
    assert result.files == 20 and result.review.communications.count() == 100
    print(
        f"\nChild L, {result.records} records and 20 files ({first.stat().st_size // 1024} KB): "
        f"exported in {exported_in:.2f} s, imported in {imported_in:.2f} s"
    )
