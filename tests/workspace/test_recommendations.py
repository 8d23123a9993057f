"""Bea makes recommendations on Child H's findings, to the board or to named agencies; the board's response is
kept with its reason. A recommendation that rests on no finding, is addressed to nobody, or was accepted in part
without a reason is refused with a message, and nothing is saved."""

import datetime

import pytest
from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import services
from casereview.workspace.findings.models import Recommendation

from .pages import submit, text_of

TEXT = "The partnership should publish a single out-of-hours referral route for all agencies."


def made_on(day: datetime.date) -> dict:
    return {"made_on-day": str(day.day), "made_on-month": str(day.month), "made_on-year": str(day.year)}


def test_bea_recommends_to_the_board_and_an_agency_on_two_findings(client, people, reviews):
    child_h = reviews["Child H"]
    first, third = child_h.findings.get(number=1), child_h.findings.get(number=3)
    client.force_login(people["bea"])
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/new/",
        {
            "text": TEXT,
            "findings": [str(first.pk), str(third.pk)],
            "to_board": "on",
            "agencies": "Northshire Council\nNorthtown NHS Trust; Northshire Council",
            **made_on(timezone.localdate()),
        },
    )
    assert response.status_code == 302
    saved = child_h.recommendations.get(text=TEXT)
    assert saved.number == 3
    assert saved.to_board and saved.agencies == ["Northshire Council", "Northtown NHS Trust"]
    assert sorted(link.finding_id for link in saved.finding_links.all()) == sorted([first.pk, third.pk])
    assert saved.response == ""
    assert AuditEvent.objects.filter(object_type="recommendation", object_id=str(saved.pk)).exists()
    assert AuditEvent.objects.filter(object_type="recommendationfinding", kind="create").count() >= 2
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "Recommendation 3" in page and "Not responded to yet" in page


def test_a_recommendation_with_no_finding_is_refused_and_what_was_typed_stays(client, people, reviews):
    child_h = reviews["Child H"]
    client.force_login(people["bea"])
    response = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/new/",
        {"text": TEXT, "to_board": "on", **made_on(timezone.localdate())},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Choose the findings the recommendation rests on: a recommendation needs at least one" in page
    assert TEXT in page
    assert not Recommendation.objects.filter(text=TEXT).exists()


def test_a_recommendation_to_nobody_is_refused(people, reviews):
    child_h = reviews["Child H"]
    with pytest.raises(services.FindingsInputError) as refused:
        services.save_recommendation(
            people["bea"],
            child_h,
            text=TEXT,
            findings=[child_h.findings.first()],
            to_board=False,
            agencies=[],
            made_on=timezone.localdate(),
            response="",
            response_reason="",
        )
    assert "Say who the recommendation is to" in refused.value.problems["agencies"]


@pytest.mark.parametrize(
    ("response", "label"), [("accepted_in_part", "accepted in part"), ("not_accepted", "not accepted")]
)
def test_a_response_other_than_accepted_needs_its_reason(client, people, reviews, response, label):
    child_h = reviews["Child H"]
    client.force_login(people["amina"])
    recommendation = child_h.recommendations.get(number=1)
    form = submit(
        client,
        f"/reviews/{child_h.pk}/findings/recommendations/{recommendation.pk}/",
        {"response": response, "response_reason": ""},
    )
    assert form.status_code == 400
    assert f"Say why the recommendation was {label}" in text_of(form)
    recommendation.refresh_from_db()
    assert recommendation.response == "accepted"


def test_not_accepted_with_a_reason_is_kept_and_refused_while_actions_are_planned(people, reviews):
    child_h = reviews["Child H"]
    planned = child_h.recommendations.get(number=1)
    fields = {
        "text": planned.text,
        "findings": list(planned.findings.all()),
        "to_board": planned.to_board,
        "agencies": planned.agencies,
        "made_on": planned.made_on,
        "response": "not_accepted",
        "response_reason": "The trust is replacing its records system next year.",
    }
    with pytest.raises(services.FindingsInputError) as refused:
        services.save_recommendation(people["amina"], child_h, planned, **fields)
    assert "Actions are planned on this recommendation" in refused.value.problems["response"]
    fresh = services.save_recommendation(
        people["amina"], child_h, **{**fields, "text": "Another recommendation with no actions yet."}
    )
    assert fresh.response == "not_accepted"
    assert fresh.response_reason == "The trust is replacing its records system next year."


def test_a_finding_of_another_review_cannot_be_linked(people, reviews):
    child_l_finding = reviews["Child L"].findings.first()
    with pytest.raises(services.FindingsInputError) as refused:
        services.save_recommendation(
            people["amina"],
            reviews["Child H"],
            text=TEXT,
            findings=[child_l_finding],
            to_board=True,
            agencies=[],
            made_on=timezone.localdate(),
            response="",
            response_reason="",
        )
    assert refused.value.problems["findings"] == "Choose findings of this review only"


def test_a_recommendation_cannot_be_dated_after_an_action_on_it_is_due(people, reviews):
    child_h = reviews["Child H"]
    planned = child_h.recommendations.get(number=1)
    earliest = planned.actions.order_by("due_on").first()
    with pytest.raises(services.FindingsInputError) as refused:
        services.save_recommendation(
            people["amina"],
            child_h,
            planned,
            text=planned.text,
            findings=list(planned.findings.all()),
            to_board=False,
            agencies=planned.agencies,
            made_on=earliest.due_on + datetime.timedelta(days=1),
            response="accepted",
            response_reason="",
        )
    assert "the recommendation must have been made on or before then" in refused.value.problems["made_on"]


def test_not_accepted_can_be_recorded_once_each_open_action_is_marked_not_being_done(people, reviews):
    child_h = reviews["Child H"]
    planned = child_h.recommendations.get(number=1)
    for action in planned.actions.exclude(status="done"):
        services.update_action(
            people["amina"],
            action,
            status="not_doing",
            not_doing_reason="The board did not accept the recommendation.",
            done_on=None,
            done_evidence="",
        )
    saved = services.save_recommendation(
        people["amina"],
        child_h,
        planned,
        text=planned.text,
        findings=list(planned.findings.all()),
        to_board=planned.to_board,
        agencies=planned.agencies,
        made_on=planned.made_on,
        response="not_accepted",
        response_reason="The trust is replacing its records system next year.",
    )
    assert saved.response == "not_accepted"
