"""What a review found, what it recommends, and what is being done about it.

- ``Finding``: a statement of learning about the system, the evidence it rests on (text, and links to the
  review's documents through ``FindingDocument``), coded to the categories of the causation model the
  partnership had agreed when it was coded (``causation_model_id`` + ``categories``: category ids of that model)
  and to themes (``themes``: ids from ``casereview.themes`` or the partnership's own ``LocalTheme``). Its wording
  check is stored by ``wording`` under the statement's digest, as for every checked text.
- ``Recommendation``: made on a day, linked to one or more findings (``RecommendationFinding``), addressed to the
  board and/or named agencies, with the board's response and the reason kept.
- ``ImprovementAction``: one agency's action on a recommendation: who, by when, its status and, when done, the
  evidence; ``ProgressNote``s dated; ``Impact``: what changed, how it was known, when checked.

All belong to their review's partnership through the review; plain fields only, so an export is a dump of rows.
"""

from django.conf import settings
from django.db import models

from ..accounts.models import Partnership
from ..documents.models import Document
from ..reviews.models import Review


class LocalTheme(models.Model):
    """A theme a partnership codes its findings to besides the shipped list."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="local_themes")
    theme_id = models.SlugField("Short name", max_length=100)
    name = models.CharField("Theme", max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "theme_id"], name="one_local_theme_per_id")]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveIntegerField()
    statement = models.TextField("Finding")
    evidence = models.TextField("Evidence", blank=True)
    documents = models.ManyToManyField(Document, through="FindingDocument", related_name="findings", blank=True)
    causation_model_id = models.CharField(max_length=100, blank=True)
    categories = models.JSONField(default=list, blank=True)
    themes = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="one_finding_per_number")]

    def __str__(self) -> str:
        return f"finding {self.number} of {self.review}"


class FindingDocument(models.Model):
    """A document of the review that a finding's evidence rests on."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["finding", "document"], name="one_link_per_document")]

    def __str__(self) -> str:
        return f"{self.document} as evidence of {self.finding}"


class Response(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PART = "accepted_in_part", "Accepted in part"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField("Recommendation")
    findings = models.ManyToManyField(Finding, through="RecommendationFinding", related_name="recommendations")
    to_board = models.BooleanField("Addressed to the board", default=False)
    agencies = models.JSONField("Addressed to agencies", default=list, blank=True)
    made_on = models.DateField("Date made")
    # Blank until the board has responded.
    response = models.CharField("Board's response", max_length=20, choices=Response.choices, blank=True)
    response_reason = models.TextField("Reason for the response", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="one_recommendation_per_number")]

    def __str__(self) -> str:
        return f"recommendation {self.number} of {self.review}"


class RecommendationFinding(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="finding_links")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "finding"], name="one_link_per_finding"),
        ]

    def __str__(self) -> str:
        return f"{self.finding} behind {self.recommendation}"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DOING = "not_doing", "Not doing"


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class ImprovementAction(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What will be done")
    agency = models.CharField("Agency", max_length=200)
    responsible = models.CharField("Person responsible", max_length=200)
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    not_doing_reason = models.TextField("Why it is not being done", blank=True)
    done_on = models.DateField("Date done", null=True, blank=True)
    done_evidence = models.TextField("Evidence it was done", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done", done_evidence=""), name="a_done_action_has_evidence"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_doing", not_doing_reason=""), name="an_action_not_done_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"action of {self.agency} on {self.recommendation}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today

    @property
    def recorded_impact(self) -> "Impact | None":
        """The impact recorded, or None before it is."""
        try:
            return self.impact
        except Impact.DoesNotExist:
            return None


class ProgressNote(models.Model):
    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField("Date")
    text = models.TextField("Progress")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["noted_on", "pk"]

    def __str__(self) -> str:
        return f"progress on {self.noted_on:%-d %B %Y} of the {self.action}"


class Impact(models.Model):
    """What difference an action made: kept apart from whether it was done, since done is not the same as
    changed."""

    action = models.OneToOneField(ImprovementAction, on_delete=models.CASCADE, related_name="impact")
    what_changed = models.TextField("What changed")
    how_known = models.TextField("How it was known")
    checked_on = models.DateField("Date checked")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"impact of the {self.action}"


class StoredRecurrence(models.Model):
    """A finding that repeats a finding of an earlier review, kept when either is saved (see ``recurrence``):
    how strongly, and the words and theme ids they share, weightiest first."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recurrences")
    earlier = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recurred_in")
    score = models.FloatField()
    shared_words = models.JSONField(default=list)
    shared_themes = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["finding", "earlier"], name="one_stored_recurrence_per_pair")]

    def __str__(self) -> str:
        return f"{self.finding} repeats {self.earlier}"


class RecurrenceState(models.Model):
    """What a review's kept recurrences were made from: the matching's own fingerprint and, for the review and
    each review that began before it, how many findings it had and when they last changed. Another fingerprint
    means they are made again."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="recurrence_state")
    fingerprint = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"recurrences of {self.review}"
