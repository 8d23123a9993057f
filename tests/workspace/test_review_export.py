"""One review exported and imported whole.

Amina, business manager of North Partnership, exports Child H with its Word minutes and PDF chronology; Dev imports
it into South Partnership, where only Amina has an account too, so she is linked and Bea is kept by name. A file
that cannot be imported whole (a newer format, a changed file, a zip bomb, a path out of the archive...) is refused
with the reason, and nothing of it is left: no records, no files.
"""

import copy
import datetime
import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.workspace.accounts.models import Membership, Partnership
from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.documents.services import store_upload
from casereview.workspace.findings import services as findings
from casereview.workspace.reviews.models import Review
from casereview.workspace.transfer import kinds
from casereview.workspace.transfer.services import (
    TransferRefused,
    export_review,
    free_reference,
    import_review,
    schema,
    schema_problems,
)
from casereview.workspace.wording.models import StoredCheck
from casereview.workspace.wording.services import digest
from tests.conftest import docx_bytes, pdf_bytes


@pytest.fixture
def child_h_with_files(reviews, people, django_capture_on_commit_callbacks):
    child_h = reviews["Child H"]
    with django_capture_on_commit_callbacks(execute=True):  # the files are in place once their records commit
        minutes = store_upload(people["amina"], child_h, SimpleUploadedFile("Minutes – Zoë.docx", docx_bytes("Board")))
        store_upload(people["bea"], child_h, SimpleUploadedFile("chronology.pdf", pdf_bytes(2)))
    # The board meeting's notes are attached to its communication, so the file must carry that link.
    first = child_h.communications.order_by("pk").first()
    type(first).objects.filter(pk=first.pk).update(attachment=minutes)
    return child_h


@pytest.fixture
def south(people):
    return Partnership.objects.get(name="South Partnership")


def exported(review, tmp_path, *, with_concerns=False, name="child-h.zip") -> Path:
    path = tmp_path / name
    export_review(review, path, with_concerns=with_concerns)
    return path


def data_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("review.json"))


