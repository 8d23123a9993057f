"""Concerns about one practitioner's act or omission, the just culture guide run on each, and the log of
information passed to agencies for their own processes. Kept apart from the review's learning: only the
roles in ``accounts.permissions`` for these actions ever see them."""

from django.conf import settings
from django.db import models

from casereview.justculture import shipped_guide

from ..purpose.models import Circumstance
from ..reviews.models import Review


class ActKind(models.TextChoices):
    ACT = "act", "Something they did"
    OMISSION = "omission", "Something they did not do"


class Concern(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField("Act or omission", max_length=10, choices=ActKind.choices)
    description = models.TextField("What was done, or not done")
    role = models.CharField("Their role", max_length=200)
    organisation = models.CharField("Agency or organisation", max_length=200)
    # A role is enough to consider practice; a name is kept only when someone needs it, and says why.
    name = models.CharField("Name (only if needed)", max_length=200, blank=True)
    raised_on = models.DateField("Date the concern arose")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["raised_on", "pk"]

    def __str__(self) -> str:
        return f"Concern {self.pk} about the {self.role} ({self.organisation})"

    @property
    def person(self) -> str:
        return f"{self.name}, {self.role}" if self.name else self.role


class GuideRun(models.Model):
    """One pass through the guide for a concern. Runs are kept; the one with the highest number is current."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    guide_id = models.CharField(max_length=100)
    outcome_id = models.CharField(max_length=100, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["concern", "number"], name="one_run_number_per_concern")]

    def __str__(self) -> str:
        return f"Run {self.number} of the guide for concern {self.concern_id}"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def outcome(self):
        return shipped_guide().outcome(self.outcome_id) if self.outcome_id else None


class GuideAnswer(models.Model):
    run = models.ForeignKey(GuideRun, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField()
    question_id = models.CharField(max_length=100)
    answer = models.BooleanField()
    note = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="one_answer_per_position")]

    def __str__(self) -> str:
        return f"{self.question_id}: {'yes' if self.answer else 'no'}"


class Disclosure(models.Model):
    """Information from the review passed to an agency for its own processes (HR, disciplinary, regulator,
    police). Logged so the partnership can acknowledge it honestly."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="disclosures")
    concern = models.ForeignKey(
        Concern, on_delete=models.SET_NULL, null=True, blank=True, related_name="disclosures", verbose_name="Concern"
    )
    what = models.TextField("What was shared")
    shared_with = models.CharField("Shared with", max_length=300)
    shared_on = models.DateField("Date shared")
    why = models.TextField("Why it was shared")
    # The complicating circumstance that makes the sharing visible, in general terms, to every member.
    circumstance = models.OneToOneField(
        Circumstance, on_delete=models.SET_NULL, null=True, blank=True, related_name="disclosure"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shared_on", "-pk"]

    def __str__(self) -> str:
        return f"Information shared with {self.shared_with} on {self.shared_on:%-d %B %Y}"
