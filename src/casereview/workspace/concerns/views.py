from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casereview.justculture import shipped_guide

from ..access import review_view
from ..accounts.permissions import Action
from ..accounts.services import allowed_on_review
from ..audit.services import openings_of, record_opening
from ..forms import form_status
from ..reviews.models import Review
from ..wording.services import draft_wording
from . import services
from .forms import AnswerForm, ConcernForm, DisclosureForm
from .models import Concern


def _opened(request: HttpRequest, concern: Concern, page: str) -> None:
    record_opening(
        request,
        concern,
        partnership=concern.review.partnership,
        review=concern.review,
        description=f"concern {concern.pk} of {concern.review.reference} ({page})",
    )


def _opened_list(request: HttpRequest, review: Review, what: str) -> None:
    record_opening(
        request, review, partnership=review.partnership, review=review, description=f"{what} of {review.reference}"
    )


def _permissions(request: HttpRequest, review: Review) -> dict:
    allowed = allowed_on_review(request.user, review, (Action.RECORD_CONCERNS, Action.VIEW_CONCERN_OPENINGS))
    return {
        "may_record": Action.RECORD_CONCERNS in allowed,
        "may_see_openings": Action.VIEW_CONCERN_OPENINGS in allowed,
    }


@review_view(Action.VIEW_CONCERNS)
def concern_list(request: HttpRequest, review: Review) -> HttpResponse:
    found = services.concerns(request.user, review)
    _opened_list(request, review, "the list of concerns")
    return render(
        request,
        "concerns/list.html",
        {
            "review": review,
            "concerns": [(c, services.current_run(c), services.latest_run(c)) for c in found],
            "disclosure_count": services.disclosure_count(review),
            "guide": shipped_guide(),
            **_permissions(request, review),
        },
    )


def _concern_form_page(request: HttpRequest, review: Review, concern: Concern | None, initial: dict) -> HttpResponse:
    form = ConcernForm(request.POST or None, initial=initial)
    checking = request.POST.get("action") == "check"
    if request.method == "POST" and not checking and form.is_valid():
        concern = services.save_concern(request.user, review, concern=concern, **form.concern_fields())
        messages.success(request, "Concern saved.")
        return redirect("concerns:detail", review_id=review.pk, concern_id=concern.pk)
    description = _description(form["description"].value())
    return render(
        request,
        "concerns/form.html",
        {
            "review": review,
            "form": form,
            "concern": concern,
            "checked": draft_wording(description) if description.strip() else None,
        },
        status=form_status(form) if not checking else 200,
    )


def _description(text: str | None) -> str:
    """A draft description as far as one can go: a longer one is refused on saving."""
    return (text or "")[: ConcernForm.base_fields["description"].max_length]


@require_http_methods(["POST"])
@review_view(Action.RECORD_CONCERNS)
def description_check(request: HttpRequest, review: Review) -> HttpResponse:
    """The wording check of a concern's description as it is typed, as a fragment for the form page."""
    description = _description(request.POST.get("description"))
    return render(
        request,
        "concerns/_description_check.html",
        {"checked": draft_wording(description) if description.strip() else None},
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.RECORD_CONCERNS)
def concern_add(request: HttpRequest, review: Review) -> HttpResponse:
    return _concern_form_page(request, review, None, {})


@require_http_methods(["GET", "POST"])
@review_view(Action.RECORD_CONCERNS)
def concern_edit(request: HttpRequest, review: Review, concern_id: int) -> HttpResponse:
    concern = services.get_concern(request.user, review, concern_id)
    _opened(request, concern, "changing it")
    initial = {name: getattr(concern, name) for name in ("kind", "description", "role", "organisation", "name")}
    initial["raised_on"] = concern.raised_on
    return _concern_form_page(request, review, concern, initial)


@review_view(Action.VIEW_CONCERNS)
def concern_detail(request: HttpRequest, review: Review, concern_id: int) -> HttpResponse:
    concern = services.get_concern(request.user, review, concern_id)
    _opened(request, concern, "its page")
    current, latest = services.current_run(concern), services.latest_run(concern)
    in_progress = latest if latest is not None and not latest.finished else None
    return render(
        request,
        "concerns/detail.html",
        {
            "review": review,
            "concern": concern,
            "description_wording": services.description_wording(concern),
            "current": services.run_state(current) if current else None,
            "in_progress": services.run_state(in_progress) if in_progress else None,
            "earlier_runs": [run for run in concern.runs.all() if run not in (current, in_progress)],
            "disclosures": list(concern.disclosures.all()),
            "guide": shipped_guide(),
            **_permissions(request, review),
        },
    )