def rezipped(source: Path, target: Path, *, change=None, members: dict | None = None, drop=()) -> Path:
    """A copy of an exported file with review.json changed by ``change`` and members replaced, added or dropped."""
    with zipfile.ZipFile(source) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    if change is not None:
        data = json.loads(contents["review.json"])
        change(data)
        contents["review.json"] = json.dumps(data).encode()
    contents.update(members or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in contents.items():
            if name not in drop:
                archive.writestr(name, content)
    return target


def everything_counted() -> dict[str, int]:
    models = [model for config in apps.get_app_configs() for model in config.get_models()]
    return {model._meta.label: model._base_manager.count() for model in models}


def uploaded() -> list[str]:
    folder = Path(django_settings.UPLOAD_DIR)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_the_file_holds_the_review_its_records_and_files_with_checksums(child_h_with_files, tmp_path):
    path = exported(child_h_with_files, tmp_path)
    data = data_of(path)
    assert schema_problems(data) == []
    assert data["schema_version"] == 3 and data["partnership"] == "North Partnership"
    assert data["review"]["reference"] == "Child H"
    assert data["review"]["lead_reviewer"] == {"username": "bea", "name": "Bea Lewis"}
    records = data["records"]
    assert len(records["parties"]) == child_h_with_files.parties.count()
    assert records["communications"][0]["attachment"] == 1 and records["communications"][0]["parties"]
    with zipfile.ZipFile(path) as archive:
        for document in records["documents"]:
            content = archive.read(document["file"])
            assert hashlib.sha256(content).hexdigest() == document["sha256"] and len(content) == document["size"]
    assert [d["original_name"] for d in records["documents"]] == ["Minutes – Zoë.docx", "chronology.pdf"]


def test_concerns_are_left_out_unless_asked_for_and_each_export_is_in_the_audit_trail(child_h_with_files, tmp_path):
    without = data_of(exported(child_h_with_files, tmp_path))
    assert without["with_concerns"] is False
    assert not {"concerns", "guide_runs", "guide_answers", "disclosures"} & set(without["records"])
    assert "health visitor appointments" not in json.dumps(without)
    with_them = data_of(exported(child_h_with_files, tmp_path, with_concerns=True, name="all.zip"))
    assert len(with_them["records"]["concerns"]) == 1 and with_them["records"]["guide_answers"]
    entries = AuditEvent.objects.filter(review=child_h_with_files, object_type="reviewexport").order_by("pk")
    assert [entry.after["with_concerns"] for entry in entries] == [False, True]
    assert entries[1].username == "command line" and "with its concerns" in entries[1].description


def test_the_schema_and_the_table_of_kinds_name_the_same_fields():
    definitions = schema()["$defs"]
    by_key = {
        "documents": "document",
        "purpose_statements": "purpose_statement",
        "groups_not_applicable": "group_not_applicable",
        "parties": "party",
        "communications": "communication",
        "circumstances": "circumstance",
        "letter_drafts": "letter_draft",
        "indicator_answers": "indicator_answer",
        "marker_judgements": "marker_judgement",
        "step_records": "step_record",
        "extensions": "extension",
        "concerns": "concern",
        "guide_runs": "guide_run",
        "guide_answers": "guide_answer",
        "disclosures": "disclosure",
        "findings": "finding",
        "recommendations": "recommendation",
        "actions": "action",
        "progress_notes": "progress_note",
        "impacts": "impact",
    }
    assert set(by_key) == set(schema()["properties"]["records"]["properties"]) == set(kinds.BY_KEY)
    for kind in kinds.KINDS:
        named = {"id", *kind.fields, *kind.people, *kind.links, *kind.many} | (
            {"file"} if kind.key == "documents" else set()
        )
        assert set(definitions[by_key[kind.key]]["required"]) == named, kind.key
    review = schema()["properties"]["review"]
    assert set(review["required"]) == {*kinds.REVIEW.fields, *kinds.REVIEW.people} - {*kinds.OPTIONAL_REVIEW_FIELDS}
    assert set(review["properties"]) == {*kinds.REVIEW.fields, *kinds.REVIEW.people}


def test_the_date_of_awareness_goes_with_the_review_and_a_file_without_it_takes_the_date_of_notification(
    child_h_with_files, people, south, tmp_path, django_capture_on_commit_callbacks
):
    """The first statutory clock counts from awareness: an imported review keeps it, so its clocks do not move. A
    file made before it had its own date counted the clocks from the date of notification, and is read so."""
    Review.objects.filter(pk=child_h_with_files.pk).update(aware_date=datetime.date(2026, 3, 4))
    path = exported(child_h_with_files, tmp_path)
    assert data_of(path)["review"]["aware_date"] == "2026-03-04"
    with django_capture_on_commit_callbacks(execute=True):
        review = import_review(path, south, file_name=path.name).review
    assert (review.aware_date, review.notification_date) == (datetime.date(2026, 3, 4), datetime.date(2026, 3, 5))

    def without_awareness(data):
        del data["review"]["aware_date"]

    old = rezipped(path, tmp_path / "old.zip", change=without_awareness)
    assert schema_problems(data_of(old)) == []
    with django_capture_on_commit_callbacks(execute=True):
        review = import_review(old, south, file_name=old.name).review
    assert review.aware_date == review.notification_date == datetime.date(2026, 3, 5)


def test_dev_imports_child_h_into_south_as_a_new_review_with_amina_linked_and_bea_kept_by_name(
    child_h_with_files, people, south, tmp_path, django_capture_on_commit_callbacks
):
    with transaction.atomic():
        Membership.objects.create(user=people["amina"], partnership=south, role="observer")
    path = exported(child_h_with_files, tmp_path, with_concerns=True)
    with django_capture_on_commit_callbacks(execute=True):
        imported = import_review(path, south, file_name=path.name, user=people["dev"])
    review = imported.review
    assert review.pk != child_h_with_files.pk and review.partnership == south and review.reference == "Child H"
    assert review.lead_reviewer is None and review.created_by == people["amina"]
    # Nia, the trust's agency lead, recorded progress on its action.
    assert imported.matched == ["amina"] and imported.kept == ["Bea Lewis (bea)", "Nia Kaur (nia)"]
    assert review.import_record.kept_names == ["Bea Lewis (bea)", "Nia Kaur (nia)"]
    # Every record came, with the times it was made, and the links between them.
    assert review.parties.count() == child_h_with_files.parties.count()
    original = child_h_with_files.purpose_statements.get()
    assert review.purpose_statements.get().written_at == original.written_at
    assert review.created_at == child_h_with_files.created_at
    communication = review.communications.order_by("pk").first()
    assert communication.attachment.review == review and communication.attachment.original_name == "Minutes – Zoë.docx"
    assert {p.review_id for p in communication.parties.all()} == {review.pk}
    run = review.concerns.get().runs.get()
    assert run.answers.count() == child_h_with_files.concerns.get().runs.get().answers.count()
    # The files are in place under new names, exactly as uploaded.
    for document in review.documents.all():
        stored = Path(django_settings.UPLOAD_DIR) / document.storage_name
        twin = child_h_with_files.documents.get(original_name=document.original_name)
        assert stored.read_bytes() == (Path(django_settings.UPLOAD_DIR) / twin.storage_name).read_bytes()
        assert document.storage_name != twin.storage_name
    # The wording checks are made again here, for the imported texts.
    assert StoredCheck.objects.filter(digest=digest(communication.summary)).exists()
    entry = AuditEvent.objects.get(review=review, object_type="reviewimport")
    assert entry.username == "command line"
    assert entry.partnership == south and entry.after["people_kept_as_names"] == ["Bea Lewis (bea)", "Nia Kaur (nia)"]
    assert entry.after["files"] == 2 and entry.after["with_concerns"] is True


def test_an_imported_review_whose_reference_is_taken_gets_one_that_is_not(child_h_with_files, tmp_path, people):
    path = exported(child_h_with_files, tmp_path)
    north = child_h_with_files.partnership
    first = import_review(path, north, file_name=path.name).review
    second = import_review(path, north, file_name=path.name).review
    assert (first.reference, second.reference) == ("Child H (imported)", "Child H (imported 2)")
    with transaction.atomic():
        Review.objects.filter(pk=first.pk).update(reference="y" * 100)
    assert free_reference(north, "y" * 100) == "y" * 89 + " (imported)"


def _bomb() -> bytes:
    """A Word document's member of 30 MB of zeros, a few KB packed."""
    return b"\0" * (30 * 1024 * 1024)


REFUSALS = {
    "a newer schema version": (
        lambda data: data.update(schema_version=4),
        {},
        (),
        "format 4, made by a newer casereview",
    ),
    "a tampered file": (None, {"files/2.pdf": pdf_bytes(3)}, (), "checksum differs"),
    "a missing file": (None, {}, ("files/1.docx",), "lacks the file of 'Minutes – Zoë.docx'"),
    "a path out of the archive": (None, {"../../etc/cron.d/evil": b"x"}, (), "'../../etc/cron.d/evil', which is not"),
    "an unexpected member": (None, {"files/notes.txt": b"x"}, (), "which is not part of a review file"),
    "a zip bomb": (None, {"files/9.docx": _bomb()}, (), "larger than 20 MB unpacked"),
    "a file no record names": (None, {"files/9.pdf": pdf_bytes(1)}, (), "files/9.pdf, which no document"),
    "a schema violation": (lambda data: data["review"].pop("stage"), {}, (), "'stage' is a required property"),
    "an unknown stage": (lambda data: data["review"].update(stage="dreaming"), {}, (), "stage: Value 'dreaming'"),
    "a link to nothing": (
        lambda data: data["records"]["communications"][0].update(attachment=7),
        {},
        (),
        "points to documents record 7, which the file lacks",
    ),
    "an unknown group": (
        lambda data: data["records"]["communications"][0].update(groups=["aliens"]),
        {},
        (),
        "names a group casereview does not know, 'aliens'",
    ),
    "concerns in a file without them": (
        lambda data: data["records"].update(concerns=[]) or data["records"]["concerns"].append(_A_CONCERN),
        {},
        (),
        "holds concerns but says it was exported without concerns",
    ),
    "a question this installation's framework lacks": (
        lambda data: data["records"]["indicator_answers"][0].update(indicator_id="q99"),
        {},
        (),
        "names a quality marker casereview does not have here (marker 'clarity-of-purpose' has no indicator 'q99')",
    ),
    "a date that does not exist": (
        lambda data: data["records"]["circumstances"][0].update(identified_on="2026-02-30"),
        {},
        (),
        "circumstances record 1 has a date that does not exist (identified_on: 2026-02-30)",
    ),
    "a time that does not exist": (
        lambda data: data["review"].update(created_at="2026-13-01T10:00:00+00:00"),
        {},
        (),
        "the review, created_at, has a time that does not exist",
    ),
    "an export time that does not exist": (
        lambda data: data.update(exported_at="2026-02-30T10:00:00Z"),
        {},
        (),
        "the file's export has a time that does not exist",
    ),
    "a NUL character": (
        lambda data: data["records"]["parties"][0].update(role="Chair\x00"),
        {},
        (),
        "holds a NUL character",
    ),
    "a too long reference": (lambda data: data["review"].update(reference="x" * 101), {}, (), "at most 100 characters"),
    "a causation category this installation lacks": (
        lambda data: data["records"]["findings"][0].update(categories=["lt-no-such-category"]),
        {},
        (),
        "findings record 1 cannot be kept: it is coded to 'lt-no-such-category', which is not a category of",
    ),
    "a causation model this installation lacks": (
        lambda data: data["records"]["findings"][0].update(causation_model_id="someone-elses-model"),
        {},
        (),
        "coded to the causation model 'someone-elses-model', which casereview does not have here",
    ),
    "a theme this installation lacks": (
        lambda data: data["records"]["findings"][0].update(themes=["moon-landings"]),
        {},
        (),
        "findings record 1 is coded to the theme 'moon-landings', which is neither one of casereview's themes",
    ),
    "a recommendation resting on no finding": (
        lambda data: data["records"]["recommendations"][0].update(findings=[]),
        {},
        (),
        "should be non-empty",
    ),
    "an action done without evidence": (
        lambda data: next(a for a in data["records"]["actions"] if a["status"] == "done").update(done_evidence=""),
        {},
        (),
        "break a rule of the database",
    ),
    # Only the database can see this one: the records are written, then refused, and must all go, files too.
    "two answers to one question": (
        lambda data: data["records"]["indicator_answers"].append({**data["records"]["indicator_answers"][0], "id": 99}),
        {},
        (),
        "break a rule of the database",
    ),
}
_A_CONCERN = {
    "id": 1,
    "kind": "act",
    "description": "x",
    "role": "x",
    "organisation": "x",
    "name": "",
    "raised_on": "2026-01-01",
    "recorded_at": "2026-01-01T10:00:00+00:00",
    "recorded_by": None,
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_file_that_cannot_be_imported_whole_is_refused_with_the_reason_and_leaves_nothing(
    child_h_with_files, south, tmp_path, case
):
    change, members, drop, reason = REFUSALS[case]
    bad = rezipped(
        exported(child_h_with_files, tmp_path), tmp_path / "bad.zip", change=change, members=members, drop=drop
    )
    before, files_before = everything_counted(), uploaded()
    with pytest.raises(TransferRefused) as refused:
        import_review(bad, south, file_name="bad.zip")
    assert str(refused.value).startswith("Nothing was imported: ")
    assert reason in str(refused.value)
    assert everything_counted() == before
    assert uploaded() == files_before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a zip at all", "not a zip archive"),
        (b"PK\x03\x04broken", "not a zip archive"),
    ],
)
def test_something_that_is_not_a_review_file_is_refused(south, tmp_path, content, reason):
    path = tmp_path / "odd.zip"
    path.write_bytes(content)
    with pytest.raises(TransferRefused, match=reason):
        import_review(path, south, file_name=path.name)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"format": "something-else"}', "not a casereview review file"),
        (b"[1, 2]", "not a casereview review file"),
    ],
)
def test_a_review_json_that_is_not_ours_is_refused(south, tmp_path, text, reason):
    path = tmp_path / "odd.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("review.json", text)
    before = everything_counted()
    with pytest.raises(TransferRefused, match=re.escape(reason)):
        import_review(path, south, file_name=path.name)
    assert everything_counted() == before


