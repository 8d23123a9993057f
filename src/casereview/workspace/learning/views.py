from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casereview.causation import shipped_models

from ..access import partnership_view
from ..accounts.models import Partnership
from ..accounts.permissions import Action
from ..accounts.services import may
from ..forms import form_status
from . import services
from .forms import FrameworkForm


@partnership_view(Action.VIEW_REVIEWS)
def framework(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "learning/framework.html",
        {
            "partnership": partnership,
            "framework": services.framework_of(partnership),
            "may_edit": may(request.user, Action.EDIT_LEARNING_FRAMEWORK, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_view(Action.EDIT_LEARNING_FRAMEWORK)
def framework_edit(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    current = services.framework_of(partnership)
    initial = {
        "principles": current.principles if current else services.suggested_principles(partnership),
        "causation_model_id": current.causation_model_id if current else services.DEFAULT_MODEL,
    }
    form = FrameworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_framework(request.user, partnership, **form.cleaned_data)
        messages.success(request, "Learning framework saved.")
        return redirect("learning:framework", partnership_id=partnership.pk)
    return render(
        request,
        "learning/framework_edit.html",
        {
            "partnership": partnership,
            "form": form,
            "current": current,
            "models": list(shipped_models().values()),
        },
        status=form_status(form),
    )


def causation_model(request: HttpRequest, model_id: str) -> HttpResponse:
    return render(request, "learning/model.html", {"model": services.get_model(model_id)})
