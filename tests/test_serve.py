"""`casereview serve` is the production server: gunicorn worker processes, the app loaded before they fork,
requests in progress finished and then a quick stop on Ctrl+C or SIGTERM, and no proxy believed unless one is
configured."""

import contextlib
import re
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.served import Browser, Server, starting

# From the signal, or from the answer to the last request in progress, to the server's exit.
STOPPED_WITHIN_SECONDS = 2.5


def worker_pids(output: str) -> set[str]:
    return set(re.findall(r"Booting worker with pid: (\d+)", output))


def _pending_connections(port: int) -> int:
    """Connections to the port that no worker has accepted yet (the listening socket's queue, from the kernel)."""
    pending = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                local, state, queues = fields[1], fields[3], fields[4]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: listening
                    pending += int(queues.split(":")[1], 16)
    return pending


STOP_SIGNALS = {"ctrl-c": signal.SIGINT, "sigterm": signal.SIGTERM}


@pytest.fixture(scope="module")
def servers_to_stop(request, served_world, tmp_path_factory) -> Iterator[dict[str, tuple[Server, Path]]]:
    """A server for each way of stopping, with its data folder: started at once, and with the run's shared server
    if a test will use it, so that the three start-ups (seconds each on a busy machine) overlap rather than add up.
    These are the first tests of the file for that reason. One worker each: one request is in progress."""
    with contextlib.ExitStack() as stack:
        servers = {}
        for name in STOP_SIGNALS:
            folder = tmp_path_factory.mktemp(f"stopped-by-{name}")
            server = stack.enter_context(
                starting(
                    folder,
                    database_url=served_world.database_url,
                    prepared=served_world.sqlite_file,
                    workers=1,
                    demo=False,
                )
            )
            servers[name] = (server, folder)
        if any("shared_server" in getattr(item, "fixturenames", ()) for item in request.session.items):
            request.getfixturevalue("shared_server")
        yield servers


@pytest.mark.parametrize("stop_with", STOP_SIGNALS)
def test_serve_finishes_the_request_in_progress_then_stops_at_once(servers_to_stop, served_world, stop_with):
    server, folder = servers_to_stop[stop_with]
    server.wait_until_answering()
    port = int(server.url.rsplit(":", 1)[1])
    # A person's request, half sent when the server is told to stop: its worker is reading it.
    person = socket.create_connection(("127.0.0.1", port), timeout=30)
    person.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    deadline = time.monotonic() + 10
    while _pending_connections(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _pending_connections(port) == 0

    server.process.send_signal(STOP_SIGNALS[stop_with])
    time.sleep(0.5)
    assert server.process.poll() is None  # still answering the person
    person.sendall(b"Connection: close\r\n\r\n")
    answer = b""
    while chunk := person.recv(65536):
        answer += chunk
    answered = time.monotonic()
    person.close()

    assert answer.startswith(b"HTTP/1.1 200 OK"), answer[:200]
    assert b"casereview" in answer
    assert server.stop(within_seconds=30) == 0
    assert time.monotonic() - answered < STOPPED_WITHIN_SECONDS
    output = server.output()

    assert len(worker_pids(output)) == server.workers
    assert "Shutting down: Master" in output
    assert "Traceback" not in output
    # the server's database is the one it was given: its own SQLite file, or PostgreSQL with no file made
    assert (folder / "casereview.sqlite3").exists() == (served_world.database_url is None)


def test_serve_answers_through_gunicorn_workers(shared_server, signed_in):
    start = Browser(shared_server.url).get("/")
    assert start.status == 200
    assert start.headers["Server"] == "gunicorn"

    reviews = signed_in["amina"].get("/reviews/")
    assert reviews.status == 200 and "Child H" in reviews.text

    output = shared_server.output()
    assert "casereview is starting at http://127.0.0.1:" in output
    assert "amina" in output and "learning-not-blame" in output  # the sign-in details are still printed
    assert len(worker_pids(output)) == shared_server.workers
    # gunicorn writes the access log line after the response has gone: give it a moment on a busy machine
    deadline = time.monotonic() + 10
    while '"GET /reviews/" 200' not in output and time.monotonic() < deadline:
        time.sleep(0.1)
        output = shared_server.output()
    assert '"GET /reviews/" 200' in output  # the access log


def test_a_request_saying_it_came_over_https_is_not_believed_without_a_proxy_configured(shared_server):
    """Without BEHIND_HTTPS_PROXY nothing may pass plain HTTP off as HTTPS, not even a program on the server's
    own machine. Seen through CSRF protection: Django checks the Referer of HTTPS form posts only."""
    amina = Browser(shared_server.url)
    hidden = amina.form("/accounts/sign-in/")
    fields = {**hidden, "username": "amina", "password": "learning-not-blame"}

    answer = amina.request("/accounts/sign-in/", fields, headers={"Referer": "", "X-Forwarded-Proto": "https"})

    assert answer.status == 302, answer.text[:500]


@pytest.mark.parametrize(
    ("behind_proxy", "trusted", "schemes"),
    [
        pytest.param(False, [], {}, id="no-proxy"),
        pytest.param(True, ["127.0.0.1", "::1"], {"X-FORWARDED-PROTO": "https"}, id="proxy"),
    ],
)
def test_gunicorn_believes_forwarded_headers_only_from_the_configured_proxy(settings, behind_proxy, trusted, schemes):
    from casereview.workspace.server import configured

    settings.BEHIND_PROXY = behind_proxy
    settings.PROXY_ADDRESSES = ["127.0.0.1", "::1"]

    gunicorn = configured("127.0.0.1", 8000, workers=1).cfg

    assert gunicorn.forwarded_allow_ips == trusted
    assert gunicorn.secure_scheme_headers == schemes


def test_a_number_of_workers_below_one_is_refused_with_a_reason(capsys):
    from casereview.cli import build_parser

    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["serve", "--workers", "0"])
    assert stopped.value.code == 2
    assert "--workers: must be 1 or more, not 0" in capsys.readouterr().err


def test_the_server_reads_the_clocks_data_files_before_it_forks(tmp_path, monkeypatch):
    """What `casereview serve` checks before it starts, gunicorn's master checks too as it loads the app: a step
    file that cannot be read stops it there, naming the file and line, not at a person's first page."""
    from casereview.datafiles import DataFileError
    from casereview.timescales import loader
    from casereview.workspace import server

    steps = tmp_path / "steps"
    shutil.copytree(loader.STEPS_DIR, steps)
    broken = steps / "sar.yaml"
    broken.write_bytes(broken.read_bytes().replace(b"steps:", b"steps:\n  - \xff", 1))
    line = next(n for n, row in enumerate(broken.read_bytes().splitlines(), 1) if b"\xff" in row)
    monkeypatch.setattr(loader, "STEPS_DIR", steps)
    loader.shipped_step_sets.cache_clear()
    try:
        with pytest.raises(DataFileError) as stopped:
            server._warm()
    finally:
        loader.shipped_step_sets.cache_clear()  # the shipped files again for the tests after this one
    assert f"{broken}:{line}: the file is not UTF-8 text" in str(stopped.value)
