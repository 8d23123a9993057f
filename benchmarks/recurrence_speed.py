"""How long the recurrence match takes for a partnership's findings (``casereview.themes.recurrence``): the
learning-across-reviews page and each review's findings page run it on every view.

Run: .venv/bin/python benchmarks/recurrence_speed.py [--runs 5]
Findings are made up from review prose (about 40 words each, a fixed random seed); a new review's 10 findings
are matched against 100, 1,000 and 5,000 earlier ones. Prints the best and median of the runs (CPU time of
this process, which a shared machine disturbs less than wall-clock time).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
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


if __name__ == "__main__":
    main()
