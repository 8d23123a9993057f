"""Amina plans what each agency will do on Child H's recommendations; the agency's lead keeps it up to date:
status, dated progress notes, the evidence it was done and, separately, its impact. An action due before its
recommendation was made, done without evidence, or not being done without a reason is refused with a message, and
nothing is saved."""

import datetime

import pytest
from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import services
from casereview.workspace.findings.models import ImprovementAction, Status

from .pages import submit, text_of

TODAY = timezone.localdate


def day(name: str, value: datetime.date) -> dict:
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}


@pytest.fixture
def open_action(reviews):
    """Northtown NHS Trust's overdue action on Child H's first recommendation."""
    return reviews["Child H"].recommendations.get(number=1).actions.get(status=Status.NOT_STARTED)


def test_everyone_sees_the_actions_with_the_overdue_one_marked(client, people, reviews):
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/actions/")
    page = text_of(response)
    assert response.status_code == 200
    assert page.count("Overdue") == 1
    assert "Add a missed-contacts flag" in page and "Head of digital services" in page
    assert "Add an action" not in page


def test_amina_plans_an_action_on_a_recommendation(client, people, reviews):
    child_h = reviews["Child H"]
    recommendation = child_h.recommendations.get(number=2)
    client.force_login(people["amina"])
    due = TODAY() + datetime.timedelta(days=90)
    response = submit(
        client,
        f"/reviews/{child_h.pk}/actions/new/",
        {
            "recommendation": str(recommendation.pk),
            "description": "Train designated safeguarding leads on the new protocol.",
            "agency": "Northtown  Primary School",
            "responsible": "Head teacher",
            **day("due_on", due),
        },
    )
    assert response.status_code == 302
    action = recommendation.actions.get(description__startswith="Train")
    assert action.agency == "Northtown Primary School" and action.due_on == due
    assert action.status == Status.NOT_STARTED
    assert AuditEvent.objects.filter(object_type="improvementaction", object_id=str(action.pk), kind="create").exists()


def test_an_action_due_before_its_recommendation_was_made_is_refused(client, people, reviews):
    child_h = reviews["Child H"]
    recommendation = child_h.recommendations.get(number=2)
    before = ImprovementAction.objects.count()
    client.force_login(people["amina"])
    response = submit(
        client,
        f"/reviews/{child_h.pk}/actions/new/",
        {
            "recommendation": str(recommendation.pk),
            "description": "Train designated safeguarding leads.",
            "agency": "Northtown Primary School",
            "responsible": "Head teacher",
            **day("due_on", recommendation.made_on - datetime.timedelta(days=1)),
        },
    )
    page = text_of(response)
    assert response.status_code == 400
    assert (
        f"Due date must be on or after the day recommendation 2 was made ({recommendation.made_on:%-d %B %Y})" in page
    )
    assert "Train designated safeguarding leads." in page
    assert ImprovementAction.objects.count() == before


def test_done_without_evidence_is_refused_and_nothing_changes(client, people, reviews, open_action):
    client.force_login(people["amina"])
    response = submit(
        client,
        f"/reviews/{reviews['Child H'].pk}/actions/{open_action.pk}/status/",
        {"status": "done", **day("done_on", TODAY()), "done_evidence": ""},
    )
    assert response.status_code == 400
    assert "an action cannot be marked done without evidence" in text_of(response)
    open_action.refresh_from_db()
    assert open_action.status == Status.NOT_STARTED


def test_not_doing_needs_its_reason(people, open_action):
    with pytest.raises(services.FindingsInputError) as refused:
        services.update_action(
            people["amina"], open_action, status="not_doing", not_doing_reason=" ", done_on=None, done_evidence=""
        )
    assert "Say why the action is not being done" in refused.value.problems["not_doing_reason"]


def test_progress_then_done_with_evidence_then_impact(client, people, reviews, open_action):
    child_h = reviews["Child H"]
    base = f"/reviews/{child_h.pk}/actions/{open_action.pk}/"
    client.force_login(people["amina"])
    assert submit(client, base + "status/", {"status": "in_progress"}).status_code == 302
    note = submit(
        client, base + "notes/new/", {**day("noted_on", TODAY()), "text": "Flag designed with health visitors."}
    )
    assert note.status_code == 302
    early = submit(client, base + "impact/", {"what_changed": "x", "how_known": "y", **day("checked_on", TODAY())})
    assert early.status_code == 400 and "Record the impact once the action is done" in text_of(early)
    done = submit(
        client,
        base + "status/",
        {"status": "done", **day("done_on", TODAY()), "done_evidence": "Release note 5.2 of the records system."},
    )
    assert done.status_code == 302
    impact = submit(
        client,
        base + "impact/",
        {
            "what_changed": "Missed contacts now show as a pattern on the family's front page.",
            "how_known": "Audit of 30 records a month after release.",
            **day("checked_on", TODAY()),
        },
    )
    assert impact.status_code == 302
    page = text_of(client.get(base))
    assert "Flag designed with health visitors." in page
    assert "Release note 5.2 of the records system." in page
    assert "Audit of 30 records a month after release." in page
    open_action.refresh_from_db()
    assert open_action.status == Status.DONE and open_action.impact.checked_on == TODAY()
    assert AuditEvent.objects.filter(object_type="impact", kind="create").exists()
    assert AuditEvent.objects.filter(object_type="progressnote", kind="create").exists()


