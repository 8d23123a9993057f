from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from ..accounts.permissions import Action
from ..accounts.services import get_partnership, may
from ..audit.services import record_download
from ..reviews.models import Review
from ..reviews.services import get_review
from ..views import not_allowed
from . import services
from .forms import FORMATS, ReportForm
from .selfassessment import self_assessment

_MAY_NOT = "Only the partnership's business managers and lead reviewers can download reports for the board."


def _download(report: services.ReportFile) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=report.name)
    return response


def _review_page(request: HttpRequest, review: Review, form: ReportForm, status: int = 200) -> HttpResponse:
    return render(request, "reports/review.html", {"review": review, "form": form}, status=status)


def _allowed_review(request: HttpRequest, review_id: int) -> tuple[Review, HttpResponse | None]:
    review = get_review(request.user, review_id)
    if not may(request.user, Action.DOWNLOAD_REPORTS, review.partnership):
        return review, not_allowed(request, _MAY_NOT, review)
    return review, None


@require_safe
def review_report(request: HttpRequest, review_id: int) -> HttpResponse:
    """The form that chooses what goes into the review's board report, and in which file."""
    review, refused = _allowed_review(request, review_id)
    return refused or _review_page(request, review, ReportForm.first_shown())


@require_http_methods(["POST"])
def review_report_download(request: HttpRequest, review_id: int) -> HttpResponse:
    """The board report as chosen, downloaded; the audit trail records who took which report."""
    review, refused = _allowed_review(request, review_id)
    if refused:
        return refused
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _review_page(request, review, form, status=400)
    options = form.options()
    file_format = form.cleaned_data["format"]
    report = services.board_report_file(review, options, file_format, made_by=request.user)
    record_download(
        request,
        partnership=review.partnership,
        review=review,
        what="boardreport",
        object_id=str(review.pk),
        description=f"Board report of {review.reference} as {FORMATS[file_format]}, {options.describe()}",
    )
    return _download(report)


def _allowed_partnership(request: HttpRequest, partnership_id: int):
    partnership = get_partnership(request.user, partnership_id)
    if not may(request.user, Action.DOWNLOAD_REPORTS, partnership):
        return partnership, not_allowed(request, _MAY_NOT)
    return partnership, None


@require_safe
def self_assessment_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """The quality-marker self-assessment across the partnership's reviews, as the Word file will hold it."""
    partnership, refused = _allowed_partnership(request, partnership_id)
    if refused:
        return refused
    document = self_assessment(partnership, made_by=request.user)
    return render(request, "reports/self_assessment.html", {"partnership": partnership, "document": document})


@require_safe
def self_assessment_download(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, refused = _allowed_partnership(request, partnership_id)
    if refused:
        return refused
    report = services.self_assessment_file(partnership, made_by=request.user)
    record_download(
        request,
        partnership=partnership,
        review=None,
        what="selfassessment",
        object_id=str(partnership.pk),
        description=f"Quality marker self-assessment of {partnership.name} as Word",
    )
    return _download(report)
