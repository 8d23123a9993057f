"""The findings pages read the database a fixed number of times, however many actions there are: Child H's
findings page shows that its third finding was found before in Child L, with everything done about it then; when
Child L's recommendation has twelve actions instead of one, the page (and the partnership's learning across
reviews) must not ask once more for each action's impact. The action plan reads the same for two actions as for
twenty-two. (benchmarks/page_queries.py found the findings page of a large partnership making 1,649 queries.)"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereview.workspace.findings import services


def queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def more_actions_on_child_l(people, reviews, count: int) -> None:
    recommendation = reviews["Child L"].recommendations.get(number=1)
    for number in range(count):
        services.add_action(
            people["amina"],
            recommendation,
            description=f"Brief the designated safeguarding leads of cluster {number + 1}.",
            agency="Northshire Council",
            responsible="Head of education safeguarding",
            due_on=recommendation.made_on + datetime.timedelta(days=30 + number),
        )


def test_child_hs_findings_page_does_not_ask_for_each_earlier_actions_impact(client, people, reviews):
    client.force_login(people["carl"])
    path = f"/reviews/{reviews['Child H'].pk}/findings/"
    one_action = queries(client, path)
    more_actions_on_child_l(people, reviews, 11)
    page = client.get(path).content.decode()
    assert page.count("Brief the designated safeguarding leads of cluster") >= 11  # the actions are shown
    assert queries(client, path) == one_action


def test_learning_across_reviews_does_not_ask_for_each_earlier_actions_impact(client, people, reviews):
    client.force_login(people["carl"])
    path = f"/partnerships/{reviews['Child H'].partnership_id}/learning-across-reviews/"
    one_action = queries(client, path)
    more_actions_on_child_l(people, reviews, 11)
    assert queries(client, path) == one_action


def test_the_action_plan_reads_the_same_for_many_actions_as_for_few(client, people, reviews):
    client.force_login(people["amina"])
    path = f"/partnerships/{reviews['Child H'].partnership_id}/actions/"
    few = queries(client, path)
    more_actions_on_child_l(people, reviews, 20)
    assert "cluster 20" in client.get(path, {"status": "all"}).content.decode()
    assert queries(client, path) == few
    assert queries(client, path + "?format=csv") == queries(client, path + "?format=csv&status=not_started")
