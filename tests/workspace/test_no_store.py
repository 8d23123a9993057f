"""Pages and downloads shown to a signed-in person tell the browser not to keep them, so the back button on a
shared computer shows nothing after sign-out; the public start page and static files keep their caching."""


def kept_out_of_caches(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_a_signed_in_page_is_not_stored(client, people, reviews):
    client.force_login(people["bea"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/")
    assert response.status_code == 200
    assert kept_out_of_caches(response)


def test_an_uploaded_document_download_is_not_stored(client, people, reviews, ids):
    client.force_login(people["bea"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/documents/{ids['document']}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert kept_out_of_caches(response)


def test_a_letter_download_is_not_stored(client, people, reviews):
    client.force_login(people["amina"])
    path = f"/reviews/{reviews['Child H'].pk}/purpose/letters/practitioners/download/"
    response = client.post(
        path,
        {
            "title": "About the review of Child H",
            "letter_date-day": "2",
            "letter_date-month": "12",
            "letter_date-year": "2026",
            "contact": "Amina Khan",
            "text": "Dear Sam,\n\nWith thanks,",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert kept_out_of_caches(response)


def test_the_start_page_for_a_visitor_is_not_marked(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert not kept_out_of_caches(response)


def test_static_files_keep_their_caching(client, people):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/htmx.min.js")
    client.force_login(people["bea"])
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
    assert not kept_out_of_caches(response)
    assert "max-age" in response.get("Cache-Control", "")
