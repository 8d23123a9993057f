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