def test_nothing_is_planned_on_a_recommendation_not_accepted(people, reviews):
    child_h = reviews["Child H"]
    rejected = services.save_recommendation(
        people["amina"],
        child_h,
        text="Every agency should appoint a missed-contacts officer.",
        findings=[child_h.findings.first()],
        to_board=True,
        agencies=[],
        made_on=TODAY(),
        response="not_accepted",
        response_reason="The functions already sit with named safeguarding leads.",
    )
    with pytest.raises(services.FindingsInputError) as refused:
        services.add_action(
            people["amina"],
            rejected,
            description="Appoint.",
            agency="Northshire Council",
            responsible="Director",
            due_on=TODAY(),
        )
    assert "was not accepted, so nothing is planned on it" in refused.value.problems["recommendation"]


def test_an_action_of_another_review_is_not_found_through_this_one(client, people, reviews, open_action):
    client.force_login(people["amina"])
    assert client.get(f"/reviews/{reviews['Child L'].pk}/actions/{open_action.pk}/").status_code == 404


def test_amina_agrees_a_new_due_date_and_the_progress_stays(client, people, reviews, open_action):
    child_h = reviews["Child H"]
    services.add_note(people["amina"], open_action, noted_on=TODAY(), text="Specification written.")
    client.force_login(people["amina"])
    later = TODAY() + datetime.timedelta(days=45)
    response = submit(client, f"/reviews/{child_h.pk}/actions/{open_action.pk}/edit/", day("due_on", later))
    assert response.status_code == 302
    open_action.refresh_from_db()
    assert open_action.due_on == later and open_action.notes.count() == 1
    assert AuditEvent.objects.filter(
        object_type="improvementaction", object_id=str(open_action.pk), kind="change"
    ).exists()
    too_early = submit(
        client,
        f"/reviews/{child_h.pk}/actions/{open_action.pk}/edit/",
        day("due_on", open_action.recommendation.made_on - datetime.timedelta(days=1)),
    )
    assert too_early.status_code == 400 and "Due date must be on or after the day recommendation 1 was made" in text_of(
        too_early
    )
    open_action.refresh_from_db()
    assert open_action.due_on == later


def test_an_action_whose_impact_is_recorded_is_not_reopened_until_the_impact_is_removed(
    client, people, reviews, open_action
):
    child_h = reviews["Child H"]
    base = f"/reviews/{child_h.pk}/actions/{open_action.pk}/"
    services.update_action(
        people["amina"], open_action, status="done", not_doing_reason="", done_on=TODAY(), done_evidence="Release 5.2."
    )
    services.save_impact(
        people["amina"], open_action, what_changed="Missed contacts show.", how_known="Audit.", checked_on=TODAY()
    )
    client.force_login(people["amina"])
    assert "Its impact is recorded, so it stays done" in text_of(client.get(base + "status/"))
    reopened = submit(client, base + "status/", {"status": "in_progress", "not_doing_reason": "Typed and kept."})
    assert reopened.status_code == 400
    page = text_of(reopened)
    assert f"Its impact is recorded (checked {TODAY():%-d %B %Y}), so it stays done" in page
    assert "remove the impact first on the impact page" in page and "Typed and kept." in page
    open_action.refresh_from_db()
    assert open_action.status == Status.DONE and open_action.done_evidence == "Release 5.2."
    assert [item.pk for item in services.actions_evidence(child_h).impact_known].count(open_action.pk) == 1

    removed = submit(client, base + "impact/", button="Remove the impact")
    assert removed.status_code == 302
    assert AuditEvent.objects.filter(object_type="impact", kind="delete").exists()
    assert submit(client, base + "status/", {"status": "in_progress"}).status_code == 302
    open_action.refresh_from_db()
    assert open_action.status == Status.IN_PROGRESS and open_action.recorded_impact is None
    assert open_action.pk not in [item.pk for item in services.actions_evidence(child_h).impact_known]


def test_someone_who_may_not_update_the_action_cannot_remove_its_impact(people, open_action):
    with pytest.raises(services.NotAllowed):
        services.remove_impact(people["carl"], open_action)


def test_an_action_reopened_under_its_impact_before_the_fix_is_not_counted_and_its_impact_can_be_removed(
    client, people, reviews, open_action
):
    child_h = reviews["Child H"]
    services.update_action(
        people["amina"], open_action, status="done", not_doing_reason="", done_on=TODAY(), done_evidence="Release 5.2."
    )
    services.save_impact(
        people["amina"], open_action, what_changed="Missed contacts show.", how_known="Audit.", checked_on=TODAY()
    )
    # As the page let it be before reopening was refused: reopened, its impact left behind.
    ImprovementAction.objects.filter(pk=open_action.pk).update(
        status=Status.IN_PROGRESS, done_on=None, done_evidence=""
    )
    assert open_action.pk not in [item.pk for item in services.actions_evidence(child_h).impact_known]
    client.force_login(people["amina"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/actions/{open_action.pk}/"))
    assert "Missed contacts show." in page and "Change the impact" in page
