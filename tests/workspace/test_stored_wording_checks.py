"""The wording check of a saved text is made when it is saved and read on every view: pages show what is
stored, a check made under other rules is made again once, and a long text full of findings marks only the
first of them."""

import datetime
import html
import re

from casereview.language import fingerprint
from casereview.workspace.purpose import services
from casereview.workspace.purpose.models import Channel, PartyGroup
from casereview.workspace.wording.models import StoredCheck
from casereview.workspace.wording.services import digest, recheck

# How practitioners and managers write when a review goes wrong: the wording the check is for, among plain
# accounts of what happened.
SENTENCES = [
    "The social worker failed to visit the family within the timescale set at the strategy meeting.",
    "With hindsight it was obvious that the risk to the baby was escalating over the winter.",
    "The health visitor should have shared the bruising with the GP on the day she saw it.",
    "Had the police passed the domestic abuse notification to children's social care, the outcome "
    "might have been different.",
    "The team manager was negligent in closing the referral without speaking to the school.",
    "Staff were carrying caseloads well above the agreed level, and supervision had lapsed since August.",
    "The family moved address twice in three months, and records did not follow them between areas.",
    "Practitioners described how the referral pathway made sense to them at the time, given what they knew.",
    "The school nurse missed the signs of neglect that were clearly there at every contact.",
    "Children's social care did not act on the concerns raised by the nursery in March.",
    "The review is for organisational learning and improvement and is not about blaming individuals.",
    "Agencies held different parts of the picture, and no meeting brought them together before May.",
    "It should have been obvious to the GP that the mother's mental health was deteriorating.",
    "The duty worker ignored the second referral because the first had been closed as no further action.",
    "The out-of-hours service recorded the call but had no way to see the open child protection plan.",
]


def long_account(characters: int, sentences: list[str] = SENTENCES) -> str:
    """Paragraphs of five of the sentences each, taken in a fixed jumbled order, to about ``characters`` long."""
    paragraphs, length, taken = [], 0, 0
    while length < characters:
        paragraph = " ".join(sentences[(taken + n) * 7 % len(sentences)] for n in range(5))
        taken += 5
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:characters].rsplit(" ", 1)[0] + "."


