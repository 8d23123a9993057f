"""`casereview uploads check`: what a business manager runs to find files with no record (left by a server stopped
mid-upload) and records with no file (a folder restored from an old copy)."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.cli import main
from casereview.workspace.documents.services import check_uploads, store_upload
from tests.conftest import docx_bytes, pdf_bytes


@pytest.fixture
def three_documents(people, reviews, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            store_upload(people["amina"], reviews["Child H"], SimpleUploadedFile(name, content))
            for name, content in [
                ("minutes.docx", docx_bytes("Board minutes")),
                ("chronology.pdf", pdf_bytes(2)),
                ("letter.docx", docx_bytes("Dear colleague")),
            ]
        ]


def check(capsys, *options: str) -> tuple[int, str]:
    status = main(["uploads", "check", *options])
    return status, capsys.readouterr().out


def test_a_folder_that_matches_its_records_is_all_well(three_documents, capsys):
    status, out = check(capsys)
    assert status == 0
    assert "All is well: every file has its record and every record its file." in out


def test_orphans_are_listed_and_removed_and_records_never(three_documents, capsys):
    minutes, chronology, letter = three_documents
    folder = Path(settings.UPLOAD_DIR)
    (folder / chronology.storage_name).unlink()  # restored from an old copy of the folder
    stray = folder / "stray.bin"
    stray.write_bytes(b"left by hand")
    stopped = folder / f"{'0' * 32}.uploading"  # a server stopped mid-upload, two hours ago
    stopped.write_bytes(b"half an upload")
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(stopped, (two_hours_ago, two_hours_ago))
    uploading = folder / f"{'1' * 32}.uploading"  # someone uploading right now
    uploading.write_bytes(b"an upload in progress")
    unmoved = folder / f"{letter.storage_name}.uploading"  # stopped between the commit and the rename
    os.replace(folder / letter.storage_name, unmoved)

    status, out = check(capsys)
    assert status == 1
    assert f"Files with no record (2):\n  {stopped}\n  {stray}\n" in out
    assert f"not moved into place (1):\n  {unmoved}\n" in out
    assert f"review Child H: chronology.pdf (document {chronology.pk}), {folder / chronology.storage_name}" in out
    assert "Uploads in progress, left alone: 1 file less than an hour old." in out
    assert "Run again with --remove" in out
    assert stray.exists() and stopped.exists()

    status, out = check(capsys, "--remove")
    assert status == 1 and "Removed 2 files with no record; moved 1 file into place." in out
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [minutes.storage_name, letter.storage_name, uploading.name]
    )
    assert chronology.review.documents.count() == 3

    (folder / chronology.storage_name).write_bytes(pdf_bytes(2))
    status, out = check(capsys)
    assert status == 0 and "All is well" in out


def test_the_check_is_one_query_and_one_pass_over_the_folder(three_documents, django_assert_num_queries):
    for number in range(200):
        (Path(settings.UPLOAD_DIR) / f"stray-{number}").write_bytes(b"")
    with django_assert_num_queries(1):
        found = check_uploads()
    assert len(found.orphans) == 200 and not found.missing