def test_a_member_whose_entry_understates_its_size_is_not_read_past_it(child_h_with_files, south, tmp_path):
    """A zip whose directory claims a small size for a member that unpacks larger (a classic bomb) is refused."""
    good = exported(child_h_with_files, tmp_path)
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("review.json")
    understated = (info.file_size // 2).to_bytes(4, "little")
    raw[info.header_offset + 22 : info.header_offset + 26] = understated  # the local header's unpacked size
    # Its entry in the central directory (the stored Word file holds entries of its own, so look for the name).
    central = raw.find(b"review.json", info.header_offset + 30 + info.compress_size) - 46
    assert raw[central : central + 4] == b"PK\x01\x02"
    raw[central + 24 : central + 28] = understated
    lying = tmp_path / "lying.zip"
    lying.write_bytes(bytes(raw))
    with pytest.raises(TransferRefused, match="'review.json' in the archive cannot be read .*Bad CRC-32"):
        import_review(lying, south, file_name=lying.name)


def test_export_refuses_a_stored_file_that_changed_and_writes_no_file(child_h_with_files, tmp_path):
    document = child_h_with_files.documents.get(original_name="chronology.pdf")
    (Path(django_settings.UPLOAD_DIR) / document.storage_name).write_bytes(pdf_bytes(5))
    with pytest.raises(TransferRefused, match="differs from the file that was uploaded"):
        export_review(child_h_with_files, tmp_path / "x.zip", with_concerns=False)
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "x.zip.partial").exists()
    assert not AuditEvent.objects.filter(object_type="reviewexport").exists()


