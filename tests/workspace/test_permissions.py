"""Who can open and change what, for every page, in their own partnership and another.

Bea, lead reviewer in North Partnership, can answer Child H's markers but cannot open Child S of
South Partnership: to her it does not exist (404), so its existence is never confirmed.
"""

import ast
from pathlib import Path

import pytest
from django.urls import get_resolver

import casereview.workspace
from casereview.workspace.accounts.permissions import REFUSALS, Action, NotAllowed, NotFound, Role
from casereview.workspace.assessments.models import IndicatorAnswer
from casereview.workspace.purpose import services as purpose_services
from casereview.workspace.purpose.models import PartyGroup
from casereview.workspace.reviews.services import get_review

from .conftest import ids_from_the_module
from .pages import visible_text
from .test_permission_matrix_document import documented_rows

ROLES = {
    "amina": "business_manager",
    "bea": "lead_reviewer",
    "carl": "observer",
    "bo": "board_member",
    "pam": "panel_member",
    "ari": "agency_representative",
    "nia": "agency_lead",
}
# Bea leads Child H, the review every page below is opened for.
LEADS_CHILD_H = {"bea"}
# Nia is the agency lead of Northtown NHS Trust, whose action the action pages below are opened for.
LEADS_THE_AGENCY = {"nia"}


@pytest.fixture
def ids(records_of_child_h_for_the_module, db, settings):
    """Made once for this module's 500 tests: none of them minds the records being there."""
    return ids_from_the_module(records_of_child_h_for_the_module, settings)


def allowed(action: Action) -> set[str]:
    """Who in North may, by the written matrix in docs/permissions.md: the code under test is not asked."""
    cells = dict(zip((role.value for role in Role), documented_rows()[action.value], strict=True))
    return {
        name
        for name, role in ROLES.items()
        if cells[role] == "yes"
        or (cells[role] == "own review" and name in LEADS_CHILD_H)
        or (cells[role] == "own agency" and name in LEADS_THE_AGENCY)
    }


