from django.conf import settings
from django.db import models

from casereview.causation import shipped_models

from ..accounts.models import Partnership


def causation_model_choices() -> list[tuple[str, str]]:
    return [(model.id, model.title) for model in shipped_models().values()]


class LearningFramework(models.Model):
    """A partnership's just culture principles and agreed model of accident causation, for all its reviews."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="learning_framework")
    principles = models.TextField("Just culture principles")
    causation_model_id = models.CharField(
        "Model of accident causation", max_length=100, choices=causation_model_choices
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Learning framework of {self.partnership}"

    @property
    def causation_model(self):
        return shipped_models()[self.causation_model_id]
