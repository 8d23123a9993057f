"""Accepting uploads safely: checked by content (never by name), size-limited, parsed before storing, and kept
only if the record that names them commits."""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from casereview.language import pdf_reader
from casereview.language.documents import UnreadableDocument, check_unpacked_size, pdf_pages

from ..accounts.permissions import NotFound
from ..reviews.models import Review
from .models import Document, DocumentKind

MAX_BYTES = 20 * 1024 * 1024
MAX_NAME = Document._meta.get_field("original_name").max_length
# A file is written under its record's storage name plus this ending, and renamed when the record commits.
PENDING = ".uploading"
# A pending file older than this belongs to no upload still in progress: its process was stopped mid-way.
PENDING_LIFETIME_SECONDS = 60 * 60

EMPTY_FILE = "The file is empty. Choose the file again, or save it again and try."
UNUSABLE_NAME = (
    "The file's name has no letters or numbers we can keep. Rename the file on your computer (for example to "
    "minutes.docx) and choose it again."
)

# The last ".xyz" of a name, when it looks like a type (letters and digits, not only digits as in "v2.1").
_TYPE_ENDING = re.compile(r"\.(?=[A-Za-z0-9]{0,4}[A-Za-z])[A-Za-z0-9]{1,5}$")

_written: ContextVar[list[Path] | None] = ContextVar("uploads written in this block", default=None)


class UploadRejected(ValueError):
    """The file cannot be accepted; the message tells the user what to do."""


def _kind_of(head: bytes, data: bytes) -> DocumentKind:
    if head.startswith(b"%PDF-"):
        return DocumentKind.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            check_unpacked_size(data)
        except UnreadableDocument as error:
            raise UploadRejected(error.sentence()) from None
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DocumentKind.DOCX
    raise UploadRejected("This file is not a Word document (.docx) or a PDF. Save it as one of those and try again.")


def _check_docx(data: bytes) -> None:
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of error on a damaged file; all mean the same to a user
        raise UploadRejected(
            "This file is not a Word document we can read: it may be damaged. Open it in Word and save it "
            "again as .docx."
        ) from None


def _check_pdf(data: bytes) -> None:
    try:
        page_count = pdf_pages(data)  # in a process of its own, bounded in memory and time
    except UnreadableDocument as error:
        if str(error) == pdf_reader.UNREADABLE:
            raise UploadRejected(
                "This PDF cannot be read: it may be damaged or protected by a password. Save it again as a PDF "
                "without a password."
            ) from None
        raise UploadRejected(error.sentence()) from None
    if page_count == 0:
        raise UploadRejected("This PDF has no pages. Choose the right file.")


