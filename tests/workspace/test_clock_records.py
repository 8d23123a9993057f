"""A business manager records when a review's steps were done, why one was late and who agreed an extension;
everyone on the review sees it on the review's page. Bad dates are refused with a message and nothing is saved.

Child K (North, a serious case review) was notified to North Partnership on Thursday 5 March 2026, so its first
step, notifying the incident within 5 working days, was due on Thursday 12 March 2026 (6, 9, 10, 11, 12 March).
"""

import datetime

import pytest

from casereview.timescales import Direction, Period, Unit
from casereview.workspace.clocks import services
from casereview.workspace.clocks.models import ClosureDay, Extension, LocalPeriod, LocalStep, StepRecord

NOTIFY = "/reviews/{}/steps/notify/"


@pytest.fixture
def child_k(people, reviews):
    from casereview.workspace.purpose.models import CircumstanceKind
    from casereview.workspace.purpose.services import save_circumstance
    from casereview.workspace.reviews.services import create_review

    review = create_review(
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
    save_circumstance(
        people["amina"],
        review,
        kind=CircumstanceKind.PARALLEL,
        description="A police investigation.",
        identified_on=datetime.date(2026, 3, 6),
        acknowledged_on=None,
        acknowledged_how="",
        acknowledged_to="",
    )
    return review


def form(**dates: datetime.date) -> dict:
    data = {}
    for name, day in dates.items():
        data |= {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
    return data


def test_the_review_page_shows_each_step_with_its_due_date_and_status(client, people, child_k):
    client.force_login(people["carl"])
    response = client.get(f"/reviews/{child_k.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Steps and timescales" in page
    assert "12 March 2026" in page and "Overdue by" in page
    assert "Record done date" not in page  # Carl, an observer, reads but does not record


def test_amina_records_a_late_step_with_its_reason_and_everyone_sees_it(client, people, child_k):
    child_h = child_k
    circumstance = child_k.circumstances.get(kind="parallel")
    client.force_login(people["amina"])
    response = client.post(
        NOTIFY.format(child_h.pk),
        form(done_on=datetime.date(2026, 3, 16))
        | {
            "lateness_reason": "The police asked us to wait for their first interviews.",
            "circumstance": circumstance.pk,
        },
    )
    assert response.status_code == 302
    client.force_login(people["bo"])
    page = client.get(f"/reviews/{child_h.pk}/").content.decode()
    # Due Thursday 12 March, done Monday 16 March: Friday 13 and Monday 16 are two working days late.
    assert "Done late by 2 working days" in page
    assert "The police asked us to wait for their first interviews." in page
    assert "Parallel criminal, coroner, HR or regulatory processes" in page


def test_an_agreed_extension_moves_the_due_date_and_says_who_agreed(client, people, child_k):
    child_h = child_k
    client.force_login(people["amina"])
    response = client.post(
        f"{NOTIFY.format(child_h.pk)}extensions/new/",
        form(due_on=datetime.date(2026, 3, 20), agreed_on=datetime.date(2026, 3, 11))
        | {"kind": "extension", "reason": "Waiting for the police.", "agreed_by": "Independent chair"},
    )
    assert response.status_code == 302
    page = client.get(f"/reviews/{child_h.pk}/").content.decode()
    assert "20 March 2026" in page and "(was 12 March 2026)" in page
    assert "agreed by Independent chair on 11 March 2026" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            form(done_on=datetime.date.today() + datetime.timedelta(days=3)),
            "The date done must be today or in the past",
        ),
        (form(done_on=datetime.date(2026, 3, 1)), "must be the same as or after 5 March 2026"),
        ({"done_on-day": "31", "done_on-month": "2", "done_on-year": "2026"}, "Date done must be a real date"),
    ],
)
def test_a_wrong_done_date_is_refused_with_a_message_and_nothing_is_saved(client, people, child_k, data, message):
    client.force_login(people["amina"])
    response = client.post(NOTIFY.format(child_k.pk), data | {"lateness_reason": "Typed with care"})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Typed with care" in page  # what was typed is still there
    assert not StepRecord.objects.filter(review=child_k).exists()


