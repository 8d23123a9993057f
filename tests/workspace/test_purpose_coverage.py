"""Who has been told about the purpose: computed from the register of parties and the communications."""

import datetime

import pytest

from casereview.workspace.purpose import services
from casereview.workspace.purpose.models import Channel, PartyGroup
from casereview.workspace.purpose.services import CoverageStatus


@pytest.fixture
def child_k(people):
    """A fresh review with nothing recorded yet, so each test builds exactly its situation."""
    from casereview.workspace.accounts.models import Partnership
    from casereview.workspace.reviews.services import create_review

    north = Partnership.objects.get(name="North Partnership")
    return create_review(
        people["amina"],
        north,
        reference="Child K",
        review_type="lcspr",
        stage="decision",
        framework_id="scr-quality-markers",
    )


def log(user, review, *, parties=(), groups=(), explained=True, confirmed=True, not_needed="", day=1):
    return services.save_communication(
        user,
        review,
        date=datetime.date(2026, 5, day),
        channel=Channel.LETTER,
        parties=list(parties),
        groups=list(groups),
        summary="About the purpose",
        explained_purpose=explained,
        receipt_confirmed=confirmed,
        receipt_not_needed=not_needed,
    )


def group(review, party_group):
    return next(g for g in services.coverage(review) if g.group == party_group)


def test_a_party_named_in_a_communication_that_explained_the_purpose_is_told(people, child_k):
    amina = people["amina"]
    visitor = services.add_party(
        amina, child_k, group=PartyGroup.PRACTITIONERS, role="Health visitor", organisation="NHS"
    )
    teacher = services.add_party(amina, child_k, group=PartyGroup.PRACTITIONERS, role="Teacher", organisation="School")
    letter = log(amina, child_k, parties=[visitor])
    practitioners = group(child_k, PartyGroup.PRACTITIONERS)
    told = {item.party: item for item in practitioners.parties}
    assert told[visitor].told_by == [letter]
    assert not told[teacher].told
    assert practitioners.status is CoverageStatus.SOME_TOLD and practitioners.told_count == 1


def test_a_communication_that_did_not_explain_the_purpose_does_not_count(people, child_k):
    amina = people["amina"]
    chair = services.add_party(amina, child_k, group=PartyGroup.BOARD, role="Chair", organisation="Partnership")
    invite = log(amina, child_k, parties=[chair], explained=False)
    board = group(child_k, PartyGroup.BOARD)
    assert board.status is CoverageStatus.NONE_TOLD
    assert board.parties[0].contacted_without_purpose == [invite]


def test_a_communication_to_a_whole_group_tells_everyone_then_registered(people, child_k):
    amina = people["amina"]
    chief = services.add_party(amina, child_k, group=PartyGroup.AGENCY_LEADERS, role="Chief nurse", organisation="ICB")
    head = services.add_party(
        amina, child_k, group=PartyGroup.AGENCY_LEADERS, role="Head teacher", organisation="School"
    )
    log(amina, child_k, groups=[PartyGroup.AGENCY_LEADERS])
    leaders = group(child_k, PartyGroup.AGENCY_LEADERS)
    assert leaders.status is CoverageStatus.ALL_TOLD
    assert {item.party for item in leaders.parties} == {chief, head}
    assert group(child_k, PartyGroup.BOARD).status is CoverageStatus.NOBODY_REGISTERED


def test_a_party_added_after_a_group_wide_communication_is_not_assumed_told(people, child_k):
    amina = people["amina"]
    services.add_party(amina, child_k, group=PartyGroup.AGENCY_LEADERS, role="Chief nurse", organisation="ICB")
    letter = log(amina, child_k, groups=[PartyGroup.AGENCY_LEADERS])
    latecomer = services.add_party(
        amina, child_k, group=PartyGroup.AGENCY_LEADERS, role="Police superintendent", organisation="Police"
    )
    leaders = group(child_k, PartyGroup.AGENCY_LEADERS)
    item = next(i for i in leaders.parties if i.party == latecomer)
    assert not item.told and item.missed_group_communications == [letter]
    assert leaders.status is CoverageStatus.SOME_TOLD


def test_a_group_marked_not_applicable_shows_its_reason_whatever_else_is_recorded(people, child_k):
    amina = people["amina"]
    services.set_group_not_applicable(amina, child_k, PartyGroup.FAMILY, "The child's family asked not to be contacted")
    family = group(child_k, PartyGroup.FAMILY)
    assert family.status is CoverageStatus.NOT_APPLICABLE
    assert family.not_applicable.reason == "The child's family asked not to be contacted"
    services.set_group_applicable(amina, child_k, PartyGroup.FAMILY)
    assert group(child_k, PartyGroup.FAMILY).status is CoverageStatus.NOBODY_REGISTERED


def test_a_removed_party_leaves_the_register_but_stays_on_its_communications(people, child_k):
    amina = people["amina"]
    party = services.add_party(
        amina, child_k, group=PartyGroup.REVIEWERS, role="Lead reviewer", organisation="Independent"
    )
    letter = log(amina, child_k, parties=[party])
    services.remove_party(amina, party)
    assert group(child_k, PartyGroup.REVIEWERS).parties == []
    assert list(letter.parties.all()) == [party]
    unlogged = services.add_party(
        amina, child_k, group=PartyGroup.OTHERS, role="Coroner's officer", organisation="Coroner"
    )
    services.remove_party(amina, unlogged)
    assert not child_k.parties.filter(pk=unlogged.pk).exists()


def test_only_business_managers_and_lead_reviewers_change_the_records(people, child_k):
    from casereview.workspace.accounts.permissions import NotAllowed

    with pytest.raises(NotAllowed):
        services.add_party(people["carl"], child_k, group=PartyGroup.BOARD, role="Chair", organisation="Partnership")
    services.add_party(people["bea"], child_k, group=PartyGroup.BOARD, role="Chair", organisation="Partnership")


def test_a_letter_sent_but_not_confirmed_does_not_make_the_group_all_told(people, child_k):
    amina = people["amina"]
    chief = services.add_party(amina, child_k, group=PartyGroup.AGENCY_LEADERS, role="Chief nurse", organisation="ICB")
    letter = log(amina, child_k, parties=[chief], confirmed=False)
    leaders = group(child_k, PartyGroup.AGENCY_LEADERS)
    assert leaders.status is CoverageStatus.NONE_TOLD and leaders.unconfirmed_count == 1
    assert not leaders.parties[0].told and leaders.parties[0].sent_unconfirmed == [letter]


def test_a_recorded_reason_that_receipt_need_not_be_confirmed_counts_as_told(people, child_k):
    amina = people["amina"]
    chair = services.add_party(amina, child_k, group=PartyGroup.BOARD, role="Chair", organisation="Partnership")
    log(amina, child_k, parties=[chair], confirmed=False, not_needed="Handed over at the board meeting she chaired")
    board = group(child_k, PartyGroup.BOARD)
    assert board.status is CoverageStatus.ALL_TOLD and board.unconfirmed_count == 0


def test_the_purpose_page_says_sent_not_confirmed(client, people, child_k):
    amina = people["amina"]
    chief = services.add_party(amina, child_k, group=PartyGroup.AGENCY_LEADERS, role="Chief nurse", organisation="ICB")
    log(amina, child_k, parties=[chief], confirmed=False, day=14)
    client.force_login(amina)
    response = client.get(f"/reviews/{child_k.pk}/purpose/")
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "<strong>Sent, not confirmed:</strong> letter, 14 May 2026" in page
    assert "1 sent, not confirmed" in page and "All told" not in page
