"""Amina adds a theme of North Partnership's own beside the shipped list; Bea can then code a finding to it. A
theme the list already has is refused; only a business manager adds one; South never sees North's themes."""

import pytest

from casereview.workspace.findings import services
from casereview.workspace.findings.models import LocalTheme

from .pages import submit, text_of


def test_amina_adds_a_theme_and_bea_codes_a_finding_to_it(client, people, reviews):
    north = reviews["Child H"].partnership
    client.force_login(people["amina"])
    response = submit(client, f"/partnerships/{north.pk}/themes/new/", {"name": "Cuckooing"})
    assert response.status_code == 302
    assert LocalTheme.objects.get(partnership=north).theme_id == "cuckooing"
    page = text_of(client.get(f"/partnerships/{north.pk}/themes/"))
    assert "Cuckooing" in page and "Care and support statutory guidance" in page
    finding = services.save_finding(
        people["bea"],
        reviews["Child H"],
        statement="Exploitation of the home by others was not recognised as a risk by any agency.",
        evidence="",
        categories=[],
        themes=["cuckooing"],
    )
    assert finding.themes == ["cuckooing"]
    dev_sees = services.themes_of(reviews["Child S"].partnership)
    assert "cuckooing" not in {choice.id for choice in dev_sees}


def test_a_theme_already_listed_is_refused(client, people, reviews):
    north = reviews["Child H"].partnership
    client.force_login(people["amina"])
    response = submit(client, f"/partnerships/{north.pk}/themes/new/", {"name": "self-neglect"})
    assert response.status_code == 400
    assert "“self-neglect” is already one of the themes" in text_of(response)
    assert not LocalTheme.objects.exists()


def test_only_a_business_manager_adds_one(people, reviews):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_local_theme(people["bea"], reviews["Child H"].partnership, name="Cuckooing")


def test_two_business_managers_adding_one_theme_at_once_get_it_once_and_the_second_is_told(transactional_db, people):
    """Amina and a colleague both find "Cuckooing" missing and add it at the same moment: the database lets the
    first have it, and the second gets the page's own message, not a server error."""
    from django.db import connection

    from casereview.workspace.accounts.models import Partnership

    from .test_imports_at_the_same_moment import _while_the_first_is_open

    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the second waits for the first's write lock before it looks, so they cannot race")
    north = Partnership.objects.get(name="North Partnership")

    def second():
        try:
            return services.add_local_theme(people["amina"], north, name="Cuckooing")
        except services.FindingsInputError as refused:
            return refused.problems

    made, told = _while_the_first_is_open(
        lambda: services.add_local_theme(people["amina"], north, name="Cuckooing"), second
    )

    assert made.theme_id == "cuckooing"
    assert told == {"name": "“Cuckooing” is already one of the themes"}
    assert LocalTheme.objects.filter(partnership=north).count() == 1
