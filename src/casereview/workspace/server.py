"""The production web server: gunicorn worker processes serving the Django app.

The app is loaded once in the master process (settings checked, the language rules compiled) and the
workers are forked from it, so no request ever pays for start-up and a broken setting stops the server
before it listens.
"""

from __future__ import annotations

import gc
import os
import signal
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

# Enough workers to keep both a slow page and the database busy on a small machine, without each worker's
# copy of the app (about 100 MB) filling a large one.
MAX_DEFAULT_WORKERS = 12
# Who asked for what, how it ended and how long it took, one line per request; no query strings or
# headers, which could carry what people typed.
ACCESS_LOG_FORMAT = '%(t)s %(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# On Ctrl+C or SIGTERM a request being answered has this long to finish before its worker is stopped; an idle
# server stops at once. Pages take milliseconds and a large upload's check a few seconds.
GRACEFUL_STOP_SECONDS = 10


def default_workers() -> int:
    """Gunicorn's advice, two per core and one more, capped."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


class WorkspaceServer(BaseApplication):
    """Gunicorn configured from ``casereview serve``'s options rather than its own command line."""

    def __init__(self, host: str, port: int, workers: int, threads: int = 1, proxy_addresses: list[str] = ()):
        self.options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "preload_app": True,
            "accesslog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "errorlog": "-",
            "proc_name": "casereview",
            # Newer gunicorn opens a control socket at one fixed path per user: two servers on one machine
            # (a test beside a running one) would fight over it, and nothing here uses it.
            "control_socket_disable": True,
            "graceful_timeout": GRACEFUL_STOP_SECONDS,
            # A worker busy with one request this long is killed. Gunicorn's 30 seconds is less than a board report
            # of a large review takes as PDF on a busy machine (benchmarks/report_speed.py: 200 pages, 15 to 45 s).
            "timeout": 120,
            "post_worker_init": _finish_the_request_on_ctrl_c,
            "worker_exit": _close_connections,
            # Gunicorn believes X-Forwarded-Proto (and two other headers) from 127.0.0.1 unless told otherwise:
            # anything on the machine could then pass a plain HTTP request off as HTTPS. Only a proxy that
            # BEHIND_HTTPS_PROXY says is there is believed, and only in the header Django reads.
            "forwarded_allow_ips": ",".join(proxy_addresses),
            "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"} if proxy_addresses else {},
        }
        super().__init__(prog="casereview serve")

    def run(self) -> None:
        # As BaseApplication.run, with our master process
        from casereview.datafiles import DataFileError

        try:
            _Arbiter(self).run()
        except (RuntimeError, DataFileError) as error:
            print(f"\nError: {error}\n", file=sys.stderr, flush=True)
            sys.exit(1)

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self):
        from django.db import connections

        from casereview.workspace.wsgi import application

        _warm()
        # A connection opened in the master would be shared by every forked worker: one socket (or SQLite
        # handle) used by several processes at once corrupts their conversations.
        connections.close_all()
        # Everything loaded so far lives as long as the server: kept out of the garbage collector's sweeps, the
        # workers neither copy its memory pages by touching them nor spend seconds sweeping it when they stop.
        gc.freeze()
        return application


def _warm() -> None:
    """Do once, before forking, what each worker's first requests would otherwise do: compile the language
    rules, read the clocks' data files, import every view and compile every template."""
    import datetime

    from django.template import engines
    from django.urls import resolve

    from casereview.language import shipped_rules
    from casereview.timescales import load_shipped_data, startup_years

    shipped_rules()
    # the clocks' step files and bank holidays: one that cannot be read stops start-up with its file and line
    load_shipped_data(startup_years(datetime.date.today()))
    resolve("/")  # loads the URL configuration, which imports every app's views
    for engine in engines.all():
        for name in engine.env.list_templates():
            engine.env.get_template(name)


class _Arbiter(Arbiter):
    """Gunicorn's master process, stopping on Ctrl+C as it does on SIGTERM."""

    def handle_int(self) -> None:
        # Gunicorn treats Ctrl+C as "stop at once", cutting off requests half answered; here it lets them finish
        # (up to GRACEFUL_STOP_SECONDS). A second Ctrl+C while they do still stops at once.
        raise StopIteration


def _finish_the_request_on_ctrl_c(worker) -> None:
    """In a terminal Ctrl+C reaches the workers too, not only the master: a worker then finishes the request it
    is answering and stops, as it does on SIGTERM, instead of leaving at once."""
    signal.signal(signal.SIGINT, worker.handle_exit)
    signal.siginterrupt(signal.SIGINT, False)


def configured(host: str, port: int, workers: int, threads: int = 1) -> WorkspaceServer:
    """The server as the options and the settings say: a proxy's headers believed only with BEHIND_HTTPS_PROXY."""
    from django.conf import settings

    proxy_addresses = settings.PROXY_ADDRESSES if settings.BEHIND_PROXY else []
    return WorkspaceServer(host, port, workers, threads, proxy_addresses)


# Addresses that listen on every interface: people reach the server by some other name, which cannot be checked.
_EVERY_INTERFACE = {"0.0.0.0", "::", ""}  # noqa: S104 - compared with, not bound to


def address_warnings(host: str, port: int) -> list[str]:
    """What would make every request to the printed address fail, said before the server starts: without these,
    someone trying `casereview serve` on their own machine with DEBUG off sees only "Bad Request" or a redirect
    to an HTTPS nobody answers."""
    from django.conf import settings
    from django.http.request import validate_host

    address = f"http://{host}:{port}/"
    warnings = []
    # Behind a proxy, requests carry the site's name (the README's deployment listens on 127.0.0.1 for nginx).
    reached_directly = not settings.BEHIND_PROXY and host not in _EVERY_INTERFACE
    if reached_directly and not validate_host(host, settings.ALLOWED_HOSTS):
        warnings.append(
            f"ALLOWED_HOSTS does not name {host}, so every request to {address} is refused (400 Bad Request). "
            f"Set ALLOWED_HOSTS to the name people use: the site's name behind a web server, or {host} here."
        )
    if settings.SECURE_SSL_REDIRECT and not settings.BEHIND_PROXY:
        warnings.append(
            f"Requests to {address} are sent on to HTTPS (SECURE_SSL_REDIRECT is on), which this server does not "
            "answer. Put a web server that ends HTTPS in front and set BEHIND_HTTPS_PROXY=true, or, on your own "
            "machine only, set SECURE_SSL_REDIRECT=false."
        )
    return warnings


def _close_connections(arbiter, worker) -> None:
    """A stopping worker says goodbye to the database rather than vanishing: PostgreSQL ends the session at once
    instead of noticing the dropped connection later (a session still open would stop the database being dropped
    or renamed)."""
    from django.db import connections

    connections.close_all()


def run(host: str, port: int, workers: int, threads: int = 1) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM); returns after the workers have finished."""
    configured(host, port, workers, threads).run()
