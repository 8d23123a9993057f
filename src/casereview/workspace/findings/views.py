import csv
import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from casereview.themes import shipped_themes

from ..access import partnership_view, review_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action, NotAllowed
from ..accounts.services import may
from ..audit.services import record_taken_out
from ..forms import form_page
from ..pagination import pagination
from ..reviews.models import Review
from ..reviews.services import get_review
from ..wording.services import draft_wording, stored_wording
from . import across, plan, services
from .forms import (
    ActionChangeForm,
    ActionForm,
    AnnualReportForm,
    FindingForm,
    ImpactForm,
    NoteForm,
    PlanFilterForm,
    RecommendationForm,
    RemovalForm,
    StatusForm,
    ThemeForm,
)


@require_http_methods(["GET", "HEAD"])
@review_view(Action.VIEW_REVIEWS)
def findings(request: HttpRequest, review: Review) -> HttpResponse:
    shown = services.shown_findings(review)
    by_pk = {item.pk: item.finding for item in shown}
    recommendations = list(review.recommendations.prefetch_related("finding_links", "actions"))
    return render(
        request,
        "findings/list.html",
        {
            "review": review,
            "findings": shown,
            "recommendations": [
                (item, [by_pk[link.finding_id] for link in item.finding_links.all() if link.finding_id in by_pk])
                for item in recommendations
            ],
            "model": services.agreed_model(review.partnership),
            "may_edit": may(request.user, Action.EDIT_FINDINGS, review.partnership),
            "may_open_documents": may(request.user, Action.VIEW_DOCUMENTS, review.partnership),
            "found_before": across.found_before_in(review),
            "today": timezone.localdate(),
        },
    )


def _finding_form(request: HttpRequest, review: Review, finding=None) -> HttpResponse:
    model = services.agreed_model(review.partnership)
    initial = {}
    if finding is not None:
        initial = {
            "statement": finding.statement,
            "evidence": finding.evidence,
            "categories": finding.categories,
            "themes": finding.themes,
            "documents": [str(pk) for pk in finding.documents.values_list("pk", flat=True)],
        }
    form = FindingForm(
        request.POST or None,
        initial=initial,
        documents=review.documents.order_by("original_name"),
        categories=[(category.id, category.name) for category in model.categories] if model else [],
        themes=[(choice.id, choice.name) for choice in services.themes_of(review.partnership)],
    )
    if request.method == "POST" and request.POST.get("action") == "check":
        # Without JavaScript, "Check wording" comes back here: the check of what was typed, nothing saved.
        checked = draft_wording(_draft(request.POST.get("statement")))
    elif form.is_bound:
        checked = None
    else:
        checked = stored_wording(finding.statement) if finding is not None else None
    return form_page(
        request,
        form,
        "findings/finding.html",
        {
            "review": review,
            "finding": finding,
            "model": model,
            "checked": checked,
            "blames": checked is not None and services.blames(checked),
        },
        lambda: services.save_finding(request.user, review, finding, **form.finding_fields()),
        lambda saved: f"Finding {saved.number} saved.",
        reverse("findings:list", args=[review.pk]),
        saving=request.POST.get("action") != "check",
    )


def _draft(text: str | None) -> str:
    """A draft finding as far as a finding can go: a longer one is refused on saving."""
    return (text or "")[: FindingForm.base_fields["statement"].max_length]


@require_http_methods(["POST"])
@review_view(Action.EDIT_FINDINGS)
def statement_check(request: HttpRequest, review: Review) -> HttpResponse:
    """The wording check of a draft finding, as a fragment, for the page to show while the user types."""
    checked = draft_wording(_draft(request.POST.get("statement")))
    return render(
        request,
        "findings/_wording_fragment.html",
        {"review": review, "checked": checked, "blames": services.blames(checked)},
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_FINDINGS)
def finding_add(request: HttpRequest, review: Review) -> HttpResponse:
    return _finding_form(request, review)


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_FINDINGS)
def finding_edit(request: HttpRequest, review: Review, finding_id: int) -> HttpResponse:
    return _finding_form(request, review, services.get_finding(review, finding_id))


