"""The sentence model beside the rules: what its findings carry, how it sorts problems from second looks,
and that the model shipped in the package is what the training script makes from the corpus."""

import importlib
import io
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from casereview.language import Category, check_text
from casereview.language.classifier import MODEL_FILE, SentenceModel, features

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def test_wording_no_rule_names_is_found_with_its_category_confidence_words_and_reframe():
    text = "High caseloads and staff turnover meant that practitioners had little time to reflect."
    [finding] = check_text(text, explain=True).findings
    assert finding.rule_id == "model.learning" and finding.category is Category.LEARNING
    assert finding.kind == "problem" and 0.5 < finding.confidence <= 1
    assert finding.weighed and set(finding.weighed) <= set(text.rstrip(".").split())
    assert {"caseloads", "time"} & set(finding.weighed)
    # the words are found only when asked for: they cost as much again as scoring
    assert check_text(text).findings[0].weighed == ()
    assert "underlines learning" in finding.message and finding.explanation and finding.suggestion
    assert finding.sentence == text
    assert finding.as_dict()["kind"] == "problem" and finding.as_dict()["weighed"] == list(finding.weighed)


def test_a_second_look_is_shown_apart_and_never_counted_against_the_text():
    report = check_text("Nobody took the mother seriously when she raised her worries.")
    [finding] = report.findings
    assert finding.second_look and finding.kind == "second-look" and not finding.is_problem
    assert report.rates[finding.category] == 0
    assert report.verdict.problems == 0


def test_a_rule_match_the_model_doubts_becomes_a_second_look_with_the_rules_words():
    text = "The manager was careless in signing off the plan."
    [confirmed] = check_text(text).findings
    # the same model, asking more of the judgemental rules than this match reaches
    doubting = SentenceModel.load()
    doubting.thresholds["judgemental"] = replace(
        doubting.thresholds["judgemental"], confirm=confirmed.confidence + 0.01
    )
    [finding] = check_text(text, model=doubting).findings
    assert finding.rule_id == "careless-negligent" and finding.matched == "careless"
    assert finding.second_look and not confirmed.second_look and finding.confidence == confirmed.confidence


def test_a_negated_failure_and_a_failing_machine_are_not_problems():
    for text in ("This is not to say that staff failed to care.", "The records system failed to send the alert."):
        assert not check_text(text).problems, text


def test_features_never_cross_sentences_and_ignore_case_and_spacing():
    text = "Failed  to refer. FAILED to\nrefer."
    found = features(text, [(0, 18), (18, len(text))])
    first = sorted(found.bucket[found.sentence == 0].tolist())
    second = sorted(found.bucket[found.sentence == 1].tolist())
    assert first == second


def test_the_shipped_model_is_what_the_training_script_makes():
    corpus = _module("language_corpus")
    if not corpus.available():
        pytest.skip(corpus.MISSING)
    pytest.importorskip("sklearn", reason="training needs the bench extra: pip install -e '.[bench]'")
    trained = _module("train_language_model").train(out=io.StringIO())
    with np.load(MODEL_FILE) as shipped:
        assert set(shipped.files) == set(trained)
        for name, array in trained.items():
            if array.dtype.kind in "US":
                assert shipped[name].tolist() == array.tolist(), name
            else:
                np.testing.assert_allclose(shipped[name], array, rtol=1e-5, atol=1e-6, err_msg=name)
    assert isinstance(SentenceModel.load(), SentenceModel)
