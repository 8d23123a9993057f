"""Amina writes the purpose statement of Child H, starting from the suggested text, and changes it."""

import re


def test_the_suggested_statement_names_the_partnership_and_the_learning_purpose(client, reviews, people):
    from casereview.workspace.purpose.services import suggested_statement

    text = suggested_statement(reviews["Adult M"])
    assert text.startswith("North Partnership is carrying out a safeguarding adults review about Adult M.")
    assert "organisational learning and improvement" in text
    assert "not designed to apportion blame" in text
    assert "happen again" in text and "protect the adult" in text


def test_each_saved_change_is_a_new_version_with_who_and_when(client, reviews, people):
    review = reviews["Adult M"]
    client.force_login(people["amina"])
    page = client.get(f"/reviews/{review.pk}/purpose/statement/").content.decode()
    assert "We have started it for you" in page and "is carrying out a safeguarding adults review" in page

    client.post(f"/reviews/{review.pk}/purpose/statement/", {"text": "Version one: learning, not blame."})
    client.force_login(people["bea"])
    response = client.post(f"/reviews/{review.pk}/purpose/statement/", {"text": "Version two: learning, not blame."})
    assert response.status_code == 302
    client.post(f"/reviews/{review.pk}/purpose/statement/", {"text": "Version two: learning, not blame."})

    versions = client.get(f"/reviews/{review.pk}/purpose/statement/versions/").content.decode()
    assert versions.index("Version 2 (current)") < versions.index("Version two") < versions.index("Version 1")
    assert "Version 3" not in versions  # saving the same text again makes no new version
    assert re.search(r"By Bea Lewis, \d+ \w+ 2026 at \d\d:\d\d", versions)
    assert re.search(r"By Amina Hussain, \d+ \w+ 2026", versions)


def test_an_empty_statement_is_refused(client, reviews, people):
    client.force_login(people["amina"])
    response = client.post(f"/reviews/{reviews['Adult M'].pk}/purpose/statement/", {"text": "   "})
    assert response.status_code == 400
    assert "Write the purpose statement" in response.content.decode()