def log(user, review, summary, *, parties=(), groups=(PartyGroup.BOARD,), day=1):
    return services.save_communication(
        user,
        review,
        date=datetime.date(2026, 5, day),
        channel=Channel.LETTER,
        parties=list(parties),
        groups=list(groups),
        summary=summary,
        explained_purpose=True,
        receipt_confirmed=False,
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def card_of(shown: str, communication) -> str:
    """The first card of the communication on the page, up to the next card or the end of the page."""
    start = shown.index(f'id="communication-{communication.pk}"')
    end = shown.find('<div class="govuk-summary-card"', start)
    return shown[start : end if end != -1 else None]


def test_saving_a_communication_stores_its_check_under_the_current_rules(reviews, people):
    summary = "The health visitor failed to share the bruising with the GP."
    log(people["amina"], reviews["Adult M"], summary)
    stored = StoredCheck.objects.get(digest=digest(summary))
    assert stored.rules == fingerprint()
    assert [item["rule"] for item in stored.result["marked"]] != []
    assert summary not in str(stored.result)  # offsets and rule ids, never the words


def test_pages_show_the_stored_check_not_a_new_one(client, reviews, people):
    """Changing the stored check by hand changes what every page shows: they read it, they do not check again."""
    review = reviews["Child H"]
    statement = services.current_statement(review)
    stored = StoredCheck.objects.get(digest=digest(statement.text))
    assert stored.result["verdict"]["strength"] == "strong"
    stored.result["verdict"]["strength"] = "adequate"
    stored.save()
    client.force_login(people["carl"])
    overview = page(client, f"/reviews/{review.pk}/purpose/")
    assert "Learning purpose: adequate" in overview and "Learning purpose: strong" not in overview
    marker = page(client, f"/reviews/{review.pk}/markers/clarity-of-purpose/")
    assert "Learning purpose: adequate" in marker

    communication = review.communications.order_by("pk").first()
    stored = StoredCheck.objects.get(digest=digest(communication.summary))
    stored.result["marked"] = [{"rule": "failed-to", "start": 0, "end": 3}]
    stored.save()
    card = card_of(page(client, f"/reviews/{review.pk}/purpose/communications/"), communication)
    first_mark = re.search(r'<mark class="casereview-mark casereview-mark--(\w+)">([^<]*)<a', card)
    assert first_mark.groups() == ("counterfactual", communication.summary[:3])


def test_a_check_made_under_other_rules_is_made_again_on_first_view_and_kept(client, reviews, people):
    review = reviews["Child H"]
    statement = services.current_statement(review)
    StoredCheck.objects.filter(digest=digest(statement.text)).update(
        rules="rules-of-an-older-version", result={"format": 1, "verdict": None, "marked": []}
    )
    client.force_login(people["carl"])
    assert "Learning purpose: strong" in page(client, f"/reviews/{review.pk}/purpose/")
    stored = StoredCheck.objects.get(digest=digest(statement.text))
    assert stored.rules == fingerprint()
    assert stored.result["verdict"]["strength"] == "strong"


def test_recheck_makes_stale_checks_again_and_removes_unused_ones(reviews, people):
    StoredCheck.objects.update(rules="rules-of-an-older-version")
    StoredCheck.objects.create(digest=digest("A communication since changed."), rules="x", result={})
    said = []
    done = recheck(progress=said.append, batch=2)
    texts = StoredCheck.objects.count()
    assert (done.texts, done.made, done.removed) == (texts, texts, 1)
    assert not StoredCheck.objects.exclude(rules=fingerprint()).exists()
    assert said[0] == f"{texts} saved texts; {texts} to check under the current rules."
    assert said[-1] == f"Checked {texts} of {texts}."
    assert recheck().made == 0


def test_a_long_communication_marks_its_first_findings_and_counts_the_rest(client, reviews, people):
    review = reviews["Child H"]
    text = long_account(50_000)
    communication = log(people["amina"], review, text)
    result = StoredCheck.objects.get(digest=digest(text)).result
    findings, second_looks = result["findings"], result["second_looks"]
    assert findings > 300
    client.force_login(people["carl"])
    card = card_of(page(client, f"/reviews/{review.pk}/purpose/communications/"), communication)
    assert card.count("<mark ") == 200
    unmarked = findings + second_looks - 200
    assert f"The first 200 findings are marked and explained here; {unmarked:,} more are counted below." in card
    assert f"All {findings:,} findings in this text, by kind:" in card
    assert re.search(r"<li>Counterfactual: [\d,]+</li>", card)
    assert text[-500:].replace("'", "&#39;") in card  # the whole text is shown, marked or not


def test_the_marker_page_names_a_long_communication_in_one_line_with_its_counts(client, reviews, people):
    review = reviews["Child H"]
    text = long_account(50_000)
    communication = log(people["amina"], review, text)
    findings = StoredCheck.objects.get(digest=digest(text)).result["findings"]
    client.force_login(people["carl"])
    shown = page(client, f"/reviews/{review.pk}/markers/clarity-of-purpose/")
    start = shown.index(f'<li id="communication-{communication.pk}">')
    line = shown[start : shown.index("</li>", start)]
    assert f"Wording: {findings:,} findings (" in line
    assert re.search(r"counterfactual [\d,]+", line)
    assert f'href="/reviews/{review.pk}/purpose/communications/?page=1#communication-{communication.pk}"' in line
    assert "<mark " not in shown[shown.index('id="communications"') :]  # marked in the log, not here
    assert text[:200] not in shown
    assert len(shown) < 60_000


def test_the_live_check_of_a_long_draft_checks_what_a_statement_can_hold_and_marks_200_findings(
    client, reviews, people
):
    blaming = [sentence for sentence in SENTENCES if "failed" in sentence or "should have" in sentence]
    draft = long_account(60_000, blaming)
    client.force_login(people["amina"])
    response = client.post(f"/reviews/{reviews['Adult M'].pk}/purpose/statement/check/", {"text": draft})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.count("<mark ") == 200
    assert "The first 200 findings are marked and explained here;" in fragment
    shown = html.unescape(re.sub(r"<[^>]+>|\[\d+\]| finding ", "", fragment[: fragment.index("</div>")]))
    assert shown.endswith(draft[19_900:20_000])  # the longest statement that can be saved, and no further


def test_a_concern_shows_the_stored_check_of_what_was_done(client, reviews, people, ids):
    from casereview.workspace.concerns import services as concerns

    review = reviews["Child H"]
    concern = concerns.get_concern(people["amina"], review, ids["open_concern"])
    description = "The duty social worker failed to visit after the second referral."
    concerns.save_concern(people["amina"], review, concern=concern, description=description)
    assert StoredCheck.objects.filter(digest=digest(description)).exists()
    client.force_login(people["bo"])
    detail = page(client, f"/reviews/{review.pk}/concerns/{concern.pk}/")
    assert re.search(r'<mark class="casereview-mark casereview-mark--counterfactual">failed to<a', detail)
    assert "Learning purpose:" not in detail  # a verdict on the learning purpose means nothing for a concern


def test_a_second_look_is_stored_by_its_id_and_shown_apart_from_the_findings_that_count(client, reviews, people):
    review = reviews["Child H"]
    summary = (
        "The health visitor failed to share the bruising. Several services worked with the mother, to little effect."
    )
    communication = log(people["amina"], review, summary)
    stored = StoredCheck.objects.get(digest=digest(summary))
    # what the sentence model stores for a doubtful sentence: its id names the model and the category
    start = summary.index("little")
    stored.result["marked"] = [
        {"rule": "failed-to", "start": summary.index("failed to"), "end": summary.index("failed to") + 9},
        {"rule": "model.judgemental", "start": start, "end": start + 6, "second_look": True},
    ]
    stored.result["counts"], stored.result["findings"], stored.result["second_looks"] = {"counterfactual": 1}, 1, 1
    stored.save()
    client.force_login(people["carl"])
    card = card_of(page(client, f"/reviews/{review.pk}/purpose/communications/"), communication)
    assert re.search(
        r'<mark class="casereview-mark casereview-mark--judgemental casereview-mark--second-look">little<a', card
    )
    found, doubtful = card.split("Worth a second look</h")
    assert "Counterfactual:" in found and "failed to" in found and "Perhaps" not in found
    assert "Perhaps judgemental:" in doubtful and "not counted in the verdict" in doubtful


def test_a_changed_model_file_makes_stored_checks_stale(tmp_path):
    import numpy as np

    from casereview.language.classifier import MODEL_FILE, SentenceModel

    with np.load(MODEL_FILE) as data:
        arrays = dict(data)
    arrays["bias"] = arrays["bias"] + 0.5
    changed = tmp_path / "changed.npz"
    np.savez_compressed(changed, **arrays)
    assert fingerprint(model=SentenceModel.load(changed)) != fingerprint()
    assert fingerprint(model=SentenceModel.load(MODEL_FILE)) == fingerprint()


def test_a_stored_result_marks_second_looks_and_leaves_them_out_of_the_counts():
    from dataclasses import replace

    from casereview.language import check_text
    from casereview.workspace.wording.results import stored_result

    report = check_text("The health visitor failed to share the bruising. The manager should have known.", model=False)
    doubted = replace(report, findings=(report.findings[0], replace(report.findings[1], second_look=True)))
    result = stored_result(doubted)
    assert [item.get("second_look", False) for item in result["marked"]] == [False, True]
    assert (result["findings"], result["second_looks"]) == (1, 1)
    assert sum(result["counts"].values()) == 1


def test_a_second_look_about_a_whole_sentence_never_hides_a_problem_inside_it():
    from casereview.language import check_text
    from casereview.workspace.wording.results import stored_result

    text = (
        "The review will find out who failed to protect Adult M and hold them to account. "
        "It was obvious that risk was high."
    )
    report = check_text(text)
    # the model's doubt covers the whole first sentence; the rules' "failed to" lies inside it
    assert any(f.second_look and f.start == 0 for f in report.findings)
    result = stored_result(report)
    marked = [(text[item["start"] : item["end"]], item.get("second_look", False)) for item in result["marked"]]
    assert ("failed to", False) in marked and ("It was obvious that", False) in marked
    assert not any(second for _, second in marked if _.startswith("The review"))
    assert result["markable"] == len(result["marked"]) == 2
