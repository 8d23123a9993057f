"""Due dates and statuses as a business manager sees them on a given day, worked out by hand from the calendar."""

from datetime import date

import pytest

from casereview.timescales import (
    Basis,
    Direction,
    Period,
    State,
    Step,
    StepsError,
    Unit,
    compute_due_dates,
    customise,
    due_soon,
    late_count,
    next_due,
    steps_for,
)

RAPID = steps_for("rapid_review")
# North Partnership's local authority became aware of the incident on Tue 20 Dec 2022. Five working days:
# Wed 21 (1), Thu 22 (2), Fri 23 (3), [Mon 26 Boxing Day, Tue 27 substitute for Christmas], Wed 28 (4), Thu 29 (5).
AWARE = {"aware": date(2022, 12, 20)}


def clocks_on(today: date, done: dict[str, date] | None = None, **kwargs):
    return {clock.step.id: clock for clock in compute_due_dates(RAPID, AWARE, done or {}, today=today, **kwargs)}


def test_the_notification_is_due_five_working_days_after_the_authority_became_aware():
    clock = clocks_on(date(2022, 12, 21))["notify-panel"]
    assert (clock.starts, clock.due, clock.done) == (date(2022, 12, 20), date(2022, 12, 29), None)
    # From Wed 21: Thu 22, Fri 23, Wed 28, Thu 29.
    assert str(clock.status) == "due in 4 working days"


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2022, 12, 28), "due in 1 working day"),
        (date(2022, 12, 29), "due today"),
        (date(2022, 12, 30), "overdue by 1 working day"),
        (date(2022, 12, 31), "overdue by 1 working day"),  # a Saturday: late, though no working day has passed
        (date(2023, 1, 3), "overdue by 2 working days"),  # Fri 30 Dec, [Mon 2 Jan substitute], Tue 3 Jan
    ],
)
def test_the_status_on_each_day(today, shown):
    assert str(clocks_on(today)["notify-panel"].status) == shown


def test_the_rapid_review_waits_for_the_notification_then_counts_from_the_day_it_was_sent():
    waiting = clocks_on(date(2022, 12, 21))["rapid-review-to-panel"]
    assert (waiting.starts, waiting.due, waiting.status.state) == (None, None, State.NOT_STARTED)
    assert str(waiting.status) == "not started"

    clocks = clocks_on(date(2023, 1, 10), {"notify-panel": date(2022, 12, 23)})
    assert str(clocks["notify-panel"].status) == "done"
    review = clocks["rapid-review-to-panel"]
    # From Fri 23 Dec 2022: Wed 28 (1), Thu 29 (2), Fri 30 (3), [Mon 2 Jan], Tue 3 (4) ... Fri 6 (7), Mon 9 (8) ...
    # Fri 13 (12), Mon 16 (13), Tue 17 (14), Wed 18 Jan 2023 (15).
    assert (review.starts, review.due) == (date(2022, 12, 23), date(2023, 1, 18))
    assert str(review.status) == "due in 6 working days"  # Wed 11, Thu 12, Fri 13, Mon 16, Tue 17, Wed 18


def test_done_late_is_counted_in_working_days_after_the_due_date():
    # Due Thu 29 Dec 2022, sent Tue 3 Jan 2023: Fri 30 and Tue 3 are the working days lost.
    clocks = clocks_on(date(2023, 1, 20), {"notify-panel": date(2023, 1, 3)})
    assert str(clocks["notify-panel"].status) == "done late by 2 working days"
    assert clocks["notify-panel"].status.late
    # Due Thu 29, sent on Sat 31 Dec: late by at least one day.
    clocks = clocks_on(date(2023, 1, 20), {"notify-panel": date(2022, 12, 31)})
    assert str(clocks["notify-panel"].status) == "done late by 1 working day"


def test_a_partnership_closure_moves_the_due_date():
    # North Partnership was closed on Wed 28 Dec 2022: the fifth working day becomes Fri 30 Dec.
    clock = clocks_on(date(2022, 12, 21), closures=[date(2022, 12, 28)])["notify-panel"]
    assert clock.due == date(2022, 12, 30)


def test_the_register_next_step_and_the_board_count_of_late_steps():
    # A local review decided on Sat 31 Aug 2024, publication planned for Mon 10 Mar 2025.
    # Six months after 31 Aug is 28 Feb 2025 (February is shorter). Seven working days before Mon 10 Mar:
    # Fri 7 (1), Thu 6 (2), Wed 5 (3), Tue 4 (4), Mon 3 (5), Fri 28 Feb (6), Thu 27 Feb (7).
    key_dates = {"decision": date(2024, 8, 31), "publication": date(2025, 3, 10)}
    clocks = compute_due_dates(steps_for("lcspr"), key_dates, {}, today=date(2025, 2, 3))
    due = {clock.step.id: clock.due for clock in clocks}
    assert due == {"publish-report": date(2025, 2, 28), "report-to-panel": date(2025, 2, 27)}
    assert next_due(clocks).step.id == "report-to-panel"
    assert late_count(clocks) == 0

    on_3_march = compute_due_dates(steps_for("lcspr"), key_dates, {}, today=date(2025, 3, 3))
    assert [str(clock.status) for clock in on_3_march] == ["overdue by 1 working day", "overdue by 2 working days"]
    assert late_count(on_3_march) == 2

    all_done = {"publish-report": date(2025, 3, 10), "report-to-panel": date(2025, 2, 26)}
    finished = compute_due_dates(steps_for("lcspr"), key_dates, all_done, today=date(2025, 3, 12))
    assert next_due(finished) is None
    assert late_count(finished) == 1  # published late; the report went to the Panel in time


