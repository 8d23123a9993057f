"""Amina asks for Child H's board report on the real server (``casereview serve``, gunicorn workers): its own
process makes it while the page says how far it has got, and the file is there to download when it is made.

The server is the test run's shared one (tests/served.py), on a copy of the test world in the database the tests
run on (a SQLite file, or a PostgreSQL database): the job's process reaches the same database as the workers.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import threading
import time
import urllib.error
from pathlib import Path

from tests.served import Browser

from .test_board_report import docx_text, flat, pdf_text

MADE_WITHIN_SECONDS = 180  # a 24-page PDF on a busy shared machine


def _child_h(browser: Browser) -> int:
    register = browser.get("/reviews/")
    assert register.status == 200
    return int(re.search(r'href="/reviews/(\d+)/"[^>]*>\s*Child H', register.text).group(1))


def _made(browser: Browser, review: int, file_format: str) -> tuple[str, list[str], float]:
    """Ask for the whole report as the form sends it; the job page once the report is made, the steps the page
    showed on the way, and the seconds from asking to made."""
    hidden = browser.form(f"/reviews/{review}/report/")
    sections = ["register", "markers", "purpose", "findings", "wording"]
    fields = [*hidden.items(), *(("sections", section) for section in sections)]
    fields += [("names", "names"), ("format", file_format)]
    start = time.monotonic()
    asked = browser.request(f"/reviews/{review}/report/jobs/", fields)
    assert asked.status == 302, asked.text[:500]
    page, steps = asked.headers["Location"], []
    while time.monotonic() - start < MADE_WITHIN_SECONDS:
        shown = browser.get(page)
        assert shown.status == 200
        if "The report is ready" in shown.text or "The report was not made" in shown.text:
            return shown.text, steps, time.monotonic() - start
        step = re.search(r"Step (\d+) of (\d+)", shown.text)
        if step and (not steps or steps[-1] != step.group(0)):
            steps.append(step.group(0))
        time.sleep(0.2)
    raise AssertionError(f"not made within {MADE_WITHIN_SECONDS} s; steps seen: {steps}")


def test_a_report_asked_for_on_the_server_is_made_by_its_own_process_and_downloaded(signed_in):
    amina = signed_in["amina"]
    review = _child_h(amina)
    for file_format, read in (("docx", docx_text), ("pdf", pdf_text)):
        text, steps, _ = _made(amina, review, file_format)
        assert "The report is ready" in text, re.sub(r"<[^>]+>", " ", text)[:3000]
        numbers = [int(step.split()[1]) for step in steps]
        assert numbers == sorted(numbers)  # never goes back
        link = re.search(r'href="(/partnerships/\d+/reports/\d+/file/)"', text).group(1)
        status, content = amina.download(link)
        assert status == 200
        words = read(content)
        assert "Child H: board report" in words
        assert flat("5. Clarity of purpose") in words and flat("3. Advising board members") in words


def _workers(server) -> set[int]:
    """The gunicorn master's living children (a killed worker stays a child, as a zombie, until the master reaps it)."""
    master = server.process.pid
    children = {int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()}
    return {pid for pid in children if _living(pid)}


def _living(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def test_a_report_goes_on_being_made_when_the_worker_that_started_it_is_killed(shared_server, signed_in):
    """Gunicorn recycles or kills a worker (a timeout, memory, a restart): the job's process is not the worker's to
    take down with it. Amina's request is cut off; the report is made all the same."""
    amina = signed_in["amina"]
    review = _child_h(amina)
    hidden = amina.form(f"/reviews/{review}/report/")
    fields = [*hidden.items(), ("sections", "markers"), ("sections", "purpose"), ("names", "roles"), ("format", "pdf")]
    workers = _workers(shared_server)

    def ask() -> None:
        with contextlib.suppress(ConnectionError, http.client.HTTPException, urllib.error.URLError):
            amina.request(f"/reviews/{review}/report/jobs/", fields)  # cut off when its worker is killed

    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(3)  # the job saved and its process started; the request is waiting to show it ready
    for worker in workers:
        os.kill(worker, signal.SIGKILL)
    asking.join(60)
    deadline = time.monotonic() + MADE_WITHIN_SECONDS
    while time.monotonic() < deadline:
        listed = amina.get(f"/reviews/{review}/report/")
        if listed.status == 200 and "Reports asked for lately" in listed.text:
            break
        time.sleep(0.5)
    job_page = re.search(r'href="(/partnerships/\d+/reports/\d+/)"', listed.text).group(1)
    while time.monotonic() < deadline:
        shown = amina.get(job_page)
        if "The report is ready" in shown.text or "The report was not made" in shown.text:
            break
        time.sleep(0.5)
    assert "The report is ready" in shown.text, re.sub(r"<[^>]+>", " ", shown.text)[:3000]
    assert "Names replaced by roles" in shown.text
    while workers & _workers(shared_server) and time.monotonic() < deadline:  # a busy master reaps late
        time.sleep(0.2)
    assert not workers & _workers(shared_server)  # new workers answered
