"""Each review's next step is stored on the review, so the register sorts and pages in the database; whatever it
depends on, changed through the app, changes the stored step at once, and it always equals the step worked out
afresh from the records.

Child K (North, a serious case review) was notified on Thursday 5 March 2026: its first step, notifying the
incident within 5 working days, is due on Thursday 12 March 2026.
"""

import datetime
import importlib
import re

import pytest
from django.apps import apps

from casereview.timescales import Direction, Period, Unit
from casereview.workspace.clocks import services as clocks
from casereview.workspace.clocks.models import ExtensionKind
from casereview.workspace.reviews import services as reviews_services
from casereview.workspace.reviews.models import Review

NOTIFY = "Notify the serious incident (Ofsted and the Local Safeguarding Children Board; the Panel from 29 June 2018)"


@pytest.fixture
def child_k(people, reviews):
    return reviews_services.create_review(
        people["amina"],
        reviews["Child H"].partnership,
        reference="Child K",
        review_type="scr",
        stage="referral",
        framework_id="scr-quality-markers",
        aware_date=datetime.date(2026, 3, 5),
        notification_date=datetime.date(2026, 3, 5),
        lead_reviewer=people["bea"],
    )


def stored(review: Review) -> tuple[str, datetime.date | None]:
    row = Review.objects.values("next_step_name", "next_step_due").get(pk=review.pk)
    return row["next_step_name"], row["next_step_due"]


def worked_out(review: Review) -> tuple[str, datetime.date | None]:
    clock = clocks.next_steps([review])[review.pk]
    return (clock.step.name, clock.due) if clock else ("", None)


def test_a_new_review_has_its_next_step_stored(child_k):
    assert stored(child_k) == (NOTIFY, datetime.date(2026, 3, 12))
    assert stored(child_k) == worked_out(child_k)


def edit_register_entry(user, review, **changes):
    """Save the review's whole register entry, as its edit form does, with these values changed."""
    entry = {
        name: getattr(review, name)
        for name in (
            "reference",
            "review_type",
            "stage",
            "framework_id",
            "lead_reviewer",
            "incident_date",
            "aware_date",
            "notification_date",
            "decision_date",
            "initiation_date",
            "publication_date",
        )
    }
    reviews_services.update_review(user, review, **{**entry, **changes})


def test_changing_the_date_of_awareness_moves_the_stored_step(people, child_k):
    edit_register_entry(
        people["amina"], child_k, aware_date=datetime.date(2026, 3, 9), notification_date=datetime.date(2026, 3, 10)
    )
    assert stored(child_k)[1] == datetime.date(2026, 3, 16)
    assert stored(child_k) == worked_out(child_k)


def test_the_date_the_panel_was_notified_does_not_move_the_first_step(people, child_k):
    """Notifying the Panel counts from awareness: recording the day it was notified must not push its deadline."""
    edit_register_entry(people["amina"], child_k, notification_date=datetime.date(2026, 3, 11))
    assert stored(child_k) == (NOTIFY, datetime.date(2026, 3, 12))
    assert stored(child_k) == worked_out(child_k)


def test_changing_the_review_type_changes_the_stored_step(people, child_k):
    edit_register_entry(people["amina"], child_k, review_type="rapid_review")
    assert stored(child_k)[0] == "Notify the Child Safeguarding Practice Review Panel of the serious incident"
    assert stored(child_k) == worked_out(child_k)


def test_recording_a_step_done_moves_on_to_the_next_step(people, child_k):
    clocks.record_step(
        people["amina"], child_k, "notify", done_on=datetime.date(2026, 3, 10), lateness_reason="", circumstance=None
    )
    name, due = stored(child_k)
    assert name != NOTIFY and due is not None
    assert (name, due) == worked_out(child_k)


def test_an_agreed_extension_moves_the_stored_due_date(people, child_k):
    clocks.add_extension(
        people["amina"],
        child_k,
        "notify",
        kind=ExtensionKind.EXTENSION,
        due_on=datetime.date(2026, 3, 20),
        reason="The family asked for time.",
        agreed_by="The Panel",
        agreed_on=datetime.date(2026, 3, 11),
    )
    assert stored(child_k)[1] == datetime.date(2026, 3, 20)


def test_a_closure_day_moves_the_stored_due_date_of_every_review_of_the_partnership(people, reviews, child_k):
    clocks.add_closure_day(people["amina"], child_k.partnership, day=datetime.date(2026, 3, 9), description="Training")
    assert stored(child_k)[1] == datetime.date(2026, 3, 13)
    for review in Review.objects.filter(partnership=child_k.partnership):
        assert stored(review) == worked_out(review), review.reference


def test_a_local_period_moves_the_stored_due_date_of_that_type_of_review(people, reviews):
    adult_m = reviews["Adult M"]
    before = stored(adult_m)
    clocks.set_local_period(
        people["amina"],
        adult_m.partnership,
        "sar_mandatory",
        "decide",
        period=Period(amount=20, unit=Unit.WORKING_DAYS),
    )
    assert stored(adult_m) != before
    assert stored(adult_m) == worked_out(adult_m)