def stored_name(name: str, kind: DocumentKind) -> str:
    """The name a document is shown and downloaded under: the user's own name without any folder part, ending in
    the extension of what the file really is (Word content named report.docx.exe is kept as report.docx), at most
    MAX_NAME characters with that extension kept. UploadRejected if nothing usable is left of it."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    extension = f".{kind.value}"
    stem = _TYPE_ENDING.sub("", base) if not base.lower().endswith(extension) else base
    if stem.lower().endswith(extension):
        stem = stem[: -len(extension)]
    stem = stem.strip(" .")
    if not any(ch.isalnum() for ch in stem):
        raise UploadRejected(UNUSABLE_NAME)
    return stem[: MAX_NAME - len(extension)].rstrip(" .") + extension


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


@contextmanager
def atomic_with_uploads() -> Iterator[None]:
    """A transaction (usable as a decorator) whose stored uploads become permanent only if it commits.

    store_upload writes each file under a temporary name and renames it when the transaction commits. Django has
    no hook for a rollback, so the files written inside this block are removed here when the block raises (a
    record the database refused, a failed commit). A block nested in an outer transaction hands its files to the
    outer block; one inside a transaction that is not such a block (a test's) and rolled back later, or a process
    killed mid-way, leaves a temporary file, which `casereview uploads check` counts as an orphan after an hour.
    """
    written: list[Path] = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        _written.reset(token)
    outer = _written.get()
    if outer is not None:
        outer.extend(written)


def store_upload(user: AbstractBaseUser, review: Review, upload: UploadedFile) -> Document:
    """Check and store an uploaded file for the review. Caller has checked the user may change the review.

    The file is under its own name once the transaction commits; call it inside atomic_with_uploads (it is one
    itself) so that a failure later in the caller's transaction removes the file too.
    """
    kind, data = validate_upload(upload)
    original_name = stored_name(upload.name or "", kind)
    with atomic_with_uploads():
        document = Document.objects.create(
            review=review,
            original_name=original_name,
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_name=place_file(data),
            uploaded_by=user,
        )
    return document


def place_file(data: bytes) -> str:
    """Write a checked file's content to the upload folder under a new storage name, and return the name. Call
    inside atomic_with_uploads: the file is under its temporary name until the transaction commits, and removed
    if the block fails."""
    written = _written.get()
    if written is None:
        raise RuntimeError("place_file is called inside atomic_with_uploads, which removes the file on a rollback.")
    storage_name = uuid.uuid4().hex
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / storage_name
    pending = folder / f"{storage_name}{PENDING}"
    written.append(pending)
    pending.write_bytes(data)
    # robust: a failed rename must not undo a committed record; the file waits under its temporary name,
    # and `casereview uploads check --remove` puts it in place.
    transaction.on_commit(lambda: os.replace(pending, final), robust=True)
    return storage_name


# --- checking the upload folder against the records -------------------------------------------------------


@dataclass(frozen=True)
class MissingFile:
    document_id: int
    review: str
    name: str
    path: Path


@dataclass
class UploadsCheck:
    """What `casereview uploads check` found: files with no record, records with no file."""

    folder: Path
    orphans: list[Path] = field(default_factory=list)
    in_progress: list[Path] = field(default_factory=list)
    unmoved: list[Path] = field(default_factory=list)
    missing: list[MissingFile] = field(default_factory=list)

    @property
    def all_well(self) -> bool:
        return not (self.orphans or self.unmoved or self.missing)


def check_uploads() -> UploadsCheck:
    """Compare the upload folder with the document records: one query for the names, one pass over the folder.

    A temporary file whose record committed (the process stopped between the commit and the rename) is not an
    orphan but a file to put in place; one with no record is an orphan once it is older than an hour.
    """
    folder = Path(settings.UPLOAD_DIR)
    result = UploadsCheck(folder)
    # The folder before the records: a file gets its own name only after its record commits, so no file seen
    # here under its own name can lack a record that the query below would see.
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        entries = []
    now = time.time()
    records = {
        storage_name: (pk, reference, name)
        for storage_name, pk, reference, name in Document.objects.values_list(
            "storage_name", "pk", "review__reference", "original_name"
        )
    }
    present: set[str] = set()
    for entry in entries:
        if not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        if entry.name in records:
            present.add(entry.name)
        elif entry.name.endswith(PENDING) and entry.name.removesuffix(PENDING) in records:
            result.unmoved.append(path)
        elif entry.name.endswith(PENDING) and now - entry.stat().st_mtime < PENDING_LIFETIME_SECONDS:
            result.in_progress.append(path)
        else:
            result.orphans.append(path)
    unmoved = {path.name.removesuffix(PENDING) for path in result.unmoved}
    for storage_name, (pk, reference, name) in records.items():
        if storage_name not in present and storage_name not in unmoved:
            result.missing.append(MissingFile(pk, reference, name, folder / storage_name))
    result.orphans.sort()
    result.unmoved.sort()
    result.missing.sort(key=lambda missing: (missing.review, missing.document_id))
    return result


def tidy_uploads(found: UploadsCheck) -> None:
    """Delete the orphan files and put committed files still under their temporary name in place. Records are
    never touched: a record with no file is for a person to resolve, from the last copy of the upload folder."""
    for path in found.orphans:
        path.unlink(missing_ok=True)
    for path in found.unmoved:
        with suppress(FileNotFoundError):  # its own rename ran after the check
            os.replace(path, path.with_name(path.name.removesuffix(PENDING)))


def document_path(document: Document) -> Path:
    path = Path(settings.UPLOAD_DIR) / document.storage_name
    if not path.is_file():
        raise NotFound("The stored file is missing")
    return path


def get_document(review: Review, document_id: int) -> Document:
    try:
        return review.documents.get(pk=document_id)
    except Document.DoesNotExist:
        raise NotFound("No such document") from None
