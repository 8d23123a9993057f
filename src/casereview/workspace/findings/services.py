"""The rules over a review's findings, recommendations and actions, and the writes that keep them.

Every write is one transaction: the record, its audit entry (``audit.capture``) and, for a finding, the stored
wording check of its statement and the recurrences it changes (``recurrence.refresh``) commit together. Bad input
raises ``FindingsInputError`` before anything is saved, with a message for each field saying what to do.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from casereview.causation import CausationModel, shipped_models
from casereview.language import Category
from casereview.themes import shipped_themes

from ..accounts.models import Membership, Partnership
from ..accounts.permissions import Action, NotAllowed, NotFound
from ..accounts.services import may_for_agency, require, same_agency
from ..documents.models import Document
from ..forms import InputError
from ..learning.services import framework_of
from ..reviews.models import Review
from ..wording.results import Wording
from ..wording.services import store_check, stored_wordings
from . import recurrence
from .models import (
    OPEN_STATUSES,
    Finding,
    FindingDocument,
    Impact,
    ImprovementAction,
    LocalTheme,
    ProgressNote,
    Recommendation,
    RecommendationFinding,
    Response,
    Status,
)


class FindingsInputError(InputError):
    """What someone entered cannot be right; ``problems`` maps each field to a message saying what to do."""


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


# --- what findings are coded to -------------------------------------------------------------------------------


def agreed_model(partnership: Partnership) -> CausationModel | None:
    """The causation model the partnership has agreed in its learning framework, or None before it has."""
    framework = framework_of(partnership)
    return framework.causation_model if framework is not None else None


@dataclass(frozen=True)
class ThemeChoice:
    id: str
    name: str
    own: bool  # the partnership's own, not the shipped list's


def themes_of(partnership: Partnership) -> list[ThemeChoice]:
    """The themes the partnership's findings can be coded to: the shipped list, then its own."""
    shipped = [ThemeChoice(theme.id, theme.name, False) for theme in shipped_themes().themes]
    own = [ThemeChoice(theme.theme_id, theme.name, True) for theme in partnership.local_themes.all()]
    return shipped + own


def _category_problem(partnership: Partnership, model: CausationModel | None, code: str) -> str:
    """Why a category id cannot code a finding of this partnership's reviews."""
    if model is None:
        return (
            f"{partnership.name} has not agreed a causation model yet, so findings cannot be coded to its "
            "categories: a business manager sets it in the learning framework."
        )
    for other in shipped_models().values():
        if other.id != model.id and any(category.id == code for category in other.categories):
            return (
                f"“{other.category(code).name}” is a category of {other.title}, not of the model "
                f"{partnership.name} has agreed ({model.title}). Choose from that model's categories."
            )
    return f"“{code}” is not a category of {model.title}. Choose from that model's categories."


