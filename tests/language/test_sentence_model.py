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
from casereview.language.loader import shipped_rules

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def test_wording_no_rule_names_is_found_with_its_category_confidence_words_and_reframe():
    text = "The aim is to understand the context in which practitioners worked."
    [finding] = check_text(text, explain=True).findings
    assert finding.rule_id == "model.learning" and finding.category is Category.LEARNING
    assert finding.kind == "problem" and 0.5 < finding.confidence <= 1
    assert finding.weighed and set(finding.weighed) <= set(text.rstrip(".").split())
    assert {"understand", "context", "practitioners", "worked"} & set(finding.weighed)
    # the words are found only when asked for: they cost as much again as scoring
    assert check_text(text).findings[0].weighed == ()
    assert "underlines learning" in finding.message and finding.explanation and finding.suggestion
    assert finding.sentence == text
    assert finding.as_dict()["kind"] == "problem" and finding.as_dict()["weighed"] == list(finding.weighed)


def test_a_second_look_is_shown_apart_and_never_counted_against_the_text():
    report = check_text("Her concerns were dismissed by the health visitor.")
    [finding] = report.findings
    assert finding.second_look and finding.kind == "second-look" and not finding.is_problem
    assert report.rates[finding.category] == 0
    assert report.verdict.problems == 0


def _doubting(category: str, above: float, *, trusted: bool = False) -> SentenceModel:
    """The shipped model, asking more of a category's rules (or, with ``trusted``, of its trusted rules too)
    than ``above``."""
    doubting = SentenceModel.load()
    asked = {"confirm": above + 0.01, **({"trusted": above + 0.01} if trusted else {})}
    doubting.thresholds[category] = replace(doubting.thresholds[category], **asked)
    return doubting


def test_a_rule_match_the_model_doubts_becomes_a_second_look_with_the_rules_words():
    text = "Record keeping by the team was poor."
    [confirmed] = check_text(text).findings
    [finding] = check_text(text, model=_doubting("judgemental", confirmed.confidence)).findings
    assert finding.rule_id == "inadequate-insufficient" and finding.matched == "poor"
    assert finding.second_look and not confirmed.second_look and finding.confidence == confirmed.confidence


@pytest.mark.parametrize(
    ("text", "rule", "category"),
    [
        ("The toddler died due to the incompetence of the staff around her.", "failings-caused-harm", "blame"),
        ("Social workers left seven children at risk.", "let-down", "blame"),
        ("The manager was careless in signing off the plan.", "careless-negligent", "judgemental"),
        ("The GP missed opportunities to refer.", "missed-opportunity", "counterfactual"),
    ],
)
def test_a_trusted_rules_exact_phrase_stays_a_problem_however_much_the_model_asks_of_other_rules(text, rule, category):
    [finding] = [f for f in check_text(text, model=_doubting(category, 1.0)).findings if f.category.value == category]
    assert finding.rule_id == rule and finding.kind == "problem" and finding.is_problem
    # counted in the verdict as a problem
    assert check_text(text).verdict.problems >= 1
    # and the model shipped is not sure enough that these sentences are not of the rule's category to doubt it
    [shipped] = [f for f in check_text(text).findings if f.category.value == category]
    assert shipped.rule_id == rule and shipped.is_problem


def test_a_trusted_phrase_the_model_is_sure_is_not_of_its_category_becomes_a_second_look():
    """On real published text a trusted phrase is less precise than on the corpus it was trusted on ("let
    down" of a system, "careless" of a child's own act), so below the model's own threshold for trusted rules
    it is shown apart, with the rule's words, and not counted."""
    text = "Social workers left seven children at risk."
    [confirmed] = [f for f in check_text(text).findings if f.category is Category.BLAME]
    report = check_text(text, model=_doubting("blame", confirmed.confidence, trusted=True))
    [finding] = [f for f in report.findings if f.category is Category.BLAME]
    assert finding.rule_id == "let-down" and finding.matched == confirmed.matched
    assert finding.second_look and not finding.is_problem and finding.confidence == confirmed.confidence
    assert report.rates[Category.BLAME] == 0


def test_a_review_saying_what_it_is_not_for_sets_no_blame_rule_off_and_has_no_blame_problem():
    for text in (
        "The review does not examine whether anyone was to blame for her death.",
        "This meeting is not a place to allocate blame; it is a chance to reflect.",
        "Nor is it intended to establish who was responsible.",
    ):
        blame = [f for f in check_text(text).findings if f.category is Category.BLAME]
        # the model may still ask for a second look at blame words, never more
        assert all(f.rule_id == "model.blame" and f.second_look for f in blame), text


def test_a_negated_failure_and_a_failing_machine_are_not_problems():
    for text in ("This is not to say that staff failed to care.", "The records system failed to send the alert."):
        assert not check_text(text).problems, text


def test_the_model_cannot_overrule_an_exception_only_ask_for_a_second_look():
    text = "This is not to say that staff failed to care."
    sure = SentenceModel.load()
    sure.thresholds["counterfactual"] = replace(sure.thresholds["counterfactual"], alone=0.0, second_look=0.0)
    [finding] = [found for found in check_text(text, model=sure).findings if found.category is Category.COUNTERFACTUAL]
    assert finding.rule_id == "model.counterfactual" and finding.second_look and not finding.is_problem


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
            elif name == "thresholds":
                # a probability within a hair of a grid step may choose the neighbouring step
                np.testing.assert_allclose(shipped[name], array, rtol=0, atol=0.011, err_msg=name)
            else:
                # numpy's sums round differently on different processors (its vector code differs), and
                # the solver stops at a tolerance of 1e-4: the same script and data give weights that agree
                # to about 2e-4 from one machine to another, not to the last bit
                np.testing.assert_allclose(shipped[name], array, rtol=1e-3, atol=1e-3, err_msg=name)
    assert isinstance(SentenceModel.load(), SentenceModel)


