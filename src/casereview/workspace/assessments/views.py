from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.markers import SECTION_TITLES, Answer, Evidence, Judgement, Section

from ..access import review_view
from ..accounts.permissions import Action
from ..accounts.services import may
from ..forms import form_status
from ..purpose.services import evidence, evidence_text, marker_evidence
from ..reviews.models import Review
from . import services
from .forms import AnswerForm, JudgementForm


@review_view(Action.VIEW_REVIEWS)
def marker(request: HttpRequest, review: Review, marker_id: str) -> HttpResponse:
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


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_ASSESSMENT)
def answer(request: HttpRequest, review: Review, marker_id: str, indicator_id: str) -> HttpResponse:
    marker = services.get_marker(review, marker_id)
    indicator = services.get_answerable_indicator(marker, indicator_id)
    saved = services.marker_records(review, marker).answers.get(indicator.id)
    initial = {
        "answer": saved.answer if saved else Answer.NOT_ANSWERED.value,
        "evidence": saved.evidence if saved else "",
        "version": saved.version if saved else 0,
    }
    records_show = ""
    if indicator.evidence is not None and indicator.evidence is not Evidence.LEARNING_FRAMEWORK:
        records_show = evidence_text(indicator.evidence, evidence(review, {indicator.evidence})[indicator.evidence])
    if request.method == "POST" and request.POST.get("action") == "copy":
        # Without JavaScript, "Copy into the evidence" comes back here: the form returns with the text added to
        # what was typed, and nothing is saved.
        data = request.POST.copy()
        typed = data.get("evidence", "").strip()
        data["evidence"] = f"{typed}\n\n{records_show}" if typed else records_show
        form = AnswerForm(initial={**initial, **{name: data.get(name) for name in ("answer", "evidence", "version")}})
        return render(
            request,
            "assessments/answer.html",
            _answer_context(review, marker, indicator, form, saved, None, records_show),
        )
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
            number = marker.indicators.index(indicator) + 1
            messages.success(request, f"Answer to question {number} saved.")
            return redirect(reverse("assessments:marker", args=[review.pk, marker.id]) + f"#{indicator.id}")
    return render(
        request,
        "assessments/answer.html",
        _answer_context(review, marker, indicator, form, saved, conflict, records_show),
        status=409 if conflict else form_status(form),
    )


def _answer_context(review, marker, indicator, form, saved, conflict, records_show: str) -> dict:
    return {
        "review": review,
        "marker": marker,
        "indicator": indicator,
        "form": form,
        "saved": saved,
        "conflict": conflict,
        "records_show": records_show,
        "role_title": review.framework.role_title(indicator.role),
    }


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_ASSESSMENT)
def judgement(request: HttpRequest, review: Review, marker_id: str) -> HttpResponse:
    marker = services.get_marker(review, marker_id)
    records = services.marker_records(review, marker)
    saved = records.judgement
    initial = {
        "judgement": saved.judgement if saved else Judgement.NOT_JUDGED.value,
        "rationale": saved.rationale if saved else "",
        "confirmation": saved.confirmation if saved else "",
        "version": saved.version if saved else 0,
    }
    form = JudgementForm(request.POST or None, initial=initial)
    conflict = None
    concerns: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            judged = services.save_judgement(
                request.user,
                review,
                marker,
                judgement=Judgement(form.cleaned_data["judgement"]),
                rationale=form.cleaned_data["rationale"],
                confirmation=form.cleaned_data["confirmation"],
                seen_version=form.cleaned_data["version"],
            )
        except services.EditConflict as error:
            conflict = error.current
            form = JudgementForm(_with_version(request.POST, conflict.version), initial=initial)
            form.is_valid()
        except services.JudgementNeedsConfirmation as needed:
            concerns = needed.concerns
            form.add_error(
                "confirmation",
                "This judgement goes against what the answers or records show: say why it stands, or change it",
            )
        else:
            messages.success(request, f"Judgement saved for {marker.title}: {judged.judgement_value.label}.")
            return redirect("reviews:detail", review_id=review.pk)
    elif saved and saved.confirmation:
        concerns = services.judgement_concerns(review, marker, saved.judgement_value)
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
            "concerns": concerns,
        },
        status=409 if conflict else form_status(form),
    )


def _with_version(data, version: int):
    """The user's own submission, now naming the version they have been shown, so saving again is deliberate."""
    data = data.copy()
    data["version"] = str(version)
    return data
