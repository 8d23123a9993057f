"""The markers on findings, recommendations and action plans show what Child H's records say under their questions,
as Clarity of purpose does: SCR marker 18 (implementation and evaluation) the actions and their impact, marker 16
the board's response to each recommendation, SAR marker 15 the whole of a review's learning."""

from casereview.markers import Evidence, Records, get_framework

from .pages import text_of


def test_the_frameworks_name_the_learning_records_under_their_questions():
    scr = get_framework("scr-quality-markers")
    sar = get_framework("sar-quality-markers")
    assert Evidence.ACTIONS in scr.marker("implementation-and-evaluation").needed_evidence
    assert Evidence.RECOMMENDATIONS in scr.marker("board-written-response").needed_evidence
    assert scr.marker("improvement-action").indicator("q1").evidence is Evidence.RECOMMENDATIONS
    assert [marker.number for marker in sar.markers_evidenced_by(Records.LEARNING)] == [15]
    assert sar.marker("improvement-action-evaluation").needed_evidence == {
        Evidence.FINDINGS,
        Evidence.RECOMMENDATIONS,
        Evidence.ACTIONS,
    }


def test_scr_implementation_and_evaluation_shows_the_actions_and_their_impact(client, people, reviews):
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/markers/implementation-and-evaluation/")
    page = text_of(response)
    assert response.status_code == 200
    assert "4 actions, 1 overdue; impact recorded for 1" in page
    assert "Go to the actions of Child H" in page


def test_the_board_written_response_shows_each_recommendations_response(client, people, reviews):
    client.force_login(people["bo"])
    page = text_of(client.get(f"/reviews/{reviews['Child H'].pk}/markers/board-written-response/"))
    assert "Recommendation 1: accepted; 2 actions planned." in page
    assert "Recommendation 2: accepted in part (Accepted for primary schools" in page


def test_the_answer_page_offers_the_records_as_words_to_copy(client, people, reviews):
    client.force_login(people["bea"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/markers/implementation-and-evaluation/indicators/q1/")
    page = text_of(response)
    assert response.status_code == 200
    assert "4 actions: 2 not started, 1 in progress, 1 done." in page


def test_sar_marker_15_shows_a_review_with_no_learning_recorded_yet(client, people, reviews):
    client.force_login(people["amina"])
    response = client.get(f"/reviews/{reviews['Adult M'].pk}/markers/improvement-action-evaluation/")
    page = text_of(response)
    assert response.status_code == 200
    assert "No findings have been recorded yet." in page
    assert "No recommendations have been made yet." in page
    assert "No actions have been planned yet." in page
