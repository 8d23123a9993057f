"""Precision and recall of the language checker on the labelled corpus (``../shared/language-corpus``).

Run: .venv/bin/python benchmarks/language_accuracy.py [--split dev|test|train] [--rules-only]
     .venv/bin/python benchmarks/language_accuracy.py --published
     .venv/bin/python benchmarks/language_accuracy.py --extra benchmarks/data/extra-candidates [--mistakes]

The second measure, ``--published``, scores the same way the held-out set of verbatim published sentences
in ``benchmarks/data/published-sentences.jsonl`` (see its README): sentences neither the corpus nor anyone
tuning the checker has seen. Like the test split, it is only ever scored, and its sentences are never listed.

Scores leave out arguable sentences. A sentence counts as flagged for a category when the checker gives a
finding of that category anywhere in it, quoted words included (whether a quoted finding counts against
the author is a separate matter). Two tiers are scored: problems alone, and problems with second looks.
Each figure comes with its counts and a 95% Wilson interval, which matters for the small categories.

The test split is only ever scored: never read its sentences to change the rules or the model.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import language_corpus  # noqa: E402
import published_sentences  # noqa: E402

from casereview.language import Category, check_text  # noqa: E402

CATEGORIES = tuple(c.value for c in Category)
PROBLEM_CATEGORIES = tuple(c.value for c in Category if c.is_problem)
# The targets of the issue on the language check, on the clear sentences of the test split.
PROBLEM_PRECISION = 0.85
PROBLEM_RECALL = {"counterfactual": 0.70, "learning": 0.70, "judgemental": 0.50, "blame": 0.50, "hindsight": 0.40}
ALL_RECALL, ALL_PRECISION = 0.80, 0.60
NONE_FLAGGED = 0.05

# What the checker said about one sentence: categories found as problems, and as problems or second looks.
Flags = tuple[frozenset[str], frozenset[str]]


def checker_flags(text: str) -> Flags:
    findings = check_text(text).findings
    confident = frozenset(f.category.value for f in findings if not f.second_look)
    every = frozenset(f.category.value for f in findings)
    return confident, every


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")


@dataclass
class Scores:
    """Tallies per tier ("problems", "all") and category, per source kind, and the none sentences flagged."""

    sentences: int = 0
    tiers: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    kinds: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    kind_sentences: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    none_total: int = 0
    none_flagged: int = 0
    none_flagged_all: int = 0
    kind_none: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    mistakes: list[str] = field(default_factory=list)


def score(
    sentences: Iterable[language_corpus.Sentence | published_sentences.PublishedSentence],
    flags: Callable[[str], Flags] = checker_flags,
) -> Scores:
    scores = Scores()
    for sentence in sentences:
        if sentence.arguable:
            continue
        scores.sentences += 1
        scores.kind_sentences[sentence.source_kind] += 1
        confident, every = flags(sentence.text)
        for tier, found in (("problems", confident), ("all", every)):
            for category in CATEGORIES:
                tally = scores.tiers[tier][category]
                expected = category in sentence.labels
                if category in found and expected:
                    tally.tp += 1
                elif category in found:
                    tally.fp += 1
                elif expected:
                    tally.fn += 1
                if tier == "problems":
                    kind = scores.kinds[sentence.source_kind][category]
                    kind.tp += category in found and expected
                    kind.fp += category in found and not expected
                    kind.fn += expected and category not in found
                    if (category in found) != expected:
                        wrong = "false" if category in found else "missed"
                        scores.mistakes.append(f"{sentence.id} {wrong} {category}: {sentence.text}")
        if not sentence.labels:
            scores.none_total += 1
            flagged = bool(confident & set(PROBLEM_CATEGORIES))
            scores.none_flagged += flagged
            scores.none_flagged_all += bool(every & set(PROBLEM_CATEGORIES))
            scores.kind_none[sentence.source_kind][0] += 1
            scores.kind_none[sentence.source_kind][1] += flagged
    return scores


def _figure(successes: int, trials: int) -> str:
    if not trials:
        return f"{'-':>5} {'':>13}"
    low, high = wilson(successes, trials)
    return f"{successes / trials:>5.2f} [{low:.2f}-{high:.2f}]"


def report(scores: Scores, split: str, out=sys.stdout, *, what: str | None = None) -> bool:
    """Print the tables; True when every target is met. ``what`` names the set scored when it is not a split
    of the corpus."""
    met = True
    what = what or f"the {split} split of the corpus"
    out.write(f"Language checker on {what}: {scores.sentences} clear sentences\n\n")
    for tier, title in (("problems", "Problems"), ("all", "Problems and second looks")):
        out.write(f"{title}\n")
        out.write(f"{'category':<16}{'precision [95% CI]':>21}{'recall [95% CI]':>21}{'tp':>6}{'fp':>5}{'fn':>5}\n")
        for category in CATEGORIES:
            t = scores.tiers[tier][category]
            flag = ""
            if tier == "problems":
                if not t.tp + t.fp or t.tp / (t.tp + t.fp) < PROBLEM_PRECISION:
                    flag += " P<target"
                if t.recall < PROBLEM_RECALL[category]:
                    flag += " R<target"
            else:
                if not t.tp + t.fp or t.tp / (t.tp + t.fp) < ALL_PRECISION:
                    flag += " P<target"
                if t.recall < ALL_RECALL:
                    flag += " R<target"
            met &= not flag
            out.write(
                f"{category:<16}{_figure(t.tp, t.tp + t.fp):>21}{_figure(t.tp, t.tp + t.fn):>21}"
                f"{t.tp:>6}{t.fp:>5}{t.fn:>5}{flag}\n"
            )
        out.write("\n")
    none_share = scores.none_flagged / scores.none_total if scores.none_total else 0.0
    met &= none_share <= NONE_FLAGGED
    out.write(
        f"Sentences labelled none given a problem: {scores.none_flagged}/{scores.none_total} "
        f"{_figure(scores.none_flagged, scores.none_total)}"
        f"{'' if none_share <= NONE_FLAGGED else ' above target'}; a problem or a second look: "
        f"{scores.none_flagged_all}/{scores.none_total}\n\n"
    )
    out.write("Problems by source kind (precision / recall over the problem categories and learning)\n")
    out.write(f"{'source kind':<14}{'sentences':>10}{'precision':>11}{'recall':>9}{'tp':>6}{'fp':>5}{'fn':>5}")
    out.write(f"{'none given a problem':>22}\n")
    for kind in sorted(scores.kinds):
        tp = sum(t.tp for t in scores.kinds[kind].values())
        fp = sum(t.fp for t in scores.kinds[kind].values())
        fn = sum(t.fn for t in scores.kinds[kind].values())
        nones, flagged = scores.kind_none[kind]
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
        out.write(
            f"{kind:<14}{scores.kind_sentences[kind]:>10}{precision:>11}{recall:>9}{tp:>6}{fp:>5}{fn:>5}"
            f"{f'{flagged}/{nones}':>22}\n"
        )
    out.write(
        f"\nTargets: problems precision >= {PROBLEM_PRECISION} in every category, recall "
        + ", ".join(f"{c} >= {r}" for c, r in PROBLEM_RECALL.items())
        + f"; problems and second looks recall >= {ALL_RECALL} with precision >= {ALL_PRECISION}; "
        f"none given a problem <= {NONE_FLAGGED:.0%}.\n"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=language_corpus.SPLITS, default="test")
    parser.add_argument(
        "--published",
        action="store_true",
        help="score the held-out verbatim published sentences (benchmarks/data) instead of a corpus split",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        metavar="FOLDER",
        help="score the real rows of a folder of extra files (such as benchmarks/data/extra-candidates) instead",
    )
    parser.add_argument(
        "--mistakes",
        action="store_true",
        help="list the sentences it gets wrong (not allowed for the test split or the published sentences)",
    )
    args = parser.parse_args()
    if args.published:
        return _published(args.mistakes)
    if args.extra:
        return _extra(args.extra, args.mistakes)
    if not language_corpus.available():
        print(f"Skipped: {language_corpus.MISSING}.")
        return 0
    scores = score(language_corpus.sentences(args.split))
    met = report(scores, args.split)
    if args.mistakes:
        if args.split == "test":
            print("\nThe test split's sentences are never listed: they must not be read to tune the checker.")
        else:
            _print_mistakes(scores)
    return 0 if met else 1


def _extra(folder: Path, mistakes: bool) -> int:
    every = language_corpus.extra_sentences(folder)
    if not every:
        print(f"No extra rows to score: {folder} holds no .jsonl file.")
        return 2
    pages = len({s.document for s in every})
    scores = score(every)
    met = report(scores, "extra", what=f"the extra rows of {folder} ({len(every)} sentences from {pages} pages)")
    if mistakes:
        _print_mistakes(scores)
    return 0 if met else 1


def _print_mistakes(scores: Scores) -> None:
    print("\nWrong on:")
    for line in scores.mistakes:
        print("  " + line)


def _published(mistakes: bool) -> int:
    wrong = published_sentences.problems()
    if wrong:
        print(f"{published_sentences.DATA_FILE} is not well-formed:")
        for line in wrong:
            print("  " + line)
        return 2
    every = published_sentences.sentences()
    pages = len({s.address for s in every})
    what = f"the published sentences held out from all tuning ({len(every)} sentences from {pages} pages)"
    met = report(score(every), "published", what=what)
    if mistakes:
        print("\nThe published sentences are never listed: they must not be read to tune the checker.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