def test_an_extension_to_before_the_due_date_is_refused(client, people, child_k):
    client.force_login(people["amina"])
    response = client.post(
        f"{NOTIFY.format(child_k.pk)}extensions/new/",
        form(due_on=datetime.date(2026, 3, 10), agreed_on=datetime.date(2026, 3, 9))
        | {"kind": "pause", "reason": "Inquest", "agreed_by": "Chair"},
    )
    assert response.status_code == 400
    assert "The new due date must be after the date it replaces (12 March 2026)" in response.content.decode()
    assert not Extension.objects.exists()


def test_an_observer_cannot_record_even_by_posting(client, people, child_k):
    client.force_login(people["carl"])
    response = client.post(NOTIFY.format(child_k.pk), form(done_on=datetime.date(2026, 3, 10)))
    assert response.status_code == 403
    assert not StepRecord.objects.filter(review=child_k).exists()


def test_a_step_the_review_does_not_have_is_not_found(client, people, reviews):
    client.force_login(people["amina"])
    assert client.get(f"/reviews/{reviews['Child H'].pk}/steps/rapid-review-to-panel/").status_code == 404


def north(reviews):
    return reviews["Child H"].partnership


def test_a_closure_day_moves_due_dates(people, reviews):
    before = services.find_step(reviews["Child H"], "notify").clock.due
    services.add_closure_day(people["amina"], north(reviews), day=datetime.date(2026, 3, 9), description="Training")
    after = services.find_step(reviews["Child H"], "notify").clock.due
    assert (before, after) == (datetime.date(2026, 3, 12), datetime.date(2026, 3, 13))
    with pytest.raises(services.ClockInputError, match="already a closure day"):
        services.add_closure_day(people["amina"], north(reviews), day=datetime.date(2026, 3, 9), description="x")


def test_statutory_periods_cannot_be_changed_but_local_ones_can(people, reviews):
    amina = people["amina"]
    with pytest.raises(services.ClockInputError, match="set by statute"):
        services.set_local_period(
            amina, north(reviews), "scr", "notify", period=Period(amount=10, unit=Unit.WORKING_DAYS)
        )
    services.set_local_period(
        amina, north(reviews), "sar_mandatory", "decide", period=Period(amount=20, unit=Unit.WORKING_DAYS)
    )
    adult_m = services.find_step(reviews["Adult M"], "decide")
    assert str(adult_m.step.period) == "20 working days after"
    assert LocalPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("step_id", "counts_from", "amount", "message"),
    [
        ("chronologies", "chronologies", 20, "counts from itself"),
        ("chronologies", "panel-meeting", 20, "which is neither a step here"),
        ("chronologies", "initiation", 0, "a period must be 1 or more"),
        ("chronologies", "initiation", -5, "a period must be 1 or more"),
        ("notify", "initiation", 5, "is used twice"),
        ("Agency Chronologies", "initiation", 5, "lower-case letters and numbers"),
    ],
)
def test_a_partnerships_own_step_that_cannot_work_is_refused(people, reviews, step_id, counts_from, amount, message):
    with pytest.raises(services.ClockInputError, match=message):
        services.add_local_step(
            people["amina"],
            north(reviews),
            "scr",
            step_id=step_id,
            name="Agency chronologies in",
            counts_from=counts_from,
            period=Period(amount=amount, unit=Unit.WORKING_DAYS, direction=Direction.AFTER),
        )
    assert not LocalStep.objects.exists()


def test_a_partnerships_own_step_joins_its_reviews_as_local(people, reviews):
    services.add_local_step(
        people["amina"],
        north(reviews),
        "scr",
        step_id="chronologies",
        name="Agency chronologies in",
        counts_from="initiation",
        period=Period(amount=20, unit=Unit.WORKING_DAYS),
    )
    step = services.find_step(reviews["Child H"], "chronologies")
    # Started Monday 20 April 2026; 20 working days with the May Day bank holiday (4 May) is Tuesday 19 May.
    assert step.clock.due == datetime.date(2026, 5, 19)
    assert not step.step.statutory
    assert services.find_step(reviews["Child S"], "chronologies") is None  # South's reviews are not changed


def test_only_a_business_manager_may_change_timescales(people, reviews):
    from casereview.workspace.accounts.permissions import NotAllowed

    with pytest.raises(NotAllowed):
        services.add_closure_day(people["bea"], north(reviews), day=datetime.date(2026, 3, 9), description="x")
    assert not ClosureDay.objects.exists()


