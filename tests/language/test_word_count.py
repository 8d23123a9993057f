"""The words of a large text, from which its rates per 1,000 words are worked out."""

import random

from casereview.language.check import count_words


def _estimate(text: str) -> int:
    """The estimate for texts of more than two million characters, as the seven counts of ``str`` give it."""
    gaps = text.count(" ") + text.count("\n") + text.count("\t")
    doubled = text.count("  ") + text.count("\n\n") + text.count(" \n") + text.count("\n ")
    return max(0, gaps - doubled + 1)


def test_a_large_text_has_the_words_the_counts_of_its_spaces_give():
    rng = random.Random(3)  # noqa: S311 - a repeatable text, not a secret
    pieces = [
        "word",
        "r\u00e9sum\u00e9",
        "\u201cquoted\u201d",
        " ",
        "  ",
        "   ",
        "\n",
        "\n\n",
        "\n\n\n",
        " \n",
        "\n ",
        "\t",
        "\t\t",
    ]
    for _ in range(3):
        text = "".join(rng.choice(pieces) for _ in range(800_000))
        assert len(text) > 2_000_000
        assert count_words(text) == _estimate(text)
    # a text of runs alone, and one opening and closing with them
    assert count_words(" " * 2_000_001) == _estimate(" " * 2_000_001)
    text = "\n \n" + "a b\n\n\n c  " * 300_000 + "   "
    assert count_words(text) == _estimate(text)


def test_prose_has_about_as_many_words_as_it_splits_into():
    text = "The social worker visited the family.  She spoke to the mother.\n\n" * 40_000
    assert abs(count_words(text) - len(text.split())) <= len(text.split()) // 100


def test_a_large_text_holding_a_lone_surrogate_is_counted():
    # a document read with its undecodable bytes kept can hold one; it is no space and no error
    text = "word " * 500_000 + "\ud800 end"
    assert count_words(text) == _estimate(text)
