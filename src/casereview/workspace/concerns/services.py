"""Concerns about one person's practice: recording them, running the just culture guide one question at a
time, and logging what is passed to agencies.

Every function that reads or changes these records checks the user's right to them on this review
(``accounts.permissions``: business managers and board members, lead reviewers only for the review they
lead). Callers have already found the review through ``reviews.services.get_review``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casereview.justculture import Guide, InvalidRun, Question, Run, run_guide, shipped_guide

from ..accounts.permissions import Action, NotFound
from ..accounts.services import require_on_review
from ..changes import UNCHANGED, write
from ..purpose.models import Circumstance, CircumstanceKind
from ..reviews.models import Review
from ..wording.results import Wording
from ..wording.services import store_check, stored_wording
from .models import Concern, Disclosure, GuideAnswer, GuideRun

# --- concerns ------------------------------------------------------------------------------------------


def concerns(user: AbstractBaseUser, review: Review) -> list[Concern]:
    require_on_review(user, Action.VIEW_CONCERNS, review)
    return list(review.concerns.select_related("recorded_by").prefetch_related("runs"))


def get_concern(user: AbstractBaseUser, review: Review, concern_id: int) -> Concern:
    require_on_review(user, Action.VIEW_CONCERNS, review)
    try:
        return review.concerns.select_related("recorded_by").prefetch_related("runs").get(pk=concern_id)
    except Concern.DoesNotExist:
        raise NotFound("No such concern") from None


@transaction.atomic
def save_concern(
    user: AbstractBaseUser,
    review: Review,
    *,
    concern: Concern | None = None,
    kind: str = UNCHANGED,
    description: str = UNCHANGED,
    role: str = UNCHANGED,
    organisation: str = UNCHANGED,
    name: str = UNCHANGED,
    raised_on: datetime.date = UNCHANGED,
) -> Concern:
    """Record a concern, or change the fields given of one."""
    require_on_review(user, Action.RECORD_CONCERNS, review)
    if concern is None:
        concern = Concern(review=review, recorded_by=user)
    write(
        concern,
        kind=kind,
        description=description,
        role=role,
        organisation=organisation,
        name=name,
        raised_on=raised_on,
    )
    concern.save()
    store_check(concern.description)
    return concern


def description_wording(concern: Concern) -> Wording:
    """The stored wording check of what the concern says was done: blame and hindsight in the record of one
    person's act colour every later reading of it."""
    return stored_wording(concern.description)


# --- guide runs ---------------------------------------------------------------------------------------------


def latest_run(concern: Concern) -> GuideRun | None:
    """The latest run, finished or not: the one to continue."""
    return max(concern.runs.all(), key=lambda run: run.number, default=None)


def current_run(concern: Concern) -> GuideRun | None:
    """The latest finished run: its outcome stands until a later run finishes. Earlier runs are kept as the
    record of how the view changed."""
    return max((run for run in concern.runs.all() if run.finished), key=lambda run: run.number, default=None)


def get_run(concern: Concern, number: int) -> GuideRun:
    try:
        return concern.runs.get(number=number)
    except GuideRun.DoesNotExist:
        raise NotFound("No such run") from None


@dataclass(frozen=True)
class RunState:
    """A stored run as the guide sees it: the answers so far with their notes, and where that leaves it."""

    run: GuideRun
    answers: list[GuideAnswer]
    guide: Guide
    state: Run

    @property
    def next_position(self) -> int:
        return len(self.answers) + 1

    def question_at(self, position: int) -> Question | None:
        """The question asked at this position (1-based), or None if the run has not reached it."""
        if position <= len(self.answers):
            return self.guide.question(self.answers[position - 1].question_id)
        if position == self.next_position:
            return self.state.next_question
        return None


def run_state(run: GuideRun) -> RunState:
    guide = shipped_guide()
    answers = list(run.answers.select_related("answered_by"))
    state = run_guide(guide, [(a.question_id, a.answer, a.note) for a in answers])
    return RunState(run, answers, guide, state)


@transaction.atomic
def start_run(user: AbstractBaseUser, concern: Concern) -> GuideRun:
    """A new run of the guide for the concern, unless the latest run is still unfinished: that one is
    continued rather than left behind half done."""
    require_on_review(user, Action.RECORD_CONCERNS, concern.review)
    Concern.objects.select_for_update().filter(pk=concern.pk).first()
    latest = latest_run(concern)
    if latest is not None and not latest.finished:
        return latest
    number = (concern.runs.aggregate(highest=Max("number"))["highest"] or 0) + 1
    return GuideRun.objects.create(concern=concern, number=number, guide_id=shipped_guide().id, started_by=user)


def previous_answer(run: GuideRun, question_id: str) -> GuideAnswer | None:
    """How the run before this one answered the question: offered when the answers are revisited."""
    return (
        GuideAnswer.objects.filter(run__concern_id=run.concern_id, run__number=run.number - 1, question_id=question_id)
        .order_by("position")
        .first()
    )


def offered_answer(state: RunState, position: int, question_id: str) -> tuple[GuideAnswer | None, bool]:
    """The answer a question's page starts with, and whether it comes from the run before: the answer this
    run already gave at that position; else, when a new run revisits the answers, the run before's answer to
    the same question."""
    if position <= len(state.answers):
        return state.answers[position - 1], False
    previous = previous_answer(state.run, question_id)
    return previous, previous is not None


