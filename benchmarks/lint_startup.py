"""How long ``casereview lint`` takes as a whole process: start-up, loading the rules, checking, output.

Run: .venv/bin/python benchmarks/lint_startup.py [--runs 5]
For a 1 KB and a 300 KB text of review prose, each in a new, empty cache folder: the first run (which
compiles the rules and keeps them in the cache), then the best and the median of the later runs (which
load them). Wall-clock time is what a user waits; CPU time (user + system, of the process alone) says
the same with less noise on a shared machine. Goal: a 1 KB file in under 0.5 s after the first run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPHS = (
    "The review panel met on 14 March to agree the terms of reference. The independent lead reviewer "
    "explained that the purpose of the review is to understand how local systems worked together, and to "
    "identify learning that will improve practice across the partnership.",
    "Practitioners described a busy duty system in which referrals about Child D were received by three "
    "different teams. The health visitor should have shared her concerns with children's social care "
    "sooner, and it is obvious that the school failed to escalate when attendance fell.",
    "The panel heard that staff were working with high caseloads and that supervision was often cancelled "
    "at short notice. Agencies will be asked what helped and what hindered their work with the family, so "
    "that the board can make changes that last.",
    "Records show that the mother was seen by the GP twice in May. At the time, the practice had two "
    "vacant posts, and information about the new partner was held by the police but was not on the shared "
    "record.",
    "With hindsight, the risk to the baby was clear. Had the social worker visited again before the case "
    "was closed, the injuries could have been prevented. The decision not to hold a strategy meeting was a "
    "missed opportunity.",
    "The family moved to a new address in September and the case was transferred between teams. The "
    "transfer meeting was held by telephone, and the receiving team relied on the written summary.",
    "This review is not about finding someone to blame. It asks why actions made sense to the people "
    "involved at the time, so that the partnership can support staff to do the same work better.",
    "The manager was careless and the police response was inadequate. The mother was described in one "
    "record as uncooperative, a word that the panel asked agencies to think about.",
)


def prose(size: int, seed: int = 11) -> str:
    """Paragraphs of review prose in a repeatable order, about ``size`` bytes of UTF-8."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable text, not a secret
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < size:
        paragraphs.append(rng.choice(PARAGRAPHS))
    return "\n\n".join(paragraphs)[:size].rsplit(" ", 1)[0] + "\n"


def command() -> list[str]:
    """The installed ``casereview`` script beside this Python, as a user runs it."""
    script = Path(sys.executable).with_name("casereview")
    if not script.exists():
        sys.exit(f"There is no {script}: run `make install` first, then this benchmark with .venv/bin/python.")
    return [str(script), "lint"]


def run_once(path: Path, cache: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``casereview lint PATH`` with this cache folder."""
    environment = {**os.environ, "CASEREVIEW_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*command(), str(path)], env=environment, capture_output=True, text=True)  # noqa: S603
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"casereview lint failed:\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interpreter_start(runs: int) -> tuple[float, float]:
    """Best wall-clock and CPU seconds of this Python starting and doing nothing, for scale."""
    timings = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)  # noqa: S603
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        timings.append((time.perf_counter() - start, cpu))
    return min(t[0] for t in timings), min(t[1] for t in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="later runs per text (default 5)")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="casereview-lint-startup-") as folder:
        for label, size in (("1 KB", 1024), ("300 KB", 300 * 1024)):
            text = Path(folder) / f"review-{size}.txt"
            text.write_text(prose(size), encoding="utf-8")
            cache = Path(folder) / f"cache-{size}"  # new and empty: the first run compiles the rules
            first = run_once(text, cache)
            later = [run_once(text, cache) for _ in range(args.runs)]
            walls, cpus = [w for w, _ in later], [c for _, c in later]
            rows.append((label, "first run, empty cache", first[0], first[0], first[1], first[1]))
            rows.append(
                (
                    label,
                    f"later runs (best / median of {args.runs})",
                    min(walls),
                    statistics.median(walls),
                    min(cpus),
                    statistics.median(cpus),
                )
            )
        cached = sum(f.stat().st_size for f in (Path(folder) / "cache-1024").iterdir())
    wall, cpu = interpreter_start(args.runs)

    print(f"\n{'text':<8}{'run':<36}{'wall best':>11}{'median':>9}{'CPU best':>11}{'median':>9}")
    for label, run, wall_best, wall_median, cpu_best, cpu_median in rows:
        print(f"{label:<8}{run:<36}{wall_best:>10.2f}s{wall_median:>8.2f}s{cpu_best:>10.2f}s{cpu_median:>8.2f}s")
    print(f"{'':<8}{'python -c pass, for scale':<36}{wall:>10.2f}s{'':>9}{cpu:>10.2f}s")
    print(f"\nThe cache holds {cached / 1024 / 1024:.1f} MB of compiled rules. Goal: 1 KB later runs under 0.5 s.")
    load = os.getloadavg()[0]
    print(f"Load average during the run: {load:.1f} on {os.cpu_count()} CPUs (wall-clock suffers when it is high).")


if __name__ == "__main__":
    main()