def _recommendation_form(request: HttpRequest, review: Review, recommendation=None) -> HttpResponse:
    initial = {}
    if recommendation is not None:
        initial = {
            "text": recommendation.text,
            "findings": [str(link.finding_id) for link in recommendation.finding_links.all()],
            "to_board": recommendation.to_board,
            "agencies": "\n".join(recommendation.agencies),
            "made_on": recommendation.made_on,
            "response": recommendation.response,
            "response_reason": recommendation.response_reason,
        }
    form = RecommendationForm(request.POST or None, initial=initial, findings=review.findings.all())
    return form_page(
        request,
        form,
        "findings/recommendation.html",
        {"review": review, "recommendation": recommendation},
        lambda: services.save_recommendation(request.user, review, recommendation, **form.recommendation_fields()),
        lambda saved: f"Recommendation {saved.number} saved.",
        reverse("findings:list", args=[review.pk]),
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_FINDINGS)
def recommendation_add(request: HttpRequest, review: Review) -> HttpResponse:
    return _recommendation_form(request, review)


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_FINDINGS)
def recommendation_edit(request: HttpRequest, review: Review, recommendation_id: int) -> HttpResponse:
    return _recommendation_form(request, review, services.get_recommendation(review, recommendation_id))


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_FINDINGS)
def finding_remove(request: HttpRequest, review: Review, finding_id: int) -> HttpResponse:
    finding = services.get_finding(review, finding_id)
    form = RemovalForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        "findings/finding_remove.html",
        {"review": review, "finding": finding, "resting": services.resting_on(finding)},
        lambda: services.remove_finding(request.user, finding),
        f"Finding {finding.number} removed.",
        reverse("findings:list", args=[review.pk]),
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.EDIT_FINDINGS)
def recommendation_remove(request: HttpRequest, review: Review, recommendation_id: int) -> HttpResponse:
    recommendation = services.get_recommendation(review, recommendation_id)
    actions = list(recommendation.actions.select_related("impact").prefetch_related("notes"))
    form = RemovalForm(request.POST if request.method == "POST" else None)
    removed = f"Recommendation {recommendation.number} removed"
    return form_page(
        request,
        form,
        "findings/recommendation_remove.html",
        {
            "review": review,
            "recommendation": recommendation,
            "actions": actions,
            "may_plan": may(request.user, Action.PLAN_ACTIONS, review.partnership),
        },
        lambda: services.remove_recommendation(request.user, recommendation, actions_shown=form.shown()),
        f"{removed}, with its {len(actions)} action{'s' if len(actions) != 1 else ''}." if actions else f"{removed}.",
        reverse("findings:list", args=[review.pk]),
    )


# --- a review's actions ---------------------------------------------------------------------------------------