def test_export_will_not_overwrite_a_file(child_h_with_files, tmp_path):
    (tmp_path / "there.zip").write_bytes(b"kept")
    with pytest.raises(TransferRefused, match="already exists"):
        export_review(child_h_with_files, tmp_path / "there.zip", with_concerns=False)
    assert (tmp_path / "there.zip").read_bytes() == b"kept"


def test_a_changed_file_is_not_confused_with_a_good_one(child_h_with_files, tmp_path):
    """The schema itself refuses what the table of kinds would not make sense of."""
    data = data_of(exported(child_h_with_files, tmp_path))
    broken = copy.deepcopy(data)
    broken["records"]["parties"][0]["id"] = 0
    broken["records"]["meetings"] = []
    problems = schema_problems(broken)
    assert any("parties → 0 → id" in problem for problem in problems)
    assert any("'meetings' was unexpected" in problem for problem in problems)


def test_a_guide_run_with_an_outcome_this_guide_lacks_is_refused(child_h_with_files, south, tmp_path):
    def change(data):
        data["records"]["guide_runs"][0]["outcome_id"] = "sack-them"

    good = exported(child_h_with_files, tmp_path, with_concerns=True)
    bad = rezipped(good, tmp_path / "bad.zip", change=change)
    before = everything_counted()
    with pytest.raises(TransferRefused, match="guide_runs record 1 cannot be kept: .*guide .*\\(sack-them\\)"):
        import_review(bad, south, file_name="bad.zip")
    assert everything_counted() == before


