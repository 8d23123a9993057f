"""The labelled development set meets the accuracy targets (precision 0.9, recall 0.8 per category).

benchmarks/language_accuracy.py prints the same figures as a table, with the sentences it gets wrong.
"""

import importlib.util
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "language_accuracy.py"


def test_every_category_meets_its_targets_on_the_development_set():
    spec = importlib.util.spec_from_file_location("language_accuracy", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scores, mistakes = module.evaluate()
    for category, score in scores.items():
        assert score["support"] >= 10, category
        assert score["precision"] >= 0.9, (category, mistakes)
        assert score["recall"] >= 0.8, (category, mistakes)
