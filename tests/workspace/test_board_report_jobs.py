"""A board report is made in the background: asked for on the review's page, followed step by step on its own page,
downloaded from there once made, and shown as failed, with the reason, when it cannot be made.

Amina, business manager of North Partnership, asks for Child H's report; Bea, its lead reviewer, may take the file
Amina asked for; Carl (observer) and Bo (board member) may not; Dev of South Partnership finds nothing.
"""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent, EventKind
from casereview.workspace.reports import jobs
from casereview.workspace.reports.content import Options
from casereview.workspace.reports.models import JobState, ReportJob
from casereview.workspace.reports.sections import Section
from casereview.workspace.reports.services import ask_for_report

from ..conftest import download_name
from .pages import forms_of, text_of
from .test_board_report import docx_text, pdf_text


def _form(client, review):
    page = client.get(f"/reviews/{review.pk}/report/")
    assert page.status_code == 200
    return next(form for form in forms_of(page) if form.action and form.action.endswith("/report/jobs/"))


def _page(job: ReportJob) -> str:
    return f"/partnerships/{job.partnership_id}/reports/{job.pk}/"


def _steps_said(queries) -> list[int]:
    """The steps a job's process wrote, in order, read from the statements it sent to the database."""
    return [
        int(found.group(1))
        for query in queries
        if "reports_reportjob" in query["sql"] and query["sql"].lstrip().upper().startswith("UPDATE")
        for found in [re.search(r'"step" = (\d+)', query["sql"])]
        if found
    ]


