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


def test_windows_that_cut_a_match_fall_back_to_the_whole_scan(tmp_path, monkeypatch):
    """Windows too short for their patterns (a bound that understates how far a match reaches back) must
    not cut a match short: the scan notices and scans the whole text with start offsets."""
    if matcher.hyperscan is None:
        pytest.skip("hyperscan is not installed on this platform")
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(tmp_path))
    regexes = [r"\bfailed\s+to\b", r"\bshould\s+have\s+known\b", r"\b(?:\w+\s+){2}known\b"]
    text = review_text(60_000)
    fast = Matcher(regexes)
    monkeypatch.setattr(fast, "_runs", [0.0, 0.0, 0.0])
    found = fast.scan(text)[0]
    monkeypatch.setattr(matcher, "ONE_PASS_BYTES", 10**9)
    assert found == fast.scan(text)[0]
    assert {match.pattern_index for match in found} == {0, 1, 2}


def test_findings_made_fast_are_the_plain_ones(fast_rules):
    """Findings are made without the dataclass's __init__: each must hold every field, as the plain one does."""
    from dataclasses import fields

    from casereview.language.check import Finding

    names = {field.name for field in fields(Finding)}
    findings = check_text(review_text(30_000), explain=True).findings
    assert {f.rule_id.startswith("model.") for f in findings} == {True, False}
    for finding in findings:
        assert set(vars(finding)) == names
        assert finding == Finding(**vars(finding))


# The quotation pattern as first written, with the apostrophe test before the quote: slower, the same pairs.
PLAIN_QUOTES = re.compile(
    r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|‘[^’\n]{1,2000}’(?![A-Za-z])|(?<![A-Za-z0-9])'[^'\n]{1,2000}?'(?![A-Za-z])"
)


def test_quotations_are_those_of_the_plain_pattern():
    from casereview.language.context import _QUOTE_PAIRS

    rng = random.Random(8)  # noqa: S311
    alphabet = ["'", "'", '"', "“", "”", "‘", "’", "a", "Z", "7", " ", " ", "\n", "-", "é", "s"]
    for _ in range(2000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(line))
        plain = [m.span() for m in PLAIN_QUOTES.finditer(line, start)]
        assert [m.span() for m in _QUOTE_PAIRS.finditer(line, start)] == plain
    text = review_text(50_000)
    assert [m.span() for m in _QUOTE_PAIRS.finditer(text)] == [m.span() for m in PLAIN_QUOTES.finditer(text)]


def plain_weighed(model, text, items, most=3):
    """The words that weighed most, one item at a time, from the features of its sentence alone."""
    from casereview.language.classifier import BLOCKS, CATEGORIES

    result = []
    for span, category in items:
        occurrences = model.features(text, [span])
        rows = model._position[occurrences.bucket].astype(np.int64) - 1
        known = rows >= 0
        block, starts = occurrences.block[known], occurrences.start[known]
        values = model._table[rows[known]].astype(np.float64)
        for part in BLOCKS:
            chosen = block == part
            length = np.sqrt(values[chosen, 0].sum()) if chosen.any() else 0.0
            values[chosen, 1:] /= max(length, 1e-12)
        word_spans = [m.span() for m in re.finditer(r"[A-Za-z0-9]+", text[span[0] : span[1]])]
        credit = [0.0] * len(word_spans)
        word_starts = [s + span[0] for s, _ in word_spans]
        for start, value in zip(starts.tolist(), values[:, 1 + CATEGORIES.index(category)].tolist(), strict=True):
            owner = next((n for n in range(len(word_starts) - 1, -1, -1) if word_starts[n] <= start), None)
            if owner is not None:
                credit[owner] += value
        best = sorted((n for n in range(len(credit)) if credit[n] > 0), key=lambda n: -credit[n])[:most]
        result.append([(word_starts[n], word_starts[n] + word_spans[n][1] - word_spans[n][0]) for n in best])
    return result


def test_the_words_that_weighed_most_are_those_of_each_sentence_alone(monkeypatch):
    """Found a slice of text at a time and chosen for all findings together, the words are those found
    for each sentence on its own (small slices here, so a text holds many)."""
    from casereview.language import classifier

    model = classifier.shipped_model()
    if model is None:
        pytest.skip("the sentence model is not shipped")
    monkeypatch.setattr(classifier, "SLICE", 3000)
    text = review_text(40_000)
    ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*\s|\n\s*\n", text)]
    spans = list(zip([0, *ends], [*ends, len(text)], strict=True))
    rng = random.Random(4)  # noqa: S311
    items = [(span, rng.choice(classifier.CATEGORIES)) for span in spans if rng.random() < 0.5]
    items += items[:20]  # a sentence asked for twice
    found = model.weighed(text, items)
    assert sum(1 for words in found if words) > len(items) // 2
    expected = plain_weighed(model, text, items)
    for got, want, (span, category) in zip(found, expected, items, strict=True):
        assert [text[s:e] for s, e in got] == [text[s:e] for s, e in want], (span, category)
        assert got == want


def test_symbols_are_those_of_each_character():
    from casereview.language import classifier

    text = review_text(5_000) + "\u00a0\u2013\u2014\u201c\u201d\u2018\u2019\u2020\u00e9\U0001f600\x00\x7f"
    expected = []
    for char in text:
        code = ord(char)
        if code in classifier._SPECIAL:
            expected.append(classifier._SPECIAL[code])
        else:
            expected.append(int(classifier._SYMBOLS[min(code, 128)]))
    assert classifier._symbols(text).tolist() == expected
    assert classifier._symbols("plain ASCII, 42.").tolist() == expected[:0] + [
        int(classifier._SYMBOLS[ord(c)]) for c in "plain ASCII, 42."
    ]


def test_words_of_sentences_one_after_another_are_those_of_each_sentence():
    """A whole text's sentences, end to end, skip working out each character's sentence: their words are
    those found for each sentence among sentences with gaps between them."""
    text = review_text(30_000)
    rng = random.Random(6)  # noqa: S311
    # cut after whitespace, as sentences end (a word across a cut belongs to the first sentence here and
    # would be cut short by the gap)
    after_space = [m.end() for m in re.finditer(r"\s", text)]
    cuts = sorted({0, len(text), *rng.sample(after_space, 60)})
    spans = list(zip(cuts, cuts[1:], strict=False))
    whole = features(text, spans, char_sizes=(), places=True)
    for number, (start, end) in enumerate(spans):
        # an empty sentence a character before makes the spans not end to end
        gapped = features(text, [(start - 1, start - 1), (start, end)], char_sizes=()) if start else None
        if gapped is None:
            gapped = features(text, [(start, end), (end + 1, end + 1)], char_sizes=())
        theirs = gapped.sentence == (1 if start else 0)
        mine = whole.sentence == number
        assert mine.sum() > 0
        assert whole.bucket[mine].tolist() == gapped.bucket[theirs].tolist()
        assert whole.start[mine].tolist() == gapped.start[theirs].tolist()
        assert whole.end[mine].tolist() == gapped.end[theirs].tolist()
