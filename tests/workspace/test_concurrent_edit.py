"""Amina and Bea open the same question; Bea saves first. Amina is told, sees both, and loses nothing."""

from casereview.workspace.assessments.models import IndicatorAnswer, MarkerJudgement

from .pages import form_of, submit_form

ANSWER = "/reviews/{}/markers/clarity-of-purpose/indicators/q3/"
JUDGEMENT = "/reviews/{}/markers/clarity-of-purpose/judgement/"


def opened_version(client, path) -> str:
    return form_of(client.get(path)).data()["version"]


def test_a_colleagues_change_is_never_silently_overwritten(client, reviews, people):
    from django.test import Client

    path = ANSWER.format(reviews["Child H"].pk)
    amina, bea = client, Client()
    amina.force_login(people["amina"])
    bea.force_login(people["bea"])
    amina_saw = opened_version(amina, path)
    bea_saw = opened_version(bea, path)
    assert amina_saw == bea_saw == "0"

    response = bea.post(
        path, {"answer": "yes", "evidence": "Media interest named in the board minute", "version": bea_saw}
    )
    assert response.status_code == 302

    response = amina.post(path, {"answer": "no", "evidence": "The HR process was not mentioned", "version": amina_saw})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Changed by someone else" in page
    assert "Bea Lewis saved a different version" in page
    assert "Media interest named in the board minute" in page  # theirs
    assert "The HR process was not mentioned" in page  # hers, still in the form
    saved = IndicatorAnswer.objects.get(review=reviews["Child H"], marker_id="clarity-of-purpose", indicator_id="q3")
    assert saved.answer == "yes" and saved.evidence == "Media interest named in the board minute"

    # Having seen Bea's version, Amina decides to save hers: the form, still holding what she typed, now carries
    # the version she was shown, so she only presses the button again.
    response = submit_form(amina, response, path=path)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.answer == "no" and saved.answered_by == people["amina"] and saved.version == 2


def test_two_judgements_of_the_same_marker_conflict_too(client, reviews, people):
    from django.test import Client

    path = JUDGEMENT.format(reviews["Child H"].pk)
    other = Client()
    client.force_login(people["amina"])
    other.force_login(people["bea"])
    seen = opened_version(client, path)
    assert (
        other.post(
            path,
            {
                "judgement": "met",
                "rationale": "All three answered yes",
                "confirmation": "The panel heard more than the records hold",
                "version": seen,
            },
        ).status_code
        == 302
    )
    response = client.post(path, {"judgement": "not_met", "rationale": "Practitioners not told", "version": seen})
    assert response.status_code == 409
    assert "All three answered yes" in response.content.decode()
    assert MarkerJudgement.objects.get(marker_id="clarity-of-purpose", review=reviews["Child H"]).judgement == "met"