def action_view(action: Action | None = None):
    """Find the review among the user's own (404 otherwise) and the action among the review's (404
    otherwise); with UPDATE_ACTIONS, refuse (403) anyone but a business manager or the lead of its agency."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, review_id: int, action_id: int) -> HttpResponse:
            review = get_review(request.user, review_id)
            item = services.get_action(review, action_id)
            if action is not None and not services.may_update(request.user, item, review.partnership):
                raise NotAllowed(action, review)
            return view(request, review, item)

        return wrapped

    return decorate


@require_http_methods(["GET", "HEAD"])
@review_view(Action.VIEW_REVIEWS)
def actions(request: HttpRequest, review: Review) -> HttpResponse:
    recommendations = list(review.recommendations.prefetch_related("actions__impact"))
    return render(
        request,
        "findings/actions.html",
        {
            "review": review,
            "recommendations": recommendations,
            "today": timezone.localdate(),
            "may_plan": may(request.user, Action.PLAN_ACTIONS, review.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.PLAN_ACTIONS)
def action_add(request: HttpRequest, review: Review) -> HttpResponse:
    recommendations = list(review.recommendations.all())
    form = ActionForm(
        request.POST or None,
        recommendations=recommendations,
        initial={"recommendation": request.GET.get("recommendation", "")},
    )
    return form_page(
        request,
        form,
        "findings/action_add.html",
        {"review": review, "recommendations": recommendations},
        lambda: services.add_action(
            request.user, form.recommendation_records[form.cleaned_data["recommendation"]], **form.action_fields()
        ),
        lambda added: f"Action added to recommendation {added.recommendation.number}.",
        reverse("actions:list", args=[review.pk]),
    )


@require_http_methods(["GET", "HEAD"])
@action_view()
def action_detail(request: HttpRequest, review: Review, item) -> HttpResponse:
    return render(
        request,
        "findings/action.html",
        {
            "review": review,
            "action": item,
            "notes": list(item.notes.all()),
            "impact": item.recorded_impact,
            "today": timezone.localdate(),
            "may_update": services.may_update(request.user, item, review.partnership),
            "may_plan": may(request.user, Action.PLAN_ACTIONS, review.partnership),
        },
    )


def _action_form(request, review, item, form, template: str, save, done: str, heading: str) -> HttpResponse:
    return form_page(
        request,
        form,
        template,
        {"review": review, "action": item, "heading": heading},
        save,
        done,
        reverse("actions:detail", args=[review.pk, item.pk]),
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.PLAN_ACTIONS)
def action_edit(request: HttpRequest, review: Review, action_id: int) -> HttpResponse:
    item = services.get_action(review, action_id)
    form = ActionChangeForm(
        request.POST or None,
        initial={
            "description": item.description,
            "agency": item.agency,
            "responsible": item.responsible,
            "due_on": item.due_on,
        },
    )
    return _action_form(
        request,
        review,
        item,
        form,
        "findings/action_edit.html",
        lambda: services.change_action(request.user, item, **form.action_fields()),
        "Action saved.",
        "Change the action",
    )


@require_http_methods(["GET", "POST"])
@review_view(Action.PLAN_ACTIONS)
def action_remove(request: HttpRequest, review: Review, action_id: int) -> HttpResponse:
    item = services.get_action(review, action_id)
    form = RemovalForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        "findings/action_remove.html",
        {"review": review, "action": item, "notes": item.notes.count(), "impact": item.recorded_impact},
        lambda: services.remove_action(request.user, item),
        f"Action of {item.agency} removed from recommendation {item.recommendation.number}.",
        reverse("actions:list", args=[review.pk]),
    )


@require_http_methods(["GET", "POST"])
@action_view(Action.UPDATE_ACTIONS)
def action_status(request: HttpRequest, review: Review, item) -> HttpResponse:
    form = StatusForm(
        request.POST or None,
        initial={
            "status": item.status,
            "done_on": item.done_on,
            "done_evidence": item.done_evidence,
            "not_doing_reason": item.not_doing_reason,
        },
    )
    return _action_form(
        request,
        review,
        item,
        form,
        "findings/action_status.html",
        lambda: services.update_action(request.user, item, **form.status_fields()),
        "Status saved.",
        "Change the status",
    )


@require_http_methods(["GET", "POST"])
@action_view(Action.UPDATE_ACTIONS)
def note_add(request: HttpRequest, review: Review, item) -> HttpResponse:
    form = NoteForm(request.POST or None)
    return _action_form(
        request,
        review,
        item,
        form,
        "findings/note.html",
        lambda: services.add_note(request.user, item, **form.cleaned_data),
        "Progress note saved.",
        "Add a progress note",
    )


@require_http_methods(["GET", "POST"])
@action_view(Action.UPDATE_ACTIONS)
def impact(request: HttpRequest, review: Review, item) -> HttpResponse:
    current = item.recorded_impact
    initial = {}
    if current is not None:
        initial = {
            "what_changed": current.what_changed,
            "how_known": current.how_known,
            "checked_on": current.checked_on,
        }
    if request.method == "POST" and "remove" in request.POST:
        if current is not None:
            services.remove_impact(request.user, item)
            messages.success(request, "Impact removed. The action can now be reopened, or its impact recorded again.")
        return redirect("actions:detail", review_id=review.pk, action_id=item.pk)
    form = ImpactForm(request.POST or None, initial=initial)
    return _action_form(
        request,
        review,
        item,
        form,
        "findings/impact.html",
        lambda: services.save_impact(request.user, item, **form.cleaned_data),
        "Impact saved.",
        "Record the impact",
    )


# --- the partnership's action plan ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@partnership_view(Action.VIEW_REVIEWS)
def action_plan(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    themes = [(choice.id, choice.name) for choice in services.themes_of(partnership)]
    form = PlanFilterForm(
        request.GET or None,
        agencies=plan.agencies_of(partnership),
        reviews=partnership.reviews.order_by("reference"),
        themes=themes,
        statuses=plan.STATUS_FILTERS,
    )
    filters = form.filters()
    today = timezone.localdate()
    rows = plan.plan_rows(partnership, today=today, **filters)
    wanted = request.GET.get("format", "")
    # A filter the form refuses (a theme or agency since gone) is shown on the page, not dropped from a download
    # that would then hold every action while its reader takes it for the filtered plan.
    if wanted in ("csv", "docx") and not (form.is_bound and form.errors):
        review = form.review_records.get(str(filters["review_id"] or ""))
        described = plan.describe_filters(
            agency=filters["agency"],
            review=review.reference if review else "",
            theme=dict(themes).get(filters["theme"], ""),
            status=filters["status"],
        )
        record_taken_out(
            partnership=partnership,
            review=None,
            what="actionplan",
            object_id=str(partnership.pk),
            description=f"Action plan of {partnership.name} as {wanted.upper()}. {described}",
        )
        stamp = today.strftime("%Y-%m-%d")
        if wanted == "csv":
            writer = csv.writer(_Echo())
            response = StreamingHttpResponse(
                (writer.writerow(row) for row in plan.csv_rows(rows)), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                plan.plan_docx(partnership, rows, today=today, filters=described),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"action-plan-{partnership.pk}-{stamp}.{wanted}"
        )
        return response
    # Only the filter's fields go on the links: anything else in the address is not the plan's to keep.
    kept = {name: request.GET[name] for name in form.fields if request.GET.get(name)}
    page = plan.page_of(rows, request.GET.get("page"))
    return render(
        request,
        "findings/plan.html",
        {
            "partnership": partnership,
            "form": form,
            "page": page,
            "pagination": pagination(
                page, reverse("plan:plan", args=[partnership.pk]), "Pages of the action plan", kept
            ),
            "overdue": sum(row.overdue for row in rows),
            "query": urlencode(kept),
            "today": today,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


# --- learning across the partnership's reviews -------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@partnership_view(Action.VIEW_REVIEWS)
def across_reviews(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    findings = across.partnership_findings(partnership)
    themes = across.theme_tallies(partnership, findings)
    theme = request.GET.get("theme", "")
    if theme not in {tally.id for tally in themes}:
        theme = ""  # a theme no finding has any longer, from an old link: every recurring finding
    page, found = across.found_before_page(partnership, request.GET.get("page"), findings=findings, theme=theme)
    path = reverse("plan:across", args=[partnership.pk])
    return render(
        request,
        "findings/across.html",
        {
            "partnership": partnership,
            "themes": themes,
            "theme": next((tally for tally in themes if tally.id == theme), None),
            "models": across.category_tallies(partnership, findings),
            "found_before": found,
            "page": page,
            "pagination": pagination(page, path, "Pages of the findings found before", {"theme": theme}),
            "shown": across.SHOWN,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "HEAD"])
@review_view(Action.VIEW_REVIEWS)
def found_before(request: HttpRequest, review: Review, finding_id: int) -> HttpResponse:
    finding = services.get_finding(review, finding_id)
    page = across.matches_page(finding, request.GET.get("page"))
    path = reverse("findings:found-before", args=[review.pk, finding.pk])
    return render(
        request,
        "findings/found_before.html",
        {
            "review": review,
            "finding": finding,
            "page": page,
            "pagination": pagination(page, path, "Pages of the earlier findings"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "HEAD"])
@partnership_view(Action.VIEW_REVIEWS)
def annual_report(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = AnnualReportForm(request.GET or None)
    if form.is_bound and form.is_valid() and request.GET.get("format") == "docx":
        kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
        record_taken_out(
            partnership=partnership,
            review=None,
            what="annualreport",
            object_id=str(partnership.pk),
            description=f"Annual report section on {across.REPORTS[kind][0].lower()}, {year} to {year + 1}, as Word",
        )
        response = HttpResponse(
            across.annual_report_docx(partnership, kind=kind, start_year=year),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"annual-report-{kind}-{year}-{year + 1}.docx"
        )
        return response
    return render(
        request,
        "findings/annual_report.html",
        {"partnership": partnership, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
@partnership_view(Action.VIEW_REVIEWS)
def themes(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "findings/themes.html",
        {
            "partnership": partnership,
            "shipped": shipped_themes(),
            "own": list(partnership.local_themes.all()),
            "may_add": may(request.user, Action.EDIT_LEARNING_FRAMEWORK, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_view(Action.EDIT_LEARNING_FRAMEWORK)
def theme_add(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = ThemeForm(request.POST or None)
    return form_page(
        request,
        form,
        "findings/theme_add.html",
        {"partnership": partnership},
        lambda: services.add_local_theme(request.user, partnership, name=form.cleaned_data["name"]),
        lambda added: f"Theme added: {added.name}.",
        reverse("plan:themes", args=[partnership.pk]),
    )
