"""A board report asked for on a page and made in the background, and where it has got to.

A job is bookkeeping, not review data: it is left out of the audit trail's record of changes and of backups. The
download of its file is what the trail records, as it was when the report was made inside the request.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

from ..accounts.models import Partnership
from ..reviews.models import Review


class JobState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Not made"


class ReportJob(models.Model):
    # Permission is the partnership's: a job outlives its review (deleted meanwhile), to say why it failed.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, related_name="report_jobs")
    reference = models.CharField(max_length=100)  # the review's, when asked
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sections = models.CharField(max_length=200)  # the values of the sections chosen (``Section``), comma-separated
    by_role = models.BooleanField()
    file_format = models.CharField(max_length=4, choices=[("pdf", "PDF"), ("docx", "Word (.docx)")])
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=0)
    doing = models.CharField(max_length=200, blank=True)  # the step under way, in words
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # The process making it, to tell one that died from one that is slow.
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    asked_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["review", "asked_at"], name="report_job_review")]

    def __str__(self) -> str:
        return f"Board report of {self.reference} as {self.get_file_format_display()}: {self.get_state_display()}"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def stored(self) -> Path:
        """Where the made file is kept until it expires; named by the job alone, never by what a person typed."""
        return Path(settings.REPORT_DIR) / f"report-{self.pk}.{self.file_format}"
