from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.markers import SECTION_TITLES, Answer, Judgement, Section

from ..accounts.permissions import Action
from ..accounts.services import may
from ..purpose.services import evidence, marker_evidence
from ..reviews.services import get_review
from ..views import not_allowed
from . import services
from .forms import AnswerForm, JudgementForm


def marker(request: HttpRequest, review_id: int, marker_id: str) -> HttpResponse:
    review = get_review(request.user, review_id)
    marker = services.get_marker(review, marker_id)
    records = services.marker_records(review, marker)
    found = evidence(review, marker.needed_evidence)
    return render(
        request,
        "assessments/marker.html",
        {
            "review": review,
            "framework": review.framework,
            "marker": marker,
            "records": records,
            "summary": services.summarise_one(marker, records),
            "evidence": found,
            "marker_evidence": marker_evidence(marker, found),
            "may_edit": may(request.user, Action.EDIT_ASSESSMENT, review.partnership),
            "Section": Section,
            "SECTION_TITLES": SECTION_TITLES,
        },
    )


def _not_allowed(request: HttpRequest, review) -> HttpResponse:
    return not_allowed(
        request,
        "Only the partnership's business managers and lead reviewers can change an assessment. You can read it.",
        review,
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, review_id: int, marker_id: str, indicator_id: str) -> HttpResponse:
    review = get_review(request.user, review_id)
    marker = services.get_marker(review, marker_id)
    indicator = services.get_answerable_indicator(marker, indicator_id)
    if not may(request.user, Action.EDIT_ASSESSMENT, review.partnership):
        return _not_allowed(request, review)
    saved = services.marker_records(review, marker).answers.get(indicator.id)
    initial = {
        "answer": saved.answer if saved else Answer.NOT_ANSWERED.value,
        "evidence": saved.evidence if saved else "",
        "version": saved.version if saved else 0,
    }
    form = AnswerForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answer(
                request.user,
                review,
                marker,
                indicator,
                answer=Answer(form.cleaned_data["answer"]),
                evidence=form.cleaned_data["evidence"],
                seen_version=form.cleaned_data["version"],
            )
        except services.EditConflict as error:
            conflict = error.current
            form = AnswerForm(_with_version(request.POST, conflict.version), initial=initial)
            form.is_valid()
        else:
            return redirect(reverse("assessments:marker", args=[review.pk, marker.id]) + f"#{indicator.id}")
    return render(
        request,
        "assessments/answer.html",
        {
            "review": review,
            "marker": marker,
            "indicator": indicator,
            "form": form,
            "saved": saved,
            "conflict": conflict,
            "role_title": review.framework.role_title(indicator.role),
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def judgement(request: HttpRequest, review_id: int, marker_id: str) -> HttpResponse:
    review = get_review(request.user, review_id)
    marker = services.get_marker(review, marker_id)
    if not may(request.user, Action.EDIT_ASSESSMENT, review.partnership):
        return _not_allowed(request, review)
    records = services.marker_records(review, marker)
    saved = records.judgement
    initial = {
        "judgement": saved.judgement if saved else Judgement.NOT_JUDGED.value,
        "rationale": saved.rationale if saved else "",
        "version": saved.version if saved else 0,
    }
    form = JudgementForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_judgement(
                request.user,
                review,
                marker,
                judgement=Judgement(form.cleaned_data["judgement"]),
                rationale=form.cleaned_data["rationale"],
                seen_version=form.cleaned_data["version"],
            )
        except services.EditConflict as error:
            conflict = error.current
            form = JudgementForm(_with_version(request.POST, conflict.version), initial=initial)
            form.is_valid()
        else:
            return redirect("reviews:detail", review_id=review.pk)
    return render(
        request,
        "assessments/judgement.html",
        {
            "review": review,
            "marker": marker,
            "form": form,
            "saved": saved,
            "conflict": conflict,
            "summary": services.summarise_one(marker, records),
            "records": records,
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


def _with_version(data, version: int):
    """The user's own submission, now naming the version they have been shown, so saving again is deliberate."""
    data = data.copy()
    data["version"] = str(version)
    return data
