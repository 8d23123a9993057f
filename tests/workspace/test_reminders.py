"""``casereview remind``: each review's business managers and lead reviewer get the steps due soon and overdue,
by email, at most once a day however often cron runs it. The test settings send email to Django's locmem outbox.

In the demonstration data, North's Child R (a rapid review) is due in 2 working days, Child H's completion and
Adult M's decision are overdue, and Child L has nothing open; South's Child S has no due date yet.
"""

import datetime

from django.core import mail
from django.utils import timezone

from casereview.workspace.clocks.reminders import open_steps, send_reminders


def sent_to() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def test_business_managers_and_lead_reviewers_get_what_is_due_once_a_day(people, reviews):
    today = timezone.localdate()
    report = send_reminders(today=today)
    assert sent_to() == [
        ("amina@example.org", "casereview: Adult M: 1 step due, 1 overdue"),
        ("amina@example.org", "casereview: Child H: 1 step due, 1 overdue"),
        ("amina@example.org", "casereview: Child R: 1 step due"),
        ("bea@example.org", "casereview: Child H: 1 step due, 1 overdue"),
    ]
    child_r = next(message for message in mail.outbox if "Child R" in message.subject)
    assert "Complete the rapid review and send it to the Panel: due" in child_r.body
    assert "due in 2 working days" in child_r.body
    assert len(report.sent) == 4

    again = send_reminders(today=today)
    assert len(mail.outbox) == 4 and again.sent == [] and again.already_sent == 4

    tomorrow = send_reminders(today=today + datetime.timedelta(days=1))
    assert len(tomorrow.sent) == 4 and len(mail.outbox) == 8


def test_a_step_further_off_than_asked_is_not_in_the_reminder(people, reviews):
    send_reminders(within=1, today=timezone.localdate())
    subjects = [message.subject for message in mail.outbox]
    # Overdue steps are still sent: a run that sent nothing at all must not pass for leaving Child R out.
    assert any("Child H" in subject for subject in subjects) and any("Adult M" in subject for subject in subjects)
    assert not [subject for subject in subjects if "Child R" in subject]


def test_someone_with_no_email_address_is_reported_not_skipped_silently(people, reviews):
    bea = people["bea"]
    bea.email = ""
    bea.save()
    report = send_reminders(today=timezone.localdate())
    assert report.no_address == ["bea (Child H)"]
    assert "bea@example.org" not in {message.to[0] for message in mail.outbox}


def test_due_lists_one_partnership_most_urgent_first(people, reviews):
    due = open_steps(partnership="North Partnership", today=timezone.localdate())
    assert [review.reference for review in due] == ["Adult M", "Child H", "Child R"]
    assert open_steps(partnership="South Partnership", today=timezone.localdate()) == []
