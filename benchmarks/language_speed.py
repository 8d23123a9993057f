"""Throughput of the language checker against the usual ways of doing the same job.

Run: .venv/bin/python benchmarks/language_speed.py [--megabytes 20]
The text is real: the test split of the corpus in ``../shared/language-corpus`` (only its text is read,
five sentences a paragraph), repeated to the size asked for. Without the corpus, realistic made-up review
prose is used instead, and the table says so. One table: the engine with the rules alone, the engine with
the sentence model (what casereview runs), ``casereview lint`` as a whole process on the same file (text
and JSON output), the engine on its portable re fallback, the same rules one regular expression per rule
in turn, and proselint on the same text, side by side. Slow methods run on a slice and are reported in
MB/s all the same. Times are CPU seconds of this process (child processes: theirs), which a busy shared
machine disturbs less than the wall clock.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import language_corpus  # noqa: E402

from casereview.language import Category, Severity, check_text, lint, shipped_rules  # noqa: E402

DEV_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "language" / "dev.yaml"

_NEUTRAL = [
    "The {agency} received a referral about the family on {day} {month}.",
    "A {role} visited the home and spoke to the {person} about the {topic}.",
    "The plan was reviewed at a meeting attended by {agency}, {agency} and the {agency}.",
    "Records show that the {person} was seen by the {role} twice in {month}.",
    "At the time, the {agency} had a high number of unallocated cases and two vacant posts.",
    "The {role} recorded the conversation in the case notes and discussed it in supervision.",
    "Information about the {topic} was held by the {agency} but was not on the shared record.",
    "The {person} moved to a new address in {month}, and the case was transferred.",
]
_FILL = {
    "agency": [
        "school",
        "police",
        "health visiting service",
        "GP practice",
        "children's social care",
        "hospital",
        "housing provider",
        "adult social care",
        "probation service",
        "mental health trust",
    ],
    "role": ["health visitor", "social worker", "school nurse", "GP", "police officer", "midwife", "support worker"],
    "person": ["mother", "father", "child", "adult", "grandmother", "young person"],
    "topic": [
        "injuries",
        "school attendance",
        "housing",
        "the new partner",
        "medication",
        "debts",
        "missed appointments",
    ],
    "day": [str(n) for n in range(1, 29)],
    "month": ["January", "March", "May", "June", "September", "November"],
}


def build_corpus(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)  # noqa: S311 - a repeatable corpus, not a secret
    flagged = [item["text"] for item in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["sentences"]]
    target = int(megabytes * 1024 * 1024)
    paragraphs, size = [], 0
    while size < target:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            if rng.random() < 0.1:  # about one sentence in ten needs a reviewer's eye: a dense report
                sentences.append(rng.choice(flagged))
            else:
                template = rng.choice(_NEUTRAL)
                sentences.append(re.sub(r"\{(\w+)\}", lambda m: rng.choice(_FILL[m.group(1)]), template))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def corpus_text(megabytes: float) -> str:
    """The test split's sentences, five a paragraph, repeated to about ``megabytes``."""
    sentences = [sentence.text for sentence in language_corpus.sentences("test")]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    block = "\n\n".join(paragraphs)
    copies = int(megabytes * 1024 * 1024 / len(block.encode("utf-8"))) + 1
    return "\n\n".join([block] * copies)


def _mb(text: str) -> float:
    return len(text.encode("utf-8")) / (1024 * 1024)