# url name -> (path for a North review, the action it needs); South's copy must be 404 for everyone in North.
PAGES = {
    "reviews:register": ("/reviews/", Action.VIEW_REVIEWS),
    "accounts:password-change": ("/accounts/password/", Action.VIEW_REVIEWS),
    "accounts:account": ("/accounts/", Action.VIEW_REVIEWS),
    "accounts:two-factor": ("/accounts/two-factor/", Action.VIEW_REVIEWS),
    "accounts:security-policy": ("/accounts/partnerships/{partnership}/security/", Action.EDIT_SECURITY_POLICY),
    "reviews:create": ("/reviews/new/", Action.CREATE_REVIEW),
    "reviews:detail": ("/reviews/{review}/", Action.VIEW_REVIEWS),
    "reviews:edit": ("/reviews/{review}/edit/", Action.EDIT_REVIEW),
    "reviews:close": ("/reviews/{review}/close/", Action.EDIT_REVIEW),
    "assessments:marker": ("/reviews/{review}/markers/clarity-of-purpose/", Action.VIEW_REVIEWS),
    "assessments:answer": ("/reviews/{review}/markers/clarity-of-purpose/indicators/q3/", Action.EDIT_ASSESSMENT),
    "assessments:judgement": ("/reviews/{review}/markers/clarity-of-purpose/judgement/", Action.EDIT_ASSESSMENT),
    "purpose:overview": ("/reviews/{review}/purpose/", Action.VIEW_REVIEWS),
    "purpose:statement": ("/reviews/{review}/purpose/statement/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:versions": ("/reviews/{review}/purpose/statement/versions/", Action.VIEW_REVIEWS),
    "purpose:party-add": ("/reviews/{review}/purpose/parties/new/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:party-edit": ("/reviews/{review}/purpose/parties/{party}/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:party-remove": ("/reviews/{review}/purpose/parties/{party}/remove/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:group": ("/reviews/{review}/purpose/groups/family/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:communications": ("/reviews/{review}/purpose/communications/", Action.VIEW_REVIEWS),
    "purpose:communication-add": ("/reviews/{review}/purpose/communications/new/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:communication-edit": (
        "/reviews/{review}/purpose/communications/{communication}/",
        Action.EDIT_PURPOSE_RECORDS,
    ),
    "purpose:letter": ("/reviews/{review}/purpose/letters/practitioners/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:circumstances": ("/reviews/{review}/purpose/circumstances/", Action.VIEW_REVIEWS),
    "purpose:circumstance-add": ("/reviews/{review}/purpose/circumstances/new/", Action.EDIT_PURPOSE_RECORDS),
    "purpose:circumstance-edit": (
        "/reviews/{review}/purpose/circumstances/{circumstance}/",
        Action.EDIT_PURPOSE_RECORDS,
    ),
    "documents:download": ("/reviews/{review}/documents/{document}/", Action.VIEW_DOCUMENTS),
    "learning:framework": ("/partnerships/{partnership}/learning-framework/", Action.VIEW_REVIEWS),
    "learning:framework-edit": ("/partnerships/{partnership}/learning-framework/edit/", Action.EDIT_LEARNING_FRAMEWORK),
    "learning:model": ("/causation-models/seips/", Action.VIEW_REVIEWS),
    "audit:trail": ("/partnerships/{partnership}/audit-trail/", Action.VIEW_AUDIT_TRAIL),
    "audit:trail-csv": ("/partnerships/{partnership}/audit-trail.csv", Action.VIEW_AUDIT_TRAIL),
    "concerns:list": ("/reviews/{review}/concerns/", Action.VIEW_CONCERNS),
    "concerns:add": ("/reviews/{review}/concerns/new/", Action.RECORD_CONCERNS),
    "concerns:detail": ("/reviews/{review}/concerns/{concern}/", Action.VIEW_CONCERNS),
    "concerns:edit": ("/reviews/{review}/concerns/{concern}/edit/", Action.RECORD_CONCERNS),
    "concerns:openings": ("/reviews/{review}/concerns/{concern}/openings/", Action.VIEW_CONCERN_OPENINGS),
    "concerns:run": ("/reviews/{review}/concerns/{concern}/runs/1/", Action.VIEW_CONCERNS),
    "concerns:question": ("/reviews/{review}/concerns/{open_concern}/runs/1/questions/1/", Action.RECORD_CONCERNS),
    "concerns:disclosures": ("/reviews/{review}/concerns/shared/", Action.VIEW_CONCERNS),
    "concerns:disclosure-add": ("/reviews/{review}/concerns/shared/new/", Action.RECORD_CONCERNS),
    "concerns:disclosure-edit": ("/reviews/{review}/concerns/shared/{disclosure}/", Action.RECORD_CONCERNS),
    "clocks:record": ("/reviews/{review}/steps/notify/", Action.RECORD_STEPS),
    "clocks:extend": ("/reviews/{review}/steps/notify/extensions/new/", Action.RECORD_STEPS),
    "timescales:board": ("/partnerships/{partnership}/timeliness/", Action.VIEW_REVIEWS),
    "findings:list": ("/reviews/{review}/findings/", Action.VIEW_REVIEWS),
    "findings:add": ("/reviews/{review}/findings/new/", Action.EDIT_FINDINGS),
    "findings:edit": ("/reviews/{review}/findings/{finding}/", Action.EDIT_FINDINGS),
    "findings:recommendation-add": ("/reviews/{review}/findings/recommendations/new/", Action.EDIT_FINDINGS),
    "findings:recommendation-edit": (
        "/reviews/{review}/findings/recommendations/{recommendation}/",
        Action.EDIT_FINDINGS,
    ),
    "findings:remove": ("/reviews/{review}/findings/{finding}/remove/", Action.EDIT_FINDINGS),
    "findings:found-before": ("/reviews/{review}/findings/{finding}/found-before/", Action.VIEW_REVIEWS),
    "findings:recommendation-remove": (
        "/reviews/{review}/findings/recommendations/{recommendation}/remove/",
        Action.EDIT_FINDINGS,
    ),
    "actions:list": ("/reviews/{review}/actions/", Action.VIEW_REVIEWS),
    "actions:add": ("/reviews/{review}/actions/new/", Action.PLAN_ACTIONS),
    "actions:detail": ("/reviews/{review}/actions/{action}/", Action.VIEW_REVIEWS),
    "actions:edit": ("/reviews/{review}/actions/{action}/edit/", Action.PLAN_ACTIONS),
    "actions:remove": ("/reviews/{review}/actions/{action}/remove/", Action.PLAN_ACTIONS),
    "actions:status": ("/reviews/{review}/actions/{action}/status/", Action.UPDATE_ACTIONS),
    "actions:note-add": ("/reviews/{review}/actions/{action}/notes/new/", Action.UPDATE_ACTIONS),
    "actions:impact": ("/reviews/{review}/actions/{action}/impact/", Action.UPDATE_ACTIONS),
    "plan:plan": ("/partnerships/{partnership}/actions/", Action.VIEW_REVIEWS),
    "plan:across": ("/partnerships/{partnership}/learning-across-reviews/", Action.VIEW_REVIEWS),
    "plan:annual-report": ("/partnerships/{partnership}/annual-report/", Action.VIEW_REVIEWS),
    "plan:themes": ("/partnerships/{partnership}/themes/", Action.VIEW_REVIEWS),
    "plan:theme-add": ("/partnerships/{partnership}/themes/new/", Action.EDIT_LEARNING_FRAMEWORK),
    "timescales:timescales": ("/partnerships/{partnership}/timescales/", Action.VIEW_REVIEWS),
    "timescales:closure-add": ("/partnerships/{partnership}/timescales/closures/new/", Action.EDIT_TIMESCALES),
    "timescales:step-add": ("/partnerships/{partnership}/timescales/steps/new/", Action.EDIT_TIMESCALES),
    "transfer:export": ("/reviews/{review}/export/", Action.EXPORT_REVIEW),
    "transfer:import": ("/partnerships/{partnership}/import-review/", Action.IMPORT_REVIEW),
    "reports:review": ("/reviews/{review}/report/", Action.DOWNLOAD_REPORTS),
    "reports:job": ("/partnerships/{partnership}/reports/{report_job}/", Action.DOWNLOAD_REPORTS),
    "reports:job-file": ("/partnerships/{partnership}/reports/{report_job}/file/", Action.DOWNLOAD_REPORTS),
    "reports:self-assessment": ("/partnerships/{partnership}/self-assessment/", Action.DOWNLOAD_REPORTS),
    "reports:self-assessment-docx": ("/partnerships/{partnership}/self-assessment.docx", Action.DOWNLOAD_REPORTS),
    "timescales:period": (
        "/partnerships/{partnership}/timescales/sar_mandatory/decide/period/",
        Action.EDIT_TIMESCALES,
    ),
}
# Endpoints that answer POST only, checked with a POST: (path, the action it needs, the answer they get).
POST_PAGES = {
    "purpose:statement-check": ("/reviews/{review}/purpose/statement/check/", Action.EDIT_PURPOSE_RECORDS, 200),
    "concerns:description-check": ("/reviews/{review}/concerns/description-check/", Action.RECORD_CONCERNS, 200),
    "findings:statement-check": ("/reviews/{review}/findings/check/", Action.EDIT_FINDINGS, 200),
    "concerns:run-start": ("/reviews/{review}/concerns/{concern}/runs/new/", Action.RECORD_CONCERNS, 302),
    "reviews:archive": ("/reviews/{review}/archive/", Action.EDIT_REVIEW, 302),
    "transfer:export-file": ("/reviews/{review}/export/file/", Action.EXPORT_REVIEW, 200),
    "reviews:restore": ("/reviews/{review}/restore/", Action.EDIT_REVIEW, 302),
    # A letter with only its text: the page again, asking for its title, date and contact.
    "purpose:letter-download": ("/reviews/{review}/purpose/letters/family/download/", Action.EDIT_PURPOSE_RECORDS, 400),
    # A report with nothing chosen: the form again, asking for its sections, names and file.
    "reports:ask": ("/reviews/{review}/report/jobs/", Action.DOWNLOAD_REPORTS, 400),
    "purpose:letter-log": ("/reviews/{review}/purpose/letters/family/log/", Action.EDIT_PURPOSE_RECORDS, 400),
}
# A board report's job is the partnership's (it outlives its review): its pages have no review in their path.
OBJECT_PAGES = sorted(name for name, (path, _) in PAGES.items() if path.count("{") > 1 and "{review}" in path)
# Open to anyone; the second step of signing in only to someone part-way through it (tested in test_two_factor);
# a calendar feed only with its owner's secret (tested in test_calendar_feed).
OPEN_PAGES = {"start", "accounts:sign-in", "accounts:sign-out", "accounts:verify", "timescales:calendar"}
# What anyone signed in may do to their own account, and only to it, by POST.
OWN_ACCOUNT_POSTS = {"timescales:calendar-reset": "/accounts/calendar/reset/"}


def all_url_names() -> set[str]:
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern, prefix + (pattern.namespace + ":" if pattern.namespace else ""))
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver())
    return names


def test_every_action_has_one_refusal_worded_for_the_person_refused():
    assert set(REFUSALS) == set(Action)
    assert all(wording.startswith(("Only", "Concerns")) and wording.endswith(".") for wording in REFUSALS.values())


def test_a_service_refuses_with_the_same_words_and_finds_nothing_of_another_partnership(people, reviews):
    """Carl, observer in North, is refused by the service itself as by the page; Dev, of South, is told that
    Child H does not exist."""
    with pytest.raises(NotAllowed) as refused:
        purpose_services.add_party(
            people["carl"], reviews["Child H"], group=PartyGroup.BOARD, role="Chair", organisation="Partnership"
        )
    assert str(refused.value) == REFUSALS[Action.EDIT_PURPOSE_RECORDS]
    with pytest.raises(NotFound):
        get_review(people["dev"], reviews["Child H"].pk)


def test_services_refuse_and_find_nothing_in_one_way():
    """Services raise NotAllowed and NotFound, which the web layer turns into its pages: a service raising
    Http404 or Django's own PermissionDenied would skip the one wording of refusals."""
    root = Path(casereview.workspace.__file__).parent
    for path in sorted(root.glob("*/services.py")) + [root / "clocks" / "calendar.py"]:
        imported = {
            alias.name
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert not imported & {"Http404", "PermissionDenied"}, path


def test_every_page_has_a_rule_here():
    assert all_url_names() == set(PAGES) | set(POST_PAGES) | OPEN_PAGES | set(OWN_ACCOUNT_POSTS)


@pytest.mark.parametrize("name", sorted(OWN_ACCOUNT_POSTS))
@pytest.mark.parametrize("username", sorted(ROLES))
def test_everyone_may_post_to_their_own_account_and_signed_out_visitors_may_not(client, people, name, username):
    client.force_login(people[username])
    assert client.post(OWN_ACCOUNT_POSTS[name]).status_code == 302
    assert client.get(OWN_ACCOUNT_POSTS[name]).status_code == 405
    client.logout()
    response = client.post(OWN_ACCOUNT_POSTS[name])
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("name", sorted(POST_PAGES))
@pytest.mark.parametrize("username", sorted(ROLES))
def test_each_role_on_each_post_only_endpoint(client, reviews, people, ids, name, username):
    path, action, success = POST_PAGES[name]
    client.force_login(people[username])
    response = client.post(path.format(review=reviews["Child H"].pk, **ids), {"text": "The GP failed to refer."})
    assert response.status_code == (success if username in allowed(action) else 403)
    if response.status_code == 403:
        assert REFUSALS[action] in visible_text(response)
    assert client.get(path.format(review=reviews["Child H"].pk, **ids)).status_code == 405
    south = client.post(path.format(review=reviews["Child S"].pk, **ids), {"text": "x"})
    assert south.status_code == 404


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("username", sorted(ROLES))
def test_each_role_of_north_on_each_page(client, reviews, people, ids, name, username):
    path, action = PAGES[name]
    client.force_login(people[username])
    response = client.get(path.format(review=reviews["Child H"].pk, **ids))
    assert response.status_code == (200 if username in allowed(action) else 403), response.content[:300]
    if response.status_code == 403:
        assert REFUSALS[action] in visible_text(response)


@pytest.mark.parametrize("name", sorted(n for n in PAGES if "{review}" in PAGES[n][0]))
@pytest.mark.parametrize("username", sorted(ROLES))
def test_nobody_in_north_can_open_a_south_review(client, reviews, people, ids, name, username):
    client.force_login(people[username])
    response = client.get(PAGES[name][0].format(review=reviews["Child S"].pk, **ids))
    assert response.status_code == 404


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_a_record_of_one_review_cannot_be_opened_through_another(client, reviews, people, ids, name):
    """Amina may open Adult M, but Child H's records are not Adult M's: the pair is not found."""
    client.force_login(people["amina"])
    response = client.get(PAGES[name][0].format(review=reviews["Adult M"].pk, **ids))
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(n for n in PAGES if "{partnership}" in PAGES[n][0]))
@pytest.mark.parametrize("username", sorted(ROLES))
def test_nobody_in_north_can_open_south_partnership_pages(client, reviews, people, ids, name, username):
    client.force_login(people[username])
    south = reviews["Child S"].partnership_id
    assert client.get(PAGES[name][0].format(**{**ids, "partnership": south})).status_code == 404


@pytest.mark.parametrize("username", ["dev"])
def test_dev_of_south_cannot_download_a_north_document(client, reviews, people, ids, username):
    client.force_login(people[username])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/documents/{ids['document']}/")
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(PAGES))
def test_signed_out_visitors_are_sent_to_sign_in(client, reviews, ids, name):
    client.logout()
    response = client.get(PAGES[name][0].format(review=reviews["Child H"].pk, **ids))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=")


def test_start_page_is_open_to_everyone(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_register_shows_only_the_users_own_partnership(client, reviews, people):
    client.force_login(people["bea"])
    page = client.get("/reviews/").content.decode()
    assert "Child H" in page and "Adult M" in page
    # As a link's text: the register's type filter offers "Local Child Safeguarding Practice Review".
    assert ">Child S<" not in page and "South Partnership" not in page
    client.force_login(people["dev"])
    page = client.get("/reviews/").content.decode()
    assert "Child S" in page and "Child H" not in page


def test_carl_the_observer_cannot_post_an_answer(client, reviews, people):
    client.force_login(people["carl"])
    response = client.post(
        f"/reviews/{reviews['Child H'].pk}/markers/clarity-of-purpose/indicators/q3/",
        {"answer": "yes", "evidence": "I say so", "version": "0"},
    )
    assert response.status_code == 403
    assert not IndicatorAnswer.objects.filter(marker_id="clarity-of-purpose", indicator_id="q3").exists()


def test_dev_cannot_answer_for_a_north_review_even_by_posting(client, reviews, people):
    client.force_login(people["dev"])
    response = client.post(
        f"/reviews/{reviews['Child H'].pk}/markers/clarity-of-purpose/indicators/q3/",
        {"answer": "yes", "evidence": "From South", "version": "0"},
    )
    assert response.status_code == 404
    assert not IndicatorAnswer.objects.filter(evidence="From South").exists()


def test_dev_cannot_add_a_review_to_north(client, reviews, people):
    from casereview.workspace.accounts.models import Partnership

    client.force_login(people["dev"])
    north = Partnership.objects.get(name="North Partnership")
    response = client.post(
        "/reviews/new/",
        {
            "partnership": north.pk,
            "reference": "Child Z",
            "review_type": "scr",
            "stage": "referral",
            "framework_id": "scr-quality-markers",
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not north.reviews.filter(reference="Child Z").exists()


def test_forms_refuse_a_post_without_the_csrf_token(reviews, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["amina"])
    response = client.post(
        f"/reviews/{reviews['Child H'].pk}/markers/clarity-of-purpose/judgement/",
        {"judgement": "met", "rationale": "x", "version": "0"},
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
