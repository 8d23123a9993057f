"""Concerns about one person are kept apart: who can see them, the log of every opening, and the pages of
the review's learning that must never show them.

Bea leads Child H, so she sees its concerns; Adult M has no lead reviewer, so its concerns are for Amina
(business manager) and Bo (board member) only. Carl, Pam and Ari read the reviews but never the concerns.
"""

import datetime
import io
import re

import docx
import pytest

from casereview.workspace.accounts.permissions import Action, Role, role_may
from casereview.workspace.audit.models import AuditEvent, EventKind
from casereview.workspace.concerns import services as concerns
from tests.workspace.test_permissions import PAGES, ROLES

SECRET_ACT = "Left Kestrel-7 alone with the stepfather"
SECRET_ROLE = "Locum paediatric registrar"


@pytest.fixture
def adult_m_concern(reviews, people):
    return concerns.save_concern(
        people["amina"],
        reviews["Adult M"],
        kind="act",
        description=SECRET_ACT,
        role=SECRET_ROLE,
        organisation="Northtown NHS Trust",
        name="",
        raised_on=datetime.date(2026, 9, 2),
    )


@pytest.mark.parametrize(
    ("role", "leads", "view", "record", "openings"),
    [
        (Role.BUSINESS_MANAGER, False, True, True, True),
        (Role.BOARD_MEMBER, False, True, False, True),
        (Role.LEAD_REVIEWER, True, True, True, False),
        (Role.LEAD_REVIEWER, False, False, False, False),
        (Role.PANEL_MEMBER, False, False, False, False),
        (Role.AGENCY_REPRESENTATIVE, False, False, False, False),
        (Role.OBSERVER, False, False, False, False),
        (None, False, False, False, False),
    ],
)
def test_the_rule_for_concerns_by_role_and_whether_they_lead_the_review(role, leads, view, record, openings):
    assert role_may(role, Action.VIEW_CONCERNS, leads_the_review=leads) is view
    assert role_may(role, Action.RECORD_CONCERNS, leads_the_review=leads) is record
    assert role_may(role, Action.VIEW_CONCERN_OPENINGS, leads_the_review=leads) is openings


@pytest.mark.parametrize("username", sorted(ROLES))
def test_on_a_review_nobody_leads_only_business_managers_and_board_members_see_concerns(
    client, people, reviews, adult_m_concern, username
):
    client.force_login(people[username])
    base = f"/reviews/{reviews['Adult M'].pk}/concerns/"
    for path in (base, f"{base}{adult_m_concern.pk}/", f"{base}shared/"):
        response = client.get(path)
        assert response.status_code == (200 if username in {"amina", "bo"} else 403), path
        if response.status_code == 403:
            assert SECRET_ACT not in response.content.decode()
    record = client.get(f"{base}new/").status_code
    assert record == (200 if username == "amina" else 403)


