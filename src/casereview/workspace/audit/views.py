import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ..access import partnership_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action
from ..forms import form_status
from . import services
from .forms import TrailFilterForm
from .models import EventKind

# What each kind of entry is called, looked up once: ``get_kind_display()`` flattens the choices on every call,
# for every row of the page.
KIND_LABELS = dict(EventKind.choices)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filtered(request: HttpRequest, partnership):
    form = TrailFilterForm(
        request.GET or None,
        reviews=list(partnership.reviews.only("pk", "reference", "partnership").order_by("reference")),
        usernames=services.member_usernames(partnership),
    )
    if form.is_bound and form.is_valid():
        return form, services.trail(partnership, **form.filters())
    return form, services.trail(partnership)


@require_safe
@partnership_view(Action.VIEW_AUDIT_TRAIL)
def trail(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return _trail_page(request, partnership)


def _trail_page(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form, events = _filtered(request, partnership)
    page = services.page_of(events, older=request.GET.get("older"), newer=request.GET.get("newer"))
    query = request.GET.copy()
    query.pop("older", None)
    query.pop("newer", None)
    return render(
        request,
        "audit/trail.html",
        {
            "partnership": partnership,
            "form": form,
            "page": page,
            "events": [(event, services.changes(event)) for event in page.events],
            "query": query.urlencode(),
            "page_size": services.PAGE_SIZE,
            "kind_labels": KIND_LABELS,
        },
        status=form_status(form),
    )


@require_safe
@partnership_view(Action.VIEW_AUDIT_TRAIL)
def trail_csv(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form, events = _filtered(request, partnership)
    if form.is_bound and form.errors:
        return _trail_page(request, partnership)
    services.record_taken_out(
        partnership=partnership,
        review=None,
        what="audittrail",
        object_id=str(partnership.pk),
        description=f"Audit trail of {partnership.name} as CSV"
        + (f", filtered by {request.GET.urlencode()}" if request.GET else ""),
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in services.csv_rows(events)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"audit-trail-{partnership.pk}-{stamp}.csv"
    )
    return response
