import tempfile

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ..access import partnership_view, review_view
from ..accounts.permissions import Action, NotAllowed
from ..accounts.services import allowed_on_review
from . import services
from .forms import ExportForm, ImportForm

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
    "findings": "Findings",
    "recommendations": "Recommendations",
    "actions": "Actions on the recommendations",
    "progress_notes": "Progress notes on the actions",
    "impacts": "Impacts of the actions",
}


def _counts(review, *, concerns: bool) -> list[tuple[str, int]]:
    return [(LABELS[key], count) for key, count in services.record_counts(review, concerns=concerns).items()]


@require_http_methods(["GET"])
@review_view(Action.EXPORT_REVIEW)
def export_page(request: HttpRequest, review) -> HttpResponse:
    may_export_concerns = Action.EXPORT_CONCERNS in allowed_on_review(request.user, review, (Action.EXPORT_CONCERNS,))
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
@review_view(Action.EXPORT_REVIEW)
def export_file(request: HttpRequest, review) -> HttpResponse:
    form = ExportForm(request.POST)
    with_concerns = form.is_valid() and form.cleaned_data["with_concerns"]
    if with_concerns and Action.EXPORT_CONCERNS not in allowed_on_review(
        request.user, review, (Action.EXPORT_CONCERNS,)
    ):
        raise NotAllowed(Action.EXPORT_CONCERNS, review)
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
@partnership_view(Action.IMPORT_REVIEW)
def import_page(request: HttpRequest, partnership) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = services.import_review(upload, partnership, file_name=upload.name or "", user=request.user)
        except services.TransferRefused as refused:
            form.add_error("file", str(refused))
        else:
            review = imported.review
            files = "1 file" if imported.files == 1 else f"{imported.files} files"
            said = f"{review.reference} is imported: {imported.records:,} records and {files}."
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
