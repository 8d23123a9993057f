"""Findings that recur: a finding of one review that matches an earlier review's finding, by the weight of the
words they share (TF-IDF over the findings compared, cosine similarity) and by their themes.

Small and offline on purpose: a partnership has tens or hundreds of findings, not millions, and a match must be
explained to a board in the words the two findings share, which a learned embedding cannot do.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

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
    findings = Findings(
        {("new", key): text for key, text in new.items()} | {("earlier", key): text for key, text in earlier.items()}
    )
    matches = findings.recurring(
        [("new", key) for key in new],
        [("earlier", key) for key in earlier],
        themes={(side, key): themes.get(key, ()) for side, key in findings.keys},
        threshold=threshold,
        words_shown=words_shown,
    )
    return [dataclasses.replace(match, finding=match.finding[1], earlier=match.earlier[1]) for match in matches]


class Findings:
    """Findings read once (their words counted, the counts laid out as arrays) to match any of them against any
    others: each review of a partnership against the reviews that began before it, without reading every finding
    again for every review."""

    def __init__(self, texts: Mapping[Hashable, str]) -> None:
        self.keys = list(texts)
        self._row = {key: row for row, key in enumerate(self.keys)}
        self._counts = [Counter(_words(text)) for text in texts.values()]
        self._column: dict[str, int] = {}
        for counted in self._counts:
            for word in counted:
                self._column.setdefault(word, len(self._column))
        sizes = [len(counted) for counted in self._counts]
        # One entry for each word of each finding: whose, which word, how many times.
        self._entry_of = np.repeat(np.arange(len(self._counts)), sizes)
        self._entry_word = np.fromiter(
            (self._column[word] for counted in self._counts for word in counted), dtype=np.intp, count=sum(sizes)
        )
        self._entry_times = np.fromiter(
            (times for counted in self._counts for times in counted.values()), dtype=float, count=sum(sizes)
        )

    def recurring(
        self,
        new: Sequence[Hashable],
        earlier: Sequence[Hashable],
        *,
        themes: Mapping[Hashable, Iterable[str]] | None = None,
        threshold: float = THRESHOLD,
        words_shown: int = 6,
    ) -> list[Match]:
        """As ``recurring``, for the findings of ``new`` and ``earlier`` (keys given when this was made, each once
        in either list), their words weighted by how rare they are across those two lists."""
        themes = themes or {}
        new_rows = [self._row[key] for key in new]
        earlier_rows = [self._row[key] for key in earlier]
        if not new_rows or not earlier_rows:
            return []
        documents = len(new_rows) + len(earlier_rows)
        # A finding in both lists counts as two documents, as the same text given twice would.
        given = np.bincount(new_rows + earlier_rows, minlength=len(self.keys))[self._entry_of]
        seen = np.bincount(self._entry_word, weights=given, minlength=len(self._column)).astype(int)
        weight = self._entry_times * (np.log((1 + documents) / (1 + seen)) + 1)[self._entry_word] * (given > 0)
        norms = np.sqrt(np.bincount(self._entry_of, weights=weight * weight, minlength=len(self.keys)))
        # Each new finding's weighted words as a row over all words, then its dot product with every finding.
        asking = np.zeros((len(new_rows), len(self._column)))
        for place, row in enumerate(new_rows):
            entries = self._entry_of == row
            asking[place, self._entry_word[entries]] = weight[entries]
        dots = np.stack(
            [
                np.bincount(self._entry_of, weights=words[self._entry_word] * weight, minlength=len(self.keys))
                for words in asking
            ]
        )[:, earlier_rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = dots / np.outer(norms[new_rows], norms[earlier_rows])
        # The arrays only choose the pairs worth scoring, with a margin for the order numpy adds in; each chosen pair
        # is then scored word by word, so that a score and its rounding are the same however many findings are given.
        lowest = (
            threshold / 2
            if any(themes.get(key) for key in new) and any(themes.get(key) for key in earlier)
            else threshold
        )
        chosen = np.argwhere((dots > 0) & (scores >= lowest - 1e-9)).tolist()
        idf: dict[str, float] = {}

        def weighted(row: int) -> tuple[dict[str, float], float]:
            counted = self._counts[row]
            for word in counted:
                if word not in idf:
                    idf[word] = math.log((1 + documents) / (1 + int(seen[self._column[word]]))) + 1
            vector = _weights(counted, idf)
            return vector, math.sqrt(sum(value * value for value in vector.values()))

        vectors = {}
        matches = []
        for new_place, earlier_place in chosen:
            new_key, old_key = new[new_place], earlier[earlier_place]
            for row in (new_rows[new_place], earlier_rows[earlier_place]):
                if row not in vectors:
                    vectors[row] = weighted(row)
            (vector, norm), (other, other_norm) = vectors[new_rows[new_place]], vectors[earlier_rows[earlier_place]]
            shared = set(vector) & set(other)
            score = sum(vector[word] * other[word] for word in shared) / (norm * other_norm)
            common_themes = tuple(sorted(set(themes.get(new_key, ())) & set(themes.get(old_key, ()))))
            if score < (threshold / 2 if common_themes else threshold):
                continue
            ranked = sorted(shared, key=lambda word: (-vector[word] * other[word], word))
            matches.append(Match(new_key, old_key, round(score, 3), tuple(ranked[:words_shown]), common_themes))
        matches.sort(key=lambda match: -match.score)
        return matches
