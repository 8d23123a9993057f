"""The test before each context expression must never rule out a match the expression would find."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.language import context
from casereview.language.prefilter import Prefiltered, ignorecase_matches, prefiltered, quick, required_words

DATA = Path(__file__).resolve().parents[1] / "data" / "language"
PREFILTERED = {name: value for name, value in vars(context).items() if isinstance(value, Prefiltered)}


def test_required_words_are_read_from_the_expression():
    pattern = re.compile(r"\b(?:was|is)\s+(?:not|never)\s+(?-i:IT)\b(?:\s+\S+)?", re.IGNORECASE)
    # joined to words in any case, the exact-case "IT" is looked for lowered with them
    assert set(required_words(pattern)[0]) == {"was not it", "was never it", "is not it", "is never it"}
    assert required_words(re.compile(r"\b(?-i:IT)\s+\w+", re.IGNORECASE)) == (("IT ",),)
    # an optional word is not required; nothing certain gives no test
    assert required_words(re.compile(r"(?:rather )?than", re.IGNORECASE)) == (("than",),)
    assert required_words(re.compile(r"\w+\s*$")) == ()


def test_a_test_rules_out_text_without_the_words():
    only_for = prefiltered(r"\bonly\s+for\b", re.IGNORECASE)
    assert only_for.search("kept only\n  for reckless acts") is not None  # any whitespace, any case
    assert only_for.search("ONLY FOR") is not None
    assert only_for.search("for only") is None
    equipment = prefiltered(r"\b(?:(?-i:IT)|phone)\b", re.IGNORECASE)
    assert equipment.search("the IT failed") is not None
    assert equipment.search("with it") is None  # exact case: "it" is not the IT department


def _sentences() -> list[str]:
    found = []
    for file in sorted(DATA.glob("*.yaml")):
        found += [item["text"] for item in yaml.safe_load(file.read_text("utf-8"))["sentences"]]
    return found


@pytest.mark.parametrize("name", sorted(PREFILTERED))
def test_every_context_expression_finds_what_it_found_without_the_test(name):
    prefiltered_pattern = PREFILTERED[name]
    assert prefiltered_pattern.required, f"{name} is prefiltered but has no word it needs: compile it plainly"
    plain = prefiltered_pattern.pattern
    for sentence in _sentences():
        # every window the context reads: each word's text before and after, cut as the checks cut it
        for match in re.finditer(r"\S+", sentence):
            for part in (sentence[max(0, match.start() - 160) : match.start()], sentence[match.end() :]):
                for cut in (part, part[-60:], part[-40:]):
                    assert bool(prefiltered_pattern.search(cut)) == bool(plain.search(cut)), (name, cut)
            at = match.start()
            assert bool(prefiltered_pattern.search(sentence, 0, at)) == bool(plain.search(sentence, 0, at))


_WORDS = ["not", "NOT", "no one", "IT", "it", "was", "is", "rated", "only", "for", "system", "poor", "should", "the"]


# with the Kelvin sign, the long s and the dotted and dotless i: letters IGNORECASE matches to ASCII ones
# and a digit, an underscore and a non-ASCII letter, which are word characters before a word too
_PIECES = [
    *_WORDS,
    " ",
    "  ",
    "\n",
    "\t",
    ",",
    "'",
    "s",
    "\u2019",
    "\u212a",
    "\u017f",
    "\u0131",
    "\u0130",
    "9",
    "_",
    "é",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_any_text_gives_the_plain_expression_s_answer(pieces):
    text = "".join(pieces)
    for name, prefiltered_pattern in PREFILTERED.items():
        assert bool(prefiltered_pattern.search(text)) == bool(prefiltered_pattern.pattern.search(text)), (name, text)


def test_the_quick_expression_matches_where_the_written_one_does():
    written = re.compile(r"\b(?:no|not|nor|never|no one|nobody|(?-i:IT)|is not)\b(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
    fast = quick(written)
    for text in ("there is NOT one", "nobody", "no-one", "it", "IT", "the \u212aelvin", "NO ONE at all here", "an", ""):
        assert bool(fast.search(text)) == bool(written.search(text)), text
    assert fast.search("noted, and then nothing") is None


def test_a_word_inside_another_word_is_still_not_the_word():
    # the quick expression tests the word boundary after the word's first letter, not before it
    written = re.compile(r"\b(?:not|never|no one|(?:is|was) not)\b(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
    fast = quick(written)
    texts = [
        "not",
        "cannot",
        "_not",
        "9not",
        "\u00e9not",
        "\u017fnot",
        "\u212anot",
        "x NOT sure",
        "Never again",
        "\nnot",
        "it's not",
        "no one here",
        "this is not",
        "thisis not",
        "\u212aNOT",
        "N",
        "",
    ]
    for text in texts:
        assert bool(fast.search(text)) == bool(written.search(text)), text
        for pos in range(len(text)):  # searched from inside a text, the character before still counts
            assert bool(fast.search(text, pos)) == bool(written.search(text, pos)), (text, pos)
    assert fast.search("cannot be said") is None


def test_each_letter_s_cases_are_every_character_the_engine_matches_to_it():
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert set(ignorecase_matches(letter)) == set(re.findall(letter, every, re.IGNORECASE)), letter


def test_an_expression_that_refers_back_or_may_match_nothing_first_is_left_as_written():
    cases = {
        r"\b(?P<w>no|not) (?P=w)\b": ["no no", "not not", "no not", "not no"],
        r"\b(?:(no)|x)y(?(1)z|w)": ["noyz", "noyw", "xyw", "xyz"],
        r"\b(?:|an)b": ["b", "anb", "a b", "ab"],
    }
    for expression, texts in cases.items():
        written = re.compile(expression, re.IGNORECASE)
        fast = quick(written)
        for text in texts:
            assert bool(fast.search(text)) == bool(written.search(text)), (expression, text)
