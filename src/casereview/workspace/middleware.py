"""Request checks that belong before any view runs."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES before it is read, so one huge upload cannot fill
    the disk or tie up a worker; the page says what to do instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return render(request, "errors/413.html", {"limit": limit}, status=413)
        return self.get_response(request)


class ClientAddressMiddleware:
    """Behind our own proxy, the client's address is the last one the proxy added to X-Forwarded-For;
    REMOTE_ADDR is the proxy itself. Everything downstream (audit trail, sign-in throttling) reads
    REMOTE_ADDR, so it is set right once, here. Only trusted when BEHIND_HTTPS_PROXY says a proxy is there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.BEHIND_PROXY:
            forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            if forwarded[-1]:
                request.META["REMOTE_ADDR"] = forwarded[-1]
        return self.get_response(request)
