"""Attachments to a communication: real Word and PDF files are kept, under a name that says what they are, and
only if the communication is; anything else is refused clearly, and nothing else the user entered is lost."""

import io
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from casereview.workspace.documents.models import Document
from casereview.workspace.purpose.models import Communication
from tests.conftest import docx_bytes, download_name, expanding_docx, pdf_bytes

FORM = {
    "date-day": "14",
    "date-month": "5",
    "date-year": "2026",
    "channel": "letter",
    "groups": ["practitioners"],
    "summary": "Letter to practitioners about what the review is for.",
    "explained_purpose": "yes",
    "receipt_confirmed": "no",
}


def post(client, review, upload):
    return client.post(f"/reviews/{review.pk}/purpose/communications/new/", {**FORM, "attachment": upload})


@pytest.fixture
def amina_on_child_h(client, reviews, people):
    client.force_login(people["amina"])
    return reviews["Child H"]


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("letter.docx", lambda: docx_bytes("Dear colleague,", "The review is for learning."), "docx"),
        ("minutes.pdf", lambda: pdf_bytes(2), "pdf"),
    ],
)
def test_a_real_word_document_or_pdf_is_kept_and_served_to_members(
    client, amina_on_child_h, people, django_capture_on_commit_callbacks, name, make, kind
):
    content = make()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, amina_on_child_h, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    communication = Communication.objects.get(summary=FORM["summary"])
    assert communication.attachment.kind == kind and communication.attachment.original_name == name
    assert stored_files() == [communication.attachment.storage_name]
    client.force_login(people["carl"])
    download = client.get(f"/reviews/{amina_on_child_h.pk}/documents/{communication.attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download_name(download) == name


def stored_files() -> list[str]:
    folder = Path(settings.UPLOAD_DIR)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def refused(client, review, upload) -> str:
    response = post(client, review, upload)
    page = response.content.decode()
    assert response.status_code == 400
    assert not Communication.objects.filter(summary=FORM["summary"]).exists()
    assert not Document.objects.exists() and stored_files() == []
    # everything else the user entered is still there
    assert FORM["summary"] in page
    assert re.search(r'name="date-day"[^>]*value="14"', page)
    assert 'value="practitioners" checked' in page and 'value="letter" checked' in page
    return page


def test_a_renamed_program_is_refused(client, amina_on_child_h):
    program = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 2000
    page = refused(client, amina_on_child_h, SimpleUploadedFile("letter.docx", program))
    assert "This file is not a Word document (.docx) or a PDF" in page


def test_an_empty_file_is_refused(client, amina_on_child_h):
    page = refused(client, amina_on_child_h, SimpleUploadedFile("letter.pdf", b""))
    assert "The file is empty" in page


def test_a_corrupt_word_document_is_refused(client, amina_on_child_h):
    damaged = docx_bytes("Dear colleague")[:3000]
    page = refused(client, amina_on_child_h, SimpleUploadedFile("letter.docx", damaged))
    assert "This file is not a Word document we can read" in page


def test_a_damaged_pdf_is_refused(client, amina_on_child_h):
    page = refused(client, amina_on_child_h, SimpleUploadedFile("minutes.pdf", b"%PDF-1.7\n" + b"garbage" * 100))
    assert "This PDF cannot be read" in page


def test_a_pdf_built_to_overwhelm_is_refused_and_memory_stays_bounded(client, amina_on_child_h):
    from tests.language.test_documents import expanding_pdf, peak_memory_mb

    bomb = expanding_pdf(1024, "page-tree")  # 1 MB whose page tree inflates to 1 GB as soon as pages are counted
    before = peak_memory_mb()
    page = refused(client, amina_on_child_h, SimpleUploadedFile("minutes.pdf", bomb))
    assert "This PDF is too large to check: opening it needs more than 512 MB of memory or 20 seconds" in page
    assert peak_memory_mb() - before < 100


def test_an_oversized_file_is_refused(client, amina_on_child_h):
    huge = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    page = refused(client, amina_on_child_h, SimpleUploadedFile("huge.pdf", huge))
    assert "The file is larger than 20 MB" in page


def test_a_folder_in_the_file_name_is_dropped(client, amina_on_child_h):
    post(client, amina_on_child_h, SimpleUploadedFile("..\\..\\secret\\letter.docx", docx_bytes("x")))
    assert Document.objects.get().original_name == "letter.docx"


def test_the_kept_name_ends_in_what_the_file_really_is(client, amina_on_child_h, django_capture_on_commit_callbacks):
    for sent, kept, content in [
        ("report.docx.exe", "report.docx", docx_bytes("x")),
        ("minutes.pdf", "minutes.docx", docx_bytes("x")),
        ("board minutes v2.1", "board minutes v2.1.pdf", pdf_bytes(1)),
        ("Ł" * 300 + ".pdf", "Ł" * 196 + ".pdf", pdf_bytes(1)),
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            assert post(client, amina_on_child_h, SimpleUploadedFile(sent, content)).status_code == 302
        document = Document.objects.latest("pk")
        assert document.original_name == kept
        download = client.get(f"/reviews/{amina_on_child_h.pk}/documents/{document.pk}/")
        assert download.status_code == 200 and download_name(download) == kept


def test_a_name_with_nothing_usable_is_refused_and_the_form_kept(client, amina_on_child_h):
    """Django itself dropped "..", as if no file had been chosen, and the communication was saved without it."""
    for name in ["..", "...", ". .", '"<>|.docx', "\u2028..docx", "\u200b"]:
        upload = io.BytesIO(docx_bytes("x"))
        upload.name = name  # sent as typed: Django's own upload classes refuse to hold ".."
        page = refused(client, amina_on_child_h, upload)
        assert "name has no letters or numbers we can keep. Rename the file" in page, name


def test_a_communication_that_fails_to_save_leaves_no_file(client, amina_on_child_h):
    """The database refuses the communication after the attachment was checked and written: the page fails, and
    no file is left behind in the upload folder, under any name."""
    table = Communication._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_row()")
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
    with pytest.raises(DatabaseError, match="disk full"):
        post(client, amina_on_child_h, SimpleUploadedFile("letter.docx", docx_bytes("Dear colleague")))
    assert not Document.objects.exists()
    assert stored_files() == []


def test_a_kept_file_waits_under_a_temporary_name_until_the_communication_commits(
    client, amina_on_child_h, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as commit:
        post(client, amina_on_child_h, SimpleUploadedFile("letter.docx", docx_bytes("Dear colleague")))
        document = Document.objects.get()
        assert stored_files() == [f"{document.storage_name}.uploading"]
    for callback in commit:
        callback()
    assert stored_files() == [document.storage_name]


def test_a_word_document_that_expands_to_195_mb_is_refused_unread(client, amina_on_child_h):
    """A 1.4 MB .docx whose document.xml unpacks to 195 MB (it took 35 s and 4.5 GB before) is refused from the
    sizes its zip declares, using a few MB."""
    bomb = expanding_docx({"word/document.xml": 195})
    tracemalloc.start()
    started = time.perf_counter()
    page = refused(client, amina_on_child_h, SimpleUploadedFile("letter.docx", bomb))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "This Word document would unpack to 195 MB in one part (word/document.xml), more than the 25 MB" in page
    # 6 MB and 1 to 3 s (the page around it, on a busy machine) here; 4.5 GB and 35 s before
    assert peak < 10 * len(bomb) and elapsed < 10, (peak, elapsed)
