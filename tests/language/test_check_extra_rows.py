"""The checker an extra training file must pass keeps held-out pages, other files' pages and copied runs of words
out, and lets a fresh page through. Skipped without the corpus in ../shared, which it reads."""

import importlib
import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def _row(number: int, text: str, address: str) -> dict:
    return {
        "id": f"extra-zz-{number:04d}",
        "text": text,
        "labels": [],
        "quoted": False,
        "arguable": False,
        "note": "",
        "address": address,
        "title": "A page",
        "source_kind": "news",
    }


def test_held_out_pages_copied_words_and_other_files_pages_are_named_and_a_fresh_page_passes(tmp_path):
    corpus = _module("language_corpus")
    if not corpus.available():
        pytest.skip(corpus.MISSING)
    checker = _module("check_extra_rows")
    held_out = _module("published_sentences").sentences()[0]
    existing = corpus.extra_sentences()[0]
    rows = [
        _row(1, "The ward was quiet that night.", held_out.address),
        _row(2, "Someone wrote: " + held_out.text, "https://example.org/a-fresh-page"),
        _row(3, "The home was inspected in May.", existing.document),
        _row(4, "The family moved to the town in 2019.", "https://example.org/another-fresh-page"),
        {**_row(5, "The ward was short of two nurses.", "https://example.org/a-third-page"), "labels": ["blaming"]},
    ]
    new_file = tmp_path / "extra-new.jsonl"
    new_file.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    problems = checker.problems([new_file])
    assert any(
        "extra-zz-0001" in p and "held-out published sentence" in p and "drop the page's rows" in p for p in problems
    )
    assert any("extra-zz-0002" in p and "8 words in a row with held-out published sentence" in p for p in problems)
    assert any("extra-zz-0003" in p and "the page is used by" in p for p in problems)
    assert not any("extra-zz-0004" in p for p in problems)
    assert any("extra-zz-0005" in p and "labels must be a list drawn from" in p for p in problems)
    assert checker.main([str(new_file)]) == 1