def test_a_misspelt_key_date_or_step_is_an_error_not_a_silent_stopped_clock():
    with pytest.raises(ValueError, match="Unknown key dates or steps: awre, notify"):
        compute_due_dates(RAPID, {"awre": date(2022, 12, 20)}, {"notify": date(2022, 12, 23)}, today=date(2023, 1, 1))


def chronologies(**changes) -> Step:
    fields = {
        "id": "agency-chronologies",
        "name": "Agency chronologies returned",
        "counts_from": "initiation",
        "period": Period(amount=20, unit=Unit.WORKING_DAYS),
        "basis": Basis.LOCAL,
        "note": "North Partnership's own target.",
    }
    return Step(**(fields | changes))


def test_a_partnership_sets_its_own_sar_period_and_adds_its_own_step():
    sar = customise(
        steps_for("sar_mandatory"),
        periods={"complete": Period(amount=9, unit=Unit.MONTHS)},
        added=[chronologies()],
    )
    assert [step.id for step in sar.steps] == ["decide", "complete", "agency-chronologies"]
    # Started Mon 6 Jan 2025: nine months is Mon 6 Oct; twenty working days is Mon 3 Feb (no bank holidays).
    clocks = compute_due_dates(sar, {"initiation": date(2025, 1, 6)}, {}, today=date(2025, 1, 6))
    assert {clock.step.id: clock.due for clock in clocks} == {
        "decide": None,
        "complete": date(2025, 10, 6),
        "agency-chronologies": date(2025, 2, 3),
    }
    # The shipped steps are unchanged for everyone else.
    assert str(steps_for("sar_mandatory").step("complete").period) == "6 months after"


def test_a_statutory_or_national_period_cannot_be_changed_by_a_partnership():
    with pytest.raises(StepsError) as caught:
        customise(RAPID, periods={"rapid-review-to-panel": Period(amount=20, unit=Unit.WORKING_DAYS)})
    assert caught.value.messages == [
        "'Complete the rapid review and send it to the Panel' is set nationally (15 working days after): its period "
        "cannot be changed here; add a local step with your own target instead."
    ]


def test_a_partnership_step_is_refused_when_it_is_not_local_or_does_not_fit():
    with pytest.raises(StepsError) as caught:
        customise(
            steps_for("lcspr"),
            periods={"publish": Period(amount=1, unit=Unit.MONTHS)},
            added=[
                chronologies(basis=Basis.STATUTORY),
                chronologies(id="panel-meeting", name="Panel meeting", counts_from="panel-meeting"),
                chronologies(id="draft", name="Draft report", counts_from="sign-off"),
                chronologies(
                    id="sign-off",
                    name="Sign-off",
                    counts_from="draft",
                    period=Period(amount=0, unit=Unit.WORKING_DAYS, direction=Direction.BEFORE),
                ),
            ],
        )
    assert caught.value.messages == [
        "There is no step 'publish' to change: choose one of publish-report, report-to-panel.",
        "'Agency chronologies returned' is a partnership's own step, so it must be marked local.",
        "Step 'agency-chronologies' is marked statutory but gives no source: add its source (document, section, url "
        "and the words quoted) or mark it local.",
        "Step 'panel-meeting' counts from itself: make it count from an earlier step or a key date.",
        "Step 'sign-off' has a period of 0: a period must be 1 or more (to count backwards, use direction: before).",
        "Steps count from each other in a circle (draft → sign-off → draft): one of them must count from a key date.",
    ]


def test_an_agreed_extension_moves_the_date_the_status_is_measured_against():
    # The Panel agreed the rapid review could go on Fri 27 Jan 2023 (a parallel police investigation); the
    # timescale's own date, Wed 18 Jan, stays for the board.
    notified = {"notify-panel": date(2022, 12, 23)}
    extended = {"rapid-review-to-panel": date(2023, 1, 27)}
    clocks = compute_due_dates(RAPID, AWARE, notified, today=date(2023, 1, 20), extensions=extended)
    review = clocks[1]
    assert (review.timescale_due, review.due, review.extended) == (date(2023, 1, 18), date(2023, 1, 27), True)
    assert str(review.status) == "due in 5 working days"  # Mon 23 ... Fri 27
    assert not clocks[0].extended
    with pytest.raises(ValueError, match="Unknown key dates or steps: rapid-review"):
        compute_due_dates(
            RAPID, AWARE, notified, today=date(2023, 1, 20), extensions={"rapid-review": date(2023, 2, 1)}
        )


def test_a_reminder_lists_what_is_overdue_due_today_or_due_within_three_working_days():
    # Due Thu 29 Dec 2022. On Wed 21 Dec it is 4 working days away: not yet in a 3-day reminder; on Thu 22 it is 3.
    assert due_soon(compute_due_dates(RAPID, AWARE, {}, today=date(2022, 12, 21))) == []
    on_22 = compute_due_dates(RAPID, AWARE, {}, today=date(2022, 12, 22))
    assert [clock.step.id for clock in due_soon(on_22)] == ["notify-panel"]
    assert due_soon(on_22, within=2) == []
    overdue = compute_due_dates(RAPID, AWARE, {}, today=date(2023, 1, 3))
    assert [str(clock.status) for clock in due_soon(overdue)] == ["overdue by 2 working days"]
    done = compute_due_dates(RAPID, AWARE, {"notify-panel": date(2022, 12, 23)}, today=date(2023, 1, 17))
    assert [(clock.step.id, str(clock.status)) for clock in due_soon(done)] == [
        ("rapid-review-to-panel", "due in 1 working day")
    ]