@require_POST
@review_view(Action.RECORD_CONCERNS)
def run_start(request: HttpRequest, review: Review, concern_id: int) -> HttpResponse:
    concern = services.get_concern(request.user, review, concern_id)
    run = services.start_run(request.user, concern)
    position = services.run_state(run).next_position
    return redirect(
        "concerns:question", review_id=review.pk, concern_id=concern.pk, number=run.number, position=position
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.RECORD_CONCERNS)
def question(request: HttpRequest, review: Review, concern_id: int, number: int, position: int) -> HttpResponse:
    concern = services.get_concern(request.user, review, concern_id)
    run = services.get_run(concern, number)
    if run.finished:
        return redirect("concerns:run", review_id=review.pk, concern_id=concern.pk, number=run.number)
    state = services.run_state(run)
    asked = state.question_at(position)
    if asked is None:
        raise Http404("The guide has not reached that question")
    _opened(request, concern, f"run {run.number}, question {position}")
    offered, revisiting = services.offered_answer(state, position, asked.id)
    form = AnswerForm(request.POST or None, initial=_initial(offered))
    if request.method == "POST" and form.is_valid():
        try:
            state = services.answer_question(
                request.user,
                run,
                position,
                # The question the page showed: another may be asked there now, if an earlier answer changed.
                form.cleaned_data["question"] or asked.id,
                form.cleaned_data["answer"] == "yes",
                form.cleaned_data["note"],
            )
        except services.AnswerNotSaved as refused:
            messages.warning(request, str(refused))
            return _current_question(request, review, concern, run, form.cleaned_data["note"])
        if state.state.finished:
            return redirect("concerns:run", review_id=review.pk, concern_id=concern.pk, number=run.number)
        return redirect(
            "concerns:question",
            review_id=review.pk,
            concern_id=concern.pk,
            number=run.number,
            position=state.next_position,
        )
    return _question_page(request, review, concern, state, position, asked, form, revisiting)


def _initial(offered) -> dict:
    return {"answer": "yes" if offered.answer else "no", "note": offered.note} if offered else {}


def _current_question(request: HttpRequest, review: Review, concern: Concern, run, note: str) -> HttpResponse:
    """After an answer that could not be saved: the question the guide asks now, keeping the note typed."""
    run.refresh_from_db()
    if run.finished:
        return redirect("concerns:run", review_id=review.pk, concern_id=concern.pk, number=run.number)
    state = services.run_state(run)
    position = state.next_position
    asked = state.question_at(position)
    offered, revisiting = services.offered_answer(state, position, asked.id)
    form = AnswerForm(initial={**_initial(offered), "note": note})
    return _question_page(request, review, concern, state, position, asked, form, revisiting, status=409)


def _question_page(request, review, concern, state, position, asked, form, revisiting, status=None) -> HttpResponse:
    return render(
        request,
        "concerns/question.html",
        {
            "review": review,
            "concern": concern,
            "run": state.run,
            "state": state,
            "position": position,
            "question": asked,
            "revisiting": revisiting,
            "form": form,
            "guide": state.guide,
        },
        status=status or form_status(form),
    )


@review_view(Action.VIEW_CONCERNS)
def run_detail(request: HttpRequest, review: Review, concern_id: int, number: int) -> HttpResponse:
    concern = services.get_concern(request.user, review, concern_id)
    run = services.get_run(concern, number)
    _opened(request, concern, f"run {run.number}")
    current = services.current_run(concern)
    return render(
        request,
        "concerns/run.html",
        {
            "review": review,
            "concern": concern,
            "state": services.run_state(run),
            "is_current": current is not None and current.number == run.number,
            "guide": shipped_guide(),
            **_permissions(request, review),
        },
    )


@review_view(Action.VIEW_CONCERN_OPENINGS)
def openings(request: HttpRequest, review: Review, concern_id: int) -> HttpResponse:
    concern = services.get_concern(request.user, review, concern_id)
    _opened(request, concern, "who opened it")
    return render(
        request, "concerns/openings.html", {"review": review, "concern": concern, "openings": openings_of(concern)}
    )


@review_view(Action.VIEW_CONCERNS)
def disclosure_list(request: HttpRequest, review: Review) -> HttpResponse:
    found = services.disclosures(request.user, review)
    _opened_list(request, review, "the log of information shared with agencies")
    return render(
        request,
        "concerns/disclosures.html",
        {"review": review, "disclosures": found, **_permissions(request, review)},
    )


def _disclosure_form_page(request: HttpRequest, review: Review, disclosure, initial: dict) -> HttpResponse:
    form = DisclosureForm(request.POST or None, initial=initial, concerns=services.concerns(request.user, review))
    if request.method == "POST" and form.is_valid():
        services.save_disclosure(request.user, review, disclosure=disclosure, **form.disclosure_fields())
        messages.success(
            request,
            "Recorded. It also appears among the complicating circumstances, to be acknowledged."
            if disclosure is None
            else "Record changed.",
        )
        return redirect("concerns:disclosures", review_id=review.pk)
    return render(
        request,
        "concerns/disclosure.html",
        {"review": review, "form": form, "disclosure": disclosure},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.RECORD_CONCERNS)
def disclosure_add(request: HttpRequest, review: Review) -> HttpResponse:
    concern = request.GET.get("concern", "")
    return _disclosure_form_page(request, review, None, {"concern": concern})


@require_http_methods(["GET", "POST"])
@review_view(Action.RECORD_CONCERNS)
def disclosure_edit(request: HttpRequest, review: Review, disclosure_id: int) -> HttpResponse:
    disclosure = services.get_disclosure(request.user, review, disclosure_id)
    if request.method == "GET":
        record_opening(
            request,
            disclosure,
            partnership=review.partnership,
            review=review,
            description=f"information shared with an agency, record {disclosure.pk} of {review.reference}",
        )
    initial = {name: getattr(disclosure, name) for name in ("what", "shared_with", "shared_on", "why")}
    initial["concern"] = str(disclosure.concern_id or "")
    return _disclosure_form_page(request, review, disclosure, initial)
