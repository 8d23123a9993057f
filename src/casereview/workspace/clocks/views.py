import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..accounts.permissions import Action
from ..accounts.services import get_partnership, may
from ..purpose.services import circumstances
from ..reviews.models import Review
from ..reviews.services import get_review
from ..views import not_allowed
from . import calendar, services
from .forms import ExtensionForm, StepRecordForm


def step_view(view):
    """Find the review among the user's own (404 otherwise) and its step (404 if it has none by that id), and
    refuse (403) a role that may read the steps but not record them."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, review_id: int, step_id: str) -> HttpResponse:
        review = get_review(request.user, review_id)
        step = services.find_step(review, step_id)
        if step is None:
            raise Http404("No such step")
        if not may(request.user, Action.RECORD_STEPS, review.partnership):
            return not_allowed(
                request,
                "Only the partnership's business managers record when steps were done, and pauses or extensions. "
                "Everyone on the review can see them on the review's page.",
                review,
            )
        return view(request, review, step)

    return wrapped


def _add_problems(form, problems: dict[str, str]) -> None:
    for name, message in problems.items():
        form.add_error(name if name in form.fields else None, message)


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
    if request.method == "POST" and form.is_valid():
        try:
            services.record_step(request.user, review, step.step.id, **form.record_fields())
        except services.ClockInputError as refused:
            _add_problems(form, refused.problems)
        else:
            messages.success(request, f"Saved: {step.step.name}.")
            return redirect("reviews:detail", review_id=review.pk)
    return render(
        request,
        "clocks/record.html",
        {"review": review, "step": step, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@step_view
def extend(request: HttpRequest, review: Review, step: services.StepClock) -> HttpResponse:
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_extension(request.user, review, step.step.id, **form.extension_fields())
        except services.ClockInputError as refused:
            _add_problems(form, refused.problems)
        else:
            messages.success(request, f"Saved the new due date of: {step.step.name}.")
            return redirect("reviews:detail", review_id=review.pk)
    return render(
        request,
        "clocks/extend.html",
        {"review": review, "step": step, "form": form},
        status=400 if form.errors else 200,
    )


def board(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = get_partnership(request.user, partnership_id)
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
    calendar.reset_calendar_token(request.user)
    messages.success(request, "Your calendar addresses have changed: subscribe again at the new ones.")
    return redirect("accounts:account")
