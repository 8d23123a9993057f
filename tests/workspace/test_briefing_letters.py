"""Amina drafts a briefing letter for practitioners, edits it and downloads it as a Word document."""

import io

import docx


def test_the_draft_holds_the_purpose_and_the_acknowledged_circumstances_only(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    page = client.get(f"/reviews/{review.pk}/purpose/letters/practitioners/").content.decode()
    assert "Dear colleague," in page
    assert "North Partnership is carrying out a serious case review about Child H." in page
    assert "A police investigation into the death is running alongside the review." in page  # acknowledged
    assert "Local newspaper coverage" not in page  # recorded but not yet acknowledged


def test_the_downloaded_word_document_opens_and_holds_the_edited_letter(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    statement = review.purpose_statements.first().text
    response = client.post(
        f"/reviews/{review.pk}/purpose/letters/practitioners/",
        {
            "title": "About the review of Child H",
            "text": f"Dear Sam,\n\n{statement}\n\nWith thanks,",
            "action": "download",
        },
    )
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Child H - letter for practitioners directly involved.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "About the review of Child H"
    assert "Dear Sam," in paragraphs
    assert statement.split("\n\n")[0] in paragraphs


def test_logging_the_letter_opens_the_communication_form_filled_in(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    response = client.post(
        f"/reviews/{review.pk}/purpose/letters/family/",
        {
            "title": "About the review",
            "text": "Dear family member,\n\nWe are very sorry.",
            "action": "log",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Log a communication about the purpose" in page
    assert "We are very sorry." in page
    assert 'value="family" checked' in page and 'value="letter" checked' in page
