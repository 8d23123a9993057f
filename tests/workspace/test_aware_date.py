"""The first statutory clock counts from the day the local authority became aware of the serious incident, not from
the day the Panel was notified (issue 13).

Amina, business manager of North Partnership, adds Child A, a rapid review: the local authority became aware on
Wednesday 1 April 2026 and she notified the Panel on Wednesday 8 April. Five working days from 1 April, over Good
Friday (3 April) and Easter Monday (6 April), is Friday 10 April 2026.
"""

import datetime
import io
import re

import docx

from casereview.workspace.reports.content import Options, board_report
from casereview.workspace.reports.sections import Section
from casereview.workspace.reports.services import board_report_file
from casereview.workspace.reviews.models import Review

from .pages import text_of

NOTIFY_PANEL = "Notify the Child Safeguarding Practice Review Panel of the serious incident"
CHILD_A = {
    "reference": "Child A",
    "review_type": "rapid_review",
    "stage": "referral",
    "framework_id": "scr-quality-markers",
    "incident_date-day": "31",
    "incident_date-month": "3",
    "incident_date-year": "2026",
    "aware_date-day": "1",
    "aware_date-month": "4",
    "aware_date-year": "2026",
    "notification_date-day": "8",
    "notification_date-month": "4",
    "notification_date-year": "2026",
}


def add_child_a(client, people, **changes):
    from casereview.workspace.accounts.models import Partnership

    client.force_login(people["amina"])
    north = Partnership.objects.get(name="North Partnership")
    return client.post("/reviews/new/", {"partnership": north.pk, **CHILD_A, **changes})


def test_the_form_says_what_awareness_is_and_that_the_panel_is_notified_within_5_working_days_of_it(client, people):
    client.force_login(people["amina"])
    page = text_of(client.get("/reviews/new/").content.decode())
    assert "Date the local authority became aware of the incident" in page
    assert "The Panel must be notified within 5 working days of it" in page
    assert "The day the Child Safeguarding Practice Review Panel or the partnership was notified" in page


def test_the_first_step_is_due_5_working_days_after_awareness_over_the_easter_bank_holidays(client, people):
    response = add_child_a(client, people)
    review = Review.objects.get(reference="Child A")
    assert response.status_code == 302
    assert (review.aware_date, review.notification_date) == (datetime.date(2026, 4, 1), datetime.date(2026, 4, 8))
    assert (review.next_step_name, review.next_step_due) == (NOTIFY_PANEL, datetime.date(2026, 4, 10))
    page = text_of(client.get(f"/reviews/{review.pk}/").content.decode())
    assert "Date the local authority became aware of the incident 1 April 2026" in page
    assert "Date of notification 8 April 2026" in page
    assert "10 April 2026" in page


def test_changing_the_date_of_awareness_moves_the_first_step(client, people):
    add_child_a(client, people)
    review = Review.objects.get(reference="Child A")
    # Aware on Thursday 2 April: 5 working days over Easter is Monday 13 April.
    response = client.post(f"/reviews/{review.pk}/edit/", {**CHILD_A, "aware_date-day": "2"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.next_step_name, review.next_step_due) == (NOTIFY_PANEL, datetime.date(2026, 4, 13))


def test_awareness_out_of_order_is_refused_with_the_reason_and_keeps_what_was_typed(client, people):
    response = add_child_a(client, people, **{"notification_date-day": "30", "notification_date-month": "3"})
    page = response.content.decode()
    assert response.status_code == 400 and not Review.objects.filter(reference="Child A").exists()
    assert (
        "Date of notification must be the same as or after the date the local authority became aware of the "
        "incident (1 April 2026)" in page
    )
    assert 'href="#id_notification_date-day"' in page
    for name, value in CHILD_A.items():
        if name.startswith("aware_date"):
            assert re.search(rf'name="{name}"[^>]*value="{value}"', page), name
    response = add_child_a(client, people, **{"aware_date-day": "30", "aware_date-month": "3"})
    assert response.status_code == 400
    assert (
        "Date the local authority became aware of the incident must be the same as or after the date of the "
        "serious incident (31 March 2026)" in response.content.decode()
    )


def test_the_board_report_register_entry_shows_the_date_of_awareness(client, people):
    add_child_a(client, people)
    review = Review.objects.get(reference="Child A")
    options = Options(sections=frozenset({Section.REGISTER}))
    document = board_report(review, options)
    facts = dict(row for block in document.blocks if type(block).__name__ == "Facts" for row in block.rows)
    assert facts["Date the local authority became aware of the incident"] == "1 April 2026"
    assert facts["Date of notification"] == "8 April 2026"
    # And in the Word file the board reads.
    word = docx.Document(io.BytesIO(board_report_file(review, options, "docx").content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Date the local authority became aware of the incident" in cells and "1 April 2026" in cells