def test_every_trusted_rule_is_precise_on_the_train_and_dev_splits_and_rests_on_train_evidence():
    """A trusted rule is doubted by the model only where it is sure, so its matches alone must be as precise
    as problems are meant to be: at least 0.9 on the train split and on the dev split, each on its own, and
    matched in at least five clear train sentences, so that no rule is trusted on one or two sentences picked
    from dev. Measured on train and dev only: the test split is only ever scored."""
    corpus = _module("language_corpus")
    if not corpus.available():
        pytest.skip(corpus.MISSING)
    rules = shipped_rules()
    trusted = {c.rule.id for c in rules.rules if c.rule.trusted}
    assert {"let-down", "missed-opportunity", "practice-verdict"} <= trusted
    for split in ("train", "dev"):
        right = dict.fromkeys(trusted, 0)
        wrong = dict.fromkeys(trusted, 0)
        for sentence in corpus.sentences(split):
            if sentence.arguable:
                continue
            for rule_id in {f.rule_id for f in check_text(sentence.text, model=False).findings} & trusted:
                if rules.by_id[rule_id].category.value in sentence.labels:
                    right[rule_id] += 1
                else:
                    wrong[rule_id] += 1
        for rule_id in trusted:
            matched = right[rule_id] + wrong[rule_id]
            assert right[rule_id] >= 0.9 * matched, (split, rule_id, right[rule_id], wrong[rule_id])
            if split == "train":
                assert matched >= 5, (split, rule_id, right[rule_id], wrong[rule_id])


def test_the_context_the_model_reads_quotation_a_modal_past_grading_words_agencies_and_causes_sentence_by_sentence():
    from casereview.language.classifier import context_marks

    text = (
        "Staff called the ward 'chaotic' at night. The child's mother visited. "
        "The GP should not have waited. “It was a shambles,” she said. The response was woeful. "
        "The fall was due to a loose carpet."
    )
    starts = [0, *(end for end in range(2, len(text)) if text[end - 2 : end] == ". ")]
    assert len(starts) == 6
    spans = list(zip(starts, [*starts[1:], len(text)], strict=True))
    found = {}
    for sentence, name in context_marks(text, spans):
        found.setdefault(sentence, set()).add(name.removeprefix("context:"))
    # an apostrophe ("child's") is not a quotation; a straight single quote opening a word is
    assert found == {
        0: {"quotation", "evaluative", "agency"},
        2: {"modal-have", "agency"},
        3: {"quotation"},
        4: {"evaluative"},
        5: {"cause"},
    }


def test_a_grading_word_no_rule_and_few_training_sentences_name_is_worth_a_second_look_as_a_judgement():
    findings = check_text("The agencies' response to her was abysmal.").findings
    assert [(f.rule_id, f.kind) for f in findings if f.category is Category.JUDGEMENTAL] == [
        ("model.judgemental", "second-look")
    ]


def test_word_stems_give_one_feature_to_a_words_forms_and_none_to_other_words():
    from casereview.language.classifier import STEM

    def stems(text):
        found = features(text, [(0, len(text))], (), (), stem_sizes=(1,))
        assert set(found.block.tolist()) == {STEM}
        return found.bucket.tolist()

    assert stems("failings") == stems("failure") == stems("Failed")
    assert stems("failings") != stems("fairness")
    # the word n-grams still tell the forms apart
    assert (
        features("failings", [(0, 8)], (1,), ()).bucket.tolist()
        != features("failure", [(0, 7)], (1,), ()).bucket.tolist()
    )


def test_extra_training_rows_are_train_rows_grouped_by_page_and_leave_the_corpus_folds_as_they_were(tmp_path):
    import json

    pytest.importorskip("sklearn", reason="the training script needs the bench extras (pip install -e '.[bench]')")
    corpus = _module("language_corpus")
    training = _module("train_language_model")
    rows = [
        {"id": "x-1", "text": "Staff failed to act.", "labels": ["counterfactual"], "quoted": False, "arguable": False},
        {"id": "x-2", "text": "The review is for learning.", "labels": ["learning"], "quoted": False, "arguable": True},
    ]
    with (tmp_path / "extra-a.jsonl").open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows):
            address = f"https://example.org/page-{number}"
            out.write(json.dumps(row | {"note": "", "address": address, "title": "T", "source_kind": "news"}) + "\n")
    extra = corpus.extra_sentences(tmp_path)
    assert [(s.id, s.split, s.document, s.extra, s.arguable) for s in extra] == [
        ("x-1", "train", "https://example.org/page-0", True, False),
        ("x-2", "train", "https://example.org/page-1", True, True),
    ]
    assert extra[0].labels == {"counterfactual"}
    assert corpus.extra_sentences(tmp_path / "none") == []
    own = [
        corpus.Sentence(f"c-{n}", "Text.", frozenset(), False, False, "news", "train", f"doc {n % 7}")
        for n in range(30)
    ]
    assert training.folds_of(own + extra)[: len(own)].tolist() == training.folds_of(own).tolist()


def test_a_text_of_punctuation_alone_is_checked_without_error():
    # Hypothesis found this through the purpose statement form: sentences with no word n-grams at all
    for text in ("!!! ???", "…", "-- --\n\n* * *", "\u2019\u2019 ."):
        assert [f for f in check_text(text).findings if f.kind == "problem"] == []


def test_sentences_of_one_word_each_are_checked_without_error():
    # a letter's greeting and a one-word reply have words but no pair of words to read together
    for text in ("Dear Sam,\n\nYes.", "Thanks.\n\nRegards.\n\nAmina"):
        result = check_text(text)
        assert [f for f in result.findings if f.kind == "problem"] == []
