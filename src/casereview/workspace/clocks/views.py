import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..access import partnership_view, review_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action
from ..accounts.services import may
from ..forms import form_page
from ..purpose.services import circumstances
from ..reviews.models import Review, ReviewType
from . import calendar, services
from .forms import ClosureForm, ExtensionForm, LocalStepForm, PeriodForm, StepRecordForm


def step_view(view):
    """A review page about one of its steps, for those who record them: the step is found (404 if the review
    has none by that id) only once the role is allowed."""

    @review_view(Action.RECORD_STEPS)
    @functools.wraps(view)
    def wrapped(request: HttpRequest, review: Review, step_id: str) -> HttpResponse:
        step = services.find_step(review, step_id)
        if step is None:
            raise Http404("No such step")
        return view(request, review, step)

    return wrapped


@require_http_methods(["GET", "POST"])
@step_view
def record(request: HttpRequest, review: Review, step: services.StepClock) -> HttpResponse:
    initial = {}
    if step.record is not None:
        initial = {
            "done_on": step.record.done_on,
            "lateness_reason": step.record.lateness_reason,
            "circumstance": str(step.record.circumstance_id or ""),
        }
    form = StepRecordForm(request.POST or None, circumstances=circumstances(review), initial=initial)
    return form_page(
        request,
        form,
        "clocks/record.html",
        {"review": review, "step": step},
        lambda: services.record_step(request.user, review, step.step.id, **form.record_fields()),
        f"Saved: {step.step.name}.",
        reverse("reviews:detail", args=[review.pk]),
    )


@require_http_methods(["GET", "POST"])
@step_view
def extend(request: HttpRequest, review: Review, step: services.StepClock) -> HttpResponse:
    form = ExtensionForm(request.POST or None)
    return form_page(
        request,
        form,
        "clocks/extend.html",
        {"review": review, "step": step},
        lambda: services.add_extension(request.user, review, step.step.id, **form.extension_fields()),
        f"Saved the new due date of: {step.step.name}.",
        reverse("reviews:detail", args=[review.pk]),
    )


@partnership_view(Action.VIEW_REVIEWS)
def board(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    rows = services.board_view(partnership)
    return render(
        request,
        "clocks/board.html",
        {
            "partnership": partnership,
            "rows": rows,
            "late_steps": sum(len(row.late) for row in rows),
            "without_reason": sum(not step.reason and not step.circumstance for row in rows for step in row.late),
        },
    )


@login_not_required
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, partnership_id: int, token: str) -> HttpResponse:
    partnership = calendar.feed_partnership(partnership_id, token)
    response = HttpResponse(calendar.feed(partnership), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="due-steps.ics"'
    return response


@require_http_methods(["POST"])
def calendar_reset(request: HttpRequest) -> HttpResponse:
    first = calendar.calendar_token(request.user) is None
    calendar.reset_calendar_token(request.user)
    if first:
        messages.success(request, "Your calendar addresses are ready: subscribe to them in your calendar.")
    else:
        messages.success(request, "Your calendar addresses have changed: subscribe again at the new ones.")
    return redirect("accounts:account")


@partnership_view(Action.VIEW_REVIEWS)
def timescales(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    types, closures = services.partnership_timescales(partnership)
    return render(
        request,
        "clocks/timescales.html",
        {
            "partnership": partnership,
            "types": types,
            "closures": closures,
            "may_edit": may(request.user, Action.EDIT_TIMESCALES, partnership),
        },
    )


def _timescales_form(request, partnership, form, template: str, save, context=None) -> HttpResponse:
    return form_page(
        request,
        form,
        template,
        {"partnership": partnership, **(context or {})},
        save,
        "Timescales saved.",
        reverse("timescales:timescales", args=[partnership.pk]),
    )


@require_http_methods(["GET", "POST"])
@partnership_view(Action.EDIT_TIMESCALES)
def closure_add(request: HttpRequest, partnership) -> HttpResponse:
    form = ClosureForm(request.POST or None)
    return _timescales_form(
        request,
        partnership,
        form,
        "clocks/closure.html",
        lambda: services.add_closure_day(request.user, partnership, **form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
@partnership_view(Action.EDIT_TIMESCALES)
def step_add(request: HttpRequest, partnership) -> HttpResponse:
    form = LocalStepForm(request.POST or None)
    return _timescales_form(
        request,
        partnership,
        form,
        "clocks/local_step.html",
        lambda: services.add_local_step(
            request.user,
            partnership,
            form.cleaned_data["review_type"],
            step_id=form.cleaned_data["step_id"].strip(),
            name=form.cleaned_data["name"],
            counts_from=form.cleaned_data["counts_from"].strip(),
            period=form.period(),
        ),
    )


@require_http_methods(["GET", "POST"])
@partnership_view(Action.EDIT_TIMESCALES)
def period_edit(request: HttpRequest, partnership, review_type: str, step_id: str) -> HttpResponse:
    if review_type not in ReviewType.values:
        raise Http404("No such review type")
    types, _ = services.partnership_timescales(partnership)
    steps = next(item.steps for item in types if item.review_type == review_type)
    step = next((item for item in steps.steps if item.id == step_id), None)
    if step is None:
        raise Http404("No such step")
    form = PeriodForm(
        request.POST or None,
        initial={
            "amount": step.period.amount,
            "unit": step.period.unit.value,
            "direction": step.period.direction.value,
        },
    )
    return _timescales_form(
        request,
        partnership,
        form,
        "clocks/period.html",
        lambda: services.set_local_period(request.user, partnership, review_type, step_id, period=form.period()),
        {"step": step, "review_type": ReviewType(review_type)},
    )
