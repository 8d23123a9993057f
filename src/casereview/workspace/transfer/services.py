"""Exporting one review to a zip file and importing such a file into another partnership, whole or not at all.

An export reads the review's records in one transaction that sees a single moment, writes the file (each uploaded
file checked against the checksum of its upload) and records the export in the audit trail once the file is whole.
An import checks everything it can before it writes anything (the archive's members and sizes, the JSON and its
schema, every link between records, every field's value, every file's size, checksum and content), then writes
the review, its records, their files and its audit entry in one transaction; files are moved into place only
when it commits (``documents.services.atomic_with_uploads``).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import IO

import jsonschema
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from casereview.themes import shipped_themes

from ..accounts.models import Membership, Partnership
from ..audit import capture
from ..audit.models import AuditEvent, EventKind
from ..audit.services import record_taken_out
from ..clocks.services import store_next_steps
from ..documents.models import Document
from ..documents.services import MAX_BYTES, UploadRejected, atomic_with_uploads, place_file, validate_upload
from ..findings.models import Finding, LocalTheme
from ..findings.services import themes_of
from ..purpose.models import PartyGroup
from ..reviews.models import Review
from ..wording.services import CHECKED_TEXTS, store_checks
from .kinds import BY_KEY, KINDS, REVIEW, Kind
from .models import ImportedReview

FORMAT = "casereview-review"
# 3 added the review's number counters; 2 findings, recommendations, actions and own themes; 1 and 2 are still read
SCHEMA_VERSION = 3
DATA = "review.json"
FILES = "files/"
# Limits on what an import reads from an archive, whatever its entries claim: a review's JSON is a few MB even
# for hundreds of records; each file is an upload, held to the upload limit.
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
_FILE_MEMBER = re.compile(r"files/[0-9]{1,9}\.(docx|pdf)")


class TransferRefused(Exception):
    """An export or import that cannot go ahead; the message says why, in the user's words."""


@functools.cache
def schema() -> dict:
    return json.loads(files("casereview.workspace.transfer").joinpath("review-file.schema.json").read_text("utf-8"))


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema())


def schema_problems(data: object) -> list[str]:
    """Where the data breaks the schema, each as "at records → parties → 3 → role: ..." (the first ten)."""
    problems = []
    for error in sorted(_validator().iter_errors(data), key=lambda error: list(map(str, error.absolute_path))):
        where = " → ".join(str(part) for part in error.absolute_path) or "the top"
        problems.append(f"at {where}: {error.message}")
        if len(problems) == 10:
            break
    return problems


# --- export ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    records: int
    files: int


def _person(user: AbstractBaseUser | None, kept: dict | None) -> dict | None:
    if user is not None:
        return {"username": user.get_username(), "name": user.get_full_name() or user.get_username()}
    return kept


def _value(record: models.Model, name: str) -> object:
    value = getattr(record, name)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _records_of(kind: Kind, review: Review) -> models.QuerySet:
    queryset = kind.model._base_manager.filter(**{kind.review_path: review}).order_by("pk")
    if kind.many:
        queryset = queryset.prefetch_related(*kind.many)
    return queryset.select_related(*kind.people)


def _entry(kind: Kind, record: models.Model, kept: dict, ids: dict[str, dict[int, int]]) -> dict:
    entry: dict[str, object] = {}
    if kind is not REVIEW:
        entry["id"] = ids[kind.key][record.pk]
    entry.update({name: _value(record, name) for name in kind.fields})
    for name in kind.people:
        entry[name] = _person(getattr(record, name), kept.get(f"{kind.key}:{record.pk}:{name}"))
    for name, target in kind.links.items():
        linked = getattr(record, f"{name}_id")
        entry[name] = ids[target].get(linked) if linked is not None else None
    for name, target in kind.many.items():
        entry[name] = sorted(ids[target][other.pk] for other in getattr(record, name).all())
    return entry


