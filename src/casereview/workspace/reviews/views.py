from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..accounts.models import Partnership
from ..accounts.permissions import Action, role_may
from ..accounts.services import allowed_on_review, may, memberships_of, partnerships_where
from ..assessments.services import framework_summary, judged_counts, records_under
from ..clocks.services import review_steps
from ..concerns.services import disclosure_count
from ..learning.services import framework_of
from ..views import not_allowed
from . import services
from .forms import CloseForm, RegisterFilterForm, ReviewForm


def register(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)
    form = RegisterFilterForm(request.GET or None, lead_reviewers=services.lead_reviewers_of_reviews(request.user))
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound and valid else services.RegisterFilters()
    sort = (form.cleaned_data.get("sort") if form.is_bound and valid else "") or "due"
    page = services.register_page(
        request.user, filters, sort=sort, page=(form.cleaned_data.get("page") if form.is_bound and valid else 1) or 1
    )
    query = {name: value for name, value in request.GET.items() if name in ("stage", "review_type", "lead_reviewer")}
    show_archived = filters.include_archived
    if show_archived:
        query["archived"] = "show"
    return render(
        request,
        "reviews/register.html",
        {
            "memberships": memberships,
            "partnership_names": {m.partnership_id: m.partnership.name for m in memberships},
            "form": form,
            "page": page,
            "sort": sort,
            "filter_query": urlencode(query),
            "filtered": any(value for name, value in query.items() if name != "archived"),
            "judged": judged_counts(page.rows),
            "may_create": any(role_may(m.role, Action.CREATE_REVIEW) for m in memberships),
            "reporting": {m.partnership_id for m in memberships if role_may(m.role, Action.DOWNLOAD_REPORTS)},
            "show_archived": show_archived,
            "archived_count": services.archived_count(request.user),
        },
        status=200 if valid else 400,
    )


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    allowed = partnerships_where(request.user, Action.CREATE_REVIEW)
    if not allowed:
        return not_allowed(request, "Only a business manager of a partnership can add a review to its register.")
    queryset = Partnership.objects.filter(pk__in=[p.pk for p in allowed])
    form = ReviewForm(request.POST or None, partnerships=queryset, initial={"partnership": allowed[0].pk})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.create_review(request.user, form.cleaned_data["partnership"], **form.review_fields())
        except services.ReferenceTaken as taken:
            form.add_error("reference", str(taken))
        else:
            return redirect("reviews:detail", review_id=review.pk)
    return render(request, "reviews/form.html", {"form": form, "review": None}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = services.get_review(request.user, review_id)
    if not may(request.user, Action.EDIT_REVIEW, review.partnership):
        return not_allowed(
            request, "Only a business manager of the partnership can change a review's register entry.", review
        )
    form = ReviewForm(
        request.POST or None,
        partnerships=Partnership.objects.none(),
        review=review,
        initial=ReviewForm.initial_from(review),
    )
    hidden = None
    if request.method == "POST" and form.is_valid():
        fields = form.review_fields()
        if (
            fields["framework_id"] != review.framework_id
            and request.POST.get("confirm_framework") != review.framework_id
        ):
            # Answers and judgements are kept per framework: moving hides them. Say so before doing it.
            hidden = records_under(review, review.framework_id) or None
        if hidden is None:
            try:
                services.update_review(request.user, review, **fields)
            except services.ReferenceTaken as taken:
                form.add_error("reference", str(taken))
            else:
                return redirect("reviews:detail", review_id=review.pk)
    return render(
        request,
        "reviews/form.html",
        {"form": form, "review": review, "hidden": hidden},
        status=400 if form.errors else 200,
    )


def detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = services.get_review(request.user, review_id)
    allowed = allowed_on_review(
        request.user, review, (Action.EDIT_REVIEW, Action.VIEW_CONCERNS, Action.RECORD_STEPS, Action.DOWNLOAD_REPORTS)
    )
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "framework": review.framework,
            "groups": framework_summary(review),
            "learning": framework_of(review.partnership),
            "may_edit": Action.EDIT_REVIEW in allowed,
            "steps": review_steps(review),
            "may_record_steps": Action.RECORD_STEPS in allowed,
            "may_see_concerns": Action.VIEW_CONCERNS in allowed,
            "disclosure_count": disclosure_count(review),
            "may_report": Action.DOWNLOAD_REPORTS in allowed,
        },
    )


_MAY_NOT_CLOSE = "Only a business manager of the partnership can close, archive or restore a review."


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, review_id: int) -> HttpResponse:
    review = services.get_review(request.user, review_id)
    if not may(request.user, Action.EDIT_REVIEW, review.partnership):
        return not_allowed(request, _MAY_NOT_CLOSE, review)
    initial = {"closed_on": review.closed_on or timezone.localdate(), "closure_reason": review.closure_reason}
    form = CloseForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.close_review(
            request.user, review, closed_on=form.cleaned_data["closed_on"], reason=form.cleaned_data["closure_reason"]
        )
        messages.success(request, f"{review.reference} is closed.")
        return redirect("reviews:detail", review_id=review.pk)
    return render(request, "reviews/close.html", {"form": form, "review": review}, status=400 if form.errors else 200)


@require_http_methods(["POST"])
def archive(request: HttpRequest, review_id: int) -> HttpResponse:
    review = services.get_review(request.user, review_id)
    if not may(request.user, Action.EDIT_REVIEW, review.partnership):
        return not_allowed(request, _MAY_NOT_CLOSE, review)
    try:
        services.archive_review(request.user, review)
    except services.NotClosed as refused:
        messages.error(request, f"{refused}.")
    else:
        messages.success(request, f"{review.reference} is archived: it is kept, and no longer on the register.")
    return redirect("reviews:detail", review_id=review.pk)


@require_http_methods(["POST"])
def restore(request: HttpRequest, review_id: int) -> HttpResponse:
    review = services.get_review(request.user, review_id)
    if not may(request.user, Action.EDIT_REVIEW, review.partnership):
        return not_allowed(request, _MAY_NOT_CLOSE, review)
    services.restore_review(request.user, review)
    messages.success(request, f"{review.reference} is back on the register.")
    return redirect("reviews:detail", review_id=review.pk)
