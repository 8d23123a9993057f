"""Amina sets North Partnership's learning framework; it shows on every review, on the marker Clarity of
purpose and in briefing letters."""

from casereview.workspace.learning.models import LearningFramework


def test_amina_sets_the_framework_starting_from_suggested_principles(client, reviews, people):
    north = reviews["Child H"].partnership
    LearningFramework.objects.filter(partnership=north).delete()
    client.force_login(people["amina"])
    page = client.get(f"/partnerships/{north.pk}/learning-framework/edit/").content.decode()
    assert "Culpability is considered only for reckless or malicious acts" in page
    response = client.post(
        f"/partnerships/{north.pk}/learning-framework/edit/",
        {
            "principles": "We learn, we do not blame.",
            "causation_model_id": "london-protocol",
        },
    )
    assert response.status_code == 302
    shown = client.get(f"/partnerships/{north.pk}/learning-framework/").content.decode()
    assert "We learn, we do not blame." in shown and "London Protocol contributory factors" in shown


def test_a_missing_choice_is_explained_and_the_text_kept(client, reviews, people):
    north = reviews["Child H"].partnership
    client.force_login(people["amina"])
    response = client.post(f"/partnerships/{north.pk}/learning-framework/edit/", {"principles": "Our words"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the model the partnership has agreed" in page and "Our words" in page


def test_the_review_page_the_marker_and_the_letters_show_the_framework(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["carl"])
    detail = client.get(f"/reviews/{review.pk}/").content.decode()
    assert (
        "This review follows North Partnership’s" in detail and "SCIE Learning Together underlying patterns" in detail
    )
    marker = client.get(f"/reviews/{review.pk}/markers/clarity-of-purpose/").content.decode()
    obstacles = marker[marker.index("Tackling some common obstacles") : marker.index('id="judgement"')]
    assert "has set its" in obstacles and "SCIE Learning Together underlying patterns" in obstacles
    client.force_login(people["amina"])
    letter = client.get(f"/reviews/{review.pk}/purpose/letters/board/").content.decode()
    assert "the review uses SCIE Learning Together underlying patterns" in letter


def test_south_without_a_framework_says_so(client, reviews, people):
    client.force_login(people["dev"])
    page = client.get(f"/reviews/{reviews['Child S'].pk}/markers/clarity-of-purpose/").content.decode()
    assert "South Partnership has not set a" in page


def test_a_causation_model_page_reads_for_a_board_member(client, reviews, people):
    client.force_login(people["bo"])
    page = client.get("/causation-models/learning-together/").content.decode()
    assert "Human-tool operation" in page and "(not confirmed from the source)" in page
    assert client.get("/causation-models/no-such-model/").status_code == 404