def test_amina_asks_for_the_pdf_follows_each_step_and_downloads_it(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = _form(client, review)
    asked = client.post(form.action, form.data())
    assert asked.status_code == 302
    job = ReportJob.objects.get()
    assert (job.asked_by, job.review, job.file_format, job.state) == (people["amina"], review, "pdf", JobState.QUEUED)
    assert asked["Location"] == _page(job)

    waiting = client.get(_page(job))
    assert waiting.status_code == 200
    text = text_of(waiting)
    assert "Waiting to start" in text and "Check again" in text
    # It refreshes only when asked: a timed reload fails WCAG 2.2.1.
    assert 'http-equiv="refresh"' not in waiting.content.decode()
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()  # nothing has left casereview yet

    with CaptureQueriesContext(connection) as queries:
        assert jobs.run(job.pk) == JobState.DONE
    chosen = len(Section)
    # One step per section gathered, then laying out and writing the PDF: each said before it is done.
    assert _steps_said(queries.captured_queries) == [*range(1, chosen + 2), chosen + 2]
    job.refresh_from_db()
    assert job.pages > 10 and job.started_at and job.finished_at and job.host and job.pid

    ready = client.get(_page(job))
    assert ready.status_code == 200
    text = text_of(ready)
    assert "The report is ready" in text and f"PDF, {job.pages} pages" in text
    assert "Check again" not in text
    made = client.get(_page(job) + "file/")
    assert made.status_code == 200 and made["Content-Type"] == "application/pdf"
    assert download_name(made) == "Child H - board report.pdf"
    words = pdf_text(made.content)
    for marker in review.framework.markers:
        assert re.sub(r"\s+", " ", f"{marker.number}. {marker.title}") in words, marker.title
    event = AuditEvent.objects.get(kind=EventKind.DOWNLOAD, object_type="boardreport")
    assert event.user == people["amina"] and event.review == review
    assert event.description == "Board report of Child H as PDF, with people's names; every section"

    listed = text_of(client.get(f"/reviews/{review.pk}/report/"))
    assert "Reports asked for lately" in listed and "Ready to download" in listed


def test_bea_takes_the_word_report_amina_asked_for_and_each_download_is_recorded(client, reviews, people):
    review = reviews["Child H"]
    job = ask_for_report(
        people["amina"],
        review,
        options=Options(sections=frozenset({Section.MARKERS}), by_role=True),
        file_format="docx",
    )
    assert jobs.run(job.pk) == JobState.DONE
    client.force_login(people["bea"])
    made = client.get(_page(job) + "file/")
    assert made.status_code == 200 and download_name(made) == "Child H - board report.docx"
    text = docx_text(made.content)
    assert "5. Clarity of purpose" in text and "Bea" not in text and "Anonymised reference" not in text
    event = AuditEvent.objects.get(kind=EventKind.DOWNLOAD, object_type="boardreport")
    assert event.user == people["bea"]
    assert event.description.startswith("Board report of Child H as Word (.docx), names replaced by roles; left out:")


def test_a_second_click_while_it_is_made_gives_the_same_job(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = _form(client, review)
    first = client.post(form.action, form.data())
    second = client.post(form.action, form.data())
    assert first["Location"] == second["Location"]
    other = client.post(form.action, {**form.data(), "format": "docx"})
    assert other["Location"] != first["Location"]
    assert ReportJob.objects.count() == 2


def test_a_review_deleted_meanwhile_fails_with_the_reason_and_the_report_can_be_asked_for_again(
    reviews, people, client
):
    from casereview.workspace.reviews.models import ReviewType, Stage
    from casereview.workspace.reviews.services import create_review

    amina = people["amina"]
    review = create_review(
        amina,
        reviews["Child H"].partnership,
        reference="Child Q",
        review_type=ReviewType.LCSPR,
        stage=Stage.ANALYSIS,
        framework_id="scr-quality-markers",
        incident_date=datetime.date(2026, 1, 5),
        notification_date=None,
        decision_date=None,
        initiation_date=None,
        publication_date=None,
        lead_reviewer=None,
    )
    job = ask_for_report(amina, review, options=Options(), file_format="docx")
    with transaction.atomic():
        review.delete()
    assert jobs.run(job.pk) == JobState.FAILED
    client.force_login(amina)
    page = client.get(_page(job))
    assert page.status_code == 200
    text = text_of(page)
    assert "The report was not made" in text and "The review was deleted after the report was asked for." in text
    assert client.get(_page(job) + "file/").status_code == 302  # back to the page that says why
    assert not job.stored.exists()


def test_a_file_that_cannot_be_kept_fails_with_the_reason_and_asking_again_makes_a_new_job(
    client, reviews, people, settings, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the report folder should be")
    settings.REPORT_DIR = blocked
    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = _form(client, review)
    client.post(form.action, {**form.data(), "format": "docx"})
    job = ReportJob.objects.get()
    assert jobs.run(job.pk) == JobState.FAILED
    text = text_of(client.get(_page(job)))
    assert "The report was not made" in text and "The file could not be kept" in text
    settings.REPORT_DIR = tmp_path / "reports"
    again = client.post(form.action, {**form.data(), "format": "docx"})
    assert again["Location"] != _page(job)
    assert jobs.run(ReportJob.objects.latest("pk").pk) == JobState.DONE


def test_a_job_whose_process_died_shows_as_failed_and_is_recorded_so_by_the_clean_command(client, reviews, people):
    from casereview import cli

    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="pdf")
    gone = subprocess.Popen(["true"])  # noqa: S607 - a process that has come and gone
    gone.wait()
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, pid=gone.pid, host=jobs.HOST, step=2, steps=7)
    client.force_login(people["amina"])
    text = text_of(client.get(_page(job)))
    assert "The report was not made" in text and "The process making it stopped before it finished" in text
    job.refresh_from_db()
    assert job.state == JobState.RUNNING  # showing a page records nothing
    assert cli.main(["report-jobs", "clean"]) == 0
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error.startswith("The process making it stopped")


def test_a_job_still_unfinished_after_the_time_limit_shows_as_failed(client, reviews, people, settings):
    settings.REPORT_TIME_LIMIT_SECONDS = 60
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="pdf")
    ReportJob.objects.filter(pk=job.pk).update(asked_at=timezone.now() - datetime.timedelta(minutes=10))
    client.force_login(people["amina"])
    text = text_of(client.get(f"/reviews/{reviews['Child H'].pk}/report/"))
    assert "Not made" in text
    text = text_of(client.get(_page(job)))
    assert "It was still not made after 60 seconds, so it was stopped." in text


def test_a_report_that_takes_longer_than_the_time_limit_is_stopped_by_its_own_process(
    client, reviews, people, settings
):
    # Child H's PDF takes most of a second even on a quick machine: a twentieth is always too short
    settings.REPORT_TIME_LIMIT_SECONDS = 0.05
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="pdf")
    assert jobs.run(job.pk) == JobState.FAILED
    assert not job.stored.exists()
    client.force_login(people["amina"])
    text = text_of(client.get(_page(job)))
    assert "Making it took longer than 0.05 seconds, so it was stopped." in text


