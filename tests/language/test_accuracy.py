"""The rules keep their hard cases: the sentences written for the project (tests/data/language/dev.yaml)
name each one (a recommendation, a negation, equipment, a quote), so a rule change that breaks one shows
which. The rules alone are checked here; the sentence model's part is scored on the corpus.

The checker's figures on real review text come from the corpus: benchmarks/language_accuracy.py.
"""

from pathlib import Path

import yaml

from casereview.language import Category, check_text

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "language" / "dev.yaml"


def test_every_category_meets_its_targets_on_the_sentences_written_for_the_project():
    sentences = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["sentences"]
    tally = {category: {"tp": 0, "fp": 0, "fn": 0} for category in Category}
    mistakes = []
    for item in sentences:
        expected = {Category(c) for c in item["expect"]}
        found = {f.category for f in check_text(item["text"], model=False).findings if not f.quoted}
        for category in Category:
            if category in found and category in expected:
                tally[category]["tp"] += 1
            elif category in found or category in expected:
                tally[category]["fp" if category in found else "fn"] += 1
                mistakes.append(f"{'false' if category in found else 'missed'} {category.value}: {item['text']}")
    for category, t in tally.items():
        assert t["tp"] + t["fn"] >= 10, category
        assert t["tp"] / (t["tp"] + t["fp"]) >= 0.9, (category, mistakes)
        assert t["tp"] / (t["tp"] + t["fn"]) >= 0.8, (category, mistakes)
