"""What a partnership records about the clocks of its reviews. The steps themselves are data (the step files of
``casereview.timescales``, changed by the partnership's own periods and steps); these records hold only what
people decide or do: when a step was done, why it was late, who agreed to a pause or an extension, which days
the partnership was closed."""

from django.conf import settings
from django.db import models

from casereview.timescales import Direction, Unit

from ..accounts.models import Partnership
from ..purpose.models import Circumstance
from ..reviews.models import Review, ReviewType

UNIT_CHOICES = [(unit.value, unit.value.capitalize()) for unit in Unit]
DIRECTION_CHOICES = [(direction.value, direction.value.capitalize()) for direction in Direction]


class StepRecord(models.Model):
    """A step of one review: the day it was done and, when it was late, why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="step_records")
    step_id = models.CharField(max_length=100)
    done_on = models.DateField("Date done", null=True, blank=True)
    lateness_reason = models.TextField("Reason for lateness", blank=True)
    # The complicating circumstance behind the lateness (an inquest, a parallel criminal process), when there is one.
    circumstance = models.ForeignKey(
        Circumstance, on_delete=models.SET_NULL, null=True, blank=True, related_name="late_steps"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "step_id"], name="one_record_per_step")]

    def __str__(self) -> str:
        return f"step {self.step_id} of {self.review}"


class ExtensionKind(models.TextChoices):
    EXTENSION = "extension", "Extension"
    PAUSE = "pause", "Pause"


class Extension(models.Model):
    """A pause or an extension of one step: the new due date, why, and who agreed it. The latest one counts."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="extensions")
    step_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=ExtensionKind.choices, default=ExtensionKind.EXTENSION)
    due_on = models.DateField("New due date")
    reason = models.TextField("Why")
    agreed_by = models.CharField("Agreed by", max_length=300)
    agreed_on = models.DateField("Date agreed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display().lower()} of step {self.step_id} of {self.review} to {self.due_on:%-d %B %Y}"


class ClosureDay(models.Model):
    """A day the partnership does not count as a working day, besides weekends and bank holidays."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="closure_days")
    day = models.DateField("Date")
    description = models.CharField("What it is", max_length=200)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["partnership", "day"], name="one_closure_per_day")]

    def __str__(self) -> str:
        return f"{self.partnership} closed on {self.day:%-d %B %Y} ({self.description})"


class LocalPeriod(models.Model):
    """A partnership's own period for a step that the step file marks local. Steps set by law or nationally
    cannot be given one (the engine's ``customise`` refuses), so their label and period always show as shipped."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="local_periods")
    review_type = models.CharField(max_length=40, choices=ReviewType.choices)
    step_id = models.CharField(max_length=100)
    amount = models.IntegerField()
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES)
    direction = models.CharField(max_length=10, choices=DIRECTION_CHOICES, default=Direction.AFTER.value)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "review_type", "step_id"], name="one_local_period_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.partnership}'s period for {self.step_id} ({self.review_type})"


class LocalStep(models.Model):
    """A partnership's own step for a type of review (a local target for agency chronologies, say), after the
    shipped steps; always a local expectation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="local_steps")
    review_type = models.CharField(max_length=40, choices=ReviewType.choices)
    step_id = models.CharField("Short name", max_length=100)
    name = models.CharField("What must be done", max_length=300)
    counts_from = models.CharField("Counts from", max_length=100)
    amount = models.IntegerField()
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES)
    direction = models.CharField(max_length=10, choices=DIRECTION_CHOICES, default=Direction.AFTER.value)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "review_type", "step_id"], name="one_local_step_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.partnership}'s own step {self.step_id} ({self.review_type})"


class ReminderSent(models.Model):
    """A reminder emailed to one person about one review on one day: ``casereview remind`` sends each at most
    once a day, however often cron runs it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "recipient", "sent_on"], name="one_reminder_a_day")]

    def __str__(self) -> str:
        return f"reminder about {self.review} to {self.recipient} on {self.sent_on}"


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address. Not audited: the trail must not hold the secret."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed address of {self.user}"
