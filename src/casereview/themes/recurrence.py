"""Findings that recur: a finding of one review that matches an earlier review's finding, by the weight of the
words they share (TF-IDF over the findings compared, cosine similarity) and by their themes.

Small and offline on purpose: a partnership has tens or hundreds of findings, not millions, and a match must be
explained to a board in the words the two findings share, which a learned embedding cannot do.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

# Words that say nothing about what a finding is about: grammar, and the words every finding uses.
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom why will with would
you your yours
finding findings review reviews learning system systems practice practitioners professionals agencies agency
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
# Below this a pair shares too little to be worth a board's attention.
THRESHOLD = 0.25
# Raise when the weighting or the matching changes in a way the stop words and threshold do not show.
METHOD = 1


def fingerprint() -> str:
    """What the matches depend on besides the findings: matches kept under another fingerprint are made again."""
    made_of = f"{METHOD}|{THRESHOLD}|{' '.join(sorted(STOP_WORDS))}|{_WORD.pattern}"
    return hashlib.sha256(made_of.encode()).hexdigest()[:16]


def words(text: str) -> list[str]:
    """The words of a text that can carry its meaning: lower case, stop words out, a possessive's 's and a
    plural's s dropped so "referrals" meets "referral"."""
    return list(_words(text))


# A finding's text is read again for every later review it is compared with: read each text once per process.
@functools.lru_cache(maxsize=32768)
def _words(text: str) -> tuple[str, ...]:
    found = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word.strip("'-")
        if word.endswith("'s"):  # the school's worries: the school
            word = word[:-2]
        if len(word) < 3 or word in STOP_WORDS:
            continue
        if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
            word = word[:-1]
        found.append(word)
    return tuple(found)


@dataclass(frozen=True)
class Match:
    """An earlier finding that a new one repeats, with how strongly and why."""

    finding: Hashable  # the new finding's key
    earlier: Hashable  # the earlier finding's key
    score: float  # cosine similarity of their weighted words, 0 to 1
    shared_words: tuple[str, ...]  # the words that made the match, weightiest first
    shared_themes: tuple[str, ...]


def _weights(counts: Counter, idf: Mapping[str, float]) -> dict[str, float]:
    return {word: count * idf[word] for word, count in counts.items()}


def recurring(
    new: Mapping[Hashable, str],
    earlier: Mapping[Hashable, str],
    *,
    themes: Mapping[Hashable, Iterable[str]] | None = None,
    threshold: float = THRESHOLD,
    words_shown: int = 6,
) -> list[Match]:
    """Each new finding's matches among the earlier ones, best first. ``new`` and ``earlier`` map a key of the
    caller's to the finding's text; ``themes`` maps any of those keys to its theme ids. Words are weighted by
    how rare they are across all the findings given, so a word every finding uses counts for little. A pair
    that shares a theme needs only half the threshold: the theme is evidence of its own."""
    themes = themes or {}
    counts = {("new", key): Counter(_words(text)) for key, text in new.items()}
    counts.update({("earlier", key): Counter(_words(text)) for key, text in earlier.items()})
    documents = len(counts) or 1
    frequency: Counter = Counter()
    for counted in counts.values():
        frequency.update(set(counted))
    idf = {word: math.log((1 + documents) / (1 + seen)) + 1 for word, seen in frequency.items()}
    vectors = {key: _weights(counted, idf) for key, counted in counts.items()}
    norms = {key: math.sqrt(sum(value * value for value in vector.values())) for key, vector in vectors.items()}
    # Only the earlier findings that share a word with a new one can match it: found through the words, not by
    # comparing every pair (hundreds of earlier findings for every new one in a partnership of some years).
    sharing = defaultdict(set)
    for old_key in earlier:
        for word in vectors["earlier", old_key]:
            sharing[word].add(old_key)
    matches = []
    for new_key in new:
        vector = vectors["new", new_key]
        candidates = set().union(*(sharing.get(word, ()) for word in vector))
        for old_key in earlier:
            if old_key not in candidates:
                continue
            other = vectors["earlier", old_key]
            shared = set(vector) & set(other)
            if not shared or not norms["new", new_key] or not norms["earlier", old_key]:
                continue
            score = sum(vector[word] * other[word] for word in shared) / (
                norms["new", new_key] * norms["earlier", old_key]
            )
            common_themes = tuple(sorted(set(themes.get(new_key, ())) & set(themes.get(old_key, ()))))
            if score < (threshold / 2 if common_themes else threshold):
                continue
            ranked = sorted(shared, key=lambda word: (-vector[word] * other[word], word))
            matches.append(Match(new_key, old_key, round(score, 3), tuple(ranked[:words_shown]), common_themes))
    matches.sort(key=lambda match: -match.score)
    return matches
