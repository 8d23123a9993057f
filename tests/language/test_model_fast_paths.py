"""The sentence model's fast paths give what the plain ways give."""

import numpy as np

from casereview.language import classifier

from .test_fast_paths import review_text

ODD = "\u00a0\u2013\u2014\u201c\u201d\u2018\u2019\u2020\u00e9\U0001f600\x00\x7f caf\u00e9 na\u00efve ?'"


def test_word_symbols_are_the_letters_and_digits_of_each_character():
    text = review_text(5_000) + ODD
    symbols = classifier._symbols(text)
    assert classifier._word_symbols(text).tolist() == np.where(symbols <= 27, symbols, 0).tolist()


def test_contexts_found_together_are_those_of_each_sentence():
    sentences = [
        "The care was woeful and the managers were complacent.",
        "She said 'it was not safe' to the nurse.",
        "The health visitor should have referred, as the child's records show.",
        "\u201cA culture of blame\u201d was described.",
        "Nothing here.",
    ] * 3
    text = " ".join(sentences)
    spans, at = [], 0
    for sentence in sentences:
        spans.append((at, at + len(sentence) + 1))
        at += len(sentence) + 1
    together = sorted(classifier.context_marks(text, spans))
    alone = sorted(
        (number, name)
        for number, (start, end) in enumerate(spans)
        for _, name in classifier.context_marks(text, [(start, end)])
    )
    assert together == alone
    assert {name for _, name in together} == {
        "context:evaluative",
        "context:quotation",
        "context:modal-have",
        "context:agency",
        "context:cause",
    }
