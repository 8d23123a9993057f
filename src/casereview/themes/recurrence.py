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
    texts = {("new", key): text for key, text in new.items()} | {
        ("earlier", key): text for key, text in earlier.items()
    }
    findings = Findings(texts, {(side, key): themes.get(key, ()) for side, key in texts})
    matches = findings.recurring(
        [("new", key) for key in new],
        [("earlier", key) for key in earlier],
        threshold=threshold,
        words_shown=words_shown,
    )
    return [dataclasses.replace(match, finding=match.finding[1], earlier=match.earlier[1]) for match in matches]


class Findings:
    """Findings read once (their words counted, the counts laid out as arrays) to match any of them against any
    others: each review of a partnership against the reviews that began before it, without reading every finding
    again for every review.

    Every weight, length and word's share is the float that weighing the words one pair at a time in Python gives
    (the same products, summed in the same order, one ``math.log`` for each rarity); a score's dot product is summed
    in the earlier finding's word order, where summing over a set of words left the order to Python's hashing."""

    def __init__(self, texts: Mapping[Hashable, str], themes: Mapping[Hashable, Iterable[str]] | None = None) -> None:
        """``texts`` maps a key of the caller's to a finding's text, ``themes`` any of those keys to its theme ids."""
        self.keys = list(texts)
        themes = themes or {}
        self._themes = [frozenset(themes.get(key, ())) for key in self.keys]
        named = {name: place for place, name in enumerate(sorted(set().union(*self._themes)))}
        # Which themes each finding is coded to, one column each: a pair shares one if the product is above 0.
        self._coded = np.zeros((len(self.keys), len(named)))
        for row, coded in enumerate(self._themes):
            self._coded[row, [named[name] for name in coded]] = 1
        self._row = {key: row for row, key in enumerate(self.keys)}
        counts = [Counter(_words(text)) for text in texts.values()]
        column: dict[str, int] = {}
        for counted in counts:
            for word in counted:
                column.setdefault(word, len(column))
        self._words = list(column)
        # Equal shares of a match are ranked by the words themselves, in Python's order of strings.
        self._alphabetical = np.empty(len(column), dtype=np.intp)
        self._alphabetical[sorted(range(len(column)), key=self._words.__getitem__)] = np.arange(len(column))
        sizes = np.array([len(counted) for counted in counts], dtype=np.intp)
        # One entry for each word of each finding, a finding's entries together in the order its words came: whose,
        # which word, how many times.
        self._start = np.concatenate([[0], np.cumsum(sizes)])
        self._size = sizes
        self._entry_of = np.repeat(np.arange(len(counts)), sizes)
        self._entry_word = np.fromiter(
            (column[word] for counted in counts for word in counted), dtype=np.intp, count=int(sizes.sum())
        )
        self._entry_times = np.fromiter(
            (times for counted in counts for times in counted.values()), dtype=float, count=int(sizes.sum())
        )

    def _entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The entries of the findings ``rows``, and for each the place in ``rows`` of its finding."""
        sizes = self._size[rows]
        place = np.repeat(np.arange(len(rows)), sizes)
        offset = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        return self._start[rows][place] + np.arange(int(sizes.sum())) - offset[place], place

    def recurring(
        self,
        new: Sequence[Hashable],
        earlier: Sequence[Hashable],
        *,
        threshold: float = THRESHOLD,
        words_shown: int = 6,
    ) -> list[Match]:
        """As ``recurring``, for the findings of ``new`` and ``earlier`` (keys given when this was made, each once
        in either list), their words weighted by how rare they are across those two lists."""
        new_rows = np.array([self._row[key] for key in new], dtype=np.intp)
        earlier_rows = np.array([self._row[key] for key in earlier], dtype=np.intp)
        if not len(new_rows) or not len(earlier_rows):
            return []
        documents = len(new_rows) + len(earlier_rows)
        # A finding in both lists counts as two documents, as the same text given twice would.
        given = np.bincount(np.concatenate([new_rows, earlier_rows]), minlength=len(self.keys))[self._entry_of]
        seen = np.bincount(self._entry_word, weights=given, minlength=len(self._words)).astype(np.intp)
        idf = np.zeros(documents + 1)
        for times in np.unique(seen).tolist():
            idf[times] = math.log((1 + documents) / (1 + times)) + 1
        weight = self._entry_times * idf[seen[self._entry_word]]
        norms = np.sqrt(np.bincount(self._entry_of, weights=weight * weight, minlength=len(self.keys)))
        # Each new finding's weights as a row over all words; each earlier finding's entries, read against them.
        asking = np.zeros((len(new_rows), len(self._words)))
        for place, row in enumerate(new_rows.tolist()):
            entries = slice(self._start[row], self._start[row + 1])
            asking[place, self._entry_word[entries]] = weight[entries]
        entries, owner = self._entries(earlier_rows)
        shares = asking[:, self._entry_word[entries]] * weight[entries]
        dots = np.stack([np.bincount(owner, weights=row, minlength=len(earlier_rows)) for row in shares])
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = dots / np.outer(norms[new_rows], norms[earlier_rows])
        common = self._coded[new_rows] @ self._coded[earlier_rows].T > 0
        matched = (dots > 0) & (scores >= np.where(common, threshold / 2, threshold))
        matches = []
        # Findings are coded to a few themes each: the same pairs of codes come again and again.
        shared_themes = functools.cache(lambda mine, other: tuple(sorted(mine & other)))
        for place, row in enumerate(new_rows.tolist()):
            chosen = np.flatnonzero(matched[place])
            if not len(chosen):
                continue
            # The words each match shares, weightiest first and equal ones by the word, the first few of each.
            mine, pair = self._entries(earlier_rows[chosen])
            share = asking[place, self._entry_word[mine]] * weight[mine]
            kept = share > 0
            mine, pair, share = mine[kept], pair[kept], share[kept]
            order = np.lexsort((self._alphabetical[self._entry_word[mine]], -share, pair))
            pair = pair[order]
            first = np.searchsorted(pair, np.arange(len(chosen)))
            shown = np.arange(len(pair)) - first[pair] < words_shown
            words = [self._words[column] for column in self._entry_word[mine[order][shown]].tolist()]
            ends = np.cumsum(np.bincount(pair[shown], minlength=len(chosen))).tolist()
            new_key, new_themes = self.keys[row], self._themes[row]
            begin = 0
            for other, score, end in zip(
                earlier_rows[chosen].tolist(), scores[place, chosen].tolist(), ends, strict=True
            ):
                matches.append(
                    Match(
                        new_key,
                        self.keys[other],
                        round(score, 3),
                        tuple(words[begin:end]),
                        shared_themes(new_themes, self._themes[other]),
                    )
                )
                begin = end
        matches.sort(key=lambda match: -match.score)
        return matches
