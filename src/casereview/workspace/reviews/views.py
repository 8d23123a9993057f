from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..access import review_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action, NotAllowed, role_may
from ..accounts.services import allowed_on_review, memberships_of, partnerships_where
from ..assessments.services import framework_summary, judged_counts, records_under
from ..clocks.services import review_steps
from ..concerns.services import disclosure_count
from ..forms import form_status
from ..learning.services import framework_of
from . import services
from .forms import CloseForm, RegisterFilterForm, ReviewForm
from .models import Review


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
            "may_import": [m.partnership for m in memberships if role_may(m.role, Action.IMPORT_REVIEW)],
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
        raise NotAllowed(Action.CREATE_REVIEW)
    queryset = Partnership.objects.filter(pk__in=[p.pk for p in allowed])
    form = ReviewForm(request.POST or None, partnerships=queryset, initial={"partnership": allowed[0].pk})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.create_review(request.user, form.cleaned_data["partnership"], **form.review_fields())
        except services.ReferenceTaken as taken:
            form.add_error("reference", str(taken))
        else:
            return redirect("reviews:detail", review_id=review.pk)
    return render(request, "reviews/form.html", {"form": form, "review": None}, status=form_status(form))


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_REVIEW)
def edit(request: HttpRequest, review: Review) -> HttpResponse:
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
        status=form_status(form),
    )


@review_view(Action.VIEW_REVIEWS)
def detail(request: HttpRequest, review: Review) -> HttpResponse:
    imported = getattr(review, "import_record", None)
    allowed = allowed_on_review(
        request.user,
        review,
        (Action.EDIT_REVIEW, Action.VIEW_CONCERNS, Action.RECORD_STEPS, Action.EXPORT_REVIEW, Action.DOWNLOAD_REPORTS),
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
            "may_export": Action.EXPORT_REVIEW in allowed,
            "imported": imported,
            "kept_lead_reviewer": imported.kept_person("review", review.pk, "lead_reviewer") if imported else None,
            "may_report": Action.DOWNLOAD_REPORTS in allowed,
        },
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_REVIEW)
def close(request: HttpRequest, review: Review) -> HttpResponse:
    initial = {"closed_on": review.closed_on or timezone.localdate(), "closure_reason": review.closure_reason}
    form = CloseForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.close_review(
            request.user, review, closed_on=form.cleaned_data["closed_on"], reason=form.cleaned_data["closure_reason"]
        )
        messages.success(request, f"{review.reference} is closed.")
        return redirect("reviews:detail", review_id=review.pk)
    return render(request, "reviews/close.html", {"form": form, "review": review}, status=form_status(form))


@require_http_methods(["POST"])
@review_view(Action.EDIT_REVIEW)
def archive(request: HttpRequest, review: Review) -> HttpResponse:
    try:
        services.archive_review(request.user, review)
    except services.NotClosed as refused:
        messages.error(request, f"{refused}.")
    else:
        messages.success(request, f"{review.reference} is archived: it is kept, and no longer on the register.")
    return redirect("reviews:detail", review_id=review.pk)


@require_http_methods(["POST"])
@review_view(Action.EDIT_REVIEW)
def restore(request: HttpRequest, review: Review) -> HttpResponse:
    services.restore_review(request.user, review)
    messages.success(request, f"{review.reference} is back on the register.")
    return redirect("reviews:detail", review_id=review.pk)