def _checked_codes(partnership: Partnership, categories: Sequence[str], themes: Sequence[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    model = agreed_model(partnership)
    known = {category.id for category in model.categories} if model else set()
    for code in categories:
        if code not in known:
            problems["categories"] = _category_problem(partnership, model, code)
            break
    theme_ids = {choice.id for choice in themes_of(partnership)}
    unknown = [theme for theme in themes if theme not in theme_ids]
    if unknown:
        problems["themes"] = (
            f"“{unknown[0]}” is not one of {partnership.name}'s themes. Choose from the list, or a business "
            "manager adds it as one of the partnership's own themes."
        )
    return problems


# --- findings ---------------------------------------------------------------------------------------------------


def get_finding(review: Review, finding_id: int) -> Finding:
    try:
        return review.findings.get(pk=finding_id)
    except Finding.DoesNotExist:
        raise NotFound("No such finding") from None


def _next_number(records, review: Review, last: str) -> int:
    """The number the review's next record of ``records`` is given: one more than any given before, kept in the
    review's field ``last`` (a review imported, or numbered before that field was kept, counts its records too).
    Call inside the transaction that saves the record."""
    # The review's row is locked first, so two people adding at once get numbers one after the other.
    given = Review.objects.select_for_update().filter(pk=review.pk).values_list(last, flat=True).get()
    number = max(given, records.filter(review=review).aggregate(top=Max("number"))["top"] or 0) + 1
    Review.objects.filter(pk=review.pk).update(**{last: number})
    return number


@transaction.atomic
def save_finding(
    user: AbstractBaseUser,
    review: Review,
    finding: Finding | None = None,
    *,
    statement: str,
    evidence: str,
    categories: Sequence[str],
    themes: Sequence[str],
    documents: Iterable[Document] = (),
    match_recurrences: bool = True,
) -> Finding:
    """Add a finding to the review, or change ``finding``. Raises FindingsInputError for an empty statement,
    codes that are not the partnership's (another model's categories, unknown themes) and documents of
    another review. A caller saving many findings at once may pass ``match_recurrences=False`` and match them
    once when all are in (``recurrence.rematch``): the recurrences left stale are matched on the first page
    that reads them otherwise."""
    require(user, Action.EDIT_FINDINGS, review.partnership)
    problems: dict[str, str] = {}
    statement = statement.strip()
    if not statement:
        problems["statement"] = "Write the finding: what the review learned about how the system works"
    problems.update(_checked_codes(review.partnership, categories, themes))
    documents = list(documents)
    if any(document.review_id != review.pk for document in documents):
        problems["documents"] = "Choose documents of this review only"
    if problems:
        raise FindingsInputError(problems)
    model = agreed_model(review.partnership)
    if finding is None:
        finding = Finding(review=review, number=_next_number(Finding.objects, review, "last_finding_number"))
    finding.statement = statement
    finding.evidence = evidence.strip()
    finding.causation_model_id = model.id if model and categories else ""
    finding.categories = list(dict.fromkeys(categories))
    finding.themes = list(dict.fromkeys(themes))
    finding.recorded_by = user
    finding.save()
    wanted = {document.pk for document in documents}
    have = set(finding.document_links.values_list("document_id", flat=True))
    for link in finding.document_links.filter(document_id__in=have - wanted):
        link.delete()
    for document_id in sorted(wanted - have):
        FindingDocument.objects.create(finding=finding, document_id=document_id)
    store_check(statement)
    if match_recurrences:
        recurrence.refresh(review.partnership)
    return finding


def _numbers(records) -> str:
    numbers = [str(record.number) for record in records]
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"


def resting_on(finding: Finding) -> list[Recommendation]:
    """The recommendations that rest on the finding: while there are any, it cannot be removed."""
    return list(finding.recommendations.order_by("number"))


@transaction.atomic
def remove_finding(user: AbstractBaseUser, finding: Finding) -> None:
    """Remove the finding, its links to documents and the matches kept with it (the audit trail keeps what it
    said). Raises FindingsInputError while recommendations rest on it, saying which."""
    review = finding.review
    require(user, Action.EDIT_FINDINGS, review.partnership)
    # Locked first, so a recommendation linked to it meanwhile waits and is then seen, not left resting on nothing.
    Finding.objects.select_for_update().filter(pk=finding.pk).exists()
    resting = resting_on(finding)
    if resting:
        one = len(resting) == 1
        raise FindingsInputError(
            {
                "finding": (
                    f"Recommendation{'' if one else 's'} {_numbers(resting)} rest{'s' if one else ''} on finding "
                    f"{finding.number}. Change {'it' if one else 'each'} to rest on other findings, or remove "
                    f"{'it' if one else 'them'}, first; then remove the finding"
                )
            }
        )
    finding.delete()
    recurrence.refresh(review.partnership)


@dataclass(frozen=True)
class ShownFinding:
    """A finding as its review's page shows it: names for its codes, its documents and its stored check."""

    finding: Finding
    categories: list[str]
    themes: list[str]
    documents: list[Document]
    check: Wording
    blames: bool  # the check found blame: the page points to the just culture guide

    @property
    def pk(self) -> int:
        return self.finding.pk


def category_names(model_id: str, codes: Iterable[str]) -> list[str]:
    model = shipped_models().get(model_id)
    names = []
    for code in codes:
        try:
            names.append(model.category(code).name if model else code)
        except KeyError:
            names.append(code)
    return names


def theme_names(partnership: Partnership) -> dict[str, str]:
    return {choice.id: choice.name for choice in themes_of(partnership)}


# The start of a sentence that makes one person the subject of a judgement marked just after it: "Nurse Jones was
# (grossly) negligent", "She was careless", "The health visitor was careless". "The service was careless" and
# "Agencies were careless" judge the system, which the wording check's own message covers.
_ONE_PERSON_JUDGED = re.compile(
    r"(?:\A|[.!?]\s+|\n)\s*"
    r"(?:(?:Nurse|Sister|Midwife|Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Professor|PC|DC|Sergeant|Sgt|Inspector|Officer)\.?"
    r"\s+[A-Z][\w'’-]+"
    r"|He|She"
    r"|[Tt]he\s+(?:social\s+worker|health\s+visitor|school\s+nurse|nurse|midwife|GP|doctor|paediatrician|teacher"
    r"|head\s+teacher|police\s+officer|officer|practitioner|manager|team\s+manager|support\s+worker|key\s+worker))"
    r"\s+(?:was|is|had\s+been|has\s+been|acted|behaved|seemed|appeared)\s+(?:\w+ly\s+)?\Z"
)


def judges_one_person(check: Wording) -> bool:
    """Whether a judgemental word the check marked (and counts) is said of one person, named or by role."""
    before = ""
    for segment in check.segments:
        marked = segment.finding
        if (
            marked is not None
            and marked.category is Category.JUDGEMENTAL
            and not marked.second_look
            and not marked.quoted
            and _ONE_PERSON_JUDGED.search(before)
        ):
            return True
        before += segment.text
    return False


def blames(check: Wording) -> bool:
    """Whether a finding's stored check found blame: its page then points to the just culture guide. Blame the
    check is less sure of counts too: the sentence model puts "X was to blame for the delay" among the second
    looks, and a finding worded so is still about one person. So does a judgement of one person ("Nurse Jones was
    negligent"): the check calls it judgemental, but it is a verdict on one person's practice all the same."""
    return (
        any(category is Category.BLAME for category, _ in check.counts)
        or any(finding.category is Category.BLAME for finding in check.marked)
        or judges_one_person(check)
    )


def shown_findings(review: Review) -> list[ShownFinding]:
    """The review's findings in order, each with what it is coded to and its stored wording check."""
    findings = list(review.findings.prefetch_related("documents"))
    checks = stored_wordings({finding.pk: finding.statement for finding in findings})
    names = theme_names(review.partnership)
    return [
        ShownFinding(
            finding=finding,
            categories=category_names(finding.causation_model_id, finding.categories),
            themes=[names.get(theme, theme) for theme in finding.themes],
            documents=list(finding.documents.all()),
            check=checks[finding.pk],
            blames=blames(checks[finding.pk]),
        )
        for finding in findings
    ]


@transaction.atomic
def add_local_theme(user: AbstractBaseUser, partnership: Partnership, *, name: str) -> LocalTheme:
    """One of the partnership's own themes, beside the shipped list. Raises FindingsInputError for an empty
    name or one the list already has."""
    require(user, Action.EDIT_LEARNING_FRAMEWORK, partnership)
    name = " ".join(name.split())
    theme_id = slugify(name)[:100]
    if not theme_id:
        raise FindingsInputError({"name": "Enter the theme, like “Cuckooing”"})
    taken = {choice.id for choice in themes_of(partnership)} | {
        choice.name.casefold() for choice in themes_of(partnership)
    }
    already = FindingsInputError({"name": f"“{name}” is already one of the themes"})
    if theme_id in taken or name.casefold() in taken:
        raise already
    try:
        with transaction.atomic():
            return LocalTheme.objects.create(partnership=partnership, theme_id=theme_id, name=name)
    except IntegrityError:  # someone else added it since the check above
        if LocalTheme.objects.filter(partnership=partnership, theme_id=theme_id).exists():
            raise already from None
        raise


# --- recommendations ---------------------------------------------------------------------------------------------


def get_recommendation(review: Review, recommendation_id: int) -> Recommendation:
    try:
        return review.recommendations.get(pk=recommendation_id)
    except Recommendation.DoesNotExist:
        raise NotFound("No such recommendation") from None


def agency_list(text: str) -> list[str]:
    """Agencies typed one to a line (or separated by semicolons), each once, in the order typed."""
    names = [" ".join(part.split()) for line in text.splitlines() for part in line.split(";")]
    return list(dict.fromkeys(name for name in names if name))


@transaction.atomic
def save_recommendation(
    user: AbstractBaseUser,
    review: Review,
    recommendation: Recommendation | None = None,
    *,
    text: str,
    findings: Sequence[Finding],
    to_board: bool,
    agencies: Sequence[str],
    made_on: datetime.date | None,
    response: str,
    response_reason: str,
) -> Recommendation:
    """Add a recommendation to the review, or change ``recommendation``. Raises FindingsInputError for one
    that rests on no finding, is addressed to nobody, a response other than accepted without its reason, or a
    date after an action's due date."""
    require(user, Action.EDIT_FINDINGS, review.partnership)
    problems: dict[str, str] = {}
    text = text.strip()
    if not text:
        problems["text"] = "Write the recommendation"
    if not findings:
        problems["findings"] = "Choose the findings the recommendation rests on: a recommendation needs at least one"
    elif any(finding.review_id != review.pk for finding in findings):
        problems["findings"] = "Choose findings of this review only"
    if not to_board and not agencies:
        problems["agencies"] = "Say who the recommendation is to: the board, or name the agencies, one to a line"
    if made_on is None:
        problems["made_on"] = "Enter the date the recommendation was made"
    elif made_on > timezone.localdate():
        problems["made_on"] = "Date made must be today or in the past"
    elif recommendation is not None:
        earliest = recommendation.actions.order_by("due_on").first()
        if earliest is not None and earliest.due_on < made_on:
            problems["made_on"] = (
                f"An action on this recommendation is due on {_date(earliest.due_on)}: the recommendation "
                "must have been made on or before then"
            )
    response_reason = response_reason.strip()
    if response and response not in Response.values:
        problems["response"] = "Choose accepted, accepted in part or not accepted"
    elif response in (Response.ACCEPTED_IN_PART, Response.NOT_ACCEPTED) and not response_reason:
        problems["response_reason"] = (
            f"Say why the recommendation was {Response(response).label.lower()}: the annual report must explain it"
        )
    elif (
        response == Response.NOT_ACCEPTED
        and recommendation is not None
        # Once each open action is marked not being done, as the message asks, the response can be recorded.
        and recommendation.actions.filter(status__in=OPEN_STATUSES).exists()
    ):
        problems["response"] = (
            "Actions are planned on this recommendation: mark each open one not being done, with its reason, "
            "before recording that the recommendation was not accepted"
        )
    if problems:
        raise FindingsInputError(problems)
    if recommendation is None:
        recommendation = Recommendation(
            review=review, number=_next_number(Recommendation.objects, review, "last_recommendation_number")
        )
    recommendation.text = text
    recommendation.to_board = to_board
    recommendation.agencies = list(agencies)
    recommendation.made_on = made_on
    recommendation.response = response
    recommendation.response_reason = response_reason
    recommendation.recorded_by = user
    recommendation.save()
    wanted = {finding.pk for finding in findings}
    have = set(recommendation.finding_links.values_list("finding_id", flat=True))
    for link in recommendation.finding_links.filter(finding_id__in=have - wanted):
        link.delete()
    for finding_id in sorted(wanted - have):
        RecommendationFinding.objects.create(recommendation=recommendation, finding_id=finding_id)
    return recommendation


@transaction.atomic
def remove_recommendation(user: AbstractBaseUser, recommendation: Recommendation, *, actions_shown: Iterable[int]):
    """Remove the recommendation and, with it, the actions planned on it with their progress notes and impact (the
    audit trail keeps each). ``actions_shown`` are the actions the confirmation listed: if they are not the
    actions now (one was planned or removed since), FindingsInputError asks to look again. Removing actions is
    for those who plan them: NotAllowed for anyone else while the recommendation has any."""
    partnership = recommendation.review.partnership
    require(user, Action.EDIT_FINDINGS, partnership)
    Recommendation.objects.select_for_update().filter(pk=recommendation.pk).exists()
    actions = set(recommendation.actions.values_list("pk", flat=True))
    if actions:
        require(user, Action.PLAN_ACTIONS, partnership)
    if actions != set(actions_shown):
        raise FindingsInputError(
            {
                "actions": (
                    f"The actions on recommendation {recommendation.number} changed since this page was shown. "
                    "Read again what will be removed with it, then confirm"
                )
            }
        )
    recommendation.delete()


# --- actions -------------------------------------------------------------------------------------------------


def get_action(review: Review, action_id: int) -> ImprovementAction:
    try:
        return ImprovementAction.objects.select_related("recommendation").get(
            pk=action_id, recommendation__review=review
        )
    except ImprovementAction.DoesNotExist:
        raise NotFound("No such action") from None


def may_update(user: AbstractBaseUser, action: ImprovementAction, partnership: Partnership) -> bool:
    """Whether the user may record the action's progress: a business manager any action, an agency lead
    their own agency's."""
    return may_for_agency(user, Action.UPDATE_ACTIONS, partnership, action.agency)


def _require_update(user: AbstractBaseUser, action: ImprovementAction) -> None:
    if not may_update(user, action, action.recommendation.review.partnership):
        raise NotAllowed(Action.UPDATE_ACTIONS, action.recommendation.review)


def _plan_problems(
    recommendation: Recommendation, *, description: str, agency: str, responsible: str, due_on: datetime.date | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if recommendation.response == Response.NOT_ACCEPTED:
        problems["recommendation"] = (
            f"Recommendation {recommendation.number} was not accepted, so nothing is planned on it. Change the "
            "board's response first if that has changed"
        )
    if not description.strip():
        problems["description"] = "Say what will be done"
    if not agency.strip():
        problems["agency"] = "Enter the agency that will do it, like “Northtown NHS Trust”"
    if not responsible.strip():
        problems["responsible"] = "Enter the person responsible, by role or name"
    if due_on is None:
        problems["due_on"] = "Enter the due date"
    elif due_on < recommendation.made_on:
        problems["due_on"] = (
            f"Due date must be on or after the day recommendation {recommendation.number} was made "
            f"({_date(recommendation.made_on)})"
        )
    return problems


def agency_as_known(partnership: Partnership, typed: str) -> str:
    """The agency's name as the partnership already writes it, when the typed one differs only in case or spacing
    ("northtown NHS trust"): the same agency is one entry in the action plan's filter, one name in its files, as
    it is one agency to its lead's rights. An agency lead's membership spells it first, then earlier actions."""
    typed = " ".join(typed.split())
    members = Membership.objects.filter(partnership=partnership).exclude(agency="").order_by("pk")
    actions = ImprovementAction.objects.filter(recommendation__review__partnership=partnership).order_by("pk")
    for known in [*members.values_list("agency", flat=True), *actions.values_list("agency", flat=True)]:
        if same_agency(known, typed):
            return " ".join(known.split())
    return typed


@transaction.atomic
def add_action(
    user: AbstractBaseUser,
    recommendation: Recommendation,
    *,
    description: str,
    agency: str,
    responsible: str,
    due_on: datetime.date | None,
) -> ImprovementAction:
    """An action planned on a recommendation. Raises FindingsInputError for a recommendation not accepted, a
    due date before the recommendation was made, or a missing agency or person."""
    require(user, Action.PLAN_ACTIONS, recommendation.review.partnership)
    problems = _plan_problems(
        recommendation, description=description, agency=agency, responsible=responsible, due_on=due_on
    )
    if problems:
        raise FindingsInputError(problems)
    return ImprovementAction.objects.create(
        recommendation=recommendation,
        description=description.strip(),
        agency=agency_as_known(recommendation.review.partnership, agency),
        responsible=responsible.strip(),
        due_on=due_on,
        recorded_by=user,
    )


@transaction.atomic
def change_action(
    user: AbstractBaseUser,
    action: ImprovementAction,
    *,
    description: str,
    agency: str,
    responsible: str,
    due_on: datetime.date | None,
) -> ImprovementAction:
    """Change what an action is, who does it and by when (a new due date agreed, say); its progress stays. The
    same rules as planning it."""
    recommendation = action.recommendation
    require(user, Action.PLAN_ACTIONS, recommendation.review.partnership)
    problems = _plan_problems(
        recommendation, description=description, agency=agency, responsible=responsible, due_on=due_on
    )
    problems.pop("recommendation", None)  # an action planned before the board changed its mind can still be changed
    if problems:
        raise FindingsInputError(problems)
    action.description = description.strip()
    action.agency = agency_as_known(recommendation.review.partnership, agency)
    action.responsible = responsible.strip()
    action.due_on = due_on
    action.recorded_by = user
    action.save()
    return action


@transaction.atomic
def remove_action(user: AbstractBaseUser, action: ImprovementAction) -> None:
    """Remove the action with its progress notes and impact (the audit trail keeps each)."""
    require(user, Action.PLAN_ACTIONS, action.recommendation.review.partnership)
    action.delete()


@transaction.atomic
def update_action(
    user: AbstractBaseUser,
    action: ImprovementAction,
    *,
    status: str,
    not_doing_reason: str,
    done_on: datetime.date | None,
    done_evidence: str,
) -> ImprovementAction:
    """The action's status. Raises FindingsInputError for done without its date or evidence, or not doing
    without the reason; NotAllowed for someone who may not update this agency's actions."""
    _require_update(user, action)
    problems: dict[str, str] = {}
    not_doing_reason, done_evidence = not_doing_reason.strip(), done_evidence.strip()
    if status not in Status.values:
        problems["status"] = "Choose the action's status"
    if status == Status.DONE:
        if not done_evidence:
            problems["done_evidence"] = (
                "Say what shows the action was done (a policy's new version, an audit, training records): an "
                "action cannot be marked done without evidence"
            )
        if done_on is None:
            problems["done_on"] = "Enter the date it was done"
        elif done_on > timezone.localdate():
            problems["done_on"] = "Date done must be today or in the past"
    if status == Status.NOT_DOING and not not_doing_reason:
        problems["not_doing_reason"] = "Say why the action is not being done: the annual report must explain it"
    impact = action.recorded_impact
    if impact is not None and status != Status.DONE and status in Status.values:
        # Impact is recorded only once an action is done and counts as impact known: reopening the action under
        # it would keep counting a difference made by work no longer said to be done.
        problems["status"] = (
            f"Its impact is recorded (checked {_date(impact.checked_on)}), so it stays done. To reopen it, "
            "remove the impact first on the impact page; or keep the status Done"
        )
    if problems:
        raise FindingsInputError(problems)
    action.status = status
    action.not_doing_reason = not_doing_reason if status == Status.NOT_DOING else ""
    action.done_on = done_on if status == Status.DONE else None
    action.done_evidence = done_evidence if status == Status.DONE else ""
    action.recorded_by = user
    action.save()
    return action


@transaction.atomic
def add_note(user: AbstractBaseUser, action: ImprovementAction, *, noted_on: datetime.date | None, text: str):
    """A dated note of progress on the action."""
    _require_update(user, action)
    problems = {}
    if noted_on is None:
        problems["noted_on"] = "Enter the date of the progress"
    elif noted_on > timezone.localdate():
        problems["noted_on"] = "Date must be today or in the past"
    if not text.strip():
        problems["text"] = "Say what progress was made"
    if problems:
        raise FindingsInputError(problems)
    return ProgressNote.objects.create(action=action, noted_on=noted_on, text=text.strip(), recorded_by=user)


@transaction.atomic
def save_impact(
    user: AbstractBaseUser,
    action: ImprovementAction,
    *,
    what_changed: str,
    how_known: str,
    checked_on: datetime.date | None,
) -> Impact:
    """What difference the done action made. Raises FindingsInputError before the action is done, or for a
    missing part."""
    _require_update(user, action)
    problems = {}
    if action.status != Status.DONE:
        problems["what_changed"] = "Record the impact once the action is done: mark it done, with its evidence, first"
    if not what_changed.strip():
        problems.setdefault("what_changed", "Say what changed for children, adults, families or practitioners")
    if not how_known.strip():
        problems["how_known"] = "Say how it was known: an audit, feedback, figures, an inspection"
    if checked_on is None:
        problems["checked_on"] = "Enter the date it was checked"
    elif action.done_on and checked_on < action.done_on:
        problems["checked_on"] = (
            f"Date checked must be on or after the day the action was done ({_date(action.done_on)})"
        )
    elif checked_on > timezone.localdate():
        problems["checked_on"] = "Date checked must be today or in the past"
    if problems:
        raise FindingsInputError(problems)
    impact = Impact.objects.filter(action=action).first() or Impact(action=action)
    impact.what_changed = what_changed.strip()
    impact.how_known = how_known.strip()
    impact.checked_on = checked_on
    impact.recorded_by = user
    impact.save()
    return impact


@transaction.atomic
def remove_impact(user: AbstractBaseUser, action: ImprovementAction) -> None:
    """Remove the action's recorded impact (the audit trail keeps what it said), so the action can be reopened
    or its impact recorded afresh. NotAllowed for someone who may not update this agency's actions."""
    _require_update(user, action)
    Impact.objects.filter(action=action).delete()
    cached = ImprovementAction._meta.get_field("impact")
    if cached.is_cached(action):
        cached.delete_cached_value(action)


# --- evidence for the markers on findings, recommendations and action plans -------------------------------------


@dataclass(frozen=True)
class FindingsEvidence:
    """What a review's findings show under a marker's question: how many, whether coded, whether blaming."""

    findings: list[ShownFinding]
    model_title: str | None

    @property
    def uncoded(self) -> list[ShownFinding]:
        return [item for item in self.findings if not item.categories]

    @property
    def blaming(self) -> list[ShownFinding]:
        return [item for item in self.findings if item.blames]


@dataclass(frozen=True)
class RecommendationsEvidence:
    """The review's recommendations and the board's response to each."""

    recommendations: list[Recommendation]

    def responded(self, response: Response) -> list[Recommendation]:
        return [item for item in self.recommendations if item.response == response]

    @property
    def awaiting(self) -> list[Recommendation]:
        return [item for item in self.recommendations if not item.response]

    @property
    def accepted_without_actions(self) -> list[Recommendation]:
        return [
            item
            for item in self.recommendations
            if item.response in (Response.ACCEPTED, Response.ACCEPTED_IN_PART) and not item.actions.all()
        ]


@dataclass(frozen=True)
class ActionsEvidence:
    """The actions on the review's recommendations: their progress, and what is known of their impact."""

    actions: list[ImprovementAction]
    today: datetime.date

    def with_status(self, status: Status) -> list[ImprovementAction]:
        return [item for item in self.actions if item.status == status]

    @property
    def overdue(self) -> list[ImprovementAction]:
        return [item for item in self.actions if item.is_overdue(self.today)]

    @property
    def impact_known(self) -> list[ImprovementAction]:
        # Only done actions: one reopened under its impact before reopening was refused holds an impact of an
        # earlier completion, not one of work said to be done.
        return [item for item in self.with_status(Status.DONE) if item.recorded_impact is not None]

    @property
    def done_without_impact(self) -> list[ImprovementAction]:
        return [item for item in self.with_status(Status.DONE) if item.recorded_impact is None]


def findings_evidence(review: Review) -> FindingsEvidence:
    model = agreed_model(review.partnership)
    return FindingsEvidence(shown_findings(review), model.title if model else None)


def recommendations_evidence(review: Review) -> RecommendationsEvidence:
    return RecommendationsEvidence(list(review.recommendations.prefetch_related("actions")))


def actions_evidence(review: Review, today: datetime.date | None = None) -> ActionsEvidence:
    actions = ImprovementAction.objects.filter(recommendation__review=review).select_related("recommendation", "impact")
    return ActionsEvidence(
        list(actions.order_by("recommendation__number", "due_on", "pk")), today or timezone.localdate()
    )


def evidence_lines(found: FindingsEvidence | RecommendationsEvidence | ActionsEvidence) -> list[str]:
    """What the records show, as plain sentences a person can copy into an answer's evidence and edit."""
    if isinstance(found, FindingsEvidence):
        if not found.findings:
            return ["No findings recorded yet."]
        lines = [f"{len(found.findings)} findings recorded."]
        if found.model_title:
            coded = len(found.findings) - len(found.uncoded)
            lines.append(f"{coded} coded to the agreed causation model ({found.model_title}).")
        if found.blaming:
            lines.append(f"{len(found.blaming)} with wording the check reads as blame.")
        return lines
    if isinstance(found, RecommendationsEvidence):
        if not found.recommendations:
            return ["No recommendations made yet."]
        lines = [f"{len(found.recommendations)} recommendations made."]
        for response in Response:
            chosen = found.responded(response)
            if chosen:
                lines.append(f"{response.label}: {', '.join(str(item.number) for item in chosen)}.")
        if found.awaiting:
            lines.append(f"Awaiting the board's response: {', '.join(str(item.number) for item in found.awaiting)}.")
        if found.accepted_without_actions:
            numbers = ", ".join(str(item.number) for item in found.accepted_without_actions)
            lines.append(f"Accepted with no action planned yet: {numbers}.")
        return lines
    if not found.actions:
        return ["No actions planned yet."]
    counts = ", ".join(
        f"{len(found.with_status(status))} {status.label.lower()}" for status in Status if found.with_status(status)
    )
    lines = [f"{len(found.actions)} actions: {counts}."]
    if found.overdue:
        lines.append(f"{len(found.overdue)} overdue.")
    waiting = len(found.done_without_impact)
    lines.append(f"Impact recorded for {len(found.impact_known)}; done with no impact recorded yet: {waiting}.")
    return lines
