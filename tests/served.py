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

PORTS = range(8100, 8200)  # this project's share of the machine's ports
DEMO_PASSWORD = "learning-not-blame"  # noqa: S105 - the demonstration data's published password
STARTED_WITHIN_SECONDS = 120  # migrating, loading the demonstration and compiling the rules on a busy machine


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

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, sig: int = signal.SIGTERM, within_seconds: float = 30) -> int:
        """Send the signal and wait for the server to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(within_seconds)


@contextlib.contextmanager
def serving(data_dir: Path, *, database_url: str | None = None, workers: int = 2) -> Iterator[Server]:
    """``casereview serve --demo`` as in production (DEBUG off) on a free port, answering when this yields."""
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
    server = Server(f"http://127.0.0.1:{port}", process, log)
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

    def request(self, path: str, data: dict[str, str] | None = None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = self.base + path
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 - our own http URL
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