@contextlib.contextmanager
def _one_moment_for_export() -> Iterator[None]:
    """A transaction that sees one moment of the review, on PostgreSQL too (its default sees each query's own)."""
    with transaction.atomic():
        if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def review_data(review: Review, *, with_concerns: bool) -> tuple[dict, list[Document]]:
    """The content of ``review.json`` for the review, and its documents in the order of the file's ids."""
    kept = review.import_record.people if hasattr(review, "import_record") else {}
    chosen = [kind for kind in KINDS if with_concerns or not kind.concerns]
    fetched = {kind.key: list(_records_of(kind, review)) for kind in chosen}
    ids = {key: {record.pk: number for number, record in enumerate(records, 1)} for key, records in fetched.items()}
    # A link to a record left out of the file (a disclosure's concern, without concerns) reads as none.
    ids.update({kind.key: {} for kind in KINDS if kind not in chosen})
    documents = fetched["documents"]
    records = {key: [_entry(BY_KEY[key], record, kept, ids) for record in items] for key, items in fetched.items()}
    for entry, document in zip(records["documents"], documents, strict=True):
        entry["file"] = f"{FILES}{entry['id']}.{document.kind}"
    data = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "partnership": review.partnership.name,
        "source_review_id": review.pk,
        "with_concerns": with_concerns,
        "review": _entry(REVIEW, Review.objects.select_related(*REVIEW.people).get(pk=review.pk), kept, ids),
        "records": records,
        "own_themes": _own_themes(review, fetched["findings"]),
    }
    return data, documents


def _own_themes(review: Review, findings: list[Finding]) -> list[dict]:
    """The partnership's own themes the review's findings are coded to, by id and name: the receiving partnership
    may have other ids for them, so an import matches them by name."""
    used = {theme for finding in findings for theme in finding.themes}
    themes = LocalTheme.objects.filter(partnership_id=review.partnership_id, theme_id__in=used).order_by("theme_id")
    return [{"id": theme.theme_id, "name": theme.name} for theme in themes]


def record_counts(review: Review, *, concerns: bool) -> dict[str, int]:
    """How many records of each kind an export would hold: of the kinds kept only with concerns, or of the others."""
    return {
        kind.key: kind.model._base_manager.filter(**{kind.review_path: review}).count()
        for kind in KINDS
        if kind.concerns == concerns
    }


