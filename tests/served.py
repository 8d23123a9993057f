"""``casereview serve`` started as a real server process, and a small browser that talks to it over HTTP.

For tests where what matters happens between processes: several workers writing to one database at once,
the server starting and stopping.
"""

from __future__ import annotations

import contextlib
import html
import http.cookiejar
import json
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# This project's share of the machine's ports; CASEREVIEW_TEST_PORTS="8200-8299" gives a run another share, so
# that two people testing on one machine do not race for the same port.
_first, _last = os.environ.get("CASEREVIEW_TEST_PORTS", "8100-8199").split("-")
PORTS = range(int(_first), int(_last) + 1)
DEMO_PASSWORD = "learning-not-blame"  # noqa: S105 - the demonstration data's published password
STARTED_WITHIN_SECONDS = 120  # migrating, loading the demonstration and compiling the rules on a busy machine
SQLITE_FILE = "casereview.sqlite3"  # the database file in a data folder, as settings name it


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port of ours nobody listens on now; in random order, so two test runs at once rarely pick the same. A port
    once handed out is never handed out again in this run: servers started together have not bound theirs yet."""
    import random

    for port in random.sample(PORTS, len(PORTS)):
        if port in _HANDED_OUT:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    workers: int
    answering: bool = False

    def wait_until_answering(self) -> None:
        _wait_until_answering(self)

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
def starting(
    data_dir: Path,
    *,
    database_url: str | None = None,
    workers: int = 2,
    prepared: Path | None = None,
    demo: bool = True,
) -> Iterator[Server]:
    """``casereview serve`` (``--demo`` unless told otherwise) as in production (DEBUG off) on a free port, started
    and not yet waited for (``Server.wait_until_answering``), so that several can start at once; stopped when this
    ends.

    ``prepared``: a SQLite database to start from (when not serving ``database_url``), copied into the folder."""
    env = _environment(data_dir, database_url)
    if prepared and not database_url:
        shutil.copyfile(prepared, data_dir / SQLITE_FILE)
    port = free_port()
    log = data_dir / "server.log"
    command = Path(sys.executable).with_name("casereview")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(command), "serve", *(["--demo"] if demo else []), "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl+C in the terminal running the tests goes to pytest only
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, workers)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def serving(data_dir: Path, **options) -> Iterator[Server]:
    """As ``starting``, answering when this yields."""
    with starting(data_dir, **options) as server:
        server.wait_until_answering()
        yield server


def _wait_until_answering(server: Server) -> None:
    if server.answering:
        return
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
                server.answering = True
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

    def download(self, path: str) -> tuple[int, bytes]:
        """GET a file: the status and the bytes as sent (a PDF or Word file is not text)."""
        request = urllib.request.Request(self.base + path)  # noqa: S310 - our own http URL
        try:
            with self._opener.open(request, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read()

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


def database_url_of(params: dict, name: str) -> str:
    """The URL of the PostgreSQL database of that name on the server the settings name."""
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}/{name}"


def on_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def pytest_collection_modifyitems(items) -> None:
    """pytest-django makes a test database only when a collected test asks for one (``db``, a ``django_db`` mark,
    ``live_server``). A test of a server asks through ``served_world`` alone, so a run of only such tests had no
    test database: the world was loaded into the configured database itself (on a new one: "relation
    accounts_partnership does not exist"). Marked, they ask as every other database test does."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "served_world" in names or ("demo_database" in names and on_sqlite()):
            item.add_marker(pytest.mark.django_db)


@dataclass(frozen=True)
class ServedWorld:
    """The test world (tests/conftest.py) as servers start from it: on SQLite a file each server copies, on
    PostgreSQL a database the servers share. Either is a copy: what servers save never reaches the test database,
    which every other test starts from."""

    sqlite_file: Path | None = None
    database_url: str | None = None


@pytest.fixture(scope="session")
def served_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[ServedWorld]:
    """The world copied from the test database (a copy takes a fraction of a second, where ``casereview demo``
    migrates from nothing and takes several), its demonstration people's password hashed as production hashes it:
    the world's hashes are the tests' fast ones, which a production server does not read."""
    from django.conf import global_settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import override_settings
    from django.utils.module_loading import import_string

    from casereview.workspace.demo import PEOPLE
    from tests.conftest import FAST_HASHER, load_world, world_is_there

    # casereview's settings keep Django's own list of hashers, whose first makes new hashes
    password = make_password(DEMO_PASSWORD, hasher=import_string(global_settings.PASSWORD_HASHERS[0])())
    demo_people = [person[0] for person in PEOPLE]
    users = get_user_model()._meta.db_table
    with django_db_blocker.unblock():
        if not world_is_there():  # emptied by a test that committed
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                load_world()
        if connection.vendor == "sqlite":
            import sqlite3

            copied = tmp_path_factory.mktemp("served-world") / SQLITE_FILE
            connection.ensure_connection()
            copy = sqlite3.connect(copied)
            try:
                connection.connection.backup(copy)
                copy.execute(
                    f"UPDATE {users} SET password = ? WHERE username IN (SELECT value FROM json_each(?))",  # noqa: S608 - our table's name
                    [password, json.dumps(demo_people)],
                )
                copy.commit()
            finally:
                copy.close()
            yield ServedWorld(sqlite_file=copied)
            return
        with _postgresql_copy(connection) as database_url:
            import psycopg

            with psycopg.connect(database_url, autocommit=True) as copy:
                copy.execute(
                    f"UPDATE {users} SET password = %s WHERE username = ANY(%s)",  # noqa: S608 - our table's name
                    [password, demo_people],
                )
            yield ServedWorld(database_url=database_url)


@contextlib.contextmanager
def _postgresql_copy(connection, within_seconds: float = 10) -> Iterator[str]:
    """A copy of the test database (``CREATE DATABASE ... TEMPLATE``), its URL; dropped afterwards, with the
    sessions of servers that did not stop. PostgreSQL copies a database only while nobody else is on it: the test
    process's own session is closed first, and one still left is a connection a test's thread never closed."""
    import psycopg
    from django.db import connections
    from psycopg import sql

    assert not connection.in_atomic_block, "the served world is copied outside any test's transaction"
    params = connection.settings_dict
    test_database = params["NAME"]
    name = f"{test_database}_served"
    connections.close_all()  # every connection of this thread, not only this alias's
    with psycopg.connect(database_url_of(params, "postgres"), autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        deadline = time.monotonic() + within_seconds
        while True:
            try:
                server.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(test_database)
                    )
                )
                break
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    others = _sessions_on(server, test_database)
                    raise RuntimeError(
                        f"the test database could not be copied: other sessions are on it (application_name: the "
                        f"thread and test that opened it): {others}"
                    ) from None
                time.sleep(0.1)
    try:
        yield database_url_of(params, name)
    finally:
        with psycopg.connect(database_url_of(params, "postgres"), autocommit=True) as server:
            # The servers have stopped: a session of theirs still there is a connection a worker did not close
            deadline = time.monotonic() + within_seconds
            while (left := _sessions_on(server, name)) and time.monotonic() < deadline:
                time.sleep(0.1)
            server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if left:
            pytest.fail(f"sessions left open on the served database after its servers stopped: {left}", pytrace=False)


