"""Records of Child H that pages open by id, shared by the tests that visit every page."""

import pytest


@pytest.fixture
def ids(reviews, people, django_capture_on_commit_callbacks):
    """Records of Child H that pages open by id, including an uploaded Word document, the demonstration
    concern (its guide run finished), a concern whose run has just started, and a disclosure."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.workspace.concerns import services as concerns
    from casereview.workspace.documents.services import store_upload
    from tests.conftest import docx_bytes

    child_h = reviews["Child H"]
    upload = SimpleUploadedFile("minutes.docx", docx_bytes("Board minutes"))
    amina = people["amina"]
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
    with django_capture_on_commit_callbacks(execute=True):  # the file is in place once its record commits
        document = store_upload(people["amina"], child_h, upload)
    return {
        "concern": child_h.concerns.order_by("pk").first().pk,
        "open_concern": open_concern.pk,
        "disclosure": disclosure.pk,
        "partnership": child_h.partnership_id,
        "party": child_h.parties.first().pk,
        "communication": child_h.communications.first().pk,
        "circumstance": child_h.circumstances.first().pk,
        "document": document.pk,
    }
