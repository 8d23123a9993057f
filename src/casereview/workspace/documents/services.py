"""Accepting uploads safely: checked by content (never by name), size-limited, parsed before storing."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from pathlib import Path, PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404

from ..reviews.models import Review
from .models import Document, DocumentKind

MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip; refuse one that would expand far beyond any real document (a "zip bomb").
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


EMPTY_FILE = "The file is empty. Choose the file again, or save it again and try."


class UploadRejected(ValueError):
    """The file cannot be accepted; the message tells the user what to do."""


def _kind_of(head: bytes, data: bytes) -> DocumentKind:
    if head.startswith(b"%PDF-"):
        return DocumentKind.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise UploadRejected(
                "This file is not a Word document we can read: it may be damaged. Save it again as .docx."
            ) from None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DocumentKind.DOCX
    raise UploadRejected("This file is not a Word document (.docx) or a PDF. Save it as one of those and try again.")


def _check_docx(data: bytes) -> None:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise UploadRejected("This Word document expands to more than 200 MB, so it cannot be accepted.")
        docx.Document(io.BytesIO(data))
    except UploadRejected:
        raise
    except Exception:  # python-docx raises many kinds of error on a damaged file; all mean the same to a user
        raise UploadRejected(
            "This file is not a Word document we can read: it may be damaged. Open it in Word and save it "
            "again as .docx."
        ) from None


def _check_pdf(data: bytes) -> None:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
        page_count = len(pdf)
        pdf.close()
    except pypdfium2.PdfiumError:
        raise UploadRejected(
            "This PDF cannot be read: it may be damaged or protected by a password. Save it again as a PDF "
            "without a password."
        ) from None
    if page_count == 0:
        raise UploadRejected("This PDF has no pages. Choose the right file.")


def safe_name(name: str) -> str:
    """The file's own name without any folder part, for showing and for the download's suggested name."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "document"
    return "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|')[:200]


def validate_upload(upload: UploadedFile) -> tuple[DocumentKind, bytes]:
    """Read and check an upload; raise UploadRejected with a message for the user if it cannot be kept."""
    if upload.size == 0:
        raise UploadRejected(EMPTY_FILE)
    if upload.size > MAX_BYTES:
        raise UploadRejected("The file is larger than 20 MB. Save a smaller copy, for example without images.")
    data = upload.read()
    kind = _kind_of(data[:8], data)
    (_check_docx if kind is DocumentKind.DOCX else _check_pdf)(data)
    return kind, data


@transaction.atomic
def store_upload(user: AbstractBaseUser, review: Review, upload: UploadedFile) -> Document:
    """Check and store an uploaded file for the review. Caller has checked the user may change the review."""
    kind, data = validate_upload(upload)
    storage_name = uuid.uuid4().hex
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / storage_name).write_bytes(data)
    return Document.objects.create(
        review=review,
        original_name=safe_name(upload.name or ""),
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
        uploaded_by=user,
    )


def document_path(document: Document) -> Path:
    path = Path(settings.UPLOAD_DIR) / document.storage_name
    if not path.is_file():
        raise Http404("The stored file is missing")
    return path


def get_document(review: Review, document_id: int) -> Document:
    try:
        return review.documents.get(pk=document_id)
    except Document.DoesNotExist:
        raise Http404("No such document") from None
