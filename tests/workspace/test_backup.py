"""Backup and restore: the demonstration data, uploaded files, a concern worked through the guide and the
audit trail all come back exactly; a restore refuses a database or upload folder that is not empty, and a
damaged or foreign file."""

import datetime
import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from casereview.workspace.backup import BackupError, backed_up_models, restore_backup, write_backup
from casereview.workspace.concerns import services as concerns
from casereview.workspace.documents.services import store_upload
from tests.conftest import docx_bytes, pdf_bytes
from tests.workspace.pages import sign_in

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def everything() -> list[dict]:
    """Every backed-up record, as Python values (times to the microsecond), in a stable order."""
    records = []
    for model in backed_up_models():
        records.extend(serializers.serialize("python", model._base_manager.order_by("pk")))
    return records


def uploaded_files() -> dict[str, bytes]:
    folder = Path(settings.UPLOAD_DIR)
    return {path.name: path.read_bytes() for path in folder.iterdir()} if folder.exists() else {}


@pytest.fixture
def north_at_work(transactional_db, people, reviews):
    child_h = reviews["Child H"]
    store_upload(
        people["amina"], child_h, SimpleUploadedFile("minutes.docx", docx_bytes("Board minutes, <b>12 May</b>"))
    )
    store_upload(people["bea"], child_h, SimpleUploadedFile("chronology.pdf", pdf_bytes(3)))
    concern = child_h.concerns.get()
    concerns.save_disclosure(
        people["amina"],
        child_h,
        what="Chronology entries",
        shared_with="Northtown NHS Trust",
        shared_on=datetime.date(2026, 6, 1),
        why="Its own HR process",
        concern=concern,
    )
    return child_h


def empty_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.UPLOAD_DIR, ignore_errors=True)


def test_a_backup_restores_every_record_and_file_exactly(north_at_work, tmp_path):
    records, files = everything(), uploaded_files()
    assert len(files) == 2 and any(r["model"] == "audit.auditevent" for r in records)
    steps = []
    summary = write_backup(tmp_path / "north.zip", progress=steps.append)
    assert summary.records == len(records) and summary.files == 2
    assert steps[0] == "Writing the records..."

    empty_everything()
    assert everything() == [] and uploaded_files() == {}
    restored = restore_backup(tmp_path / "north.zip", progress=steps.append)
    assert restored.records == len(records)
    assert everything() == records
    assert uploaded_files() == files


def test_restored_data_works_in_the_app(north_at_work, tmp_path, client):
    write_backup(tmp_path / "north.zip")
    empty_everything()
    restore_backup(tmp_path / "north.zip")
    assert sign_in(client, "amina").status_code == 302
    document = north_at_work.documents.get(original_name="minutes.docx")
    response = client.get(f"/reviews/{north_at_work.pk}/documents/{document.pk}/")
    assert b"".join(response.streaming_content) == (Path(settings.UPLOAD_DIR) / document.storage_name).read_bytes()
    # new records follow on from the restored ones rather than colliding with them
    assert (
        client.post(
            f"/reviews/{north_at_work.pk}/purpose/parties/new/",
            {"group": "others", "role": "Youth worker", "organisation": "Northshire Youth"},
        ).status_code
        == 302
    )


def test_restore_refuses_a_database_that_is_not_empty(north_at_work, tmp_path):
    write_backup(tmp_path / "north.zip")
    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(tmp_path / "north.zip")


def test_restore_refuses_an_upload_folder_that_is_not_empty(north_at_work, tmp_path):
    write_backup(tmp_path / "north.zip")
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="upload folder .* is not empty"):
        restore_backup(tmp_path / "north.zip")
    assert everything() == []


def test_a_damaged_file_is_found_and_nothing_is_kept(north_at_work, tmp_path):
    write_backup(tmp_path / "north.zip")
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "north.zip") as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("uploads/") and item.filename.endswith(
                north_at_work.documents.get(original_name="chronology.pdf").storage_name
            ):
                content = content[:-10] + b"0123456789"
            target.writestr(item, content)
    empty_everything()
    with pytest.raises(BackupError, match="'chronology.pdf' in the backup is damaged"):
        restore_backup(damaged)
    assert everything() == [] and uploaded_files() == {}


def test_a_file_that_is_not_a_backup_is_refused(transactional_db, tmp_path):
    (tmp_path / "notes.zip").write_bytes(b"not a zip at all")
    with pytest.raises(BackupError, match="not a zip archive"):
        restore_backup(tmp_path / "notes.zip")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
    with pytest.raises(BackupError, match="is not a casereview backup"):
        restore_backup(tmp_path / "other.zip")


def test_a_backup_never_overwrites_a_file(north_at_work, tmp_path):
    (tmp_path / "north.zip").write_text("yesterday's backup")
    with pytest.raises(BackupError, match="already exists"):
        write_backup(tmp_path / "north.zip")
    assert (tmp_path / "north.zip").read_text() == "yesterday's backup"


def test_a_missing_upload_stops_the_backup_and_leaves_no_half_file(north_at_work, tmp_path):
    document = north_at_work.documents.first()
    (Path(settings.UPLOAD_DIR) / document.storage_name).unlink()
    with pytest.raises(BackupError, match="is missing"):
        write_backup(tmp_path / "north.zip")
    assert list(tmp_path.glob("north.zip*")) == []


@pytest.mark.skipif(not POSTGRES, reason="a second connection writing mid-backup is a PostgreSQL test")
def test_a_backup_is_one_moment_while_others_keep_working(north_at_work, tmp_path, people, reviews):
    """Dev uploads a document to Child S while the backup is being written: the backup holds the moment it
    began, records and files alike, and Dev's upload is not held up."""

    def dev_uploads():
        try:
            store_upload(people["dev"], reviews["Child S"], SimpleUploadedFile("late.pdf", pdf_bytes(1)))
        finally:
            connection.close()

    def progress(step):
        if step.endswith("records written"):
            worker = threading.Thread(target=dev_uploads)
            worker.start()
            worker.join(timeout=10)
            assert not worker.is_alive()

    before, files = everything(), uploaded_files()
    summary = write_backup(tmp_path / "north.zip", progress=progress)
    assert reviews["Child S"].documents.filter(original_name="late.pdf").exists()
    assert summary.files == 2
    empty_everything()
    restore_backup(tmp_path / "north.zip")
    assert everything() == before and uploaded_files() == files