def test_a_report_waits_its_turn_while_as_many_as_allowed_are_being_made(client, reviews, people, settings):
    import os

    settings.REPORT_JOBS_AT_ONCE = 1
    settings.REPORT_TIME_LIMIT_SECONDS = 3
    review = reviews["Child H"]
    # Being made by a process that is alive (this one): the one report allowed at once.
    busy = ask_for_report(people["bea"], review, options=Options(), file_format="pdf")
    ReportJob.objects.filter(pk=busy.pk).update(state=JobState.RUNNING, pid=os.getpid(), host=jobs.HOST)
    waiting = ask_for_report(people["amina"], review, options=Options(), file_format="docx")
    with CaptureQueriesContext(connection) as queries:
        assert jobs.run(waiting.pk) == JobState.FAILED  # its turn never came within the time limit
    said = [query["sql"] for query in queries.captured_queries if "Waiting for 1 other report" in query["sql"]]
    assert said, "the job said it was waiting"
    waiting.refresh_from_db()
    assert waiting.started_at is None and "took longer than 3 seconds" in waiting.error

    ReportJob.objects.filter(pk=busy.pk).update(state=JobState.DONE)
    again = ask_for_report(people["amina"], review, options=Options(), file_format="docx")
    assert jobs.run(again.pk) == JobState.DONE


def test_a_running_job_shows_its_step(client, reviews, people):
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="pdf")
    ReportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, step=2, steps=7, doing="Gathering the records: quality markers"
    )
    client.force_login(people["amina"])
    page = client.get(_page(job))
    assert "Step 2 of 7: Gathering the records: quality markers" in text_of(page)
    assert '<progress max="7" value="2"' in page.content.decode()


def test_reports_older_than_the_keeping_time_are_removed_with_their_files(client, reviews, people, settings):
    from casereview import cli

    review = reviews["Child H"]
    old = ask_for_report(people["amina"], review, options=Options(), file_format="docx")
    jobs.run(old.pk)
    recent = ask_for_report(people["bea"], review, options=Options(), file_format="docx")
    jobs.run(recent.pk)
    assert old.stored.exists() and recent.stored.exists()
    a_day_ago = timezone.now() - datetime.timedelta(hours=settings.REPORT_KEEP_HOURS, minutes=1)
    ReportJob.objects.filter(pk=old.pk).update(asked_at=a_day_ago)
    client.force_login(people["amina"])
    page = client.get(f"/reviews/{review.pk}/report/")
    assert page.status_code == 200
    assert f"/reports/{old.pk}/" not in page.content.decode() and f"/reports/{recent.pk}/" in page.content.decode()
    another = ask_for_report(people["bea"], review, options=Options(), file_format="docx")
    assert not old.stored.exists() and recent.stored.exists()
    assert set(ReportJob.objects.values_list("pk", flat=True)) == {recent.pk, another.pk}
    assert client.get(_page(old)).status_code == 404

    ReportJob.objects.filter(pk__in=[recent.pk, another.pk]).update(asked_at=a_day_ago)
    assert cli.main(["report-jobs", "clean"]) == 0
    assert not recent.stored.exists() and not ReportJob.objects.exists()


def test_showing_the_report_page_changes_nothing_even_with_reports_expired(client, reviews, people, settings):
    """Looking is not writing: the page leaves expired reports and their files to the next asking."""
    review = reviews["Child H"]
    client.force_login(people["amina"])
    client.get(f"/reviews/{review.pk}/report/")  # a session's first page may note when it began
    old = ask_for_report(people["amina"], review, options=Options(), file_format="docx")
    jobs.run(old.pk)
    a_day_ago = timezone.now() - datetime.timedelta(hours=settings.REPORT_KEEP_HOURS, minutes=1)
    ReportJob.objects.filter(pk=old.pk).update(asked_at=a_day_ago)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/reviews/{review.pk}/report/")
    assert page.status_code == 200
    writes = [query["sql"] for query in queries if query["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert old.stored.exists() and ReportJob.objects.filter(pk=old.pk).exists()


def test_a_file_removed_from_the_folder_is_said_to_be_gone(client, reviews, people):
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="docx")
    jobs.run(job.pk)
    job.stored.unlink()
    client.force_login(people["amina"])
    answer = client.get(_page(job) + "file/")
    assert answer.status_code == 410
    assert "The file of this report is no longer kept. Ask for the report again." in text_of(answer)
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()


@pytest.mark.parametrize("username", ["carl", "bo"])
def test_roles_without_the_report_permission_cannot_see_a_job_or_take_its_file(client, reviews, people, username):
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="docx")
    jobs.run(job.pk)
    client.force_login(people[username])
    for path in (_page(job), _page(job) + "file/"):
        refused = client.get(path)
        assert refused.status_code == 403
        assert "business managers and lead reviewers" in text_of(refused)
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()


