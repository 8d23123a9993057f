"""With DEBUG on, as `make run` sets it, a missing page or another partnership's review shows the app's own
"Page not found", never Django's technical page listing the site's URL patterns; refusals show the app's 403."""

import pytest


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.mark.parametrize("path", ["/reviews/{south}/", "/reviews/{south}/purpose/letters/family/", "/no-such-page/"])
def test_page_not_found_is_the_apps_own_in_debug(client, reviews, people, debug_on, path):
    client.force_login(people["amina"])
    response = client.get(path.format(south=reviews["Child S"].pk))
    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert "URLconf" not in page and "reviews/&lt;int:review_id&gt;" not in page and "urlpatterns" not in page


def test_a_refusal_is_the_apps_own_403_in_debug(client, reviews, people, debug_on):
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/purpose/letters/family/")
    assert response.status_code == 403
    assert "business managers and lead reviewers can change the records" in response.content.decode()
    assert "Traceback" not in response.content.decode()
