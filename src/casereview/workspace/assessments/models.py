"""Answers to indicators and judgements of markers, for one review under one framework.

``version`` counts saved changes; a save names the version it started from, so a colleague's change
made in between is noticed instead of overwritten.
"""

from django.conf import settings
from django.db import models

from casereview.markers import Answer, Judgement

from ..reviews.models import Review


class IndicatorAnswer(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="indicator_answers")
    framework_id = models.CharField(max_length=100)
    marker_id = models.CharField(max_length=100)
    indicator_id = models.CharField(max_length=100)
    answer = models.CharField(
        max_length=20, choices=[(a.value, a.label) for a in Answer], default=Answer.NOT_ANSWERED.value
    )
    evidence = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "framework_id", "marker_id", "indicator_id"], name="one_answer_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.marker_id} {self.indicator_id} {self.answer}"

    @property
    def answer_value(self) -> Answer:
        return Answer(self.answer)


class MarkerJudgement(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="marker_judgements")
    framework_id = models.CharField(max_length=100)
    marker_id = models.CharField(max_length=100)
    judgement = models.CharField(
        max_length=20, choices=[(j.value, j.label) for j in Judgement], default=Judgement.NOT_JUDGED.value
    )
    rationale = models.TextField(blank=True)
    # Why the judgement stands although the answers or the records point the other way; empty when they agree.
    confirmation = models.TextField("Why the judgement stands despite the answers or records", blank=True)
    version = models.PositiveIntegerField(default=1)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    judged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "framework_id", "marker_id"], name="one_judgement_per_marker"),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.marker_id} {self.judgement}"

    @property
    def judgement_value(self) -> Judgement:
        return Judgement(self.judgement)