def _leaves(value, path=()):
    """Every place in review.json a value sits, as a path of keys and indexes."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list) and value and not all(isinstance(item, int) for item in value):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def test_any_value_anywhere_in_the_file_is_imported_whole_or_refused_with_a_reason(
    child_h_with_files, south, tmp_path, django_capture_on_commit_callbacks
):
    good = exported(child_h_with_files, tmp_path, with_concerns=True)
    places = sorted(_leaves(data_of(good)), key=repr)

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,  # the same inputs on every run, so CI never fails by chance
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(place=st.sampled_from(places), value=_JSON)
    def try_import(place, value):
        def change(data):
            target = data
            for step in place[:-1]:
                target = target[step]
            target[place[-1]] = value

        bad = rezipped(good, tmp_path / "changed.zip", change=change)
        before, files_before = everything_counted(), uploaded()
        try:
            with django_capture_on_commit_callbacks(execute=True):
                imported = import_review(bad, south, file_name="changed.zip")
        except TransferRefused as refused:
            assert str(refused).startswith("Nothing was imported: ")
            assert everything_counted() == before and uploaded() == files_before
        else:
            assert imported.review.partnership == south

    try_import()


# --- findings, recommendations, actions and the partnership's own themes (schema version 2) ------------------


def _code_to_an_own_theme_and_a_document(review, people, name="County lines"):
    """Child H's first finding also coded to one of North's own themes and resting on the minutes."""
    from casereview.workspace.findings import services as findings

    theme = findings.add_local_theme(people["amina"], review.partnership, name=name)
    finding = review.findings.get(number=1)
    findings.save_finding(
        people["bea"],
        review,
        finding,
        statement=finding.statement,
        evidence=finding.evidence,
        categories=finding.categories,
        themes=[*finding.themes, theme.theme_id],
        documents=[review.documents.get(original_name="Minutes – Zoë.docx")],
    )
    return theme


def test_findings_recommendations_and_actions_go_whole_and_an_own_theme_is_made_by_name(
    child_h_with_files, people, south, tmp_path, django_capture_on_commit_callbacks
):
    from casereview.workspace.findings.models import ImprovementAction, LocalTheme

    child_h = child_h_with_files
    _code_to_an_own_theme_and_a_document(child_h, people)
    path = exported(child_h, tmp_path)
    data = data_of(path)
    records = data["records"]
    assert (len(records["findings"]), len(records["recommendations"]), len(records["actions"])) == (3, 2, 4)
    assert data["own_themes"] == [{"id": "county-lines", "name": "County lines"}]
    assert records["findings"][0]["documents"] == [1] and "county-lines" in records["findings"][0]["themes"]
    assert records["impacts"] and records["progress_notes"]
    # The stored check of a finding is made again where it is imported, not carried in the file.
    statements = list(child_h.findings.values_list("statement", flat=True))
    with transaction.atomic():
        StoredCheck.objects.filter(digest__in=[digest(text) for text in statements]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        imported = import_review(path, south, file_name=path.name, user=people["dev"])
    review = imported.review
    made = LocalTheme.objects.get(partnership=south)
    assert (made.theme_id, made.name) == ("county-lines", "County lines")
    first, original = review.findings.get(number=1), child_h.findings.get(number=1)
    assert first.statement == original.statement and first.evidence == original.evidence
    assert first.causation_model_id == original.causation_model_id and first.categories == original.categories
    assert first.themes == original.themes and first.created_at == original.created_at
    assert [document.original_name for document in first.documents.all()] == ["Minutes – Zoë.docx"]
    assert first.documents.get().review == review
    for recommendation in review.recommendations.all():
        twin = child_h.recommendations.get(number=recommendation.number)
        assert sorted(f.number for f in recommendation.findings.all()) == sorted(f.number for f in twin.findings.all())
        assert {f.review_id for f in recommendation.findings.all()} == {review.pk}
        assert (recommendation.response, recommendation.response_reason) == (twin.response, twin.response_reason)
    actions = ImprovementAction.objects.filter(recommendation__review=review)
    assert actions.count() == 4
    done = actions.get(status="done")
    twin = ImprovementAction.objects.get(recommendation__review=child_h, status="done")
    assert (done.responsible, done.done_evidence) == (twin.responsible, twin.done_evidence)
    assert done.impact.what_changed == twin.impact.what_changed and done.impact.checked_on == twin.impact.checked_on
    noted = [list(a.notes.values_list("noted_on", "text")) for a in actions.order_by("due_on", "description")]
    assert noted == [
        list(a.notes.values_list("noted_on", "text"))
        for a in ImprovementAction.objects.filter(recommendation__review=child_h).order_by("due_on", "description")
    ]
    for text in statements:
        assert StoredCheck.objects.filter(digest=digest(text)).exists()
    entry = AuditEvent.objects.get(review=review, object_type="reviewimport")
    assert entry.after["own_themes_made"] == ["County lines"]


def test_an_own_theme_the_partnership_has_under_another_id_is_matched_by_name(
    child_h_with_files, people, south, tmp_path, django_capture_on_commit_callbacks
):
    from casereview.workspace.findings.models import LocalTheme

    _code_to_an_own_theme_and_a_document(child_h_with_files, people)
    path = exported(child_h_with_files, tmp_path)
    with transaction.atomic():
        theirs = LocalTheme.objects.create(partnership=south, theme_id="cl", name="county LINES")
        # And one whose id is the file's, for another theme: the file's theme must not be taken for it.
        LocalTheme.objects.create(partnership=south, theme_id="county-lines", name="Something else")
    with django_capture_on_commit_callbacks(execute=True):
        review = import_review(path, south, file_name=path.name).review
    assert "cl" in review.findings.get(number=1).themes and "county-lines" not in review.findings.get(number=1).themes
    assert LocalTheme.objects.filter(partnership=south).count() == 2
    assert theirs.name == "county LINES"


def test_a_file_of_schema_version_1_is_still_imported(
    child_h_with_files, people, south, tmp_path, django_capture_on_commit_callbacks
):
    """A file an earlier casereview exported: no findings, recommendations, actions or own themes in it."""

    def as_version_1(data):
        data["schema_version"] = 1
        del data["own_themes"]
        for counter in ("last_finding_number", "last_recommendation_number"):
            del data["review"][counter]
        for key in ("findings", "recommendations", "actions", "progress_notes", "impacts"):
            del data["records"][key]

    old = rezipped(exported(child_h_with_files, tmp_path), tmp_path / "old.zip", change=as_version_1)
    assert schema_problems(data_of(old)) == []
    with django_capture_on_commit_callbacks(execute=True):
        imported = import_review(old, south, file_name=old.name)
    review = imported.review
    assert review.reference == "Child H" and review.parties.count() == child_h_with_files.parties.count()
    assert not review.findings.exists() and not review.recommendations.exists()
    # Exported again, it is a file of this version, with empty lists of the kinds version 1 lacked.
    again = data_of(exported(review, tmp_path, name="again.zip"))
    assert again["schema_version"] == 3 and again["records"]["findings"] == [] and again["own_themes"] == []


def test_a_number_removed_before_export_is_not_given_again_after_import_and_an_older_file_counts_its_records(
    child_h_with_files, people, south, tmp_path, django_capture_on_commit_callbacks
):
    """Bea removed Child H's top finding before Amina exported it: the number is spent there, so it stays spent in
    South. A file made before the counters were carried is read as having given its records' highest numbers."""
    child_h = child_h_with_files
    top = max(child_h.findings.values_list("number", flat=True))
    top_recommendation = max(child_h.recommendations.values_list("number", flat=True))
    for recommendation in child_h.findings.get(number=top).recommendations.all():
        findings.remove_recommendation(
            people["amina"], recommendation, actions_shown=recommendation.actions.values_list("pk", flat=True)
        )
    findings.remove_finding(people["bea"], child_h.findings.get(number=top))
    path = exported(child_h, tmp_path)
    assert data_of(path)["review"]["last_finding_number"] == top
    with django_capture_on_commit_callbacks(execute=True):
        imported = import_review(path, south, file_name=path.name).review
    dev = people["dev"]
    added = findings.save_finding(
        dev, imported, statement="Nobody chaired the strategy discussion.", evidence="", categories=[], themes=[]
    )
    assert added.number == top + 1
    assert imported.findings.count() == top  # its findings came with it, less the one removed, plus this one
    assert Review.objects.get(pk=imported.pk).last_recommendation_number == top_recommendation

    def without_counters(data):
        del data["review"]["last_finding_number"], data["review"]["last_recommendation_number"]

    old = rezipped(path, tmp_path / "old.zip", change=without_counters)
    assert schema_problems(data_of(old)) == []
    with django_capture_on_commit_callbacks(execute=True):
        older = import_review(old, south, file_name=old.name).review
    older.refresh_from_db()
    assert older.last_finding_number == top - 1
    assert older.last_recommendation_number == max(older.recommendations.values_list("number", flat=True), default=0)
