"""``casereview serve`` started as a real server process, and a small browser that talks to it over HTTP.

For tests where what matters happens between processes: several workers writing to one database at once,
the server starting and stopping.
"""

from __future__ import annotations

import contextlib
import html
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PORTS = range(8100, 8200)  # this project's share of the machine's ports
DEMO_PASSWORD = "learning-not-blame"  # noqa: S105 - the demonstration data's published password
STARTED_WITHIN_SECONDS = 120  # migrating, loading the demonstration and compiling the rules on a busy machine
SQLITE_FILE = "casereview.sqlite3"  # the database file in a data folder, as settings name it


def free_port() -> int:
    """A port of ours nobody listens on now; in random order, so two test runs at once rarely pick the same."""
    import random

    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    workers: int

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, sig: int = signal.SIGTERM, within_seconds: float = 30) -> int:
        """Send the signal and wait for the server to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(within_seconds)


def _environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    """A production environment (DEBUG off) with its data in the folder, on the database given or SQLite."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        CASEREVIEW_DATA_DIR=str(data_dir),
        DEBUG="false",
        SECRET_KEY="test-only-secret-key-for-a-served-app",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare_demo(data_dir: Path) -> Path:
    """A SQLite database in the folder, migrated and holding the demonstration data (``casereview demo``); its
    path. Copied into a server's own folder, it saves each server the seconds of migrating from nothing."""
    command = Path(sys.executable).with_name("casereview")
    subprocess.run(
        [str(command), "demo"], env=_environment(data_dir, None), check=True, capture_output=True, timeout=300
    )
    return data_dir / SQLITE_FILE


@contextlib.contextmanager
def serving(
    data_dir: Path,
    *,
    database_url: str | None = None,
    workers: int = 2,
    prepared: Path | None = None,
) -> Iterator[Server]:
    """``casereview serve --demo`` as in production (DEBUG off) on a free port, answering when this yields.

    ``prepared``: a SQLite database made by ``prepare_demo`` to start from (when not serving ``database_url``)."""
    env = _environment(data_dir, database_url)
    if prepared and not database_url:
        shutil.copyfile(prepared, data_dir / SQLITE_FILE)
    port = free_port()
    log = data_dir / "server.log"
    command = Path(sys.executable).with_name("casereview")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(command), "serve", "--demo", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl+C in the terminal running the tests goes to pytest only
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, workers)
    try:
        _wait_until_answering(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_answering(server: Server) -> None:
    # gunicorn's master is the process started; until it says it listens, whatever answers is not ours
    listening = f"Listening at: {server.url} ({server.process.pid})"
    deadline = time.monotonic() + STARTED_WITHIN_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"casereview serve exited with {server.process.returncode}:\n{server.output()}")
        if listening not in server.output():
            time.sleep(0.2)
            continue
        try:
            with urllib.request.urlopen(server.url + "/", timeout=5):  # noqa: S310 - our own http URL
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"casereview serve did not answer within {STARTED_WITHIN_SECONDS} s:\n{server.output()}")


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """A test wants to see the redirect itself (302 after a save), not the page it leads to."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    text: str
    headers: dict[str, str]


@dataclass
class Browser:
    """One person's browser: its own cookies, and forms submitted as the page rendered them."""

    base: str
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _KeepRedirects)

    def request(self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Response:
        """GET the path, or POST the data to it; with a Referer of the page itself unless ``headers`` say
        otherwise (a header given as "" is left out)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = self.base + path
        sent = {name: value for name, value in {"Referer": url, **(headers or {})}.items() if value}
        request = urllib.request.Request(url, data=body, headers=sent)  # noqa: S310 - our own http URL
        try:
            with self._opener.open(request, timeout=60) as answer:
                return Response(answer.status, answer.read().decode(), dict(answer.headers))
        except urllib.error.HTTPError as answer:
            return Response(answer.code, answer.read().decode(), dict(answer.headers))

    def get(self, path: str) -> Response:
        return self.request(path)

    def form(self, path: str) -> dict[str, str]:
        """The hidden fields of the page's form (the CSRF token, the version the page was opened at)."""
        page = self.get(path)
        assert page.status == 200, f"{path} answered {page.status}"
        return {
            html.unescape(name): html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text)
        }

    def submit(self, path: str, fields: dict[str, str], hidden: dict[str, str] | None = None) -> Response:
        return self.request(path, {**(hidden if hidden is not None else self.form(path)), **fields})

    def sign_in(self, username: str) -> None:
        answer = self.submit("/accounts/sign-in/", {"username": username, "password": DEMO_PASSWORD})
        assert answer.status == 302, f"{username} could not sign in ({answer.status})"


def database_url_of(connection) -> str | None:
    """The URL of the database the tests run on, for a server to share it; None on SQLite, whose test database
    lives in the test process's memory (a server then has its own file)."""
    if connection.vendor != "postgresql":
        return None
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """One SQLite database with the demonstration loaded, made once per test run for servers to start from."""
    return prepare_demo(tmp_path_factory.mktemp("demo-database"))


SHARED_SERVER_WORKERS = 4  # enough for saves to race between processes


@pytest.fixture(scope="session")
def shared_server(request, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Server]:
    """One ``casereview serve --demo`` for the whole test run, on the run's database (PostgreSQL when the run
    uses it, emptied again afterwards), for tests that need a real server but do not stop it."""
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        database_url = database_url_of(connection)
        try:
            with serving(
                tmp_path_factory.mktemp("served"),
                database_url=database_url,
                workers=SHARED_SERVER_WORKERS,
                prepared=None if database_url else request.getfixturevalue("demo_database"),
            ) as served:
                yield served
        finally:
            if database_url:
                _no_session_left(connection)
                call_command("flush", interactive=False, verbosity=0)


def _no_session_left(connection, within_seconds: float = 10) -> None:
    """Wait until no other session uses the test database: the stopped server's sessions end as it exits, and one
    still open at the end of the run would keep the test database from being dropped. One that outlives the wait
    (seen in CI: idle after a ROLLBACK, likely a connection a thread of this test process opened and never closed)
    is ended, with a warning naming it, so the run can drop its database."""
    deadline = time.monotonic() + within_seconds
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, application_name, state, query FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            others = cursor.fetchall()
        if not others or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if others:
        warnings.warn(f"sessions left open on the test database, ended: {others}", stacklevel=2)
        with connection.cursor() as cursor:
            for pid, *_ in others:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