def export_review(review: Review, target: IO[bytes] | Path, *, with_concerns: bool) -> Exported:
    """Write the review's file to ``target`` (a path that must not exist yet, or an open binary file) and record
    the export in the audit trail, naming who (the request's user, or the command line) and whether concerns went
    with it. The caller has checked the user may export the review, and export its concerns if asked."""
    if isinstance(target, Path) and target.exists():
        raise TransferRefused(f"{target} already exists: choose a new file name, so nothing is overwritten.")
    with _one_moment_for_export():
        data, documents = review_data(review, with_concerns=with_concerns)
    problems = schema_problems(data)
    if problems:  # a fault of ours, not the user's: say so rather than write a file no import would take
        raise TransferRefused(f"{review.reference} cannot be exported: its file would break the format, {problems[0]}.")
    records = sum(len(items) for items in data["records"].values()) + 1
    partial = target.with_name(target.name + ".partial") if isinstance(target, Path) else None
    try:
        with zipfile.ZipFile(partial or target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(DATA, json.dumps(data, indent=2, ensure_ascii=False))
            # One file at a time, each checked against its upload's checksum; stored files never change, so they
            # are read after the records' transaction. Word and PDF files are compressed already.
            for entry, document in zip(data["records"]["documents"], documents, strict=True):
                archive.writestr(entry["file"], _stored_content(document), compress_type=zipfile.ZIP_STORED)
        # Recorded once the file is whole, and before anyone has it; a file given by name appears only together
        # with its entry.
        with transaction.atomic():
            _record_export(review, with_concerns=with_concerns, records=records, files=len(documents))
            if partial is not None:
                partial.rename(target)
    except BaseException as error:
        if partial is not None:
            partial.unlink(missing_ok=True)
        if isinstance(error, OSError) and partial is not None:
            raise TransferRefused(
                f"Could not write {target}: {error.strerror or error}. Choose a folder you can write to."
            ) from None
        raise
    return Exported(records, len(documents))


@transaction.atomic
def _record_export(review: Review, *, with_concerns: bool, records: int, files: int) -> None:
    concerns = "with its concerns, guide runs and information shared" if with_concerns else "without concerns"
    record_taken_out(
        partnership=review.partnership,
        review=review,
        what="reviewexport",
        object_id=str(review.pk),
        description=f"Exported {review.reference} as a review file, {concerns}",
        after={"with_concerns": with_concerns, "records": records, "files": files},
    )


def _stored_content(document: Document) -> bytes:
    from django.conf import settings

    path = Path(settings.UPLOAD_DIR) / document.storage_name
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise TransferRefused(
            f"The uploaded file of '{document.original_name}' is missing from the upload folder, so the export would "
            "be incomplete. Restore the upload folder from its last copy (`casereview uploads check` lists what is "
            "missing), then export again."
        ) from None
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise TransferRefused(
            f"The stored file of '{document.original_name}' differs from the file that was uploaded (its checksum "
            "has changed). Restore it from the last copy of the upload folder, then export again."
        )
    return content


# --- import ---------------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """Everything an import will write, built and checked before the transaction."""

    data: dict
    review: Review
    records: dict[str, list[tuple[int, models.Model, dict]]] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)  # "<kind>:<file id>:<field>" -> the person kept by name
    # Document file id -> its member, checked; read again when written, so a review's files are not all held at once.
    files: dict[int, zipfile.ZipInfo] = field(default_factory=dict)
    matched: set[str] = field(default_factory=set)
    themes: dict[str, str] = field(default_factory=dict)  # a theme id of the file -> the partnership's
    new_themes: list[LocalTheme] = field(default_factory=list)  # own themes of the file the partnership lacks


@dataclass(frozen=True)
class Imported:
    review: Review
    reference_changed: bool
    records: int
    files: int
    matched: list[str]
    kept: list[str]


def _refuse(reason: str) -> TransferRefused:
    return TransferRefused(f"Nothing was imported: {reason}")


