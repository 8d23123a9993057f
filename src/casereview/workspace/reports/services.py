"""Making the board report and the self-assessment files, and their names; asking for a board report, which is
made in the background (``jobs``), and taking the file once it is made; recording each file taken out."""

from __future__ import annotations

import datetime
import functools
import logging
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..accounts.models import Partnership
from ..accounts.permissions import Action, NotFound
from ..accounts.services import require_on_review
from ..audit.services import record_taken_out, write_taken_out
from ..reviews.models import Review
from . import content, jobs, selfassessment
from .forms import FORMATS
from .models import JobState, ReportJob
from .sections import Section
from .word import report_docx

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
UNFINISHED = (JobState.QUEUED, JobState.RUNNING)
# A job's process that has not said it started within this long after it was started is taken as lost.
START_WITHIN_SECONDS = 120
# Enough for a small review's Word report to be ready on the page that follows asking for it (Child H: 1.5 s; a
# PDF takes 5 to 6 s from asking, most of it starting the process and WeasyPrint), without holding a worker long.
QUICK_WAIT_SECONDS = 5.0
RECENT_JOBS = 10


@dataclass(frozen=True)
class ReportFile:
    name: str
    content_type: str
    content: bytes
    # What the audit trail says when the file leaves casereview.
    partnership: Partnership
    review: Review | None
    what: str
    description: str


def board_report_file(
    review: Review,
    options: content.Options,
    file_format: str,
    *,
    made_by: AbstractBaseUser | None = None,
) -> ReportFile:
    """The review's board report as a PDF or Word file, named after the review as the register shows it."""
    document = content.board_report(review, options, made_by=made_by)
    if file_format == "pdf":
        from .pdf import report_pdf  # WeasyPrint loads pango: only when a PDF is asked for

        data = report_pdf(document)
    else:
        data = report_docx(document)
    return ReportFile(
        report_name(review.reference, file_format),
        CONTENT_TYPES[file_format],
        data,
        partnership=review.partnership,
        review=review,
        what="boardreport",
        description=f"Board report of {review.reference} as {FORMATS[file_format]}, {options.describe()}",
    )


def report_name(reference: str, file_format: str) -> str:
    return f"{reference} - board report.{file_format}"


def self_assessment_file(partnership: Partnership, *, made_by: AbstractBaseUser | None = None) -> ReportFile:
    document = selfassessment.self_assessment(partnership, made_by=made_by)
    return ReportFile(
        f"{partnership.name} - quality marker self-assessment.docx",
        CONTENT_TYPES["docx"],
        report_docx(document),
        partnership=partnership,
        review=None,
        what="selfassessment",
        description=f"Quality marker self-assessment of {partnership.name} as Word",
    )


def take_out(report: ReportFile, *, to: Path | None = None) -> None:
    """Record in the audit trail that the report left casereview, downloaded from a page; or, given ``to``, write
    it to that file (from the command line), which appears only together with its entry. ``NotWritten`` says why
    a file could not be written."""
    entry = {
        "partnership": report.partnership,
        "review": report.review,
        "what": report.what,
        "object_id": str(report.review.pk if report.review is not None else report.partnership.pk),
        "description": report.description,
    }
    if to is None:
        record_taken_out(**entry)
    else:
        write_taken_out(to, report.content, **entry)


# --- board reports made in the background ----------------------------------------------------------------------


def job_options(job: ReportJob) -> content.Options:
    return content.Options(sections=frozenset(Section(value) for value in job.sections.split(",")), by_role=job.by_role)


def ask_for_report(user: AbstractBaseUser, review: Review, *, options: content.Options, file_format: str) -> ReportJob:
    """A job making the review's board report as chosen, its process started once the job is saved. Asking again
    for the same report while it is being made (a second click) gives the same job, not a second process. The whole
    app's jobs are tidied first (``clean``): those that will never finish recorded as failed, the expired removed."""
    require_on_review(user, Action.DOWNLOAD_REPORTS, review)
    # Here rather than on the page listing them: showing a page never writes, and asking is what fills the folder.
    clean()
    sections = ",".join(section.value for section in Section if section in options.sections)
    with transaction.atomic():
        same = ReportJob.objects.filter(
            review=review,
            asked_by=user,
            sections=sections,
            by_role=options.by_role,
            file_format=file_format,
            state__in=UNFINISHED,
        ).first()
        if same is not None and not _why_stopped(same):
            return same
        job = ReportJob.objects.create(
            partnership=review.partnership,
            review=review,
            reference=review.reference,
            asked_by=user,
            sections=sections,
            by_role=options.by_role,
            file_format=file_format,
            asked_at=timezone.now(),
        )
        transaction.on_commit(functools.partial(jobs.start, job.pk))
    return job


def wait_briefly(job: ReportJob, seconds: float = QUICK_WAIT_SECONDS) -> ReportJob:
    """The job once it has finished, or as it is after ``seconds``: a small review's report is then ready on the
    first page shown after asking. A job nothing has started (its process not started yet) is not waited for."""
    deadline = time.monotonic() + seconds
    while True:
        job.refresh_from_db()
        if job.finished or (job.pid is None and job.state == JobState.QUEUED) or time.monotonic() >= deadline:
            return job
        time.sleep(0.2)


