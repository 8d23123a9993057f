"""Amina and Bea save at the same moment, many times over, through the real server (gunicorn workers, one
database): nobody gets a server error, no saved version is lost, and of two saves of one answer exactly one
wins while the others are shown the "someone else saved first" page.

The server is the test run's shared `casereview serve --demo` (tests/served.py) on a copy of the test world in
the database the tests run on: a SQLite file of its own, or a PostgreSQL database copied from the test database
(dropped at the end).
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.served import Browser, Response, Server

SAVES_AT_ONCE = 12


@pytest.fixture(scope="module")
def server(shared_server) -> Server:
    assert shared_server.workers > 1  # saves race between processes, not only between threads of one
    return shared_server


@pytest.fixture(scope="module")
def amina_and_bea(server, signed_in) -> list[Browser]:
    return [signed_in["amina"], signed_in["bea"]]


@pytest.fixture(scope="module")
def child_h(amina_and_bea) -> int:
    register = amina_and_bea[0].get("/reviews/")
    assert register.status == 200
    return int(re.search(r'href="/reviews/(\d+)/"[^>]*>\s*Child H', register.text).group(1))


def all_at_once(saves) -> list[Response]:
    """Run every save in its own thread, released together once all are ready."""
    start = threading.Barrier(len(saves))

    def run(save):
        start.wait()
        return save()

    with ThreadPoolExecutor(len(saves)) as pool:
        return list(pool.map(run, saves))


def statuses(responses: list[Response]) -> list[int]:
    return sorted(response.status for response in responses)


def test_purpose_statements_saved_at_once_all_keep_their_version(server, amina_and_bea, child_h):
    path = f"/reviews/{child_h}/purpose/statement/"
    texts = [f"Draft {n}: the review is for learning and improvement across agencies." for n in range(SAVES_AT_ONCE)]
    saves = []
    for number, text in enumerate(texts):
        browser = amina_and_bea[number % 2]
        hidden = browser.form(path)
        saves.append(lambda browser=browser, hidden=hidden, text=text: browser.submit(path, {"text": text}, hidden))

    responses = all_at_once(saves)

    assert statuses(responses) == [302] * SAVES_AT_ONCE, server.output()
    versions = amina_and_bea[0].get(f"/reviews/{child_h}/purpose/statement/versions/")
    assert versions.status == 200
    for text in texts:
        assert text in versions.text
    numbers = sorted(int(n) for n in re.findall(r"Version (\d+)", versions.text))
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= SAVES_AT_ONCE


@pytest.mark.parametrize(
    "indicator",
    [
        pytest.param("q3", id="first-answer"),  # nobody has answered it yet: racing inserts
        pytest.param("q1", id="changed-answer"),  # the demonstration answered it: racing updates
    ],
)
def test_of_saves_of_one_answer_at_once_one_wins_and_the_others_are_told(server, amina_and_bea, child_h, indicator):
    path = f"/reviews/{child_h}/markers/clarity-of-purpose/indicators/{indicator}/"
    saves = []
    for number in range(SAVES_AT_ONCE):
        browser = amina_and_bea[number % 2]
        hidden = browser.form(path)
        fields = {"answer": "partly", "evidence": f"Evidence from save {number}"}
        saves.append(lambda browser=browser, hidden=hidden, fields=fields: browser.submit(path, fields, hidden))

    responses = all_at_once(saves)

    assert statuses(responses) == [302] + [409] * (SAVES_AT_ONCE - 1), server.output()
    winner = next(number for number, response in enumerate(responses) if response.status == 302)
    for number, response in enumerate(responses):
        if response.status == 409:
            assert "Changed by someone else" in response.text
            assert f"Evidence from save {winner}" in response.text  # what is saved now
            assert f"Evidence from save {number}" in response.text  # their own words, still in the form
    reopened = amina_and_bea[0].get(path)
    assert f"Evidence from save {winner}" in reopened.text


def test_of_reviews_added_at_once_under_one_reference_one_is_added_and_the_others_are_told(server, amina_and_bea):
    amina = amina_and_bea[0]
    fields = {  # the partnership is a hidden field: Amina belongs to one
        "reference": "Child Q",
        "review_type": "lcspr",
        "stage": "decision",
        "framework_id": "scr-quality-markers",
    }
    forms = [amina.form("/reviews/new/") for _ in range(6)]
    saves = [lambda hidden=hidden: amina.submit("/reviews/new/", fields, hidden) for hidden in forms]

    responses = all_at_once(saves)

    assert statuses(responses) == [302] + [400] * 5, server.output()
    for response in responses:
        if response.status == 400:
            assert "North Partnership already has a review called Child Q" in response.text
    assert amina.get("/reviews/").text.count(">Child Q<") == 1