def test_a_partnerships_own_step_can_become_the_next_step(people, reviews):
    child_h = reviews["Child H"]
    clocks.add_local_step(
        people["amina"],
        child_h.partnership,
        "scr",
        step_id="chronologies",
        name="Agency chronologies in",
        counts_from="initiation",
        period=Period(amount=20, unit=Unit.WORKING_DAYS, direction=Direction.AFTER),
    )
    assert stored(child_h) == ("Agency chronologies in", datetime.date(2026, 5, 19))
    assert stored(reviews["Child S"]) == worked_out(reviews["Child S"])  # South's review is not changed


def test_closing_and_archiving_with_a_copy_read_earlier_keep_the_newer_step(people, child_k):
    """Someone opens the close page, someone else records a step, then the first closes the review: closing must
    not write back the next step it read before the record."""
    read_earlier = Review.objects.get(pk=child_k.pk)
    clocks.record_step(
        people["amina"], child_k, "notify", done_on=datetime.date(2026, 3, 10), lateness_reason="", circumstance=None
    )
    newer = stored(child_k)
    reviews_services.close_review(people["amina"], read_earlier, closed_on=datetime.date(2026, 3, 11), reason="Done")
    reviews_services.archive_review(people["amina"], read_earlier)
    reviews_services.restore_review(people["amina"], read_earlier)
    assert stored(child_k) == newer == worked_out(child_k)


def test_a_step_stored_under_other_step_files_is_worked_out_again_by_the_register(client, people, child_k):
    """After an upgrade the step files' fingerprint differs: the register works those reviews out again."""
    Review.objects.filter(pk=child_k.pk).update(next_step_name="Out of date", next_step_due=None, next_step_basis="old")
    client.force_login(people["amina"])
    page = client.get("/reviews/").content.decode()
    assert "Out of date" not in page
    assert f"{NOTIFY}: 12 March 2026" in page
    assert Review.objects.get(pk=child_k.pk).next_step_basis == clocks.next_step_basis()


def test_the_data_migration_stores_what_the_service_stores(people, reviews, child_k):
    clocks.add_closure_day(people["amina"], child_k.partnership, day=datetime.date(2026, 3, 9), description="Training")
    clocks.record_step(
        people["amina"], child_k, "notify", done_on=datetime.date(2026, 3, 13), lateness_reason="", circumstance=None
    )
    expected = {row.pk: (row.next_step_name, row.next_step_due, row.next_step_basis) for row in Review.objects.all()}
    Review.objects.update(next_step_name="", next_step_due=None, next_step_basis="")
    # The latest migration that stores them (0006 stores them as 0005 does, awareness read from its own date).
    migration = importlib.import_module("casereview.workspace.reviews.migrations.0006_review_aware_date")
    migration.copy_notification(apps, None)
    assert {row.pk: (row.next_step_name, row.next_step_due, row.next_step_basis) for row in Review.objects.all()} == (
        expected
    )


def test_the_migration_takes_awareness_from_the_date_of_notification_so_no_clock_moves(people, reviews, child_k):
    """Before awareness had its own date the clocks counted from the date of notification: an existing review
    keeps the due dates it had."""
    Review.objects.filter(pk=child_k.pk).update(
        aware_date=None, notification_date=datetime.date(2026, 3, 9), next_step_name="", next_step_due=None
    )
    kept = Review.objects.exclude(pk=child_k.pk).exclude(aware_date=None).values_list("pk", "aware_date")
    kept = dict(kept)
    migration = importlib.import_module("casereview.workspace.reviews.migrations.0006_review_aware_date")
    migration.copy_notification(apps, None)
    assert Review.objects.get(pk=child_k.pk).aware_date == datetime.date(2026, 3, 9)
    # Counted from 9 March as before: 5 working days.
    assert stored(child_k) == (NOTIFY, datetime.date(2026, 3, 16))
    # A review that already has its own date of awareness keeps it.
    assert dict(Review.objects.filter(pk__in=kept).values_list("pk", "aware_date")) == kept


def register_references(client, **query) -> list[str]:
    page = client.get("/reviews/", query).content.decode()
    return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]+>([^<]+)</a>', page)


def test_sorting_by_type_and_stage_follows_the_labels_and_the_stages_order(client, people, reviews, child_k):
    client.force_login(people["amina"])
    shown = {review.reference: review for review in Review.objects.filter(partnership=child_k.partnership)}
    by_type = sorted(shown.values(), key=lambda review: (review.get_review_type_display(), review.reference.casefold()))
    assert register_references(client, sort="type") == [review.reference for review in by_type]
    stages = list(type(child_k).stage.field.choices)
    order = [value for value, _ in stages]
    by_stage = sorted(shown.values(), key=lambda review: (order.index(review.stage), review.reference.casefold()))
    assert register_references(client, sort="stage") == [review.reference for review in by_stage]
