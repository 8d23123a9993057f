import tempfile

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ..accounts.permissions import Action
from ..accounts.services import allowed_on_review, get_partnership, may
from ..reviews.services import get_review
from ..views import not_allowed
from . import services
from .forms import ExportForm, ImportForm

REFUSALS = {
    Action.EXPORT_REVIEW: (
        "Only the partnership's business managers, and the lead reviewer of this review, can export it."
    ),
    Action.EXPORT_CONCERNS: (
        "Concerns about one person's practice are kept apart from the review's learning. Only the partnership's "
        "business managers can export them with the review."
    ),
    Action.IMPORT_REVIEW: "Only a business manager of the partnership can import a review into it.",
}


# What each kind of record is called on the export page.
LABELS = {
    "documents": "Uploaded files",
    "purpose_statements": "Versions of the purpose statement",
    "groups_not_applicable": "Groups with nobody to tell",
    "parties": "Parties",
    "communications": "Communications about purpose",
    "circumstances": "Complicating circumstances",
    "letter_drafts": "Saved versions of briefing letters",
    "indicator_answers": "Answers to marker questions",
    "marker_judgements": "Marker judgements",
    "step_records": "Steps recorded",
    "extensions": "Pauses and extensions",
    "concerns": "Concerns about one person's practice",
    "guide_runs": "Runs of the just culture guide",
    "guide_answers": "Answers in those runs",
    "disclosures": "Records of information shared with agencies",
}


def _counts(review, *, concerns: bool) -> list[tuple[str, int]]:
    return [(LABELS[key], count) for key, count in services.record_counts(review, concerns=concerns).items()]


@require_http_methods(["GET"])
def export_page(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_review(request.user, review_id)
    allowed = allowed_on_review(request.user, review, (Action.EXPORT_REVIEW, Action.EXPORT_CONCERNS))
    if Action.EXPORT_REVIEW not in allowed:
        return not_allowed(request, REFUSALS[Action.EXPORT_REVIEW], review)
    may_export_concerns = Action.EXPORT_CONCERNS in allowed
    return render(
        request,
        "transfer/export.html",
        {
            "review": review,
            "form": ExportForm(),
            "counts": _counts(review, concerns=False),
            "concern_counts": _counts(review, concerns=True) if may_export_concerns else [],
            "may_export_concerns": may_export_concerns,
        },
    )


@require_POST
def export_file(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_review(request.user, review_id)
    allowed = allowed_on_review(request.user, review, (Action.EXPORT_REVIEW, Action.EXPORT_CONCERNS))
    if Action.EXPORT_REVIEW not in allowed:
        return not_allowed(request, REFUSALS[Action.EXPORT_REVIEW], review)
    form = ExportForm(request.POST)
    with_concerns = form.is_valid() and form.cleaned_data["with_concerns"]
    if with_concerns and Action.EXPORT_CONCERNS not in allowed:
        return not_allowed(request, REFUSALS[Action.EXPORT_CONCERNS], review)
    # Closed by the response once sent; a large review need not sit in memory.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        services.export_review(review, output, with_concerns=with_concerns)
    except services.TransferRefused as refused:
        output.close()
        messages.error(request, str(refused))
        return redirect("transfer:export", review_id=review.pk)
    output.seek(0)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        output, as_attachment=True, filename=f"{review.reference} {stamp}.zip", content_type="application/zip"
    )


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = get_partnership(request.user, partnership_id)
    if not may(request.user, Action.IMPORT_REVIEW, partnership):
        return not_allowed(request, REFUSALS[Action.IMPORT_REVIEW])
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = services.import_review(upload, partnership, file_name=upload.name or "", user=request.user)
        except services.TransferRefused as refused:
            form.add_error("file", str(refused))
        else:
            review = imported.review
            said = f"{review.reference} is imported: {imported.records:,} records and {imported.files} files."
            if imported.reference_changed:
                said += f" Its own reference was taken in {partnership.name}, so it is called {review.reference}."
            messages.success(request, said)
            return redirect("reviews:detail", review_id=review.pk)
    return render(
        request,
        "transfer/import.html",
        {"form": form, "partnership": partnership},
        status=400 if form.errors else 200,
    )
