"""Request checks that belong before any view runs, and headers every response of the app needs."""

import functools
import ipaddress
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

from .accounts.permissions import NotAllowed, NotFound
from .views import not_allowed, not_found


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
        # The import page has a limit of its own, which may be set above or below the other pages'.
        importing = length > min(settings.MAX_REQUEST_BYTES, settings.MAX_IMPORT_BYTES) and _is_import(
            request.path_info
        )
        allowed = settings.MAX_IMPORT_BYTES if importing else settings.MAX_REQUEST_BYTES
        if length > allowed:
            limit = allowed // (1024 * 1024)
            return render(request, "errors/413.html", {"limit": limit, "importing": importing}, status=413)
        return self.get_response(request)


def _is_import(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name == "transfer:import"


class ClientAddressMiddleware:
    """Behind our own proxy, the client's address is the last one the proxy added to X-Forwarded-For;
    REMOTE_ADDR is the proxy itself. Everything downstream (audit trail, sign-in throttling) reads
    REMOTE_ADDR, so it is set right once, here. Only believed from a proxy that BEHIND_HTTPS_PROXY says is there,
    connecting from one of the PROXY_ADDRESSES: anyone else's X-Forwarded-Proto is dropped too, so Django
    (SECURE_PROXY_SSL_HEADER) never takes their word that a request came over HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.BEHIND_PROXY:
            if _is_proxy(request.META.get("REMOTE_ADDR", ""), tuple(settings.PROXY_ADDRESSES)):
                forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
                if forwarded[-1]:
                    request.META["REMOTE_ADDR"] = forwarded[-1]
            else:
                request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


@functools.lru_cache(maxsize=64)
def _is_proxy(address: str, proxies: tuple[str, ...]) -> bool:
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(proxy) for proxy in proxies)


class IdleSessionMiddleware:
    """Keep a signed-in session alive while it is used, and let it end SESSION_COOKIE_AGE after the last use.

    Saving the session on every request would make every page view a database write (on SQLite, every reader
    queueing for the one write lock). Renewing it only when it was last renewed a tenth of the idle time ago
    (at most a minute) keeps the time-out within a tenth of what is set.
    """

    RENEWED = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        renewed = session.get(self.RENEWED, 0)
        # An anonymous visitor has no session to keep alive; renewing would create one.
        if session.session_key is not None and time.time() - renewed >= min(60, settings.SESSION_COOKIE_AGE / 10):
            session[self.RENEWED] = time.time()
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in person is shown may be kept by the browser or a proxy: on a shared or lost computer
    the back button or the cache would show records about children and families after they signed out.
    Static files are answered by WhiteNoise before this runs and keep their long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class AppErrorPagesMiddleware:
    """Show the app's own "Page not found" in every mode. With DEBUG on (as ``make run`` sets it) Django answers a
    404 with its technical page, which lists every URL pattern of the site to whoever asks for another
    partnership's review; refusals (403) already use the app's page in every mode."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and not getattr(response, "app_page", False):
            return not_found(request)
        return response


class RefusalMiddleware:
    """Services and access checks raise rather than answer: NotAllowed becomes the app's 403 page, worded for
    the action and leading back to the review, and NotFound its 404 page. Services stay free of HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotAllowed):
            return not_allowed(request, str(exception), exception.review)
        if isinstance(exception, NotFound):
            return not_found(request)
        return None
