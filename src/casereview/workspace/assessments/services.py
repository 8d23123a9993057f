"""Answering indicators and judging markers, and the summaries built from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from casereview.markers import (
    Answer,
    Evidence,
    GroupSummary,
    Indicator,
    JudgedCount,
    Judgement,
    Marker,
    MarkerSummary,
    get_framework,
    judgement_against_answers,
    summarise_framework,
    summarise_marker,
)

from ..accounts.permissions import Action, NotFound
from ..accounts.services import require
from ..audit.capture import record_change
from ..purpose.services import evidence, judgement_against_records
from ..reviews.models import Review
from .models import IndicatorAnswer, MarkerJudgement


class EditConflict(Exception):
    """Someone saved this record after the user opened it. ``current`` is what is saved now."""

    def __init__(self, current: IndicatorAnswer | MarkerJudgement):
        self.current = current
        super().__init__("changed by someone else since it was opened")


class JudgementNeedsConfirmation(Exception):
    """The judgement goes against the answers or the records and no reason was given. ``concerns`` says where."""

    def __init__(self, concerns: list[str]):
        self.concerns = concerns
        super().__init__("; ".join(concerns))


@dataclass(frozen=True)
class MarkerRecords:
    answers: dict[str, IndicatorAnswer]
    judgement: MarkerJudgement | None


def get_marker(review: Review, marker_id: str) -> Marker:
    try:
        return review.framework.marker(marker_id)
    except KeyError:
        raise NotFound("No such marker in this review's framework") from None


def get_answerable_indicator(marker: Marker, indicator_id: str) -> Indicator:
    try:
        indicator = marker.indicator(indicator_id)
    except KeyError:
        raise NotFound("No such indicator") from None
    if not indicator.answerable:
        raise NotFound("This question is incomplete in casereview's copy and cannot be answered")
    return indicator


def marker_records(review: Review, marker: Marker) -> MarkerRecords:
    answers = IndicatorAnswer.objects.filter(
        review=review, framework_id=review.framework_id, marker_id=marker.id
    ).select_related("answered_by")
    judgement = (
        MarkerJudgement.objects.filter(review=review, framework_id=review.framework_id, marker_id=marker.id)
        .select_related("judged_by")
        .first()
    )
    return MarkerRecords(answers={a.indicator_id: a for a in answers}, judgement=judgement)


def summarise_one(marker: Marker, records: MarkerRecords) -> MarkerSummary:
    """The marker's summary from its records, as ``marker_records`` read them."""
    return summarise_marker(
        marker,
        {indicator_id: record.answer_value for indicator_id, record in records.answers.items()},
        records.judgement.judgement_value if records.judgement else Judgement.NOT_JUDGED,
    )


def framework_summary(review: Review) -> tuple[GroupSummary, ...]:
    answers: dict[str, dict[str, Answer]] = defaultdict(dict)
    for marker_id, indicator_id, answer in IndicatorAnswer.objects.filter(
        review=review, framework_id=review.framework_id
    ).values_list("marker_id", "indicator_id", "answer"):
        answers[marker_id][indicator_id] = Answer(answer)
    judgements = {
        marker_id: Judgement(judgement)
        for marker_id, judgement in MarkerJudgement.objects.filter(
            review=review, framework_id=review.framework_id
        ).values_list("marker_id", "judgement")
    }
    return summarise_framework(review.framework, answers, judgements)


@dataclass(frozen=True)
class HiddenRecords:
    """What a review holds under one framework: hidden, not deleted, when the review moves to another."""

    framework_title: str
    answers: int
    judgements: int

    def __bool__(self) -> bool:
        return bool(self.answers or self.judgements)


def records_under(review: Review, framework_id: str) -> HiddenRecords:
    """The answers and judgements the review holds under ``framework_id`` (not counting "not yet" ones)."""
    return HiddenRecords(
        framework_title=get_framework(framework_id).short_title,
        answers=IndicatorAnswer.objects.filter(review=review, framework_id=framework_id)
        .exclude(answer=Answer.NOT_ANSWERED.value)
        .count(),
        judgements=MarkerJudgement.objects.filter(review=review, framework_id=framework_id)
        .exclude(judgement=Judgement.NOT_JUDGED.value)
        .count(),
    )


