from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from ..access import partnership_view, review_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action
from ..reviews.models import Review
from . import services
from .forms import ReportForm
from .selfassessment import self_assessment


def _download(report: services.ReportFile) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=report.name)
    return response


def _review_page(request: HttpRequest, review: Review, form: ReportForm, status: int = 200) -> HttpResponse:
    return render(request, "reports/review.html", {"review": review, "form": form}, status=status)


@require_safe
@review_view(Action.DOWNLOAD_REPORTS)
def review_report(request: HttpRequest, review: Review) -> HttpResponse:
    """The form that chooses what goes into the review's board report, and in which file."""
    return _review_page(request, review, ReportForm.first_shown())


@require_http_methods(["POST"])
@review_view(Action.DOWNLOAD_REPORTS)
def review_report_download(request: HttpRequest, review: Review) -> HttpResponse:
    """The board report as chosen, downloaded; the audit trail records who took which report."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _review_page(request, review, form, status=400)
    report = services.board_report_file(review, form.options(), form.cleaned_data["format"], made_by=request.user)
    services.take_out(report)
    return _download(report)


@require_safe
@partnership_view(Action.DOWNLOAD_REPORTS)
def self_assessment_page(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The quality-marker self-assessment across the partnership's reviews, as the Word file will hold it."""
    document = self_assessment(partnership, made_by=request.user)
    return render(request, "reports/self_assessment.html", {"partnership": partnership, "document": document})


@require_safe
@partnership_view(Action.DOWNLOAD_REPORTS)
def self_assessment_download(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    report = services.self_assessment_file(partnership, made_by=request.user)
    services.take_out(report)
    return _download(report)
