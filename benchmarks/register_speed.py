"""How long the register takes with 300 reviews, and how many queries it makes: the page a business manager opens
first every morning. Each review has key dates, a lead reviewer for half of them, and a done step for a third.

Run: .venv/bin/python benchmarks/register_speed.py [--reviews 300] [--runs 20]
     DATABASE_URL=postgres://.../name .venv/bin/python benchmarks/register_speed.py   (an empty database)
With no DATABASE_URL it uses a new SQLite file in a temporary folder. Prints a table; the figure is the median.
"""

# ruff: noqa: E402 - Django must be set up before the app's modules are imported

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time

folder = tempfile.mkdtemp(prefix="casereview-register-")
os.environ.setdefault("CASEREVIEW_DATA_DIR", folder)
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.workspace.settings")
import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casereview.workspace.accounts.models import Partnership
from casereview.workspace.clocks.services import record_step
from casereview.workspace.demo import load_demo
from casereview.workspace.reviews.services import create_review

TYPES = ["rapid_review", "lcspr", "sar_mandatory", "scr", "sar_discretionary", "dhr"]
FIRST_STEP = {"rapid_review": "notify-panel", "scr": "notify", "sar_mandatory": "decide", "lcspr": None}


def build(count: int) -> None:
    from django.contrib.auth import get_user_model

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    north = Partnership.objects.get(name="North Partnership")
    users = get_user_model().objects.in_bulk(field_name="username")
    start = datetime.date(2025, 1, 6)
    for number in range(north.reviews.count(), count):
        review_type = TYPES[number % len(TYPES)]
        notified = start + datetime.timedelta(days=number * 2)
        with transaction.atomic():
            review = create_review(
                users["amina"],
                north,
                reference=f"Child {number:04}",
                review_type=review_type,
                stage="analysis",
                framework_id="scr-quality-markers",
                aware_date=notified,
                notification_date=notified,
                decision_date=notified + datetime.timedelta(days=20),
                initiation_date=notified + datetime.timedelta(days=40),
                lead_reviewer=users["bea"] if number % 2 else None,
            )
            step = FIRST_STEP.get(review_type)
            if step and number % 3 == 0:
                record_step(
                    users["amina"],
                    review,
                    step,
                    done_on=notified + datetime.timedelta(days=5),
                    lateness_reason="",
                    circumstance=None,
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    build(args.reviews)
    from django.contrib.auth import get_user_model

    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="amina"))
    rows = []
    for label, url in [
        ("register, first page", "/reviews/"),
        ("register, page 2 by reference", "/reviews/?sort=reference&page=2"),
        ("register, filtered (type)", "/reviews/?review_type=scr"),
        ("timeliness board view", f"/partnerships/{Partnership.objects.get(name='North Partnership').pk}/timeliness/"),
    ]:
        assert client.get(url).status_code == 200
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        rows.append((label, statistics.median(times), min(times), len(captured.captured_queries)))
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    reviews = Partnership.objects.get(name="North Partnership").reviews.count()
    print(f"{reviews} North reviews on {engine}, {args.runs} runs each (Django test client, in process)")
    print(f"{'page':<32} {'median ms':>10} {'best ms':>8} {'queries':>8}")
    for label, median, best, queries in rows:
        print(f"{label:<32} {median:>10.1f} {best:>8.1f} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