def _open_archive(source: IO[bytes] | Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse("the file is not a zip archive. Choose the .zip file casereview exported.") from None


def _check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(f"the archive holds {len(members):,} entries, more than a review file can.")
    found: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for member in members:
        name = member.filename
        if member.is_dir():
            continue
        if name != DATA and not _FILE_MEMBER.fullmatch(name):
            raise _refuse(
                f"the archive holds '{name[:100]}', which is not part of a review file (only {DATA} and files/ "
                "with numbered Word and PDF files are): it may have been made by something else, or changed."
            )
        if name in found:
            raise _refuse(f"the archive holds '{name}' twice.")
        if member.flag_bits & 0x1:
            raise _refuse("the archive is encrypted. Export the review again without a password.")
        limit = MAX_JSON_BYTES if name == DATA else MAX_BYTES
        if member.file_size > limit:
            raise _refuse(f"'{name}' in the archive is larger than {limit // (1024 * 1024)} MB unpacked.")
        total += member.file_size
        found[name] = member
    if total > MAX_TOTAL_BYTES:
        raise _refuse("the archive unpacks to more than 2 GB.")
    if DATA not in found:
        raise _refuse(f"the archive has no {DATA}: it is not a review file exported by casereview.")
    return found


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's content, reading no more than ``limit`` bytes whatever its entry claims."""
    try:
        with archive.open(member) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise _refuse(f"'{member.filename}' in the archive cannot be read ({error}): it may be damaged.") from None
    if len(content) > limit or len(content) != member.file_size:
        raise _refuse(
            f"'{member.filename}' in the archive is not the size its entry says: it is damaged, or made to mislead."
        )
    return content


def _read_data(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> dict:
    try:
        data = json.loads(_read_member(archive, member, MAX_JSON_BYTES).decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse(f"{DATA} is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise _refuse(f"{DATA} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(f"{DATA} is not a casereview review file.")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise _refuse(
            f"the file is in review file format {version}, made by a newer casereview; this one reads format "
            f"{SCHEMA_VERSION} and older. Upgrade casereview, then import it."
        )
    problems = schema_problems(data)
    if problems:
        shown = "; ".join(problems[:3])
        raise _refuse(f"{DATA} does not follow the review file format ({shown}).")
    if any("\x00" in text for text in _strings(data)):
        # Nothing casereview saves can hold one (PostgreSQL refuses it): a sign the file was made or changed by hand.
        raise _refuse(f"{DATA} holds a NUL character, which no casereview text can.")
    return data


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _field_problem(kind: Kind, number: int | None, error: ValidationError) -> TransferRefused:
    where = _where(kind, number)
    details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return _refuse(f"{where} has a value casereview cannot keep ({details}).")


def _members_of(partnership: Partnership) -> dict[str, AbstractBaseUser]:
    user_ids = Membership.objects.filter(partnership=partnership).values_list("user_id", flat=True)
    return {user.get_username(): user for user in get_user_model()._default_manager.filter(pk__in=user_ids)}


def _where(kind: Kind, number: int | None) -> str:
    return "the review" if number is None else f"{kind.key} record {number}"


def _moment(value: str, where: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise _refuse(f"{where} has a time that does not exist ({value}).") from None
    if timezone.is_naive(parsed):
        raise _refuse(f"{where} has a time with no time zone ({value}).")
    return parsed


def _build(kind: Kind, entry: dict, number: int | None, plan: _Plan, members: dict, made: dict) -> models.Model:
    model = kind.model
    where = _where(kind, number)
    values: dict[str, object] = {}
    for name in kind.fields:
        value = entry[name]
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.DateTimeField) and value is not None:
            value = _moment(value, f"{where}, {name},")
        elif isinstance(model_field, models.DateField) and value is not None:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                raise _refuse(f"{where} has a date that does not exist ({name}: {value}).") from None
        values[name] = value
    record = model(**values)
    key = kind.key
    for name in kind.people:
        person = entry[name]
        if person is None:
            continue
        user = members.get(person["username"])
        if user is not None:
            setattr(record, name, user)
            plan.matched.add(person["username"])
        else:
            plan.people[f"{key}:{number or 0}:{name}"] = person
    for name, target in kind.links.items():
        linked = entry[name]
        if linked is not None and linked not in made[target]:
            raise _refuse(f"{where} points to {target} record {linked}, which the file lacks.")
    for name, target in kind.many.items():
        missing = [linked for linked in entry[name] if linked not in made[target]]
        if missing:
            raise _refuse(f"{where} names {target} record {missing[0]}, which the file lacks.")
    unknown = kind.unknown(entry) if kind.unknown is not None else None
    if unknown:
        raise _refuse(f"{where} cannot be kept: {unknown}.")
    for name in kind.group_lists:
        unknown = [group for group in values[name] if group not in PartyGroup.values]
        if unknown:
            raise _refuse(f"{where} names a group casereview does not know, '{unknown[0]}'.")
    # Only the fields the file gives: links and storage names are made here, and are right by construction.
    exclude = [f.name for f in model._meta.fields if f.name not in kind.fields]
    try:
        record.clean_fields(exclude=exclude)
    except ValidationError as error:
        raise _field_problem(kind, number, error) from None
    return record


def _theme_map(plan: _Plan, partnership: Partnership) -> None:
    """Which of the partnership's themes each theme of the file is: a shipped theme is itself; the file's own themes
    are matched by name (any case) with the partnership's themes, and those it lacks are made as its own."""
    choices = themes_of(partnership)
    plan.themes = {theme.id: theme.id for theme in shipped_themes().themes}
    by_name = {choice.name.casefold(): choice.id for choice in choices}
    taken = {choice.id for choice in choices}
    seen: set[str] = set()
    for theme in plan.data.get("own_themes", []):
        if theme["id"] in seen:
            raise _refuse(f"the file names its own theme '{theme['id']}' twice.")
        seen.add(theme["id"])
        name = " ".join(theme["name"].split())
        if not name:
            raise _refuse(f"the file's own theme '{theme['id']}' has no name.")
        if name.casefold() in by_name:
            plan.themes[theme["id"]] = by_name[name.casefold()]
            continue
        theme_id = _free_theme_id(name, taken)
        plan.new_themes.append(LocalTheme(partnership=partnership, theme_id=theme_id, name=name))
        plan.themes[theme["id"]] = by_name[name.casefold()] = theme_id
        taken.add(theme_id)


def _free_theme_id(name: str, taken: set[str]) -> str:
    """The theme's name as a short name (a slug) that none of ``taken`` is: "county-lines", or "county-lines-2"..."""
    base = slugify(name)[:90] or "theme"
    theme_id, number = base, 1
    while theme_id in taken:
        number += 1
        theme_id = f"{base}-{number}"
    return theme_id


def _themes_of_finding(entry: dict, number: int, plan: _Plan) -> list[str]:
    unknown = [theme for theme in entry["themes"] if theme not in plan.themes]
    if unknown:
        raise _refuse(
            f"findings record {number} is coded to the theme '{unknown[0]}', which is neither one of casereview's "
            "themes here nor one of the file's own themes."
        )
    return list(dict.fromkeys(plan.themes[theme] for theme in entry["themes"]))


def _plan(data: dict, archive: zipfile.ZipFile, members_found: dict, partnership: Partnership) -> _Plan:
    members = _members_of(partnership)
    _moment(data["exported_at"], "the file's export")
    plan = _Plan(data=data, review=Review())
    _theme_map(plan, partnership)
    entry = dict(data["review"])
    # Files made before awareness had its own date: their clocks counted from the date of notification.
    entry.setdefault("aware_date", entry["notification_date"])
    # The numbers the review gave, so that a number removed at the source is not given again here. A file made
    # before they were carried (or one whose counter falls short of its own records) counts its records.
    for counter, key in (("last_finding_number", "findings"), ("last_recommendation_number", "recommendations")):
        highest = max((record["number"] for record in data["records"].get(key, [])), default=0)
        entry[counter] = max(entry.get(counter, 0), highest)
    plan.review = _build(REVIEW, entry, None, plan, members, {})
    plan.review.partnership = partnership
    made: dict[str, set[int]] = {}
    for kind in KINDS:
        entries = data["records"].get(kind.key, [])
        if kind.concerns and entries and not data["with_concerns"]:
            raise _refuse(f"the file holds {kind.key} but says it was exported without concerns.")
        made[kind.key] = set()
        plan.records[kind.key] = []
        for entry in entries:
            number = entry["id"]
            if number in made[kind.key]:
                raise _refuse(f"the file has two {kind.key} records numbered {number}.")
            record = _build(kind, entry, number, plan, members, made)
            if kind.key == "findings":
                record.themes = _themes_of_finding(entry, number, plan)
            made[kind.key].add(number)
            plan.records[kind.key].append((number, record, entry))
    _check_files(plan, archive, members_found)
    return plan


def _check_files(plan: _Plan, archive: zipfile.ZipFile, members_found: dict) -> None:
    named = set()
    for number, document, entry in plan.records["documents"]:
        member = members_found.get(entry["file"])
        if member is None:
            raise _refuse(f"the archive lacks the file of '{document.original_name}' ({entry['file']}).")
        if entry["file"] in named:
            raise _refuse(f"two documents name the same file, {entry['file']}.")
        named.add(entry["file"])
        content = _read_member(archive, member, MAX_BYTES)
        if len(content) != document.size or hashlib.sha256(content).hexdigest() != document.sha256:
            raise _refuse(
                f"the file of '{document.original_name}' ({entry['file']}) is not the file that was exported: its "
                "checksum differs, so it was damaged or changed on the way."
            )
        try:
            kind, _ = validate_upload(SimpleUploadedFile(document.original_name, content))
        except UploadRejected as rejected:
            raise _refuse(f"the file of '{document.original_name}' cannot be kept: {rejected}") from None
        if kind != document.kind:
            raise _refuse(
                f"the file of '{document.original_name}' is a {kind.label}, not the {document.kind} its record says."
            )
        plan.files[number] = member
    unnamed = sorted(set(members_found) - named - {DATA})
    if unnamed:
        raise _refuse(f"the archive holds {unnamed[0]}, which no document of the review names.")


def free_reference(partnership: Partnership, wanted: str) -> str:
    """The reference an imported review is given: its own, unless the partnership has a review of that reference;
    then "<reference> (imported)", "<reference> (imported 2)" and so on, the first that is free."""
    taken = set(partnership.reviews.values_list("reference", flat=True))
    if wanted not in taken:
        return wanted
    limit = Review._meta.get_field("reference").max_length
    for number in range(1, len(taken) + 2):
        suffix = " (imported)" if number == 1 else f" (imported {number})"
        candidate = wanted[: limit - len(suffix)].rstrip() + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable: one of len(taken) + 1 candidates is free")


def _save(record: models.Model) -> None:
    # raw, as loaddata saves: the times the file records (when a statement was written, an answer given) are kept,
    # not replaced by now.
    record.save_base(raw=True)


# Two imports at the same moment (or an import and someone adding a review or theme) may both find the same
# reference or theme free; the database lets one have it and refuses the other, which then looks again. Each
# attempt loses only to a write that committed meanwhile, so a few are plenty.
ATTEMPTS = 5


def _save_review(review: Review, partnership: Partnership, wanted: str) -> None:
    """Save the imported review under the first free reference (``free_reference``), looking again if a review
    that took it meanwhile is refused by the database's one-reference-per-partnership rule."""
    for attempt in range(1, ATTEMPTS + 1):
        review.reference = free_reference(partnership, wanted)
        try:
            with transaction.atomic():  # a savepoint: the import's transaction goes on after a refusal
                _save(review)
            return
        except IntegrityError:
            if attempt == ATTEMPTS or not partnership.reviews.filter(reference=review.reference).exists():
                raise


def _save_themes(themes: list[LocalTheme], partnership: Partnership) -> tuple[dict[str, str], list[str]]:
    """Save the file's own themes the partnership lacked when the import was planned. One made meanwhile under the
    same short name is used instead if it has the same name (two imports of the same file), and otherwise the
    theme gets the next free short name. Returns the short names that changed, and the names of the themes made."""
    changed: dict[str, str] = {}
    made: list[str] = []
    for theme in themes:
        planned = theme.theme_id
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    theme.save()
                made.append(theme.name)
                break
            except IntegrityError:
                now = {other.theme_id: other.name for other in partnership.local_themes.all()}
                if attempt == ATTEMPTS or theme.theme_id not in now:
                    raise
                same = [key for key, name in now.items() if name.casefold() == theme.name.casefold()]
                if same:
                    theme.theme_id = same[0]
                    break
                theme.theme_id = _free_theme_id(theme.name, set(now))
        if theme.theme_id != planned:
            changed[planned] = theme.theme_id
    return changed, made


def import_review(
    source: IO[bytes] | Path, partnership: Partnership, *, file_name: str, user: AbstractBaseUser | None = None
) -> Imported:
    """Import a review file into the partnership, as a new review. Everything is checked first; then the review,
    its records, their files and one audit entry are written in one transaction, or nothing is. The caller has
    checked the user may import into the partnership. ``user`` is who imports (None on the command line)."""
    if isinstance(source, Path):
        # One handle for the checksum and the reading, so the file recorded is the file imported.
        with source.open("rb") as stream:
            return _import(stream, partnership, file_name=file_name, user=user)
    return _import(source, partnership, file_name=file_name, user=user)


def _import(stream: IO[bytes], partnership: Partnership, *, file_name: str, user) -> Imported:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(block)
    stream.seek(0)
    with _open_archive(stream) as archive:
        members_found = _check_members(archive)
        data = _read_data(archive, members_found[DATA])
        plan = _plan(data, archive, members_found, partnership)
        try:
            return _write(plan, archive, partnership, file_name=file_name, file_sha256=digest.hexdigest(), user=user)
        except (IntegrityError, DataError) as error:
            raise _refuse(f"its records break a rule of the database ({error}).") from None


@atomic_with_uploads()
def _write(
    plan: _Plan, archive: zipfile.ZipFile, partnership: Partnership, *, file_name: str, file_sha256: str, user
) -> Imported:
    wanted = plan.review.reference
    review = plan.review
    made: dict[str, dict[int, models.Model]] = {}
    checked_texts: list[str] = []
    with capture.suspended():  # one entry below says what was imported; the records' own are not changes made here
        _save_review(review, partnership, wanted)
        themes_changed, themes_made = _save_themes(plan.new_themes, partnership)
        # The kept names by the records' new ids, as later exports look them up.
        people = {
            f"{REVIEW.key}:{review.pk}:{name}": plan.people[f"{REVIEW.key}:0:{name}"]
            for name in REVIEW.people
            if f"{REVIEW.key}:0:{name}" in plan.people
        }
        for kind in KINDS:
            made[kind.key] = {}
            for number, record, entry in plan.records[kind.key]:
                if kind.review_path == "review":
                    record.review = review
                for name, target in kind.links.items():
                    if entry[name] is not None:
                        setattr(record, name, made[target][entry[name]])
                if kind.key == "documents":
                    record.storage_name = place_file(_checked_again(archive, plan.files[number], record))
                if kind.key == "findings" and themes_changed:
                    record.themes = list(dict.fromkeys(themes_changed.get(theme, theme) for theme in record.themes))
                _save(record)
                for name, target in kind.many.items():
                    getattr(record, name).set([made[target][linked] for linked in entry[name]])
                made[kind.key][number] = record
                for name in kind.people:
                    kept = plan.people.get(f"{kind.key}:{number}:{name}")
                    if kept is not None:
                        people[f"{kind.key}:{record.pk}:{name}"] = kept
                checked_texts.extend(
                    getattr(record, text_field) for label, text_field in CHECKED_TEXTS if label == kind.model_label
                )
        ImportedReview.objects.create(
            review=review,
            source_partnership=plan.data["partnership"],
            exported_at=datetime.datetime.fromisoformat(plan.data["exported_at"]),
            file_name=file_name[:255],
            file_sha256=file_sha256,
            with_concerns=plan.data["with_concerns"],
            people=people,
            imported_by=user,
        )
        store_next_steps(Review.objects.filter(pk=review.pk))
    store_checks(checked_texts)
    records = 1 + sum(len(items) for items in made.values())
    kept = sorted({f"{person['name']} ({person['username']})" for person in people.values()})
    renamed = f", as {review.reference} ({wanted} is taken here)" if review.reference != wanted else ""
    actor = capture.current_actor()
    AuditEvent.objects.create(
        user=actor.user,
        username=actor.username,
        partnership=partnership,
        review=review,
        kind=EventKind.CREATE,
        object_type="reviewimport",
        object_id=str(review.pk),
        description=f"Imported {wanted} from {plan.data['partnership']}{renamed}, from the file {file_name}"[:300],
        after={
            "file": file_name,
            "sha256": file_sha256,
            "exported_at": plan.data["exported_at"],
            "with_concerns": plan.data["with_concerns"],
            "records": records,
            "files": len(plan.files),
            "people_linked": sorted(plan.matched),
            "people_kept_as_names": kept,
            "own_themes_made": themes_made,
        },
        address=actor.address,
    )
    return Imported(review, review.reference != wanted, records, len(plan.files), sorted(plan.matched), kept)


def _checked_again(archive: zipfile.ZipFile, member: zipfile.ZipInfo, document: Document) -> bytes:
    content = _read_member(archive, member, MAX_BYTES)
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise _refuse(f"the file of '{document.original_name}' changed while it was being imported.")
    return content
