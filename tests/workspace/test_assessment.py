"""Bea, lead reviewer, answers the questions of Clarity of purpose and judges the marker."""

from casereview.workspace.assessments.models import IndicatorAnswer

from .pages import submit


def test_an_answer_is_shown_with_its_evidence_who_and_when(client, reviews, people):
    client.force_login(people["bea"])
    review = reviews["Child H"]
    response = submit(
        client,
        f"/reviews/{review.pk}/markers/clarity-of-purpose/indicators/q3/",
        {"answer": "partly", "evidence": "Police investigation acknowledged <b>in writing</b>"},
    )
    assert response["Location"] == f"/reviews/{review.pk}/markers/clarity-of-purpose/#q3"
    page = client.get(response["Location"]).content.decode()
    assert "Police investigation acknowledged &lt;b&gt;in writing&lt;/b&gt;" in page
    assert "Bea Lewis, " in page
    assert "3 of 3 questions answered" in page


def test_an_answer_without_evidence_is_refused_and_keeps_the_choice(client, reviews, people):
    client.force_login(people["bea"])
    review = reviews["Child H"]
    response = submit(
        client, f"/reviews/{review.pk}/markers/clarity-of-purpose/indicators/q3/", {"answer": "yes", "evidence": "  "}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write the evidence for this answer, or choose Not yet answered" in page
    assert 'value="yes" checked' in page
    assert not IndicatorAnswer.objects.filter(indicator_id="q3", marker_id="clarity-of-purpose").exists()


def test_a_judgement_appears_on_the_review_page(client, reviews, people):
    client.force_login(people["bea"])
    review = reviews["Child H"]
    response = submit(
        client,
        f"/reviews/{review.pk}/markers/clarity-of-purpose/judgement/",
        {"judgement": "partly_met", "rationale": "Practitioners not yet told"},
    )
    assert response["Location"] == f"/reviews/{review.pk}/"
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    item = page[page.index("5. Clarity of purpose") :]
    item = item[: item.index("</li>")]
    assert "Partly met" in item and "2 of 3 questions answered" in item


def test_a_judgement_needs_its_reasons(client, reviews, people):
    client.force_login(people["amina"])
    response = submit(
        client,
        f"/reviews/{reviews['Child H'].pk}/markers/clarity-of-purpose/judgement/",
        {"judgement": "met", "rationale": ""},
    )
    assert "Explain the reasons for this judgement, or choose Not yet judged" in response.content.decode()


def test_a_question_cut_off_in_the_source_cannot_be_answered(client, reviews, people):
    client.force_login(people["amina"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/markers/referral/indicators/q1/")
    assert response.status_code == 404


def test_an_unknown_marker_is_not_found(client, reviews, people):
    client.force_login(people["amina"])
    assert client.get(f"/reviews/{reviews['Child H'].pk}/markers/no-such-marker/").status_code == 404


def test_review_page_groups_markers_as_the_framework_does(client, reviews, people):
    client.force_login(people["carl"])
    page = client.get(f"/reviews/{reviews['Child H'].pk}/").content.decode()
    setup, running, outputs = (page.index(t) for t in ("Review setup", "Running the review", "Review outputs"))
    assert setup < page.index("5. Clarity of purpose") < running < page.index("13. Analysis") < outputs
    assert "18. Implementation and evaluation" in page[outputs:]
    adult_m = client.get(f"/reviews/{reviews['Adult M'].pk}/").content.decode()
    assert "Setting up the review" in adult_m and "Output, action, impact" in adult_m
