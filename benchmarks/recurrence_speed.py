"""How long the recurrence match takes for a partnership's findings (``casereview.themes.recurrence``), and what a
page pays now that matches are kept when a finding is saved (``workspace.findings.recurrence``).

Run: .venv/bin/python benchmarks/recurrence_speed.py [--runs 5] [--database-url URL]
Findings are made up from review prose (about 40 words each, a fixed random seed); a new review's 10 findings
are matched against 100, 1,000 and 5,000 earlier ones. The first table is the match itself, which every view
ran before matches were kept. The second puts the same findings in a database (SQLite in a temporary folder
unless --database-url is given: use an empty database) and times a review's findings page reading its kept
matches (``across.recurrences``) and saving one finding of the new review, which matches that review again.
Prints the best and median of the runs (CPU time of this process, which a shared machine disturbs less than
wall-clock time; the database's own time is in it only for SQLite).
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from demo_database import prepare  # noqa: E402

from casereview.themes.recurrence import recurring

WORDS = [
    "health",
    "visitor",
    "school",
    "attendance",
    "missed",
    "appointments",
    "referral",
    "out",
    "of",
    "hours",
    "duty",
    "team",
    "supervision",
    "caseload",
    "records",
    "system",
    "information",
    "sharing",
    "strategy",
    "discussion",
    "police",
    "housing",
    "landlord",
    "tenant",
    "falls",
    "adult",
    "social",
    "care",
    "mental",
    "health",
    "capacity",
    "assessment",
    "self-neglect",
    "hoarding",
    "domestic",
    "abuse",
    "coercive",
    "control",
    "transition",
    "hospital",
    "discharge",
    "GP",
    "practice",
    "nurse",
    "escalation",
    "threshold",
    "early",
    "help",
    "family",
    "engagement",
    "disguised",
    "compliance",
    "professional",
    "curiosity",
    "chronology",
    "multi-agency",
    "meeting",
    "plan",
    "review",
    "agency",
    "picture",
    "child",
    "parent",
    "carer",
]


def finding(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(40))


def varied(rng: random.Random) -> str:
    """A made-up finding of a partnership's own: some of the shared prose, most of it its own words, so that a few
    pairs match, as in a partnership's records, rather than nearly every pair as with ``finding``."""
    own = [_made_up(rng.randrange(3000)) for _ in range(30)]
    return " ".join([*(rng.choice(WORDS) for _ in range(10)), *own])


def _made_up(number: int) -> str:
    """A word of letters only (the matching reads letters), one for each number: "bab", "bac" ..."""
    letters = "bcdfghjklmnpqrstvwxz"
    word = ""
    while True:
        number, digit = divmod(number, len(letters))
        word += letters[digit]
        if not number:
            return "ba" + word


def _timed(runs: int, work) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return min(times), statistics.median(times)


def kept(runs: int, database_url: str | None, folder: Path) -> None:
    """Pages reading kept matches, and the save that keeps them, with the same made-up findings."""
    prepare(database_url, folder)
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from casereview.workspace.audit import capture
    from casereview.workspace.findings import across, recurrence, services
    from casereview.workspace.findings.models import Finding
    from casereview.workspace.reviews.models import Review, ReviewType

    amina = get_user_model().objects.get(username="amina")
    north = amina.memberships.get().partnership
    rng = random.Random(14)  # noqa: S311 - made-up findings, the same every run
    print(
        f"\n{'earlier findings':>17} {'matched per view (ms)':>21} {'page reads kept (ms)':>21}"
        f" {'save one finding (ms)':>22} {'kept':>5}"
    )
    for size in (100, 1_000, 5_000):
        with transaction.atomic(), capture.suspended():
            Review.objects.filter(reference__startswith="Bench").delete()
            older = Review.objects.create(
                partnership=north,
                reference=f"Bench old {size}",
                review_type=ReviewType.LCSPR,
                framework_id="scr-quality-markers",
                decision_date=datetime.date(2024, 1, 1),
            )
            newer = Review.objects.create(
                partnership=north,
                reference=f"Bench new {size}",
                review_type=ReviewType.LCSPR,
                framework_id="scr-quality-markers",
                decision_date=datetime.date(2026, 11, 1),
            )
            new = [varied(rng) for _ in range(10)]
            # One earlier finding in a hundred repeats a new one in part, so that the page has matches to show.
            earlier = [
                " ".join(new[number // 100 % 10].split()[:25]) + " " + varied(rng) if number % 100 == 0 else varied(rng)
                for number in range(1, size + 1)
            ]
            Finding.objects.bulk_create(
                Finding(review=review, number=number, statement=statement, themes=[])
                for review, statements in ((newer, new), (older, earlier))
                for number, statement in enumerate(statements, start=1)
            )
        first = newer.findings.get(number=1)

        def save(review=newer, changed=first) -> None:
            services.save_finding(
                amina, review, changed, statement=changed.statement, evidence="", categories=[], themes=[]
            )

        save()  # keeps the matches the page reads
        matched = _timed(runs, lambda review=newer: recurrence._matched(north, [review.pk]))
        read = _timed(runs, lambda review=newer: across.recurrences(north, review=review))
        saved = _timed(runs, save)
        found = len(across.recurrences(north, review=newer))
        print(
            f"{size:>17,} {matched[0]:>9.1f} / {matched[1]:>9.1f} {read[0]:>9.1f} / {read[1]:>9.1f}"
            f" {saved[0]:>10.1f} / {saved[1]:>9.1f} {found:>5}"
        )
    print("(best / median)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database to use in place of a temporary SQLite file")
    args = parser.parse_args()
    rng = random.Random(14)  # noqa: S311 - made-up findings, the same every run
    new = {("new", i): finding(rng) for i in range(10)}
    print(f"{'earlier findings':>17} {'best (ms)':>10} {'median (ms)':>12} {'matches':>8}")
    for size in (100, 1_000, 5_000):
        earlier = {("old", i): finding(rng) for i in range(size)}
        times = []
        found = 0
        for _ in range(args.runs):
            start = time.process_time()
            found = len(recurring(new, earlier, threshold=0.6))
            times.append((time.process_time() - start) * 1000)
        print(f"{size:>17,} {min(times):>10.1f} {statistics.median(times):>12.1f} {found:>8}")
    with tempfile.TemporaryDirectory() as folder:
        kept(args.runs, args.database_url, Path(folder))


if __name__ == "__main__":
    main()
