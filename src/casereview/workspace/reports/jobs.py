"""A board report made in a process of its own, so that no web request waits for it.

``start`` (in the web process, once the job is saved) runs ``casereview report-jobs run ID`` detached: in a
session of its own, so that a gunicorn worker recycled or stopped, or a Ctrl+C in the terminal serving, does not
stop it; its exit is awaited by a thread so that it leaves no zombie behind. ``run`` (in that process) makes the
file, saying which step it is at, and keeps it in REPORT_DIR for the download. A job whose process dies is shown as
failed by the pages that show it, and recorded so when a report is asked for or tidied away (``services.settle``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from ..reviews.models import Review
from .models import JobState, ReportJob
from .sections import Section
from .word import report_docx

logger = logging.getLogger(__name__)

HOST = socket.gethostname()


def start(job_id: int) -> None:
    """Start the job's process; mark the job failed if it cannot be started. A database in memory (a test run's)
    cannot be reached from another process: the job is then made in a thread of this one, on this thread's
    connection, as Django's live server shares it (a second connection to a shared in-memory database meets
    table locks, which do not wait, as soon as a page reads the job while it is being made)."""
    database = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        shared = connections[DEFAULT_DB_ALIAS]
        shared.inc_thread_sharing()
        threading.Thread(target=_run_in_thread, args=(job_id, shared), name=f"report job {job_id}", daemon=True).start()
        return
    # The database and the report folder are this process's, not left to the settings the new process reads: under
    # a test run they are the test database and a temporary folder.
    command = [sys.executable, "-m", "casereview.cli", "report-jobs", "run", str(job_id), "--database", str(database)]
    environment = {**os.environ, "CASEREVIEW_REPORT_DIR": str(settings.REPORT_DIR)}
    try:
        process = subprocess.Popen(  # noqa: S603 - our own command, with the job's id only
            command,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as error:
        logger.exception("The board report of job %s could not be started", job_id)
        ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.FAILED,
            error=f"It could not be started ({error.strerror or error}). Ask for it again.",
            finished_at=timezone.now(),
        )
        return
    ReportJob.objects.filter(pk=job_id, pid__isnull=True).update(pid=process.pid, host=HOST)
    threading.Thread(target=process.wait, name=f"report job {job_id}", daemon=True).start()


def _run_in_thread(job_id: int, shared) -> None:
    connections[DEFAULT_DB_ALIAS] = shared
    try:
        run(job_id)
    finally:
        shared.dec_thread_sharing()


class TooLong(Exception):
    pass


class ReviewGone(Exception):
    pass


class _Limit:
    """The job's time limit. When it falls, it stops the job at once only where the job is doing no database work
    (laying out the file, waiting its turn); anywhere else it stops at the next ``check``. Cut off inside a query
    or one of Django's writes, the connection (or a test's transaction) could not even record why the job stopped."""

    def __init__(self) -> None:
        self.due = False
        self._free = False

    def fall(self, signum, frame) -> None:
        self.due = True
        if self._free:
            raise TooLong()

    def check(self) -> None:
        if self.due:
            raise TooLong()

    @contextlib.contextmanager
    def allowing(self) -> Iterator[None]:
        """Work that touches no database: the limit may stop it where it is."""
        self.check()
        before, self._free = self._free, True
        try:
            yield
        finally:
            self._free = before

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Database work inside work that may be stopped anywhere (a progress report while laying out)."""
        self.check()
        before, self._free = self._free, False
        try:
            yield
        finally:
            self._free = before
        if before:
            self.check()


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[_Limit]:
    """The job's limit, falling after ``seconds`` in the main thread; a report made in another thread (a test's)
    has none that falls."""
    limit = _Limit()
    if threading.current_thread() is not threading.main_thread():
        yield limit
        return
    previous = signal.signal(signal.SIGALRM, limit.fall)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(job_id: int) -> JobState | None:
    """Make the job's report and keep its file once it is its turn, saying at each step how far it has got; the
    state the job ended in (None for no such job). A job already taken by another process is left to it."""
    from . import content
    from .services import job_options

    job = ReportJob.objects.select_related("asked_by").filter(pk=job_id).first()
    if job is None or job.state != JobState.QUEUED:
        return JobState(job.state) if job else None
    options = job_options(job)
    chosen = [section for section in Section if section in options.sections]
    steps = len(chosen) + (2 if job.file_format == "pdf" else 1)

    limit = _Limit()  # until the one of the job's time limit

    def say(step: int, doing: str, **more) -> None:
        with limit.holding():
            ReportJob.objects.filter(pk=job_id, state=JobState.RUNNING).update(
                step=step, steps=steps, doing=doing[:200], **more
            )

    def gathering(section: Section) -> None:
        say(chosen.index(section) + 1, f"Gathering the records: {section.label.split(':')[0].lower()}")

    try:
        with _time_limit(settings.REPORT_TIME_LIMIT_SECONDS) as limit:
            if not _take_a_turn(job_id, limit):
                job.refresh_from_db()
                return JobState(job.state)
            review = Review.objects.filter(pk=job.review_id).select_related("partnership").first()
            if review is None:
                raise ReviewGone()
            document = content.board_report(review, options, made_by=job.asked_by, gathering=gathering)
            if job.file_format == "pdf":
                from .pdf import report_pdf

                say(len(chosen) + 1, "Laying out the pages of the PDF")
                with limit.allowing():
                    data = report_pdf(
                        document, laid_out=lambda pages: say(steps, f"Writing the PDF's {pages} pages", pages=pages)
                    )
            else:
                say(steps, "Writing the Word file")
                with limit.allowing():
                    data = report_docx(document)
            limit.check()
            if not Review.objects.filter(pk=review.pk).exists():
                raise ReviewGone()
    except Exception as error:  # noqa: BLE001 - whatever stopped it, the person who asked is told why
        return _failed(job, _reason(job, error))
    try:
        _keep(job, data)
    except OSError as error:
        logger.exception("The board report of job %s could not be kept", job.pk)
        return _failed(job, f"The file could not be kept ({error.strerror or error}). Tell whoever runs casereview.")
    job.refresh_from_db()
    return JobState(job.state)