def judged_counts(reviews: Iterable[Review]) -> dict[int, JudgedCount]:
    """How many markers of each review's own framework carry a judgement, and how many of those casereview holds
    only in part, in one query."""
    reviews = list(reviews)
    rows = (
        MarkerJudgement.objects.filter(review_id__in=[review.pk for review in reviews])
        .exclude(judgement=Judgement.NOT_JUDGED.value)
        .values_list("review_id", "framework_id", "marker_id")
    )
    framework_of = {review.pk: review.framework for review in reviews}
    judged: dict[int, list[Marker]] = {review_id: [] for review_id in framework_of}
    for review_id, framework_id, marker_id in rows:
        framework = framework_of[review_id]
        if framework.id == framework_id:
            try:
                judged[review_id].append(framework.marker(marker_id))
            except KeyError:  # a marker no longer in the framework file is not one of its markers
                continue
    return {
        review_id: JudgedCount(
            judged=len(markers),
            partial=sum(1 for marker in markers if not marker.is_complete),
            markers=len(framework_of[review_id].markers),
        )
        for review_id, markers in judged.items()
    }


def _save_versioned(model, user_field: str, time_field: str, keys: dict, values: dict, seen_version: int, user):
    """Save ``values`` onto the row named by ``keys`` only if it is still at ``seen_version``.

    ``seen_version`` is 0 when the user saw no saved row. The compare-and-swap is one UPDATE (or one INSERT
    guarded by the unique constraint), so it holds on SQLite and PostgreSQL without explicit locks; whoever
    loses a race, at either step, is told with EditConflict rather than an error.
    """
    stamp = {user_field: user, time_field: timezone.now()}
    with transaction.atomic():
        if seen_version:
            seen = model.objects.filter(**keys, version=seen_version).first()
            updated = model.objects.filter(**keys, version=seen_version).update(
                **values, **stamp, version=seen_version + 1
            )
            if updated:
                saved = model.objects.get(**keys)
                record_change(seen, saved)
                return saved
            current = model.objects.filter(**keys).first()
            if current is not None:
                raise EditConflict(current)
        # Nobody had saved one when the user opened it, or the one they saw has been deleted since: only one
        # of several people doing this at once gets the row in; the others conflict with theirs.
        try:
            with transaction.atomic():
                return model.objects.create(**keys, **values, **stamp, version=1)
        except IntegrityError:
            raise EditConflict(model.objects.get(**keys)) from None


@transaction.atomic
def save_answer(
    user: AbstractBaseUser,
    review: Review,
    marker: Marker,
    indicator: Indicator,
    *,
    answer: Answer,
    evidence: str,
    seen_version: int,
) -> IndicatorAnswer:
    """Record an answer with its evidence; raise EditConflict if a colleague saved one since ``seen_version``."""
    require(user, Action.EDIT_ASSESSMENT, review.partnership)
    return _save_versioned(
        IndicatorAnswer,
        "answered_by",
        "answered_at",
        keys={
            "review": review,
            "framework_id": review.framework_id,
            "marker_id": marker.id,
            "indicator_id": indicator.id,
        },
        values={"answer": answer.value, "evidence": evidence.strip()},
        seen_version=seen_version,
        user=user,
    )


@transaction.atomic
def save_judgement(
    user: AbstractBaseUser,
    review: Review,
    marker: Marker,
    *,
    judgement: Judgement,
    rationale: str,
    confirmation: str = "",
    seen_version: int,
) -> MarkerJudgement:
    """Record the marker's judgement and its rationale; raise EditConflict as ``save_answer`` does.

    A judgement that goes against the marker's answers or records (``judgement_concerns``) needs a
    ``confirmation``: why it stands. Raises JudgementNeedsConfirmation without one; a confirmation given where
    nothing contradicts the judgement is not kept.
    """
    require(user, Action.EDIT_ASSESSMENT, review.partnership)
    concerns = judgement_concerns(review, marker, judgement)
    if concerns and not confirmation.strip():
        raise JudgementNeedsConfirmation(concerns)
    return _save_versioned(
        MarkerJudgement,
        "judged_by",
        "judged_at",
        keys={"review": review, "framework_id": review.framework_id, "marker_id": marker.id},
        values={
            "judgement": judgement.value,
            "rationale": rationale.strip(),
            "confirmation": confirmation.strip() if concerns else "",
        },
        seen_version=seen_version,
        user=user,
    )


def judgement_concerns(review: Review, marker: Marker, judgement: Judgement) -> list[str]:
    """Where ``judgement`` goes against the marker's answers or the records that evidence it, in plain words."""
    records = marker_records(review, marker)
    answers = {indicator_id: record.answer_value for indicator_id, record in records.answers.items()}
    concerns = judgement_against_answers(marker, answers, judgement)
    if judgement is Judgement.MET:
        found = evidence(review, marker.needed_evidence - {Evidence.LEARNING_FRAMEWORK})
        concerns += judgement_against_records(marker, found, judgement)
    return concerns


def missing_explanation(answer: Answer | Judgement, text: str) -> bool:
    """An answer or judgement must say why; only "not yet" may stand without words."""
    return answer not in (Answer.NOT_ANSWERED, Judgement.NOT_JUDGED) and not text.strip()
