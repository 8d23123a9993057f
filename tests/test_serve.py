"""`casereview serve` is the production server: gunicorn worker processes, the app loaded before they fork,
requests in progress finished and then a quick stop on Ctrl+C or SIGTERM, and no proxy believed unless one is
configured."""

import re
import signal
import socket
import time

import pytest

from tests.served import Browser, serving

# From the signal, or from the answer to the last request in progress, to the server's exit.
STOPPED_WITHIN_SECONDS = 2.5


def worker_pids(output: str) -> set[str]:
    return set(re.findall(r"Booting worker with pid: (\d+)", output))


def test_serve_answers_through_gunicorn_workers(shared_server):
    start = Browser(shared_server.url).get("/")
    assert start.status == 200
    assert start.headers["Server"] == "gunicorn"

    amina = Browser(shared_server.url)
    amina.sign_in("amina")
    reviews = amina.get("/reviews/")
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


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_finishes_the_request_in_progress_then_stops_at_once(tmp_path, demo_database, stop_with):
    with serving(tmp_path, workers=2, prepared=demo_database) as server:
        port = int(server.url.rsplit(":", 1)[1])
        # A person's request, half sent when the server is told to stop: its worker is reading it.
        person = socket.create_connection(("127.0.0.1", port), timeout=30)
        person.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        deadline = time.monotonic() + 10
        while _pending_connections(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _pending_connections(port) == 0

        server.process.send_signal(stop_with)
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

    assert len(worker_pids(output)) == 2
    assert "Shutting down: Master" in output
    assert "Traceback" not in output
    assert (tmp_path / "casereview.sqlite3").exists()


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
