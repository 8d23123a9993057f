"""The held-out set of verbatim published sentences (benchmarks/data/published-sentences.jsonl), the
checker's second measure: the file is well-formed, nothing in it comes from the corpus, and scoring it
gives the same table as a corpus split. Nothing here prints or checks the checker's answers on it."""

import importlib
import io
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def _page(address: str) -> str:
    """An address without scheme, "www." and trailing slash, so two spellings of one page match."""
    parts = urlsplit(address.strip())
    return parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/") + (f"?{parts.query}" * bool(parts.query))


def _runs(text: str, size: int = 6) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_the_file_is_well_formed_with_labels_from_the_guide_and_a_page_for_every_sentence():
    published = _module("published_sentences")
    assert published.problems() == []
    every = published.sentences()
    assert len(every) >= 500 and len({s.address for s in every}) >= 120
    assert all(urlsplit(s.address).scheme in ("http", "https") for s in every)
    assert len({s.id for s in every}) == len(every)
    # every category of the guide has clear sentences to be scored on, and so has none
    clear = [s for s in every if not s.arguable]
    for label in published.LABELS:
        assert sum(label in s.labels for s in clear) >= 20, label
    assert sum(not s.labels for s in clear) >= 100


def test_a_line_that_breaks_the_rules_is_named_with_what_is_wrong(tmp_path):
    published = _module("published_sentences")
    good = json.loads(published.DATA_FILE.read_text(encoding="utf-8").splitlines()[0])
    bad = dict(good, labels=["judgmental"], address="www.example.org/page", source_kind="blog")
    path = tmp_path / "sentences.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    found = published.problems(path)
    assert any("line 2" in line and "id used twice" in line for line in found)
    assert any("line 2" in line and "the same sentence twice" in line for line in found)
    assert any("line 2" in line and "labels must be" in line for line in found)
    assert any("line 2" in line and "address must be" in line for line in found)
    assert any("line 2" in line and "source_kind must be" in line for line in found)


def test_no_sentence_comes_from_the_corpus_nor_from_a_page_it_was_modelled_on():
    """The corpus's pages of every split are left out; its train and dev sentences are compared word for word
    (the test split's sentences are never read outside scoring)."""
    corpus = _module("language_corpus")
    if not corpus.available():
        pytest.skip(corpus.MISSING)
    published = _module("published_sentences").sentences()
    corpus_pages = {_page(address) for address in corpus.modelled_on_addresses()}
    assert not [s.id for s in published if _page(s.address) in corpus_pages]
    seen = set()
    for sentence in corpus.sentences("train") + corpus.sentences("dev"):
        seen |= _runs(sentence.text)
    assert not [s.id for s in published if _runs(s.text) & seen]


def test_scoring_the_published_sentences_gives_the_table_of_a_corpus_split():
    accuracy = _module("language_accuracy")
    published = _module("published_sentences").sentences()
    scores = accuracy.score(published)
    assert scores.sentences == sum(not s.arguable for s in published)
    assert scores.none_total == sum(not s.arguable and not s.labels for s in published)
    out = io.StringIO()
    accuracy.report(scores, "published", out=out, what="the published sentences")
    table = out.getvalue()
    assert table.startswith(f"Language checker on the published sentences: {scores.sentences} clear sentences")
    for category in accuracy.CATEGORIES:
        assert len(re.findall(rf"^{category} ", table, re.MULTILINE)) == 2, category
    for kind in {s.source_kind for s in published if not s.arguable}:
        assert re.search(rf"^{kind} ", table, re.MULTILINE), kind