def test_the_timeliness_questions_show_what_the_step_records_say(client, people, reviews):
    """Child L (demonstration, a local review) was published late because of the inquest; Child H (an SCR) is
    running: notified and decided on time, its completion overdue since 20 October 2026 with no reason given."""
    client.force_login(people["bo"])
    response = client.get(f"/reviews/{reviews['Child H'].pk}/markers/scr-management/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-evidence="timeliness"' in page
    assert "3 steps with timescales:\n      2 done on time, 1 late" in page
    assert "Complete the review" in page and "No reason recorded." in page
    child_l = client.get(f"/reviews/{reviews['Child L'].pk}/markers/scr-management/").content.decode()
    assert "The review took 221 days from 12 January 2026 to publication on 21 August 2026." in child_l
    assert "Why: Publication waited for the inquest to finish" in child_l
    assert "(linked to parallel criminal, coroner, hr or regulatory processes)" in child_l


def test_the_board_sees_how_long_each_review_took_and_why_steps_were_late(client, people, reviews):
    client.force_login(people["bo"])
    response = client.get(f"/partnerships/{reviews['Child H'].partnership_id}/timeliness/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "221 days" in page and "12 January 2026" in page  # Child L, decided to publication
    assert "Publication waited for the inquest to finish" in page
    assert "no reason recorded" in page  # Child H's overdue completion
    assert ">Child S<" not in page


def test_the_board_view_reads_the_same_number_of_times_for_few_reviews_as_many(client, people, reviews):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.workspace.test_register import grow_register

    client.force_login(people["bo"])
    url = f"/partnerships/{reviews['Child H'].partnership_id}/timeliness/"

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    few = count()
    grow_register(people, 30)
    assert count() == few


def timescales(reviews, page: str = "") -> str:
    return f"/partnerships/{reviews['Child H'].partnership_id}/timescales/{page}"


def test_amina_adds_a_closure_day_and_her_own_step_through_the_pages(client, people, reviews):
    client.force_login(people["amina"])
    response = client.post(
        timescales(reviews, "closures/new/"), form(day=datetime.date(2026, 3, 9)) | {"description": "Training day"}
    )
    assert response.status_code == 302
    response = client.post(
        timescales(reviews, "steps/new/"),
        {
            "review_type": "scr",
            "name": "Agency chronologies in",
            "step_id": "chronologies",
            "counts_from": "initiation",
            "amount": "20",
            "unit": "working days",
            "direction": "after",
        },
    )
    assert response.status_code == 302
    client.force_login(people["carl"])
    page = client.get(timescales(reviews)).content.decode()
    assert "9 March 2026: Training day" in page
    assert "Agency chronologies in" in page and "North Partnership’s own step" in page
    assert "Change<span" not in page  # Carl reads; he cannot change


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"step_id": "chronologies", "counts_from": "chronologies", "amount": "20"}, "counts from itself"),
        ({"step_id": "chronologies", "counts_from": "panel-meeting", "amount": "20"}, "neither a step here"),
        ({"step_id": "chronologies", "counts_from": "initiation", "amount": "0"}, "a period must be 1 or more"),
    ],
)
def test_an_own_step_that_cannot_work_is_refused_on_the_page_and_kept(client, people, reviews, fields, message):
    client.force_login(people["amina"])
    data = {"review_type": "scr", "name": "Agency chronologies in", "unit": "working days", "direction": "after"}
    response = client.post(timescales(reviews, "steps/new/"), data | fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and 'value="Agency chronologies in"' in page
    assert not LocalStep.objects.exists()


def test_a_statutory_period_cannot_be_changed_on_the_page(client, people, reviews):
    client.force_login(people["amina"])
    response = client.post(
        timescales(reviews, "scr/notify/period/"), {"amount": "10", "unit": "working days", "direction": "after"}
    )
    assert response.status_code == 400
    assert "its period cannot be changed here" in response.content.decode()
    assert not LocalPeriod.objects.exists()
    local = client.post(
        timescales(reviews, "sar_mandatory/decide/period/"),
        {"amount": "20", "unit": "working days", "direction": "after"},
    )
    assert local.status_code == 302
    assert "Set by North Partnership" in client.get(timescales(reviews)).content.decode()
