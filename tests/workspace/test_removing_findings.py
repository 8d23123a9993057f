"""Findings, recommendations and actions are removed through a page that says what will go, by those who may change
them; the audit trail keeps what was removed.

Child H has three findings: recommendation 1 rests on findings 1 and 2, recommendation 2 on finding 3, and each
recommendation has two actions. Bea, its lead reviewer, cannot remove finding 1 while recommendation 1 rests on
it, and is told what to do. Amina, business manager, removes recommendation 2: the page lists its two actions, and
they go with it; finding 3 can then be removed, and it is no longer shown as found before in Child L. Nobody of
another partnership finds any of these pages.
"""

import datetime

import pytest

from casereview.workspace.accounts.permissions import Action
from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import across, services
from casereview.workspace.findings.models import Finding, ImprovementAction, Recommendation, StoredRecurrence

from .pages import submit, submit_form, text_of
from .test_permissions import ROLES, allowed


def test_a_finding_a_recommendation_rests_on_cannot_be_removed_and_the_page_says_what_to_do(client, people, reviews):
    child_h = reviews["Child H"]
    first = child_h.findings.get(number=1)
    client.force_login(people["bea"])
    page = client.get(f"/reviews/{child_h.pk}/findings/{first.pk}/remove/")
    assert page.status_code == 200
    assert "Recommendation 1 rests on this finding, so it cannot be removed yet" in text_of(page)
    assert "Yes, remove the finding" not in text_of(page)
    response = client.post(f"/reviews/{child_h.pk}/findings/{first.pk}/remove/", {})
    assert response.status_code == 400
    assert "Recommendation 1 rests on finding 1. Change it to rest on other findings, or remove it, first" in (
        text_of(response)
    )
    assert Finding.objects.filter(pk=first.pk).exists()


def test_amina_removes_a_recommendation_with_its_actions_then_the_finding_it_rested_on(client, people, reviews):
    child_h = reviews["Child H"]
    recommendation = child_h.recommendations.get(number=2)
    actions = list(recommendation.actions.values_list("pk", "description"))
    third = child_h.findings.get(number=3)
    assert StoredRecurrence.objects.filter(finding=third).exists()  # found before in Child L
    client.force_login(people["amina"])
    page = client.get(f"/reviews/{child_h.pk}/findings/recommendations/{recommendation.pk}/remove/")
    shown = text_of(page)
    assert page.status_code == 200
    assert "2 actions are planned on it. Removing the recommendation removes them too" in shown
    assert all(description in shown for _, description in actions)
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/{recommendation.pk}/remove/",
        button="Yes, remove the recommendation and its actions",
    )
    assert response.status_code == 302
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()
    assert not ImprovementAction.objects.filter(pk__in=[pk for pk, _ in actions]).exists()
    removed = AuditEvent.objects.filter(kind="delete", review=child_h)
    assert removed.filter(object_type="recommendation", object_id=str(recommendation.pk)).get().before["text"] == (
        recommendation.text
    )
    assert {event.before["description"] for event in removed.filter(object_type="improvementaction")} == {
        description for _, description in actions
    }
    assert "Recommendation 2 removed, with its 2 actions." in text_of(client.get(response["Location"]))

    response = submit(client, f"/reviews/{child_h.pk}/findings/{third.pk}/remove/", button="Yes, remove the finding")
    assert response.status_code == 302
    assert not Finding.objects.filter(pk=third.pk).exists()
    assert removed.filter(object_type="finding", object_id=str(third.pk)).get().before["statement"] == third.statement
    assert [r.finding.number for r in across.recurrences(child_h.partnership, review=child_h)] == [1]
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "Finding 3 removed." in page and third.statement not in page