class AnswerNotSaved(Exception):
    """The answer cannot be saved as given; the message says why, in the reviewer's words."""


STALE_ANSWER = (
    "The answers in this run changed after the page was opened, so your answer was not saved. "
    "This is the question the guide asks now."
)


@transaction.atomic
def answer_question(
    user: AbstractBaseUser, run: GuideRun, position: int, question_id: str, answer: bool, note: str
) -> RunState:
    """Answer the question at this position of an unfinished run. Changing an earlier answer to a different
    one removes the answers after it, since the guide may now ask other questions.

    Raises AnswerNotSaved, with a reason to show, when the run is finished, the position is beyond the
    guide's next question, or the question is not the one the guide asks at that position (a page opened
    before someone changed an earlier answer).
    """
    require_on_review(user, Action.RECORD_CONCERNS, run.concern.review)
    run = GuideRun.objects.select_for_update().get(pk=run.pk)
    if run.finished:
        raise AnswerNotSaved(
            f"Run {run.number} is finished, so its answers are kept as they are. "
            "To revisit them, start a new run from the concern's page."
        )
    answers = list(run.answers.all())
    if not 1 <= position <= len(answers) + 1:
        raise AnswerNotSaved("The guide has not reached that question yet: answer the questions in order.")
    kept = [(a.question_id, a.answer, a.note) for a in answers[: position - 1]]
    earlier = answers[position - 1] if position <= len(answers) else None
    note = note.strip()
    # The same answer leaves the rest of the path as it was; only the note changes.
    same = earlier is not None and earlier.answer == answer
    later = [(a.question_id, a.answer, a.note) for a in answers[position:]] if same else []
    try:
        state = run_guide(shipped_guide(), [*kept, (question_id, answer, note), *later])
    except InvalidRun:
        # The guide's reason names answers by number and questions by id: for whoever maintains the guide.
        raise AnswerNotSaved(STALE_ANSWER) from None
    if same:
        earlier.note, earlier.answered_by = note, user
        earlier.save(update_fields=["note", "answered_by", "answered_at"])
    else:
        run.answers.filter(position__gte=position).delete()
        GuideAnswer.objects.create(
            run=run, position=position, question_id=question_id, answer=answer, note=note, answered_by=user
        )
    if state.finished:
        run.outcome_id, run.finished_at = state.outcome.id, timezone.now()
        run.save(update_fields=["outcome_id", "finished_at"])
    return run_state(run)


# --- information shared with agencies ---------------------------------------------------------------------


def disclosures(user: AbstractBaseUser, review: Review) -> list[Disclosure]:
    require_on_review(user, Action.VIEW_CONCERNS, review)
    return list(review.disclosures.select_related("concern", "recorded_by", "circumstance"))


def disclosure_count(review: Review) -> int:
    """How many times information was passed to an agency: shown to every member, as the honest
    acknowledgement that the review is not only about learning. The details stay restricted."""
    return review.disclosures.count()


def get_disclosure(user: AbstractBaseUser, review: Review, disclosure_id: int) -> Disclosure:
    require_on_review(user, Action.RECORD_CONCERNS, review)
    try:
        return review.disclosures.get(pk=disclosure_id)
    except Disclosure.DoesNotExist:
        raise NotFound("No such record") from None


def circumstance_text(disclosure: Disclosure) -> str:
    """What every member of the review may read about a disclosure: that it happened, to which agency and
    when; never what was shared or about whom."""
    return (
        f"Information from this review was passed to {disclosure.shared_with} on "
        f"{disclosure.shared_on:%-d %B %Y} for that agency's own processes. What was shared, and why, is "
        "kept in the review's restricted log of information shared with agencies."
    )


@transaction.atomic
def save_disclosure(
    user: AbstractBaseUser,
    review: Review,
    *,
    disclosure: Disclosure | None = None,
    what: str = UNCHANGED,
    shared_with: str = UNCHANGED,
    shared_on: datetime.date = UNCHANGED,
    why: str = UNCHANGED,
    concern: Concern | None = UNCHANGED,
) -> Disclosure:
    """Record information passed to an agency, and keep its complicating circumstance in step: a new record
    creates one (to be acknowledged like any other); a change rewrites it unless someone has reworded it."""
    require_on_review(user, Action.RECORD_CONCERNS, review)
    if disclosure is None:
        disclosure = Disclosure(review=review, recorded_by=user)
    generated_before = circumstance_text(disclosure) if disclosure.pk else None
    write(disclosure, what=what, shared_with=shared_with, shared_on=shared_on, why=why, concern=concern)
    circumstance = disclosure.circumstance
    if circumstance is None:
        circumstance = Circumstance(review=review, kind=CircumstanceKind.PARALLEL)
    if circumstance.pk is None or circumstance.description == generated_before:
        circumstance.description = circumstance_text(disclosure)
        circumstance.identified_on = disclosure.shared_on
        circumstance.recorded_by = user
        circumstance.save()
    disclosure.circumstance = circumstance
    disclosure.save()
    return disclosure
