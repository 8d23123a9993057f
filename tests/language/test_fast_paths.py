"""The fast ways of checking a large text find exactly what the plain ways find: the scan for match ends
then starts around them, sentence offsets converted in one walk, and the model's words found with numpy."""

import random
import re
import re._parser as regex_parser
from pathlib import Path

import numpy as np
import pytest
import yaml

from casereview.language import check_text, matcher, shipped_rules
from casereview.language.classifier import _words_of as words_of
from casereview.language.classifier import features
from casereview.language.matcher import Matcher, OffsetMap, whitespace_runs

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "language" / "dev.yaml"


def review_text(size: int) -> str:
    """The repository's own labelled sentences, in paragraphs, with the awkward cases a real file has:
    typographic quotes and accents, Windows line endings, runs of blank lines, very long words."""
    sentences = [item["text"] for item in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["sentences"]]
    rng = random.Random(5)  # noqa: S311 - a repeatable text
    extras = [
        "Zoë’s “social worker” failed to visit.\r\n\r\n",
        "The GP should   have\n\n\n known.",
        "x" * 3000 + " failed to record " + "y" * 3000,
        "It was, with hindsight,\t\tobvious.\x0b The nurse failed\x0bto act.",
    ]
    parts, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
        if rng.random() < 0.2:
            paragraph += " " + rng.choice(extras)
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "failed to act. " + "\n\n".join(parts) + " should have known"


@pytest.fixture
def fast_rules():
    rules = shipped_rules()
    if rules.matcher.engine != "hyperscan":
        pytest.skip("hyperscan is not installed on this platform: there is only one way to scan")
    return rules


def test_two_passes_find_what_one_pass_finds(fast_rules, monkeypatch):
    text = review_text(200_000)
    two_passes = fast_rules.matcher.scan(text)
    findings = check_text(text, fast_rules).findings
    monkeypatch.setattr(matcher, "ONE_PASS_BYTES", 10**9)
    one_pass = fast_rules.matcher.scan(text)
    assert len(two_passes[0]) > 1000
    assert two_passes[0] == one_pass[0]
    assert two_passes[1] == one_pass[1]
    assert findings == check_text(text, fast_rules).findings


def test_a_pattern_reaching_back_without_bound_is_scanned_whole(tmp_path, monkeypatch):
    if matcher.hyperscan is None:
        pytest.skip("hyperscan is not installed on this platform")
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(tmp_path))
    regexes = [r"\bfailed\s+to\b", r"\bshould[^.]+known\b", r"\b(?:[a-z]+\s+){2}known\b"]
    text = review_text(60_000)
    fast = Matcher(regexes)
    assert fast.whitespace_runs() == [1, float("inf"), 2]
    found = fast.scan(text)[0]
    monkeypatch.setattr(matcher, "ONE_PASS_BYTES", 10**9)
    assert found == fast.scan(text)[0]
    assert {match.pattern_index for match in found} == {0, 1, 2}


def test_every_shipped_pattern_reaches_back_a_bounded_number_of_runs(fast_rules):
    runs = fast_rules.matcher.whitespace_runs()
    assert len(runs) == len(fast_rules.matcher.regexes)
    assert all(run < float("inf") for run in runs)


@pytest.mark.parametrize(
    ("regex", "runs"),
    [
        (r"\bif\s+only\b", 1),
        (r"\ba(?:\s+\S+){0,4}\s+b\b", 5),
        (r"a\s\sb", 2),
        (r"a\s*b", 1),
        (r"(?:a|b\s+c\s+d)\s+e", 3),
        (r"a.b", 1),  # any character may be whitespace
        (r"a[^x]+b", float("inf")),
        (r"(?:a\s)+", float("inf")),
        (r"[A-Za-z\u00c0-\u024f]+", 0),
    ],
)
def test_the_runs_a_match_can_hold(regex, runs):
    assert whitespace_runs(regex_parser.parse(regex)) == runs


def test_offsets_converted_together_are_those_converted_one_by_one():
    text = review_text(20_000)
    data = text.encode("utf-8")
    places = sorted({m.end() for m in re.finditer(r"\s", text)})
    bytes_places = [len(text[:place].encode("utf-8")) for place in places]
    assert OffsetMap(text, data).many_to_char(bytes_places) == places
    remembered = OffsetMap(text, data)
    assert remembered.remember(bytes_places[::3]) == places[::3]
    assert [remembered.to_char(b) for b in bytes_places] == places


def test_words_found_together_are_those_of_each_sentence():
    text = review_text(30_000)
    rng = random.Random(3)  # noqa: S311
    for _ in range(50):
        cuts = sorted(set(rng.sample(range(len(text) + 1), rng.randint(2, 40))))
        spans = [span for span in zip(cuts, cuts[1:], strict=False) if rng.random() < 0.7] or [(0, len(text))]
        starts, ends, sentence = words_of(text, spans)
        expected = [
            (word.span(), number)
            for number, (start, end) in enumerate(spans)
            for word in re.compile(r"[A-Za-z0-9]+").finditer(text, start, end)
        ]
        found = [((int(s), int(e)), int(n)) for s, e, n in zip(starts, ends, sentence, strict=True)]
        assert found == expected


def test_scoring_features_are_the_full_features_without_their_places():
    text = review_text(30_000)
    spans = [(0, 5000), (5000, 5001), (5001, 20_000), (20_000, len(text))]
    full, scoring = features(text, spans), features(text, spans, places=False)
    for column in ("sentence", "bucket", "block"):
        assert np.array_equal(getattr(full, column), getattr(scoring, column))
    assert len(full.start) == len(full.bucket) and len(scoring.start) == 0
