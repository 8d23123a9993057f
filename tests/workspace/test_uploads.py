"""Attachments to a communication: real Word and PDF files are kept; anything else is refused clearly,
and nothing else the user entered is lost."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.workspace.documents.models import Document
from casereview.workspace.purpose.models import Communication
from tests.conftest import docx_bytes, pdf_bytes

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
def test_a_real_word_document_or_pdf_is_kept_and_served_to_members(client, amina_on_child_h, people, name, make, kind):
    content = make()
    response = post(client, amina_on_child_h, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    communication = Communication.objects.get(summary=FORM["summary"])
    assert communication.attachment.kind == kind and communication.attachment.original_name == name
    client.force_login(people["carl"])
    download = client.get(f"/reviews/{amina_on_child_h.pk}/documents/{communication.attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment;")


def refused(client, review, upload) -> str:
    response = post(client, review, upload)
    page = response.content.decode()
    assert response.status_code == 400
    assert not Communication.objects.filter(summary=FORM["summary"]).exists()
    assert not Document.objects.exists()
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


def test_an_oversized_file_is_refused(client, amina_on_child_h):
    huge = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
    page = refused(client, amina_on_child_h, SimpleUploadedFile("huge.pdf", huge))
    assert "The file is larger than 20 MB" in page


def test_a_folder_in_the_file_name_is_dropped(client, amina_on_child_h):
    post(client, amina_on_child_h, SimpleUploadedFile("..\\..\\secret\\letter.docx", docx_bytes("x")))
    assert Document.objects.get().original_name == "letter.docx"