def _sessions_on(server, database: str) -> list[tuple]:
    return server.execute(
        "SELECT application_name, state, query FROM pg_stat_activity WHERE datname = %s", [database]
    ).fetchall()


@pytest.fixture(scope="session")
def demo_database(request, tmp_path_factory) -> Path:
    """A SQLite file holding the demonstration, for commands run on SQLite as a person runs them. On a SQLite
    run, the served world's file; on a PostgreSQL run, made by ``casereview demo`` once."""
    if on_sqlite():
        return request.getfixturevalue("served_world").sqlite_file
    return prepare_demo(tmp_path_factory.mktemp("demo-database"))


SHARED_SERVER_WORKERS = 4  # enough for saves to race between processes


@pytest.fixture(scope="session")
def shared_server(served_world, tmp_path_factory) -> Iterator[Server]:
    """One ``casereview serve --demo`` for the whole test run, on a copy of the world (``served_world``), for
    tests that need a real server but do not stop it."""
    with serving(
        tmp_path_factory.mktemp("served"),
        database_url=served_world.database_url,
        workers=SHARED_SERVER_WORKERS,
        prepared=served_world.sqlite_file,
    ) as served:
        yield served


@pytest.fixture(scope="session")
def signed_in(shared_server) -> dict[str, Browser]:
    """Amina and Bea signed in to the shared server, once for the run: each sign-in checks a password hashed as in
    production, a second of the server's time on a busy machine."""
    browsers = {}
    for username in ("amina", "bea"):
        browsers[username] = Browser(shared_server.url)
        browsers[username].sign_in(username)
    return browsers
