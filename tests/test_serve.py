"""`casereview serve` is the production server: gunicorn worker processes, the app loaded before they fork,
and a clean stop on Ctrl+C or SIGTERM."""

import signal

import pytest

from tests.served import Browser, serving


def worker_pids(output: str) -> set[str]:
    import re

    return set(re.findall(r"Booting worker with pid: (\d+)", output))


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_through_gunicorn_workers_and_stops_cleanly(tmp_path, stop_with):
    with serving(tmp_path, workers=2) as server:
        start = Browser(server.url).get("/")
        assert start.status == 200
        assert start.headers["Server"] == "gunicorn"

        amina = Browser(server.url)
        amina.sign_in("amina")
        reviews = amina.get("/reviews/")
        assert reviews.status == 200 and "Child H" in reviews.text

        assert server.stop(stop_with) == 0
        output = server.output()

    assert "casereview is starting at http://127.0.0.1:" in output
    assert "amina" in output and "learning-not-blame" in output  # the sign-in details are still printed
    assert len(worker_pids(output)) == 2
    assert '"GET /reviews/" 200' in output  # the access log
    assert "Shutting down: Master" in output
    assert "Traceback" not in output
    assert (tmp_path / "casereview.sqlite3").exists()


def test_a_number_of_workers_below_one_is_refused_with_a_reason(capsys):
    from casereview.cli import build_parser

    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["serve", "--workers", "0"])
    assert stopped.value.code == 2
    assert "--workers: must be 1 or more, not 0" in capsys.readouterr().err
