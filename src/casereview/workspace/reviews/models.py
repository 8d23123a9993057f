from django.conf import settings
from django.db import models

from casereview.markers import get_framework, shipped_frameworks

from ..accounts.models import Partnership


class ReviewType(models.TextChoices):
    SCR = "scr", "Serious Case Review (SCR)"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    LCSPR = "lcspr", "Local Child Safeguarding Practice Review (LCSPR)"
    SAR_MANDATORY = "sar_mandatory", "Safeguarding Adults Review, mandatory (Care Act s44(1)-(3))"
    SAR_DISCRETIONARY = "sar_discretionary", "Safeguarding Adults Review, discretionary (Care Act s44(4))"
    DHR = "dhr", "Domestic Homicide Review"
    OTHER = "other", "Other learning review"


class Stage(models.TextChoices):
    REFERRAL = "referral", "Referral and notification"
    DECISION = "decision", "Decision whether to review"
    COMMISSIONING = "commissioning", "Commissioning and scoping"
    INFORMATION = "information", "Assembling information"
    ANALYSIS = "analysis", "Analysis"
    REPORT = "report", "Writing the report"
    BOARD_RESPONSE = "board_response", "Board response"
    PUBLICATION = "publication", "Publication"
    IMPROVEMENT = "improvement", "Improvement action and evaluation"
    CLOSED = "closed", "Closed"


def framework_choices() -> list[tuple[str, str]]:
    return [(framework.id, framework.short_title) for framework in shipped_frameworks().values()]


class Review(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(
        "Anonymised reference", max_length=100, help_text='For example "Child H". Never a real name.'
    )
    review_type = models.CharField(max_length=40, choices=ReviewType.choices)
    stage = models.CharField(max_length=40, choices=Stage.choices, default=Stage.REFERRAL)
    framework_id = models.CharField("Quality markers", max_length=100, choices=framework_choices)
    incident_date = models.DateField("Date of the serious incident", null=True, blank=True)
    # The statutory clocks start at awareness (the Panel must be notified within 5 working days of it), which
    # is not the day the Panel or partnership was notified: recording one in the other's place moves every clock.
    aware_date = models.DateField("Date the local authority became aware of the incident", null=True, blank=True)
    notification_date = models.DateField("Date of notification", null=True, blank=True)
    decision_date = models.DateField("Date of the decision to review", null=True, blank=True)
    initiation_date = models.DateField("Date the review started", null=True, blank=True)
    publication_date = models.DateField("Date of publication", null=True, blank=True)
    lead_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_reviews"
    )
    # Closing ends the review's work, with when and why; archiving takes it off the register without
    # deleting anything, and can be undone.
    closed_on = models.DateField("Date closed", null=True, blank=True)
    closure_reason = models.TextField("Why it was closed", blank=True)
    archived_at = models.DateTimeField("Archived", null=True, blank=True)
    # The next open step with a due date, kept by ``clocks.services.store_next_steps`` whenever anything it
    # depends on changes, so that the register filters, sorts and pages in the database. ``next_step_basis`` is
    # the fingerprint of the step files and bank holidays it was worked out under: a review whose basis is not
    # the current one (new code, a review added without the services) is worked out again when next listed.
    next_step_name = models.CharField(max_length=300, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    next_step_basis = models.CharField(max_length=64, blank=True)
    # The highest number ever given to a finding and to a recommendation of the review, removed ones included: a
    # number in a published report must go on naming the same finding, so a removed one's is never given again.
    last_finding_number = models.PositiveIntegerField(default=0, editable=False)
    last_recommendation_number = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership__name", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="one_reference_per_partnership"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def framework(self):
        return get_framework(self.framework_id)