def test_dev_of_south_finds_no_north_job_under_either_partnership(client, reviews, people):
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="docx")
    jobs.run(job.pk)
    client.force_login(people["dev"])
    south = reviews["Child S"].partnership_id
    for path in (_page(job), _page(job) + "file/", f"/partnerships/{south}/reports/{job.pk}/"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/partnerships/{south}/reports/{job.pk}/file/").status_code == 404
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()


def test_the_time_limit_stops_laying_out_at_once_and_database_work_only_once_it_is_done(transactional_db):
    """Cut off inside a query or one of Django's writes, the job could not even record why it stopped: there the
    limit waits for the next check; laying out the file (no database) it stops at once."""
    import time

    from django.db import connection

    from casereview.workspace.reports.jobs import TooLong, _time_limit

    slow_query = "SELECT pg_sleep(0.3), 1" if connection.vendor == "postgresql" else "SELECT 1, 1"
    with _time_limit(0.05) as limit:
        with connection.cursor() as cursor:
            time.sleep(0.1)  # the limit falls during database work
            cursor.execute(slow_query)
            assert cursor.fetchone()[1] == 1
        assert limit.due
        with pytest.raises(TooLong):
            limit.check()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)

    started = time.monotonic()
    with pytest.raises(TooLong), _time_limit(0.05) as limit, limit.allowing():
        time.sleep(2)  # laying out: stopped where it is
    assert time.monotonic() - started < 1


def test_a_report_past_the_keeping_time_is_gone_though_its_file_is_not_yet_removed(client, reviews, people, settings):
    """The page no longer removes expired reports, so the file may still be in the folder: it is not served."""
    job = ask_for_report(people["amina"], reviews["Child H"], options=Options(), file_format="docx")
    jobs.run(job.pk)
    a_day_ago = timezone.now() - datetime.timedelta(hours=settings.REPORT_KEEP_HOURS, minutes=1)
    ReportJob.objects.filter(pk=job.pk).update(asked_at=a_day_ago)
    assert job.stored.exists()
    client.force_login(people["amina"])
    answer = client.get(_page(job) + "file/")
    assert answer.status_code == 410
    assert "The file of this report is no longer kept. Ask for the report again." in text_of(answer)
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()


def test_a_job_never_started_shows_as_failed_and_showing_it_records_nothing(client, reviews, people, settings):
    """The reason is worked out for the page; it is recorded when a report is next asked for, not by looking."""
    settings.REPORT_TIME_LIMIT_SECONDS = 3600  # ten minutes is past the start, well within the time limit
    review = reviews["Child H"]
    client.force_login(people["amina"])
    client.get(f"/reviews/{review.pk}/report/")  # a session's first page may note when it began
    # A test's transaction never commits, so the job's process is never started.
    job = ask_for_report(people["amina"], review, options=Options(), file_format="docx")
    ReportJob.objects.filter(pk=job.pk).update(asked_at=timezone.now() - datetime.timedelta(minutes=10))
    with CaptureQueriesContext(connection) as queries:
        listed = client.get(f"/reviews/{review.pk}/report/")
        shown = client.get(_page(job))
    assert listed.status_code == shown.status_code == 200
    assert "Not made" in text_of(listed)
    assert "The report was not made" in text_of(shown) and "It was never started" in text_of(shown)
    writes = [query["sql"] for query in queries if query["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    job.refresh_from_db()
    assert job.state == JobState.QUEUED

    ask_for_report(people["bea"], review, options=Options(), file_format="pdf")
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error.startswith("It was never started")
