"""Backup and restore: every record and every uploaded file in one zip archive.

A backup reads the database in one transaction that sees a single moment (REPEATABLE READ on PostgreSQL;
SQLite's read transaction), so it is consistent while people go on working. Uploaded files are never
changed once stored, so copying those the records name gives the files of that same moment. A restore
goes into an empty database only, and checks every file against the checksum its record holds.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import itertools
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from .audit import capture

FORMAT = "casereview-backup"
FORMAT_VERSION = 1
# Accounts and everything recorded about reviews. Sessions and sign-in throttling are left out: they only
# make sense on the running system, and people sign in again after a restore.
APP_LABELS = [
    "auth",
    "accounts",
    "reviews",
    "assessments",
    "documents",
    "purpose",
    "learning",
    "audit",
    "concerns",
    "clocks",
    "transfer",
    "findings",
]
LEFT_OUT = {"auth.permission", "accounts.signinfailure"}
UPLOADS = "uploads/"

Progress = Callable[[str], None]


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's own JSON cuts them to milliseconds, and a backup must be exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    records: int
    files: int
    created_at: str


def backed_up_models() -> list[type[models.Model]]:
    chosen = [
        model
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label_lower not in LEFT_OUT
    ]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def _records() -> Iterator[models.Model]:
    return itertools.chain.from_iterable(
        model._base_manager.order_by("pk").iterator(chunk_size=500) for model in backed_up_models()
    )


def _applied_migrations() -> list[list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted([app, name] for app, name in applied if app in APP_LABELS or app == "contenttypes")


@contextlib.contextmanager
def _one_moment():
    """A transaction that sees one moment of the database throughout."""
    if connection.vendor == "sqlite":
        # A read-only transaction must not take the write lock, as the app's own transactions do (IMMEDIATE):
        # every save in the app would wait for the backup to finish.
        connection.ensure_connection()
        writers_mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic():
                connection.transaction_mode = writers_mode
                yield
        finally:
            connection.transaction_mode = writers_mode
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(target: Path, progress: Progress = lambda _: None) -> Summary:
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name, so no backup is overwritten.")
    document_model = apps.get_model("documents", "Document")
    created_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            counter = itertools.count(1)

            def counted(records):
                for record in records:
                    number = next(counter)
                    if number % 1000 == 0:
                        progress(f"  {number:,} records written")
                    yield record

            progress("Writing the records...")
            # Only the records need the one-moment transaction; stored files never change, so they are copied
            # after it ends and writers are held up (on SQLite) for as short a time as possible.
            with _one_moment():
                with archive.open("data.json", "w") as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8")
                    serializers.serialize(
                        "json", counted(_records()), stream=text, use_natural_foreign_keys=True, cls=_ExactEncoder
                    )
                    text.flush()
                    text.detach()
                records = next(counter) - 1
                progress(f"  {records:,} records written")
                documents = list(document_model._base_manager.order_by("pk"))
                migrations = _applied_migrations()
            progress(f"Copying {len(documents)} uploaded files...")
            for number, document in enumerate(documents, 1):
                source = Path(settings.UPLOAD_DIR) / document.storage_name
                if not source.is_file():
                    raise BackupError(
                        f"The uploaded file of '{document.original_name}' ({source}) is missing, so the backup would "
                        "be incomplete. Restore the upload folder from its last copy, then back up again."
                    )
                archive.write(source, UPLOADS + document.storage_name)
                if number % 50 == 0:
                    progress(f"  {number} of {len(documents)} files")
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at,
                "database": connection.vendor,
                "records": records,
                "files": len(documents),
                "migrations": migrations,
            }
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)
    return Summary(records, len(documents), created_at)


def _read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError(f"{source} is not a casereview backup: it has no readable manifest.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a casereview backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{source} is a backup in format {manifest.get('format_version')}; this casereview reads format "
            f"{FORMAT_VERSION}. Restore it with the version of casereview that made it."
        )
    return manifest


def _check_empty(upload_dir: Path) -> None:
    for model in backed_up_models():
        if model._base_manager.exists():
            raise BackupError(
                f"The database already holds data ({model._meta.verbose_name_plural}). Restore only into an empty "
                "database: point DATABASE_URL at a new one, or delete the SQLite file, and try again."
            )
    if upload_dir.exists() and any(upload_dir.iterdir()):
        raise BackupError(
            f"The upload folder {upload_dir} is not empty. Restore into an empty folder: set CASEREVIEW_UPLOAD_DIR "
            "to a new one, or move the files away, and try again."
        )


def restore_backup(source: Path, progress: Progress = lambda _: None) -> Summary:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no file {source}.")
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise BackupError(f"{source} is not a casereview backup: it is not a zip archive.") from None
    upload_dir = Path(settings.UPLOAD_DIR)
    with archive:
        manifest = _read_manifest(archive, source)
        progress("Preparing the database...")
        call_command("migrate", interactive=False, verbosity=0)
        known = {tuple(item) for item in MigrationRecorder(connection).applied_migrations()}
        newer = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
        if newer:
            raise BackupError(
                "This backup was made by a newer casereview (it has changes this one does not know: "
                f"{', '.join(newer[:3])}). Upgrade casereview, then restore."
            )
        _check_empty(upload_dir)
        files = {name for name in archive.namelist() if name.startswith(UPLOADS)}
        with tempfile.TemporaryDirectory() as work:
            fixture = Path(work) / "casereview-backup.json"
            with archive.open("data.json") as data, fixture.open("wb") as out:
                shutil.copyfileobj(data, out)
            progress(f"Loading {manifest['records']:,} records...")
            written: list[Path] = []
            try:
                # The trail comes with the backup: loading it is not a change anyone made.
                with transaction.atomic(), capture.suspended():
                    call_command("loaddata", str(fixture), verbosity=0)
                    _restore_files(archive, files, upload_dir, written, progress)
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                raise
    return Summary(manifest["records"], len(files), manifest["created_at"])


def _restore_files(
    archive: zipfile.ZipFile, names: set[str], upload_dir: Path, written: list[Path], progress: Progress
) -> None:
    document_model = apps.get_model("documents", "Document")
    documents = {document.storage_name: document for document in document_model._base_manager.all()}
    upload_dir.mkdir(parents=True, exist_ok=True)
    progress(f"Restoring {len(documents)} uploaded files...")
    for storage_name, document in documents.items():
        entry = UPLOADS + storage_name
        if entry not in names:
            raise BackupError(f"The backup lacks the file of '{document.original_name}': it is incomplete.")
        content = archive.read(entry)
        if hashlib.sha256(content).hexdigest() != document.sha256:
            raise BackupError(f"The file of '{document.original_name}' in the backup is damaged: its checksum differs.")
        if Path(storage_name).name != storage_name or storage_name in {"", ".", ".."}:
            raise BackupError(f"The backup names a file '{storage_name}' outside the upload folder: it is not safe.")
        path = upload_dir / storage_name
        path.write_bytes(content)
        written.append(path)
