"""The purpose records as Amina and Bea use them in the browser's place: the Django test client."""

from .pages import text_of


def test_removing_a_party_with_communications_asks_first_and_keeps_the_communications(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    chair = review.parties.get(role="Independent chair")
    confirm = text_of(client.get(f"/reviews/{review.pk}/purpose/parties/{chair.pk}/remove/"))
    assert "Remove Independent chair (North Partnership) from the register?" in confirm
    assert "1 logged communication names them. The communications are kept" in confirm
    assert review.parties.filter(pk=chair.pk, removed_at__isnull=True).exists()  # nothing removed by looking

    response = client.post(f"/reviews/{review.pk}/purpose/parties/{chair.pk}/remove/")
    assert response.status_code == 302
    overview = text_of(client.get(f"/reviews/{review.pk}/purpose/"))
    assert "Removed Independent chair (North Partnership) from the register." in overview
    assert "Independent chair" not in overview.split("from the register.")[1]
    log = text_of(client.get(f"/reviews/{review.pk}/purpose/communications/"))
    assert "Independent chair (North Partnership) (since removed from the register)" in log


def test_a_communication_must_say_who_it_went_to_and_keeps_what_was_typed(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["bea"])
    response = client.post(
        f"/reviews/{review.pk}/purpose/communications/new/",
        {
            "date-day": "1",
            "date-month": "6",
            "date-year": "2026",
            "channel": "email",
            "summary": "Email to the panel about the purpose",
            "explained_purpose": "yes",
        },
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "Select who it went to: at least one party or one whole group" in page
    assert "Select whether receipt was confirmed" in page
    assert "Email to the panel about the purpose" in page


def test_a_communication_sent_without_what_was_said_is_refused_with_a_message_not_shown_again_blank(
    client, reviews, people
):
    """Sending the form is always saving it: one without its summary is not mistaken for opening the form."""
    review = reviews["Child H"]
    client.force_login(people["bea"])
    before = review.communications.count()
    response = client.post(
        f"/reviews/{review.pk}/purpose/communications/new/",
        {"date-day": "1", "date-month": "6", "date-year": "2026", "channel": "meeting", "groups": ["family"]},
    )
    page = text_of(response)
    assert response.status_code == 400
    assert "Write what was said, or paste the text of the letter or email" in page
    assert 'value="meeting" checked' in response.content.decode()
    assert review.communications.count() == before


def test_an_acknowledgement_needs_its_date_how_and_to_whom(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    base = {
        "kind": "disciplinary",
        "description": "The trust has suspended a nurse",
        "identified_on-day": "3",
        "identified_on-month": "6",
        "identified_on-year": "2026",
    }
    page = text_of(
        client.post(f"/reviews/{review.pk}/purpose/circumstances/new/", {**base, "acknowledged_how": "At the board"})
    )
    assert "Enter the date it was acknowledged, or clear how and to whom" in page
    page = text_of(
        client.post(
            f"/reviews/{review.pk}/purpose/circumstances/new/",
            {**base, "acknowledged_on-day": "1", "acknowledged_on-month": "6", "acknowledged_on-year": "2026"},
        )
    )
    assert "Date acknowledged must be the same as or after the date identified" in page
    assert "Say how it was acknowledged" in page and "Say to whom it was acknowledged" in page
    assert "The trust has suspended a nurse" in page
    response = client.post(f"/reviews/{review.pk}/purpose/circumstances/new/", base)
    assert response.status_code == 302


def test_unacknowledged_circumstances_stand_out(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["carl"])
    overview = text_of(client.get(f"/reviews/{review.pk}/purpose/"))
    assert "1 circumstance has not been acknowledged yet." in overview
    listing = text_of(client.get(f"/reviews/{review.pk}/purpose/circumstances/"))
    assert (
        listing.index("Not yet acknowledged (1)") < listing.index("Media interest") < listing.index("Acknowledged (1)")
    )


def test_marking_a_group_not_applicable_needs_a_reason_and_shows_it(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    assert "Explain why this group does not apply" in text_of(
        client.post(f"/reviews/{review.pk}/purpose/groups/family/", {"reason": ""})
    )
    client.post(f"/reviews/{review.pk}/purpose/groups/family/", {"reason": "No family members could be traced"})
    marker = text_of(client.get(f"/reviews/{review.pk}/markers/clarity-of-purpose/"))
    assert "The family Not applicable Not applicable: No family members could be traced" in marker


def test_the_marker_page_shows_what_the_records_say_under_each_indicator(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["carl"])
    page = text_of(client.get(f"/reviews/{review.pk}/markers/clarity-of-purpose/"))
    q1, q2, q3 = (page.index(f"Question {n}") for n in (1, 2, 3))
    knowledge = page.index("Knowledge base")
    first, second, third = page[q1:q2], page[q2:q3], page[q3:knowledge]
    assert "Board (partnership) members All told" in first
    assert "Practitioners directly involved Nobody told yet" in first
    assert "Health visitor (Northtown NHS Trust): Not yet told" in first
    assert "Chief nurse (Northshire Integrated Care Board): Sent, not confirmed: letter, 14 May 2026" in first
    assert "Purpose statement, version 1" in second
    # each communication once, in one line that opens it in the log (where what was said is shown)
    assert "2 communications logged, newest first" in second
    assert "Letter, 14 May 2026 to 2 named (agency leaders). Explained the purpose; receipt not confirmed." in second
    assert "Parallel criminal, coroner, HR or regulatory processes Acknowledged" in third
    assert "Media interest Not acknowledged" in third
    # the evidence informs the answer; it never gives it
    assert "Not yet answered" in third


def test_other_markers_show_no_purpose_evidence(client, reviews, people):
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/markers/governance/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Governance" in page
    assert "What the records show" not in page


def test_a_circumstance_cannot_be_identified_in_the_future(client, reviews, people):
    import datetime

    from casereview.workspace.purpose.models import Circumstance

    review = reviews["Child H"]
    client.force_login(people["amina"])
    before = Circumstance.objects.filter(review=review).count()
    next_year = datetime.date.today().year + 1
    response = client.post(
        f"/reviews/{review.pk}/purpose/circumstances/new/",
        {
            "kind": "media",
            "description": "A local paper plans a story",
            "identified_on-day": "1",
            "identified_on-month": "1",
            "identified_on-year": str(next_year),
        },
    )
    page = text_of(response)
    assert response.status_code == 400  # the form again, with its error
    assert "Date identified must be today or in the past" in page
    assert "A local paper plans a story" in page
    assert Circumstance.objects.filter(review=review).count() == before


def test_a_whole_group_letter_not_confirmed_says_so_on_the_marker_page(client, reviews, people):
    import datetime

    from casereview.workspace.purpose import services
    from casereview.workspace.purpose.models import Channel, PartyGroup

    review = reviews["Child H"]
    services.save_communication(
        people["amina"],
        review,
        date=datetime.date(2026, 6, 2),
        channel=Channel.LETTER,
        parties=[],
        groups=[PartyGroup.FAMILY],
        summary="Letter to the family explaining that the review is for learning.",
        explained_purpose=True,
        receipt_confirmed=False,
    )
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{review.pk}/markers/clarity-of-purpose/")
    assert response.status_code == 200
    assert "Told as a whole group: letter, 2 June 2026 (sent, not confirmed)" in text_of(response)
