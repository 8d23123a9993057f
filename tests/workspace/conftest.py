"""Records of Child H that pages open by id, shared by the tests that visit every page."""

import shutil

import pytest


def make_records_of_child_h(capture_on_commit_callbacks) -> dict[str, int]:
    """An uploaded Word document, the demonstration concern (its guide run finished), a concern whose run has
    just started, and a disclosure; returns the ids pages open them by."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.workspace.concerns import services as concerns
    from casereview.workspace.documents.services import store_upload
    from casereview.workspace.reviews.models import Review
    from tests.conftest import docx_bytes

    child_h = Review.objects.get(reference="Child H")
    amina = get_user_model().objects.get(username="amina")
    upload = SimpleUploadedFile("minutes.docx", docx_bytes("Board minutes"))
    open_concern = concerns.save_concern(
        amina,
        child_h,
        kind="act",
        description="Closed the referral.",
        role="Duty social worker",
        organisation="Northshire Council",
        name="",
        raised_on=datetime.date(2026, 6, 1),
    )
    concerns.start_run(amina, open_concern)
    disclosure = concerns.save_disclosure(
        amina,
        child_h,
        what="The chronology entries for February.",
        shared_with="Northtown NHS Trust, head of HR",
        shared_on=datetime.date(2026, 6, 2),
        why="For the trust's own HR process.",
        concern=None,
    )
    with capture_on_commit_callbacks(execute=True):  # the file is in place once its record commits
        document = store_upload(amina, child_h, upload)
    return {
        "concern": child_h.concerns.order_by("pk").first().pk,
        "open_concern": open_concern.pk,
        "disclosure": disclosure.pk,
        "partnership": child_h.partnership_id,
        "party": child_h.parties.first().pk,
        "communication": child_h.communications.first().pk,
        "circumstance": child_h.circumstances.first().pk,
        "document": document.pk,
        "finding": child_h.findings.order_by("number").first().pk,
        "recommendation": child_h.recommendations.order_by("number").first().pk,
        # An open action of Northtown NHS Trust, the agency Nia leads.
        "action": child_h.recommendations.get(number=1).actions.get(status="not_started").pk,
    }


@pytest.fixture
def ids(reviews, people, django_capture_on_commit_callbacks):
    """Records of Child H that pages open by id (see ``make_records_of_child_h``), made for this test."""
    return make_records_of_child_h(django_capture_on_commit_callbacks)


@pytest.fixture(scope="module")
def records_of_child_h_for_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The records of ``ids`` made once for a module of many tests that only read them, as Django's setUpTestData
    does: in a transaction left open around the module's tests (each test's own transaction is a savepoint in
    it) and rolled back after the last. Every database test of the module sees them, so a module uses this
    only if none of its tests minds them. Returns the ids and the folder holding the uploaded file."""
    from django.db import transaction
    from django.test import TestCase, override_settings

    from tests.conftest import FAST_HASHER, load_world, world_is_there

    uploads = tmp_path_factory.mktemp("uploads")
    reports = tmp_path_factory.mktemp("reports")
    with django_db_blocker.unblock():
        around = transaction.atomic()
        around.__enter__()
        try:
            with override_settings(UPLOAD_DIR=uploads, REPORT_DIR=reports, PASSWORD_HASHERS=FAST_HASHER):
                if not world_is_there():
                    load_world()
                records = make_records_of_child_h(TestCase.captureOnCommitCallbacks)
                records["report_job"] = made_report_of_child_h()
        except BaseException:
            transaction.set_rollback(True)
            around.__exit__(None, None, None)
            raise
    try:
        yield records, uploads, reports
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            around.__exit__(None, None, None)


def made_report_of_child_h() -> int:
    """A board report of Child H asked for by Amina and made (as Word, the quicker), its job's id."""
    from django.contrib.auth import get_user_model

    from casereview.workspace.reports import jobs
    from casereview.workspace.reports.content import Options
    from casereview.workspace.reports.services import ask_for_report
    from casereview.workspace.reviews.models import Review

    amina = get_user_model().objects.get(username="amina")
    job = ask_for_report(amina, Review.objects.get(reference="Child H"), options=Options(), file_format="docx")
    jobs.run(job.pk)  # as the process the job's saving starts does
    return job.pk


def ids_from_the_module(made, settings) -> dict[str, int]:
    """The module's records for a test: the uploaded file and the made report are copied into the test's own
    folders."""
    records, uploads, reports = made
    shutil.copytree(uploads, settings.UPLOAD_DIR, dirs_exist_ok=True)
    shutil.copytree(reports, settings.REPORT_DIR, dirs_exist_ok=True)
    return records
