"""The partnership's learning framework: just culture principles and the agreed causation model."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from casereview.causation import CausationModel, shipped_models

from ..accounts.models import Partnership
from ..accounts.permissions import Action, NotFound
from ..accounts.services import require
from .models import LearningFramework

DEFAULT_MODEL = "learning-together"


def suggested_principles(partnership: Partnership) -> str:
    """A first statement of just culture principles, in plain words, for the business manager to adapt."""
    return (
        f"{partnership.name} runs every review, audit and evaluation to learn and improve, not to blame.\n\n"
        "Errors are a normal part of complex work. They usually arise from several weaknesses in the system "
        "lining up, not from one person's mistake, so we look at the conditions people worked in: their "
        "tools, caseloads, supervision, information and the guidance they had.\n\n"
        "People who make errors, or who work in systems that fail around them, will be supported, so that "
        "they can tell us what they saw and we can all learn from it. We hold ourselves accountable by being "
        "open about problems and about what we do to address their causes.\n\n"
        "Culpability is considered only for reckless or malicious acts, one act at a time, using the just "
        "culture guide, and separately from the review's learning. When information from a review is shared "
        "with an agency for its own processes, we say so openly."
    )


def framework_of(partnership: Partnership) -> LearningFramework | None:
    return LearningFramework.objects.filter(partnership=partnership).select_related("updated_by").first()


@transaction.atomic
def save_framework(
    user: AbstractBaseUser, partnership: Partnership, *, principles: str, causation_model_id: str
) -> LearningFramework:
    require(user, Action.EDIT_LEARNING_FRAMEWORK, partnership)
    framework, _ = LearningFramework.objects.update_or_create(
        partnership=partnership,
        defaults={"principles": principles.strip(), "causation_model_id": causation_model_id, "updated_by": user},
    )
    return framework


def get_model(model_id: str) -> CausationModel:
    try:
        return shipped_models()[model_id]
    except KeyError:
        raise NotFound("No such causation model") from None