def time_it(function, text: str, repeat: int = 1) -> float:
    """Best of ``repeat`` runs, in CPU seconds of this process."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        function(text)
        best = min(best, time.process_time() - start)
    return best


def whole_process(path: Path, *options: str) -> float:
    """CPU seconds of one ``casereview lint`` process on the file (its output thrown away), the rules
    already compiled into the cache by an earlier run."""
    script = Path(sys.executable).with_name("casereview")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(script), "lint", str(path), *options], stdout=subprocess.DEVNULL, check=False)  # noqa: S603 - our own script
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


_PER_RULE = [re.compile(regex, re.IGNORECASE) for regex in shipped_rules().matcher.regexes]


def lint_split(path: Path, output: str) -> tuple[float, float, float]:
    """CPU seconds ``casereview lint`` (as run with its defaults, here in this process) spends reading the
    file, checking its text (with the words that weighed most for the findings it shows), and on all else:
    choosing the findings shown and writing them out."""
    spent = {"reading": 0.0, "checking": 0.0}

    def timed(name, function):
        def measured(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start

        return measured

    options = lint.Options(frozenset(c for c in Category if c.is_problem), Severity.INFO, None, output)
    original = lint.read_document, lint.check_text
    lint.read_document, lint.check_text = timed("reading", lint.read_document), timed("checking", lint.check_text)
    try:
        start = time.process_time()
        lint.run([str(path)], options, io.StringIO(), io.StringIO())
        total = time.process_time() - start
    finally:
        lint.read_document, lint.check_text = original
    return spent["reading"], spent["checking"], total - spent["reading"] - spent["checking"]


def one_regex_per_rule(text: str) -> int:
    """The usual way: every pattern compiled on its own and run over the text in turn (matching only)."""
    return sum(1 for regex in _PER_RULE for _ in regex.finditer(text))


def proselint_check(text: str) -> int:
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "max_errors": 10**9}  # its default stops after 1,000 results
    return len(LintFile("<corpus>", text).lint(config))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=20.0)
    args = parser.parse_args()

    if language_corpus.available():
        source = "the corpus's test split, repeated"
        corpus = corpus_text(args.megabytes)
    else:
        source = f"made-up review prose ({language_corpus.MISSING})"
        corpus = build_corpus(args.megabytes)
    print(f"Text: {_mb(corpus):.1f} MB of {source}.", flush=True)
    size = _mb(corpus)
    rows = []
    engine = shipped_rules().matcher.engine
    check_text("Warm up: the model is loaded once per process.")

    rules_alone = time_it(lambda t: check_text(t, model=False), corpus)
    rows.append((f"casereview ({engine}), rules alone", size, rules_alone))
    with_model = time_it(check_text, corpus)
    rows.append((f"casereview ({engine}), rules and sentence model", size, with_model))

    splits = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.txt"
        path.write_text(corpus, encoding="utf-8")
        empty = Path(folder) / "empty.txt"
        empty.write_text("", encoding="utf-8")
        start_up = min(whole_process(empty) for _ in range(3))
        for output, options in (("text", ()), ("JSON", ("--format", "json"))):
            whole = whole_process(path, *options)
            rows.append((f"casereview lint, whole process, {output} output", size, whole))
            splits.append((output, start_up, *lint_split(path, output.lower()), whole))

    slice_5 = corpus[: 5 * 1024 * 1024]
    fallback = shipped_rules(prefer_hyperscan=False)
    rows.append(
        (
            "casereview (re fallback), rules alone",
            _mb(slice_5),
            time_it(lambda t: check_text(t, fallback, model=False), slice_5),
        )
    )
    rows.append(("same rules, one regex per rule in turn", _mb(slice_5), time_it(one_regex_per_rule, slice_5)))

    slice_1 = corpus[: 1024 * 1024]
    try:
        import proselint  # noqa: F401
    except ImportError:
        rows.append(("proselint (not installed: pip install '.[bench]')", 0.0, 0.0))
    else:
        rows.append(("proselint, its own rules", _mb(slice_1), time_it(proselint_check, slice_1)))

    report = corpus[: 300 * 1024]
    timings = []
    for _ in range(10):
        start = time.process_time()
        check_text(report)
        timings.append(time.process_time() - start)

    print(f"\n{'method':<52}{'MB':>8}{'CPU s':>10}{'MB/s':>10}")
    for name, megabytes, secs in rows:
        rate = f"{megabytes / secs:>10.1f}" if secs else f"{'-':>10}"
        print(f"{name:<52}{megabytes:>8.1f}{secs:>10.2f}{rate}")
    columns = ("start-up", "reading", "checking", "writing", "whole")
    print(f"\n{'casereview lint, CPU s':<28}" + "".join(f"{column:>10}" for column in columns))
    for output, *seconds in splits:
        print(f"{output + ' output':<28}" + "".join(f"{value:>10.2f}" for value in seconds))
    print(
        "Start-up: the whole process on an empty file (best of 3). Reading, checking (with the words that weighed "
        "most for what is shown) and writing (choosing what is shown, laying it out): in this process. Whole: "
        "the process on the file."
    )
    proselint_rate = rows[-1][1] / rows[-1][2] if rows[-1][2] else 0.0
    if proselint_rate:
        for name, megabytes, secs in rows[:4]:
            print(f"{name}: {megabytes / secs / proselint_rate:.1f} times proselint's speed")
    print(
        f"A 300 KB report: median {statistics.median(timings) * 1000:.0f} ms, "
        f"slowest {max(timings) * 1000:.0f} ms over {len(timings)} runs (engine, with the model)."
    )
    print(
        "Goals: rules alone >= 20 MB/s, with the model >= 10 MB/s, whole process >= 5 MB/s (text and JSON), "
        "a 300 KB report under 100 ms."
    )


if __name__ == "__main__":
    main()