def test_bea_cannot_record_a_concern_on_a_review_she_does_not_lead_even_by_posting(client, people, reviews):
    client.force_login(people["bea"])
    response = client.post(
        f"/reviews/{reviews['Adult M'].pk}/concerns/new/",
        {"kind": "act", "description": "x", "role": "x", "organisation": "x", "raised_on-day": "1",
         "raised_on-month": "1", "raised_on-year": "2026"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not reviews["Adult M"].concerns.exists()


def test_a_refusal_does_not_say_whether_a_concern_exists(client, people, reviews, adult_m_concern):
    client.force_login(people["carl"])
    base = f"/reviews/{reviews['Adult M'].pk}/concerns/"
    there = client.get(f"{base}{adult_m_concern.pk}/")
    not_there = client.get(f"{base}{adult_m_concern.pk + 1000}/")
    assert there.status_code == not_there.status_code == 403
    # the pages differ only in what is fresh on every page: the form token and the script nonce
    without_token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')
    assert without_token.sub(b"", there.content) == without_token.sub(b"", not_there.content)


def test_dev_of_south_cannot_open_a_north_concern(client, people, reviews, adult_m_concern):
    client.force_login(people["dev"])
    response = client.get(f"/reviews/{reviews['Adult M'].pk}/concerns/{adult_m_concern.pk}/")
    assert response.status_code == 404
    response = client.get(f"/reviews/{reviews['Child S'].pk}/concerns/{adult_m_concern.pk}/")
    assert response.status_code == 404


def test_every_opening_is_logged_with_who_when_and_from_where(client, people, reviews, adult_m_concern):
    base = f"/reviews/{reviews['Adult M'].pk}/concerns/{adult_m_concern.pk}/"
    client.force_login(people["amina"])
    client.get(base, REMOTE_ADDR="10.1.2.3")
    client.get(f"{base}edit/")
    client.force_login(people["carl"])
    client.get(base)  # refused: nothing was opened
    client.force_login(people["bo"])
    page = client.get(f"{base}openings/").content.decode()

    events = AuditEvent.objects.filter(kind=EventKind.OPEN, object_type="concern", object_id=str(adult_m_concern.pk))
    assert [(e.username, e.kind) for e in events.order_by("pk")] == [
        ("amina", EventKind.OPEN),
        ("amina", EventKind.OPEN),
        ("bo", EventKind.OPEN),
    ]
    first = events.order_by("pk").first()
    assert first.address == "10.1.2.3" and first.review == reviews["Adult M"]
    assert "3 openings, latest first" in page
    assert "Amina" in page and "10.1.2.3" in page and "Carl" not in page
    # the trail names the record, never the person the concern is about
    assert all(SECRET_ROLE not in e.description for e in events)


def test_guide_pages_are_logged_as_openings_too(client, people, reviews):
    concern = reviews["Child H"].concerns.get()
    client.force_login(people["bea"])
    client.get(f"/reviews/{reviews['Child H'].pk}/concerns/{concern.pk}/runs/1/")
    assert AuditEvent.objects.filter(object_id=str(concern.pk), username="bea", description__contains="run 1").exists()


def test_the_log_cannot_be_changed_or_deleted(client, people, reviews, adult_m_concern):
    client.force_login(people["amina"])
    client.get(f"/reviews/{reviews['Adult M'].pk}/concerns/{adult_m_concern.pk}/")
    event = AuditEvent.objects.get(kind=EventKind.OPEN, object_id=str(adult_m_concern.pk))
    event.username = "someone else"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()


def test_bea_cannot_see_who_opened_a_concern(client, people, reviews):
    concern = reviews["Child H"].concerns.get()
    client.force_login(people["bea"])
    assert client.get(f"/reviews/{reviews['Child H'].pk}/concerns/{concern.pk}/openings/").status_code == 403


@pytest.fixture
def child_h_concern_with_sharing(reviews, people):
    concern = concerns.save_concern(
        people["amina"],
        reviews["Child H"],
        kind="act",
        description=SECRET_ACT,
        role=SECRET_ROLE,
        organisation="Northtown NHS Trust",
        name="Dr Kestrel",
        raised_on=datetime.date(2026, 6, 2),
    )
    run = concerns.start_run(people["amina"], concern)
    concerns.answer_question(people["amina"], run, 1, "deliberate-harm", False, f"Note on {SECRET_ROLE}")
    concerns.save_disclosure(
        people["amina"],
        reviews["Child H"],
        what=f"Our notes on the {SECRET_ROLE}",
        shared_with="Northtown NHS Trust",
        shared_on=datetime.date(2026, 6, 3),
        why="Kestrel-7 disciplinary hearing",
        concern=concern,
    )
    return concern


# Every page outside the concerns, but a document download, which holds only the uploaded file, and the
# audit trail, which only business managers read and which records concerns like everything else.
LEARNING_PAGES = sorted(
    n for n in PAGES if not n.startswith(("concerns:", "audit:")) and "{document}" not in PAGES[n][0]
)


def _text_of(response) -> str:
    """The page's text, or a Word download's: its paragraphs and table cells."""
    if "wordprocessingml" not in response["Content-Type"]:
        return response.content.decode()
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.mark.parametrize("name", LEARNING_PAGES)
def test_no_page_of_the_reviews_learning_shows_a_concern(
    client, people, reviews, child_h_concern_with_sharing, name, settings, tmp_path
):
    from tests.workspace.conftest import made_report_of_child_h

    review = reviews["Child H"]
    records = {
        "partnership": review.partnership_id,
        "party": review.parties.first().pk,
        "communication": review.communications.first().pk,
        "circumstance": review.circumstances.first().pk,
        "finding": review.findings.first().pk,
        "recommendation": review.recommendations.first().pk,
        "action": review.recommendations.first().actions.first().pk,
    }
    if name.startswith("reports:job"):  # a board report made while the review has a concern
        settings.REPORT_DIR = tmp_path
        records["report_job"] = made_report_of_child_h()
    client.force_login(people["amina"])
    response = client.get(PAGES[name][0].format(review=review.pk, **records))
    assert response.status_code == 200
    page = _text_of(response)
    for secret in (SECRET_ACT, SECRET_ROLE, "Kestrel", "disciplinary hearing"):
        assert secret not in page, f"{name} shows {secret!r}"


def test_the_review_page_shows_the_count_to_everyone_and_the_way_in_only_to_those_allowed(
    client, people, reviews, child_h_concern_with_sharing
):
    path = f"/reviews/{reviews['Child H'].pk}/"
    client.force_login(people["carl"])
    page = client.get(path).content.decode()
    assert "passed to an agency for its own\n  processes 1 time" in page
    assert "Concerns about one person" not in page
    client.force_login(people["bo"])
    assert "Concerns about one person" in client.get(path).content.decode()