def test_an_action_planned_while_the_confirmation_was_open_is_not_removed_unseen(client, people, reviews):
    child_h = reviews["Child H"]
    recommendation = child_h.recommendations.get(number=1)
    client.force_login(people["amina"])
    path = f"/reviews/{child_h.pk}/findings/recommendations/{recommendation.pk}/remove/"
    page = client.get(path)
    services.add_action(
        people["amina"],
        recommendation,
        description="Audit supervision records for families whose contact stopped.",
        agency="Northtown NHS Trust",
        responsible="Named nurse",
        due_on=datetime.date(2027, 3, 31),
    )
    response = submit_form(client, page, path=path)
    assert response.status_code == 400
    assert "The actions on recommendation 1 changed since this page was shown" in text_of(response)
    assert recommendation.actions.count() == 3
    assert "Audit supervision records" in text_of(response)  # the page lists what would go now


def test_bea_may_remove_a_recommendation_but_not_the_actions_planned_on_it(client, people, reviews):
    child_h = reviews["Child H"]
    planned = child_h.recommendations.get(number=1)
    client.force_login(people["bea"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/recommendations/{planned.pk}/remove/"))
    assert "Only the partnership's business managers plan and remove actions" in page
    shown = " ".join(str(pk) for pk in planned.actions.values_list("pk", flat=True))
    response = client.post(
        f"/reviews/{child_h.pk}/findings/recommendations/{planned.pk}/remove/", {"actions_shown": shown}
    )
    assert response.status_code == 403
    assert Recommendation.objects.filter(pk=planned.pk).exists() and planned.actions.count() == 2
    bare = services.save_recommendation(
        people["bea"],
        child_h,
        text="The board should hear from the health visiting team each quarter.",
        findings=[child_h.findings.get(number=2)],
        to_board=True,
        agencies=[],
        made_on=datetime.date(2026, 9, 4),
        response="",
        response_reason="",
    )
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/{bare.pk}/remove/",
        button="Yes, remove the recommendation",
    )
    assert response.status_code == 302 and not Recommendation.objects.filter(pk=bare.pk).exists()


def test_removing_an_action_removes_its_notes_and_impact_and_keeps_the_recommendation(client, people, reviews):
    child_h = reviews["Child H"]
    done = ImprovementAction.objects.filter(recommendation__review=child_h, impact__isnull=False).first()
    assert done is not None  # the demonstration's action done with its impact recorded
    client.force_login(people["amina"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/actions/{done.pk}/remove/"))
    assert "Its recorded impact goes with it" in page
    response = submit(client, f"/reviews/{child_h.pk}/actions/{done.pk}/remove/", button="Yes, remove the action")
    assert response.status_code == 302
    assert not ImprovementAction.objects.filter(pk=done.pk).exists()
    assert Recommendation.objects.filter(pk=done.recommendation_id).exists()
    kinds = set(AuditEvent.objects.filter(kind="delete", review=child_h).values_list("object_type", flat=True))
    assert {"improvementaction", "impact"} <= kinds


@pytest.mark.parametrize("username", sorted(ROLES))
def test_each_role_removing_an_action_by_posting(client, people, reviews, username):
    child_h = reviews["Child H"]
    action = ImprovementAction.objects.filter(recommendation__review=child_h).first()
    client.force_login(people[username])
    response = client.post(f"/reviews/{child_h.pk}/actions/{action.pk}/remove/", {})
    removed = not ImprovementAction.objects.filter(pk=action.pk).exists()
    if username in allowed(Action.PLAN_ACTIONS):
        assert response.status_code == 302 and removed
    else:
        assert response.status_code == 403 and not removed


@pytest.mark.parametrize(
    "path",
    [
        "/reviews/{review}/findings/{finding}/remove/",
        "/reviews/{review}/findings/recommendations/{recommendation}/remove/",
        "/reviews/{review}/actions/{action}/remove/",
    ],
)
def test_dev_of_south_finds_none_of_north_removal_pages(client, people, reviews, path):
    child_h = reviews["Child H"]
    address = path.format(
        review=child_h.pk,
        finding=child_h.findings.first().pk,
        recommendation=child_h.recommendations.first().pk,
        action=ImprovementAction.objects.filter(recommendation__review=child_h).first().pk,
    )
    client.force_login(people["dev"])
    assert client.get(address).status_code == 404
    assert client.post(address, {}).status_code == 404
    assert Finding.objects.filter(review=child_h).count() == 3
