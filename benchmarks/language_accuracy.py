"""Precision and recall of the language checker per category, on the labelled development set.

Run: .venv/bin/python benchmarks/language_accuracy.py [SET.yaml]
A sentence counts as flagged for a category when the checker reports a finding of that category in the
author's own wording (quoted and reported words excluded).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from casereview.language import Category, check_text

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "language" / "dev.yaml"
TARGETS = {"precision": 0.9, "recall": 0.8}


def evaluate(path: Path = DEFAULT_SET) -> tuple[dict[Category, dict[str, float]], list[str]]:
    """Scores per category, and the sentences the checker got wrong (for reading, not for tuning)."""
    sentences = yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]
    tally = {category: {"tp": 0, "fp": 0, "fn": 0} for category in Category}
    mistakes = []
    for item in sentences:
        expected = {Category(c) for c in item["expect"]}
        found = {f.category for f in check_text(item["text"]).findings if not f.quoted}
        for category in Category:
            if category in found and category in expected:
                tally[category]["tp"] += 1
            elif category in found:
                tally[category]["fp"] += 1
                mistakes.append(f"false {category.value}: {item['text']}")
            elif category in expected:
                tally[category]["fn"] += 1
                mistakes.append(f"missed {category.value}: {item['text']}")
    scores = {}
    for category, t in tally.items():
        flagged, relevant = t["tp"] + t["fp"], t["tp"] + t["fn"]
        scores[category] = {
            "precision": t["tp"] / flagged if flagged else 1.0,
            "recall": t["tp"] / relevant if relevant else 1.0,
            "support": relevant,
        }
    return scores, mistakes


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET
    scores, mistakes = evaluate(path)
    print(f"Language checker accuracy on {path.name}\n")
    print(f"{'category':<16}{'precision':>10}{'recall':>10}{'sentences':>11}")
    below = False
    for category, s in scores.items():
        flag = ""
        if s["precision"] < TARGETS["precision"] or s["recall"] < TARGETS["recall"]:
            flag, below = "  below target", True
        print(f"{category.value:<16}{s['precision']:>10.2f}{s['recall']:>10.2f}{s['support']:>11}{flag}")
    print(f"\nTargets: precision >= {TARGETS['precision']}, recall >= {TARGETS['recall']} per category.")
    if mistakes:
        print("\nWrong on:")
        for line in mistakes:
            print("  " + line)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
