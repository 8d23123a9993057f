"""Where a page's time goes on the large partnership: its database queries, its size, its CPU time.

Run by ``web_load.py --queries`` on an untouched copy of the built data, in a process of its own (Django reads
the database from the environment once per process): ``DATABASE_URL=... python benchmarks/page_queries.py
USERNAME PAGES.json [--samples 5] [--profile PAGE]``, where PAGES.json maps a page's name to its path.

Each page is opened through Django's test client (DEBUG off, the person signed in without the sign-in form, so
no sign-in page is counted): once to warm up, once under ``CaptureQueriesContext`` to count the queries, then
``--samples`` more for the median wall and CPU time. No HTTP: this is the server's own time, what the
one-request target of issue 10 (< 50 ms) is about. A query run many times with different values (an N+1) is
named with its count. ``--profile PAGE`` prints where that page's CPU time goes (cProfile, top 20 by own time).
"""

# ruff: noqa: E402 - Django must be set up before the app's modules are imported

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.workspace.settings")
import django

django.setup()

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

REPEATED = 5  # a query shape run at least this often in one request is reported as repeated
VALUES = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def shape(sql: str) -> str:
    """A query with its values taken out, so that the same query for each of many rows counts as one shape."""
    return re.sub(r"(\?|%s)(, (\?|%s))+", "...", VALUES.sub("?", sql))


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure(client: Client, path: str, samples: int) -> dict:
    body_of(client.get(path))  # warm: the first opening fills the process's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        body = body_of(response)
    # Read now: the log is emptied by the next request, and ``captured_queries`` reads it when asked.
    queries = list(captured.captured_queries)
    shapes = Counter(shape(query["sql"]) for query in queries)
    walls, cpus = [], []
    for _ in range(samples):
        wall, cpu = time.perf_counter(), time.process_time()
        body_of(client.get(path))
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {
        "status": response.status_code,
        "kb": len(body) / 1024,
        "queries": len(queries),
        "repeated": [(count, sql) for sql, count in shapes.most_common() if count >= REPEATED],
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
    }


def profile(client: Client, path: str) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    body_of(client.get(path))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    return out.getvalue()


def main(username: str, pages: dict[str, str], samples: int, profiled: str | None) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    print(f"  as {username}, {connection.vendor}, median of {samples} (server time, no HTTP)")
    header = f"  {'page':<26} {'status':>6} {'KB':>7} {'queries':>8} {'wall ms':>8} {'CPU ms':>7}"
    print(header)
    print("  " + "-" * len(header))
    repeated = {}
    for page, path in pages.items():
        found = measure(client, path, samples)
        print(
            f"  {page:<26} {found['status']:>6} {found['kb']:>7.0f} {found['queries']:>8} "
            f"{found['wall']:>8.0f} {found['cpu']:>7.0f}",
            flush=True,
        )
        if found["repeated"]:
            repeated[page] = found["repeated"]
    for page, shapes in repeated.items():
        for count, sql in shapes:
            print(f"  {page}: {count} x {sql[:160]}")
    if profiled:
        print(f"\n  where the time of {profiled} goes:")
        print(profile(client, pages[profiled]))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    wanted = None
    if "--profile" in arguments:
        at = arguments.index("--profile")
        wanted = arguments[at + 1]
        del arguments[at : at + 2]
    count = 5
    if "--samples" in arguments:
        at = arguments.index("--samples")
        count = int(arguments[at + 1])
        del arguments[at : at + 2]
    main(arguments[0], json.loads(Path(arguments[1]).read_text()), count, wanted)
