"""Services name the fields they write. Amina, business manager in North Partnership, who misspells a field
when calling a service is told so at once; nothing half-written is saved, and changing one field of a record
keeps the others."""

import datetime

import pytest

from casereview.workspace.concerns import services as concerns
from casereview.workspace.purpose import services as purpose
from casereview.workspace.purpose.models import CircumstanceKind, PartyGroup
from casereview.workspace.reviews import services as reviews_services


def test_a_misspelt_field_of_a_party_is_refused_and_the_party_is_unchanged(people, reviews):
    amina, child_h = people["amina"], reviews["Child H"]
    party = purpose.add_party(amina, child_h, group=PartyGroup.OTHERS, role="Coroner's officer", organisation="Coroner")
    with pytest.raises(TypeError, match="organsation"):
        purpose.update_party(amina, party, group=PartyGroup.OTHERS, role="Coroner", organsation="HM Coroner", name="")
    party.refresh_from_db()
    assert (party.role, party.organisation) == ("Coroner's officer", "Coroner")


def test_a_misspelt_field_of_a_new_review_adds_no_review(people, reviews):
    north = reviews["Child H"].partnership
    with pytest.raises(TypeError, match="notifcation_date"):
        reviews_services.create_review(
            people["amina"],
            north,
            reference="Child Q",
            review_type="lcspr",
            framework_id="scr-quality-markers",
            notifcation_date=datetime.date(2026, 3, 5),
        )
    assert not north.reviews.filter(reference="Child Q").exists()


def test_changing_one_field_of_a_circumstance_keeps_the_others(people, reviews):
    amina, child_h = people["amina"], reviews["Child H"]
    circumstance = purpose.save_circumstance(
        amina,
        child_h,
        kind=CircumstanceKind.MEDIA,
        description="Local press coverage.",
        identified_on=datetime.date(2026, 3, 9),
        shareable_text="The review has been reported in the local press.",
    )
    purpose.save_circumstance(amina, child_h, circumstance=circumstance, description="Regional press coverage.")
    circumstance.refresh_from_db()
    assert circumstance.description == "Regional press coverage."
    assert circumstance.kind == CircumstanceKind.MEDIA
    assert circumstance.identified_on == datetime.date(2026, 3, 9)
    assert circumstance.shareable_text == "The review has been reported in the local press."


def test_a_misspelt_field_of_a_concern_is_refused(people, reviews):
    with pytest.raises(TypeError, match="descripton"):
        concerns.save_concern(
            people["amina"],
            reviews["Child H"],
            kind="omission",
            descripton="No home visit after two missed appointments.",
            role="School nurse",
            organisation="Northtown NHS Trust",
            raised_on=datetime.date(2026, 5, 20),
        )
    assert not reviews["Child H"].concerns.filter(role="School nurse", raised_on=datetime.date(2026, 5, 20)).exists()
