"""Bea, lead reviewer of Child H, records a concern about one practitioner and works through the just
culture guide one question at a time; later she revisits the answers, and both runs are kept."""

import pytest

from casereview.justculture import all_paths, shipped_guide
from casereview.workspace.concerns.models import Concern, GuideRun

from .pages import submit_form, visible_text

CONCERN = {
    "kind": "omission",
    "description": "Did not pass on the school's note about bruising.",
    "role": "School nurse",
    "organisation": "Northshire Schools",
    "name": "",
    "raised_on-day": "3",
    "raised_on-month": "6",
    "raised_on-year": "2026",
}


@pytest.fixture
def bea(client, people):
    client.force_login(people["bea"])
    return client


@pytest.fixture
def concern_url(bea, reviews):
    response = bea.post(f"/reviews/{reviews['Child H'].pk}/concerns/new/", CONCERN)
    assert response.status_code == 302
    return response["Location"]


def start(client, concern_url: str) -> str:
    response = client.post(f"{concern_url}runs/new/")
    assert response.status_code == 302
    return response["Location"]


def answer(client, question_url: str, yes: bool, note: str = "From the chronology.") -> str:
    response = client.post(question_url, {"answer": "yes" if yes else "no", "note": note})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_a_concern_without_its_details_is_refused_with_what_to_do_and_keeps_what_was_typed(bea, reviews):
    typed = {**CONCERN, "role": "", "raised_on-year": "26", "description": "Left the door <b>open</b>"}
    response = bea.post(f"/reviews/{reviews['Child H'].pk}/concerns/new/", typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter their role, like &#34;Social worker&#34;" in page
    assert "Year of the date the concern arose must include 4 numbers" in page
    assert "Left the door &lt;b&gt;open&lt;/b&gt;" in page
    assert 'value="Northshire Schools"' in page
    assert not Concern.objects.filter(organisation="Northshire Schools").exists()


def test_a_concern_cannot_arise_in_the_future(bea, reviews):
    response = bea.post(f"/reviews/{reviews['Child H'].pk}/concerns/new/", {**CONCERN, "raised_on-year": "2099"})
    assert response.status_code == 400
    assert "Date the concern arose must be today or in the past" in response.content.decode()


def test_the_guide_asks_one_question_at_a_time_and_stops_at_the_first_outcome(bea, concern_url):
    url = start(bea, concern_url)
    page = bea.get(url).content.decode()
    assert "Was there any intention to cause harm?" in page
    assert "Are there signs that the person was misusing" not in page
    assert "Adapted from NHS Improvement (2018) A just culture guide, Open Government Licence v3.0." in page
    assert "It does not replace the review, an investigation or advice from human resources." in page

    url = answer(bea, url, False, "No sign of any intention to harm in any account.")
    assert "Are there signs that the person was misusing alcohol or drugs?" in bea.get(url).content.decode()
    for _ in range(3):  # substance misuse, physical and mental ill health
        url = answer(bea, url, False)
    url = answer(bea, url, True, "The school's safeguarding policy says to pass notes on the same day.")
    url = answer(bea, url, True, "The policy was in routine use.")
    result = answer(bea, url, False, "She did not know of the note: it was left in the wrong tray.")
    assert result.endswith("/runs/1/")
    page = bea.get(result).content.decode()
    assert "Action singling out the person is unlikely to be appropriate" in page
    assert "What it means for the review" in page and "What it means for the agency" in page
    assert "She did not know of the note: it was left in the wrong tray." in page
    run = GuideRun.objects.get(concern__role="School nurse")
    assert run.finished and run.outcome_id == "system-action" and run.answers.count() == 7


def test_every_answer_needs_a_note_and_yes_or_no(bea, concern_url):
    url = start(bea, concern_url)
    response = bea.post(url, {"answer": "", "note": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select yes or no" in page
    assert "Write a note on what the answer is based on" in page
    kept = bea.post(url, {"answer": "no", "note": ""}).content.decode()
    assert 'value="no" checked' in kept
    assert GuideRun.objects.get(concern__role="School nurse").answers.count() == 0


def test_a_question_the_guide_has_not_reached_is_not_found(bea, concern_url):
    url = start(bea, concern_url)
    assert bea.get(url.replace("/questions/1/", "/questions/3/")).status_code == 404
    response = bea.post(url.replace("/questions/1/", "/questions/3/"), {"answer": "yes", "note": "x"})
    assert response.status_code == 404


def test_changing_an_earlier_answer_drops_the_answers_after_it(bea, concern_url):
    first = start(bea, concern_url)
    url = answer(bea, first, False)
    url = answer(bea, url, False)
    assert url.endswith("/questions/3/")
    # the same answer with a new note keeps the path
    assert answer(bea, first, False, "Checked again with her manager.").endswith("/questions/3/")
    run = GuideRun.objects.get(concern__role="School nurse")
    assert run.answers.get(position=1).note == "Checked again with her manager."
    assert run.answers.count() == 2
    # a different answer ends the run at once: intention to harm is an outcome
    assert answer(bea, first, True, "A message shows she meant to.").endswith("/runs/1/")
    run.refresh_from_db()
    assert run.outcome_id == "deliberate-harm" and run.answers.count() == 1


def test_an_answer_to_a_question_no_longer_asked_there_is_not_saved_and_the_question_asked_now_is_shown(
    bea, concern_url
):
    """Bea's page shows a question the guide no longer asks at that point (as when the guide changed while
    it was open). Nothing is saved; she reads why in plain words, not the guide's own reason, and gets the
    question asked now with her note kept, to answer again."""
    first = start(bea, concern_url)
    second = answer(bea, first, False)
    page = bea.get(second)
    assert page.status_code == 200
    note = "Her GP confirmed she was well that month."
    response = submit_form(bea, page, {"question": "mental-ill-health", "answer": "no", "note": note}, path=second)
    text = visible_text(response)
    assert response.status_code == 409
    assert "The answers in this run changed after the page was opened, so your answer was not saved." in text
    assert "Are there signs that the person was misusing alcohol or drugs?" in text
    assert note in text
    assert "answer 2 is to" not in text and "but the guide asks" not in text and "mental-ill-health" not in text
    assert GuideRun.objects.get(concern__role="School nurse").answers.count() == 1

    again = submit_form(bea, response, {"answer": "no"}, path=second)
    assert again.status_code == 302 and again["Location"].endswith("/questions/3/")
    saved = GuideRun.objects.get(concern__role="School nurse").answers.get(position=2)
    assert (saved.question_id, saved.note) == ("substance-misuse", note)


def test_a_finished_run_is_kept_as_it_is_and_revisiting_starts_the_next_run_with_its_answers(bea, concern_url):
    url = start(bea, concern_url)
    answer(bea, url, True, "A message shows she meant to.")
    # a finished run's questions lead to its result, and posting to them changes nothing
    assert bea.get(url)["Location"].endswith("/runs/1/")
    refused = bea.post(url, {"answer": "no", "note": "Trying to change a finished run."})
    assert refused.status_code == 302 and refused["Location"].endswith("/runs/1/")
    assert GuideRun.objects.get(number=1, concern__role="School nurse").outcome_id == "deliberate-harm"

    revisit = start(bea, concern_url)
    assert revisit.endswith("/runs/2/questions/1/")
    page = bea.get(revisit).content.decode()
    assert "Filled in from run 1" in page
    assert 'value="yes" checked' in page and "A message shows she meant to." in page
    during = bea.get(concern_url).content.decode()
    assert "Run 2 is in progress, revisiting the answers" in during
    assert "Until it is finished, the outcome of run 1 stands." in during and "Current outcome: run 1" in during
    url = answer(bea, revisit, False, "The message was about something else.")
    for _ in range(3):
        url = answer(bea, url, False)
    answer(bea, url, False, "There was no agreed practice for notes from schools.")

    concern = bea.get(concern_url).content.decode()
    assert "Current outcome: run 2" in concern
    assert "Action singling out the person is unlikely to be appropriate" in concern
    assert "Run 1</a>" in concern and "Intention to harm" in concern
    earlier = bea.get(f"{concern_url}runs/1/").content.decode()
    assert "This is an earlier run, kept as a record" in earlier


def test_starting_again_while_a_run_is_unfinished_continues_it(bea, concern_url):
    url = start(bea, concern_url)
    answer(bea, url, False)
    assert start(bea, concern_url).endswith("/runs/1/questions/2/")
    assert GuideRun.objects.filter(concern__role="School nurse").count() == 1


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [(path, outcome) for path, outcome in all_paths(shipped_guide())],
    ids=lambda value: value.id if hasattr(value, "id") else "-".join("y" if a else "n" for _, a in value),
)
def test_every_path_through_the_pages_reaches_the_engines_outcome(bea, concern_url, answers, outcome):
    url = start(bea, concern_url)
    for _, given in answers:
        url = answer(bea, url, given)
    page = bea.get(url).content.decode()
    assert f'<h1 class="govuk-heading-l">{outcome.title}</h1>' in page


@pytest.mark.parametrize("kind", ["omission", "act"])
def test_the_protocols_question_names_the_concern_as_an_act_or_an_omission(bea, reviews, kind):
    response = bea.post(f"/reviews/{reviews['Child H'].pk}/concerns/new/", {**CONCERN, "kind": kind})
    url = start(bea, response["Location"])
    for _ in range(4):  # intention to harm, substance misuse, physical and mental ill health
        url = answer(bea, url, False)
    page = bea.get(url).content.decode()
    other = "act" if kind == "omission" else "omission"
    assert f"Were there agreed protocols, procedures or accepted practice for this {kind}?" in page
    assert f"for this {other}?" not in page and "{act_or_omission}" not in page


def test_the_description_is_checked_for_wording_as_it_is_typed(bea, reviews):
    review = reviews["Child H"]
    form = bea.get(f"/reviews/{review.pk}/concerns/new/").content.decode()
    assert f'hx-post="/reviews/{review.pk}/concerns/description-check/"' in form
    fragment = bea.post(
        f"/reviews/{review.pk}/concerns/description-check/",
        {"description": "The health visitor failed to visit and should have known better."},
    )
    assert fragment.status_code == 200
    assert "What the wording check found" in fragment.content.decode()


def test_without_javascript_check_wording_keeps_what_was_typed_and_saves_nothing(bea, reviews):
    review = reviews["Child H"]
    typed = {**CONCERN, "description": "The school nurse failed to pass on the note.", "action": "check"}
    response = bea.post(f"/reviews/{review.pk}/concerns/new/", typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "What the wording check found" in page and "The school nurse failed to pass on the note." in page
    assert not Concern.objects.filter(role="School nurse").exists()