def job_of(user: AbstractBaseUser, partnership: Partnership, job_id: int) -> ReportJob:
    """The partnership's job, shown settled (see ``show_settled``), if the user may take its review's report. Call
    once the user may take reports in the partnership (``partnership_view``)."""
    job = ReportJob.objects.filter(partnership=partnership, pk=job_id).select_related("review").first()
    if job is None:
        raise NotFound()
    if job.review is not None:
        require_on_review(user, Action.DOWNLOAD_REPORTS, job.review)
    show_settled([job])
    return job


def recent_jobs(review: Review) -> list[ReportJob]:
    """The review's latest jobs whose files have not expired, newest first, shown settled (see ``show_settled``)."""
    found = list(review.report_jobs.filter(asked_at__gte=_expiry())[:RECENT_JOBS])
    show_settled(found)
    return found


def show_settled(found: list[ReportJob]) -> None:
    """Show each unfinished job that will never finish as failed, with the reason, recording nothing: the pages that
    show jobs are GETs, which never write. ``settle`` records it, when a report is asked for and in ``clean``."""
    for job, reason in _never_finishing(found):
        job.state, job.error, job.doing = JobState.FAILED, reason[:500], ""


def settle(found: list[ReportJob]) -> None:
    """Mark failed, with the reason, each unfinished job that will never finish: its process died, or never
    started, or it has run past the time limit (its process is then stopped)."""
    for job, reason in _never_finishing(found):
        if _alive_here(job):
            os.kill(job.pid, signal.SIGTERM)
        fail(job, reason)


def _never_finishing(found: list[ReportJob]) -> Iterator[tuple[ReportJob, str]]:
    """Each unfinished job of ``found`` that will never finish, with why (``_why_stopped``)."""
    for job in found:
        if not job.finished:
            reason = _why_stopped(job)
            if reason:
                yield job, reason


def fail(job: ReportJob, reason: str) -> None:
    """Mark the job failed with the reason, unless it has finished meanwhile."""
    now = timezone.now()
    if ReportJob.objects.filter(pk=job.pk, state__in=UNFINISHED).update(
        state=JobState.FAILED, error=reason[:500], finished_at=now, doing=""
    ):
        job.state, job.error, job.finished_at, job.doing = JobState.FAILED, reason[:500], now, ""
    else:
        job.refresh_from_db()


def _why_stopped(job: ReportJob) -> str:
    limit = settings.REPORT_TIME_LIMIT_SECONDS
    waited = (timezone.now() - job.asked_at).total_seconds()
    if waited > limit + START_WITHIN_SECONDS:
        return (
            f"It was still not made after {duration(limit)}, so it was stopped. Ask for it again; if it stops again, "
            "leave out sections the board does not need."
        )
    if job.pid is not None and job.host == jobs.HOST and not _alive_here(job):
        return (
            "The process making it stopped before it finished (the server may have been restarted, or run out of "
            "memory). Ask for it again."
        )
    if job.pid is None and job.state == JobState.QUEUED and waited > START_WITHIN_SECONDS:
        return "It was never started (the server may have been restarted just after it was asked for). Ask again."
    return ""


def _alive_here(job: ReportJob) -> bool:
    """Whether the job's process is running on this machine (a process that has exited but is not yet reaped is
    not)."""
    if job.pid is None or job.host != jobs.HOST:
        return False
    try:
        stat = Path(f"/proc/{job.pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(job.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def duration(seconds: int) -> str:
    """A time limit in words: minutes from two minutes up, seconds below."""
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return "1 second" if seconds == 1 else f"{seconds} seconds"


def _expiry() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.REPORT_KEEP_HOURS)


def clean() -> int:
    """Record as failed each unfinished job that will never finish (see ``settle``), then remove the expired jobs and
    files (see ``remove_expired``); how many files were removed."""
    settle(list(ReportJob.objects.filter(state__in=UNFINISHED)))
    return remove_expired()


def remove_expired() -> int:
    """Remove the jobs asked for more than REPORT_KEEP_HOURS ago and their files, and any file of the report folder
    no job names (left by a job removed while its file was being written); how many files were removed."""
    removed = 0
    with transaction.atomic():
        expired = list(ReportJob.objects.filter(asked_at__lt=_expiry()).select_for_update())
        for job in expired:
            if job.stored.exists():
                job.stored.unlink(missing_ok=True)
                removed += 1
        ReportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    folder = Path(settings.REPORT_DIR)
    if folder.is_dir():
        known = {job.stored.name for job in ReportJob.objects.filter(~Q(state=JobState.FAILED))}
        cutoff = time.time() - settings.REPORT_TIME_LIMIT_SECONDS - START_WITHIN_SECONDS
        for path in folder.iterdir():
            if path.name not in known and path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


class FileGone(Exception):
    """The job's file is no longer there (expired, or the folder was emptied)."""


def take_report(job: ReportJob) -> ReportFile:
    """The made file of a finished job, its taking recorded in the audit trail as the report was when it was made
    inside the request. Call once the user may see the job (``job_of``). A job asked for more than REPORT_KEEP_HOURS
    ago is gone even while its file waits for the next asking to remove it."""
    if job.state != JobState.DONE or job.asked_at < _expiry():
        raise FileGone()
    try:
        data = job.stored.read_bytes()
    except FileNotFoundError:
        raise FileGone() from None
    report = ReportFile(
        report_name(job.reference, job.file_format),
        CONTENT_TYPES[job.file_format],
        data,
        partnership=job.partnership,
        review=job.review,
        what="boardreport",
        description=f"Board report of {job.reference} as {FORMATS[job.file_format]}, {job_options(job).describe()}",
    )
    take_out(report)
    return report
