from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


@login_not_required
def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("reviews:register")
    return render(request, "start.html")


@login_not_required
def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    response = render(request, "errors/404.html", status=404)
    response.app_page = True  # so AppErrorPagesMiddleware knows it for the app's own page
    return response


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def not_allowed(request: HttpRequest, reason: str, review=None) -> HttpResponse:
    """The 403 page for a member whose role may read but not do this: says why, and where to go back to."""
    return render(request, "reviews/not_allowed.html", {"reason": reason, "review": review}, status=403)