def _take_a_turn(job_id: int, limit: _Limit) -> bool:
    """Take the job once fewer than REPORT_JOBS_AT_ONCE reports are being made (a PDF keeps a processor busy), saying
    meanwhile how many are ahead of it; False if it was taken or stopped meanwhile."""
    from .services import settle

    while True:
        limit.check()
        settle(list(ReportJob.objects.filter(state=JobState.RUNNING)))  # one whose process died frees its turn
        with transaction.atomic():  # on SQLite the count and the taking are one writer's (IMMEDIATE)
            busy = ReportJob.objects.filter(state=JobState.RUNNING).count()
            if busy < settings.REPORT_JOBS_AT_ONCE:
                return bool(
                    ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
                        state=JobState.RUNNING, started_at=timezone.now(), host=HOST, pid=os.getpid(), doing="Starting"
                    )
                )
        waiting = f"Waiting for {busy} other {'report' if busy == 1 else 'reports'} to be made first"
        if not ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(doing=waiting):
            return False
        with limit.allowing():
            time.sleep(1)


def _keep(job: ReportJob, data: bytes) -> None:
    """Write the file where the download finds it and mark the job done; a job stopped meanwhile keeps no file."""
    path = job.stored
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)
    if not ReportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.DONE, finished_at=timezone.now(), step=F("steps"), doing=""
    ):
        path.unlink(missing_ok=True)


def _reason(job: ReportJob, error: Exception) -> str:
    """Why the job failed, in words for the person who asked."""
    if isinstance(error, ReviewGone):
        return "The review was deleted after the report was asked for."
    if isinstance(error, TooLong):
        from .services import duration

        return (
            f"Making it took longer than {duration(settings.REPORT_TIME_LIMIT_SECONDS)}, so it was stopped. Ask for it "
            "again; if it stops again, leave out sections the board does not need."
        )
    logger.exception("The board report of job %s failed", job.pk)
    return (
        f"Something went wrong while making it ({type(error).__name__}); the server's log has the details. "
        "Ask for it again, and if it fails again tell whoever runs casereview."
    )


def _failed(job: ReportJob, reason: str) -> JobState:
    from .services import fail

    with contextlib.suppress(OSError):  # a folder that could not be written to may not be readable either
        job.stored.unlink(missing_ok=True)
    fail(job, reason)
    return JobState(job.state)
