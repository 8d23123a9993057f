"""The language check in the purpose records: marked in place, explained on demand, no script needed."""

import re


def test_the_statement_page_checks_a_draft_without_saving_it(client, reviews, people):
    review = reviews["Adult M"]
    client.force_login(people["amina"])
    draft = "The review will find out who failed to protect Adult M. It was obvious that <b>risk</b> was high."
    response = client.post(f"/reviews/{review.pk}/purpose/statement/", {"text": draft, "action": "check"})
    page = response.content.decode()
    assert response.status_code == 200
    assert not review.purpose_statements.exists()
    assert "Learning purpose: weak" in page
    assert re.search(r'<mark class="casereview-mark casereview-mark--counterfactual">failed to<a', page)
    assert "&lt;b&gt;risk&lt;/b&gt;" in page  # the user's text is shown as text
    assert "Say what happened instead, and what in the work system made that more likely." in page
    assert "Dekker" in page


def test_the_live_check_returns_the_fragment_for_the_typed_text(client, reviews, people):
    client.force_login(people["bea"])
    response = client.post(
        f"/reviews/{reviews['Adult M'].pk}/purpose/statement/check/",
        {
            "text": "This review is for organisational learning and improvement and is not about blame. We want to "
            "understand what happened and why."
        },
    )
    page = response.content.decode()
    assert "Learning purpose: strong" in page
    assert "<html" not in page


def test_each_communication_shows_its_verdict_on_the_marker_page(client, reviews, people):
    client.force_login(people["carl"])
    page = client.get(f"/reviews/{reviews['Child H'].pk}/markers/clarity-of-purpose/").content.decode()
    second = page[page.index('id="q2"') : page.index('id="q3"')]
    assert second.count("Learning purpose:") == 3  # the statement and the two communications
    assert "Learning purpose: strong" in second  # the suggested statement
