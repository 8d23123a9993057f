from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_safe

from ..access import partnership_view, review_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action
from ..reviews.models import Review
from . import services
from .forms import ReportForm
from .models import JobState, ReportJob
from .selfassessment import self_assessment


def _download(report: services.ReportFile) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=report.name)
    return response


def _review_page(request: HttpRequest, review: Review, form: ReportForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "reports/review.html",
        {
            "review": review,
            "form": form,
            "jobs": services.recent_jobs(review),
            "keep_hours": settings.REPORT_KEEP_HOURS,
        },
        status=status,
    )


@require_safe
@review_view(Action.DOWNLOAD_REPORTS)
def review_report(request: HttpRequest, review: Review) -> HttpResponse:
    """The form that chooses what goes into the review's board report, and in which file; the reports asked for
    lately, with how far each has got."""
    return _review_page(request, review, ReportForm.first_shown())


@require_http_methods(["POST"])
@review_view(Action.DOWNLOAD_REPORTS)
def ask_for_report(request: HttpRequest, review: Review) -> HttpResponse:
    """Start making the board report as chosen, and show how far it has got (a small one is ready by then)."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _review_page(request, review, form, status=400)
    job = services.ask_for_report(request.user, review, options=form.options(), file_format=form.cleaned_data["format"])
    services.wait_briefly(job)
    return redirect("reports:job", review.partnership_id, job.pk)


def _job_page(request: HttpRequest, job: ReportJob, *, gone: bool = False) -> HttpResponse:
    return render(
        request,
        "reports/job.html",
        {
            "job": job,
            "contents": capfirst(services.job_options(job).describe()),
            "download_name": services.report_name(job.reference, job.file_format),
            "keep_hours": settings.REPORT_KEEP_HOURS,
            "gone": gone,
        },
        status=410 if gone else 200,
    )


@require_safe
@partnership_view(Action.DOWNLOAD_REPORTS)
def job_page(request: HttpRequest, partnership: Partnership, job_id: int) -> HttpResponse:
    """How far a board report has got, with its download once made. Refreshed by the person ("Check again"), or
    with JavaScript every few seconds until it is made, which they can stop."""
    return _job_page(request, services.job_of(request.user, partnership, job_id))


@require_safe
@partnership_view(Action.DOWNLOAD_REPORTS)
def job_file(request: HttpRequest, partnership: Partnership, job_id: int) -> HttpResponse:
    """The made board report, downloaded; the audit trail records who took which report."""
    job = services.job_of(request.user, partnership, job_id)
    if job.state != JobState.DONE:
        return redirect("reports:job", partnership.pk, job.pk)
    try:
        report = services.take_report(job)
    except services.FileGone:
        return _job_page(request, job, gone=True)
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
