"""The sentence model: a linear model over hashed n-grams that gives each sentence, for each category, how
likely a careful reviewer would flag it. It sits beside the rules: it can confirm or doubt a rule's match,
and find wording no rule names.

Features are hashed n-grams, computed with numpy over a whole text at once (no Python loop per word), so
the model adds little to the cost of a check. Three blocks can be read, each of the sizes the model file
names: word n-grams, n-grams of word stems (a word's first four letters) and character n-grams (lower
case, whitespace runs as one space); the shipped model reads word 1-3 and stem 1-2 grams. Each n-gram is
weighted by its inverse document frequency in the training sentences, and each block scaled to unit
length per sentence. Buckets never seen in training weigh nothing.

The weights are trained by ``benchmarks/train_language_model.py`` and shipped in ``sentence-model.npz``;
the same ``features`` function serves training and checking, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).parent / "sentence-model.npz"
CATEGORIES = ("counterfactual", "hindsight", "judgemental", "blame", "learning")
BUCKET_BITS = 20
WORD_SIZES = (1, 2, 3)
CHAR_SIZES = (3, 4, 5)
# A stem is a word's first four letters: enough to tell "fail" from "fair", few enough that "failings",
# "failure" and "failed" are one feature.
STEM_LENGTH = 4
WORD, CHAR, STEM = 0, 1, 2
BLOCKS = (WORD, CHAR, STEM)
# Texts are featurised in slices of about this many characters, so memory stays small on a large report.
SLICE = 1_000_000

# Characters as 5-bit symbols: letters 1-26 (either case), digits 27, whitespace 28, apostrophes 29, other
# punctuation 30, anything else outside ASCII 31.
_SPACE, _APOSTROPHE, _PUNCT, _OTHER = 28, 29, 30, 31
_SYMBOLS = np.full(129, _PUNCT, dtype=np.uint64)
_SYMBOLS[128] = _OTHER
for _code in range(26):
    _SYMBOLS[ord("a") + _code] = _SYMBOLS[ord("A") + _code] = _code + 1
_SYMBOLS[ord("0") : ord("9") + 1] = 27
for _char in " \t\n\r\f\v":
    _SYMBOLS[ord(_char)] = _SPACE
_SYMBOLS[ord("'")] = _APOSTROPHE
_SPECIAL = {0x2019: _APOSTROPHE, 0x2018: _APOSTROPHE, 0xA0: _SPACE, 0x201C: _PUNCT, 0x201D: _PUNCT, 0x2013: _PUNCT}

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_BASE = np.uint64(0x100000001B3)  # odd, so its powers have inverses modulo 2**64
_BASE_INVERSE = np.uint64(pow(0x100000001B3, -1, 2**64))
# per block, per n-gram size, what a key is mixed with, so that equal keys of two blocks or sizes differ
_SALTS = {
    block: {n: np.uint64(base + n) for n in range(1, 9)}
    for block, base in ((WORD, 0x1000), (CHAR, 0x2000), (STEM, 0x3000))
}
_SHIFT = np.uint64(64 - BUCKET_BITS)


@functools.lru_cache(maxsize=1)
def _all_powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(over="ignore"):
        return (
            np.cumprod(np.full(length, _BASE, dtype=np.uint64)),
            np.cumprod(np.concatenate(([np.uint64(1)], np.full(length, _BASE_INVERSE, dtype=np.uint64)))),
        )


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """The base's powers 1..length, and their inverses modulo 2**64 from the power 0 (so that the inverse
    of the power before a position is found at that position), computed once for a whole slice."""
    powers, inverses = _all_powers(max(length, SLICE + SLICE // 4))
    return powers[:length], inverses[: length + 1]


def _bucket(keys: np.ndarray, salt: np.uint64) -> np.ndarray:
    """Each key's bucket, worked out in one array, read in place as numpy's index type (a bucket fits in
    BUCKET_BITS bits): a conversion would copy it, and looking buckets up would copy it again."""
    mixed = keys ^ salt
    with np.errstate(over="ignore"):
        mixed *= _GOLDEN
    mixed >>= _SHIFT
    return mixed.view(np.intp)


# Every character's symbol by its code point, up to the last special one; all above it are _OTHER. One
# lookup, where setting each special character in turn read the whole text six times more.
_SYMBOL_OF = np.full(max(_SPECIAL) + 2, _OTHER, dtype=np.uint64)
_SYMBOL_OF[:128] = _SYMBOLS[:128]
for _code, _symbol in _SPECIAL.items():
    _SYMBOL_OF[_code] = _symbol


def _symbols(text: str) -> np.ndarray:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if text.isascii():
        return _SYMBOLS[codes]
    return _SYMBOL_OF[np.minimum(codes, len(_SYMBOL_OF) - 1)]


# Each ASCII character's symbol if it is a letter or a digit, else 0; 0 for every character beyond ASCII.
_WORD_SYMBOLS = np.where(_SYMBOLS <= 27, _SYMBOLS, 0).astype(np.uint8)


# The same as a table of bytes, for ``bytes.translate``.
_WORD_BYTES = bytes(_WORD_SYMBOLS[:128].tolist()) + bytes(128)


def _word_symbols(text: str) -> np.ndarray:
    """Each character's symbol if it is a letter or a digit (1 to 27), else 0: a byte a character. Every
    character beyond ASCII becomes a question mark, one byte as it is one character, and no letter: the text
    is encoded and translated in two passes of C, without an array of code points four times its size."""
    symbols = text.encode("ascii", errors="replace").translate(_WORD_BYTES)
    return np.frombuffer(symbols, dtype=np.uint8)


@dataclass(frozen=True)
class Occurrences:
    """Every n-gram occurrence of a slice of text: its sentence (index into the spans), its bucket, its block
    (WORD or CHAR) and, for explaining a finding, the character span it covers."""

    sentence: np.ndarray
    bucket: np.ndarray
    block: np.ndarray
    start: np.ndarray
    end: np.ndarray


def features(
    text: str,
    spans: Sequence[tuple[int, int]],
    word_sizes: Sequence[int] = WORD_SIZES,
    char_sizes: Sequence[int] = CHAR_SIZES,
    *,
    stem_sizes: Sequence[int] = (),
    places: bool = True,
) -> Occurrences:
    """The n-gram occurrences of each sentence. ``spans`` are (start, end) character offsets, in order and
    not overlapping; characters outside every span are ignored, and no n-gram crosses two sentences.
    ``stem_sizes`` are the sizes of n-grams of word stems (a word's first STEM_LENGTH letters). Without
    ``places`` the occurrences' spans are left empty (scoring never reads them)."""
    return _joined(_grams(text, spans, word_sizes, char_sizes, stem_sizes, places))


# Sentences' (start, end) character offsets: pairs, or an array of them as rows (read once for a whole text).
Spans = Sequence[tuple[int, int]] | np.ndarray
# One n-gram size of one block: each occurrence's sentence and bucket, the block, and the occurrences' spans.
Grams = tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]


def _grams(
    text: str,
    spans: Spans,
    word_sizes: Sequence[int],
    char_sizes: Sequence[int],
    stem_sizes: Sequence[int],
    places: bool,
) -> list[Grams]:
    """``features``, a part per block and n-gram size, as scoring reads them without joining them."""
    bounds = _bounds(spans)
    first = int(bounds[0, 0]) if len(bounds) else 0
    last = int(bounds[-1, 1]) if len(bounds) else 0
    # Words read only the symbols of letters and digits; characters read every symbol.
    symbols = _symbols(text[first:last]) if char_sizes else None
    word_symbols = _word_symbols(text[first:last]) if symbols is None else np.where(symbols <= 27, symbols, 0)
    starts, ends = bounds[:, 0] - first, bounds[:, 1] - first
    # Sentences one after another with nothing between (a whole text, as checking reads it): every
    # character is inside one, and words need no sentence per character, only per word.
    whole = len(spans) > 0 and not char_sizes and bool(np.array_equal(starts[1:], ends[:-1]))
    if whole:
        positions = sentence = inside = None
    else:
        positions = np.arange(len(word_symbols), dtype=np.int64)
        # each character's sentence: how many sentences start at or before it, less one (a running count
        # costs far less than searching the starts for every character)
        starts_here = np.bincount(starts, minlength=len(word_symbols) + 1)
        sentence = np.cumsum(starts_here[:-1]) - 1
        inside = (sentence >= 0) & (positions < ends[np.maximum(sentence, 0)]) if len(spans) else positions < 0
    parts: list[Grams] = []

    # Words: maximal runs of letters and digits, hashed as polynomials of their symbols.
    if inside is not None:
        word_symbols = np.where(inside, word_symbols, 0)
    # where a letter or digit follows none, or none follows one: a word's start and end in turn
    letter = np.zeros(len(word_symbols) + 2, dtype=bool)
    np.not_equal(word_symbols, 0, out=letter[1:-1])
    changes = np.flatnonzero(letter[1:] != letter[:-1])
    word_starts, word_ends = changes[0::2], changes[1::2]
    if len(word_starts):
        powers, inverses = _powers(len(word_symbols))
        prefix = np.zeros(len(word_symbols) + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            np.multiply(word_symbols, powers, out=prefix[1:])
            np.cumsum(prefix[1:], out=prefix[1:])
            # The sum over a word, scaled back to start at power one, identifies it wherever it stands.
            scale = inverses[word_starts]
            words = (prefix[word_ends] - prefix[word_starts]) * scale
        # how many sentences start at or before the word, less one
        if sentence is not None:
            word_sentence = sentence[word_starts]
        else:
            word_sentence = np.searchsorted(starts, word_starts, side="right") - 1
        hashed = [(WORD, words, word_sizes)]
        if stem_sizes:
            # A word's first STEM_LENGTH letters, so that "failing", "failings" and "failure" share one
            # feature: the sum over the stem, scaled back as the word's is.
            stem_ends = np.minimum(word_starts + STEM_LENGTH, word_ends)
            with np.errstate(over="ignore"):
                stems = (prefix[stem_ends] - prefix[word_starts]) * scale
            hashed.append((STEM, stems, stem_sizes))
        parts += _word_grams(hashed, word_sentence, word_starts, word_ends, first, places)

    # Characters: whitespace runs become one space; spaces at a sentence's edges belong to no sentence.
    if not char_sizes:
        return parts
    space = symbols == _SPACE
    keep = inside & ~(space & np.concatenate(([False], space[:-1])))
    kept_symbols, kept_positions, kept_sentence = symbols[keep], positions[keep], sentence[keep]
    if len(kept_symbols):
        boundary = np.concatenate(([True], kept_sentence[1:] != kept_sentence[:-1]))
        edge = boundary | np.concatenate((kept_sentence[:-1] != kept_sentence[1:], [True]))
        trim = ~(edge & (kept_symbols == _SPACE))
        kept_symbols, kept_positions, kept_sentence = kept_symbols[trim], kept_positions[trim], kept_sentence[trim]
    for n in char_sizes:
        count = len(kept_symbols) - n + 1
        if count <= 0:
            break
        keys = kept_symbols[:count].copy()
        for k in range(1, n):
            keys = (keys << np.uint64(5)) | kept_symbols[k : count + k]
        same = kept_sentence[:count] == kept_sentence[n - 1 :]
        parts.append(
            (
                kept_sentence[:count][same],
                _bucket(keys[same], _SALTS[CHAR][n]),
                CHAR,
                kept_positions[:count][same] + first if places else _NOWHERE,
                kept_positions[n - 1 :][same] + first + 1 if places else _NOWHERE,
            )
        )
    return parts


_NOWHERE = np.zeros(0, dtype=np.int64)


def _word_grams(
    hashed: Sequence[tuple[int, np.ndarray, Sequence[int]]],
    word_sentence: np.ndarray,
    word_starts: np.ndarray,
    word_ends: np.ndarray,
    first: int,
    places: bool,
) -> list[Grams]:
    """The n-grams of sequences of hashed words and of stems, (block, hashes, sizes) each, none across two
    sentences: parts in the order given, each block's by size. Parts of one size share one array of
    sentences (the same object), which scoring reads once for both blocks."""
    parts = []
    # per size: which n-grams stay inside one sentence, and their sentences, spans
    shared: dict[int, tuple] = {}
    for block, words, sizes in hashed:
        salts = _SALTS[block]
        for n in sizes:
            if len(words) < n:
                break
            if n == 1:
                # a single word never crosses two sentences: nothing to mix or to leave out
                parts.append(
                    (
                        word_sentence,
                        _bucket(words, salts[n]),
                        block,
                        word_starts + first if places else _NOWHERE,
                        word_ends + first if places else _NOWHERE,
                    )
                )
                continue
            # mixed in one fresh array, in place
            count = len(words) - n + 1
            with np.errstate(over="ignore"):
                keys = words[:count] * _MIX
                keys += words[1 : count + 1]
                for k in range(2, n):
                    keys *= _MIX
                    keys += words[k : count + k]
            if n not in shared:
                same = word_sentence[:count] == word_sentence[n - 1 :]
                shared[n] = (
                    same,
                    word_sentence[:count][same],
                    word_starts[:count][same] + first if places else _NOWHERE,
                    word_ends[n - 1 :][same] + first if places else _NOWHERE,
                )
            same, sentence, starts, ends = shared[n]
            parts.append((sentence, _bucket(keys[same], salts[n]), block, starts, ends))
    return parts


def _joined(parts: list[Grams]) -> Occurrences:
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Occurrences(empty, empty, np.zeros(0, dtype=np.int8), empty, empty)
    return Occurrences(
        np.concatenate([sentence for sentence, *_ in parts]),
        np.concatenate([bucket for _, bucket, *_ in parts]),
        np.concatenate([np.full(len(bucket), block, dtype=np.int8) for _, bucket, block, *_ in parts]),
        np.concatenate([start for *_, start, _ in parts]),
        np.concatenate([end for *_, end in parts]),
    )


# Context the n-grams read poorly from a few examples each, given to the model as one feature per sentence
# ("context:<name>", present or not): word lists pooled into one feature, so that a word the training
# sentences rarely use counts with the rest of its kind, and quotation marks. Each entry is one word n-gram
# (hyphens and apostrophes part words, as the features read them), found among the n-grams already computed.
_GRADING_WORDS = (
    "shocking appalling appalled deplorable dreadful grim disgrace disgraceful scandal scandalous shameful "
    "shame inexcusable woeful woefully lamentable horrific horrifying harrowing catalogue litany blinkered "
    "oblivious contempt complacent complacency callous callously unwilling incapable suboptimal unacceptable "
    "unacceptably inadequate inadequately gross grossly failings failures incompetent incompetence negligent "
    "negligence damning dismal abysmal poor poorly weak flawed wrong botched bungled ignored disregard "
    "disregarded indifferent indifference unfit lacking lack evasion denial dodging uncaring cruel neglectful "
    "careless carelessness unprofessional dysfunctional chaotic toxic"
)
# Who a blame names and how it links them to the harm (written from the labelling guide's definition and the
# train split's blame sentences): each list's n-grams are too many and too rare apiece for the model to weigh
# from a few examples, pooled they count as one. Phrases are separated by "|".
_AGENCIES = (
    "social worker|social workers|social services|children s services|council|councils|councillors|"
    "authority|authorities|police|officers|officer|force|detectives|trust|trusts|hospital|hospitals|nhs|"
    "staff|managers|manager|management|bosses|leaders|executives|chief executive|board|professionals|"
    "agencies|agency|services|doctors|doctor|gp|gps|nurse|nurses|midwives|midwife|consultant|consultants|"
    "clinicians|paediatrician|paediatricians|health visitor|health visitors|teachers|school|ministers|"
    "government|department|inspectors|regulator|operator|provider|care home|institutions"
)
_CAUSES = (
    "led to|led directly|leading to|lead to|caused|causing|cause of|contributed to|contributing to|"
    "resulted in|resulting in|result of|as a result|due to|because of|owing to|responsible for|to blame|"
    "blame|blamed|blames|allowed|let down|failed by|were failed|was failed|at the hands|cost|left at"
)
CONTEXT_WORDS: dict[str, tuple[str, ...]] = {
    # "should have referred": what did not happen, whatever the verb
    "modal-have": (
        *(f"{modal} have" for modal in ("should", "could", "would", "might", "must", "ought to")),
        *(f"{modal} {negation} have" for modal in ("should", "could", "would") for negation in ("not", "never")),
    ),
    # words that grade or condemn the work, beyond those a rule names
    "evaluative": (
        *_GRADING_WORDS.split(),
        "culture of",
        "cover up",
        "sub optimal",
        "half hearted",
    ),
    # a profession, a role or an agency: who a blame names as the cause
    "agency": tuple(_AGENCIES.split("|")),
    # a link of cause from someone's act to what happened
    "cause": tuple(_CAUSES.split("|")),
}
CONTEXT = "context:"
# quotation marks, and a straight single quote opening a word (not the apostrophe of "child's")
_QUOTES = ("\u201c", "\u201d", '"', "\u2018", "'")


def _context_table() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Each context word list's n-gram buckets, as (buckets, the list's bit) pairs, and the lists' names."""
    buckets, bits = [], []
    names = tuple(CONTEXT_WORDS)
    for bit, name in enumerate(names):
        for phrase in CONTEXT_WORDS[name]:
            size = len(re.findall(r"[A-Za-z0-9]+", phrase))
            found = features(phrase, [(0, len(phrase))], (size,), ())
            assert len(found.bucket) == 1, phrase
            buckets.append(int(found.bucket[0]))
            bits.append(1 << bit)
    return np.array(buckets, dtype=np.int64), np.array(bits, dtype=np.uint8), names


@functools.cache
def _context_bits() -> tuple[np.ndarray, tuple[str, ...]]:
    """A table from bucket to the bits of the context word lists it belongs to."""
    buckets, bits, names = _context_table()
    table = np.zeros(1 << BUCKET_BITS, dtype=np.uint8)
    np.bitwise_or.at(table, buckets, bits)
    return table, names


def context_marks(
    text: str, spans: Sequence[tuple[int, int]], grams: Sequence[tuple[np.ndarray, np.ndarray]] | None = None
) -> list[tuple[int, str]]:
    """(sentence index, ``context:<name>``) for each context found in each sentence. ``grams`` are the
    sentences' word n-grams of the shipped sizes, as (sentences, buckets) per size, when already computed:
    only word n-grams, since a bucket of another block may share a context word's number."""
    return [(number, name) for sentences, name in _contexts(text, spans, grams) for number in sentences.tolist()]


def _contexts(
    text: str, spans: Spans, grams: Sequence[tuple[np.ndarray, np.ndarray]] | None = None
) -> list[tuple[np.ndarray, str]]:
    """``context_marks`` as scoring reads them: for each context found, the sentences it is found in, in
    order, as an array (a long report has tens of thousands)."""
    if not len(spans):
        return []
    if grams is None:
        grams = [(sentence, bucket) for sentence, bucket, *_ in _grams(text, spans, WORD_SIZES, (), (), False)]
    table, names = _context_bits()
    found = []
    # the few n-grams that are a context word, then each list's among them
    hit_sentences, hit_bits = [], []
    for sentence, bucket in grams:
        bits = table[bucket]
        hit = np.flatnonzero(bits)
        hit_sentences.append(sentence[hit])
        hit_bits.append(bits[hit])
    if hit_sentences:  # a text of punctuation alone has no word n-grams to look in
        sentences, bits = np.concatenate(hit_sentences), np.concatenate(hit_bits)
        for bit, name in enumerate(names):
            inside = sentences[(bits & (1 << bit)) != 0]
            if len(inside):
                found.append((_each_once(inside, len(spans)), CONTEXT + name))
    bounds = _bounds(spans)
    starts, ends = bounds[:, 0], bounds[:, 1]
    first, last = int(starts[0]), int(ends[-1])
    places = []
    # a search per mark: str.find runs many times faster than a regular expression's character class
    for mark in _QUOTES:
        found_at = text.find(mark, first, last)
        while found_at >= 0:
            if mark != "'" or _opens(text, found_at):
                places.append(found_at)
            found_at = text.find(mark, found_at + 1, last)
    if places:
        at = np.array(places, dtype=np.int64)
        sentence = np.searchsorted(starts, at, side="right") - 1
        inside = (sentence >= 0) & (at < ends[np.maximum(sentence, 0)])
        if inside.any():
            found.append((_each_once(sentence[inside], len(spans)), CONTEXT + "quotation"))
    return found


def _each_once(numbers: np.ndarray, count: int) -> np.ndarray:
    """The numbers (each below ``count``) once each, in order; without sorting them, and without
    ``np.unique``, which imports numpy's masked arrays, a twentieth of a second of a short check."""
    present = np.zeros(count, dtype=bool)
    present[numbers] = True
    return np.flatnonzero(present)


def _opens(text: str, at: int) -> bool:
    """Whether the straight single quote at ``at`` opens a quotation: a letter follows, none stands before."""
    return at + 1 < len(text) and text[at + 1].isalpha() and not text[at - 1 : at].isalnum()


@dataclass(frozen=True)
class Thresholds:
    """Per category: a rule's match stays a problem at or above ``confirm`` (below it, the model doubts the
    rule and it becomes a second look), a trusted rule's at or above ``trusted`` (lower: the model doubts a
    trusted phrase only where it is sure the sentence is not of its category); the model alone finds a problem
    at or above ``alone``, and something worth a second look at or above ``second_look``."""

    confirm: float
    alone: float
    second_look: float
    # a model file of three columns, from before trusted rules could be doubted, never doubts them
    trusted: float = 0.0


@dataclass(frozen=True)
class Judgement:
    """The model's reading of one sentence for one category."""

    sentence: int
    category: str
    probability: float


class SentenceModel:
    """The trained weights, laid out for scoring: a table from hashed bucket to a row of weights."""

    def __init__(
        self,
        buckets: np.ndarray,
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        thresholds: np.ndarray,
        marks: np.ndarray,
        mark_weights: np.ndarray,
        digest: str = "",
        sizes: tuple[tuple[int, ...], ...] = (WORD_SIZES, CHAR_SIZES, ()),
    ):
        """``marks`` name what the rules said (``rule:<id>``, ``excepted:<category>``), each with a row of
        ``mark_weights``, added to a sentence's score once when present."""
        # the file's digest: a stored check made with another model is stale
        self.digest = digest
        # the n-gram sizes it was trained on: words, characters, word stems
        self.word_sizes, self.char_sizes, self.stem_sizes = sizes
        self.marks = {str(name): row for row, name in enumerate(marks)}
        self.mark_weights = mark_weights.astype(np.float64)
        self.buckets = buckets.astype(np.int64)
        self.idf = idf.astype(np.float32)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float64)
        self.thresholds = {
            category: Thresholds(*(float(value) for value in row))
            for category, row in zip(CATEGORIES, thresholds, strict=True)
        }
        # a model trained with context features reads them; an older one does not pay for them
        self._reads_context = any(name.startswith(CONTEXT) for name in self.marks)
        # idf squared (for the length) then idf times each category's weight (for the score)
        self._table = np.column_stack((self.idf**2, self.idf[:, None] * self.weights)).astype(np.float32)
        # For scoring: a table from bucket to its row plus one (0 for a bucket never seen, whose row of zeros
        # weighs nothing), in 16 bits where the rows fit, half the memory to read at random for every n-gram;
        # and the table above a column to a row, after that row of zeros.
        self._position = np.zeros(1 << BUCKET_BITS, dtype=np.uint16 if len(self.buckets) < 1 << 16 else np.int32)
        self._position[self.buckets] = np.arange(1, len(self.buckets) + 1)
        # The table is float32 (the file's precision) and read as float64, which the sums are kept in: each
        # value is the same, and numpy's sums convert a float32 column in small buffers, a fifth slower.
        self._columns = np.ascontiguousarray(
            np.vstack((np.zeros((1, self._table.shape[1]), np.float32), self._table)).T, dtype=np.float64
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> SentenceModel:
        content = path.read_bytes()
        with np.load(io.BytesIO(content)) as data:
            return cls(
                data["buckets"],
                data["idf"],
                data["weights"],
                data["bias"],
                data["thresholds"],
                data["marks"],
                data["mark_weights"],
                digest=hashlib.sha256(content).hexdigest(),
                sizes=(
                    tuple(int(n) for n in data["word_sizes"]) if "word_sizes" in data else WORD_SIZES,
                    tuple(int(n) for n in data["char_sizes"]) if "char_sizes" in data else CHAR_SIZES,
                    tuple(int(n) for n in data["stem_sizes"]) if "stem_sizes" in data else (),
                ),
            )

    def features(self, text: str, spans: Sequence[tuple[int, int]], *, places: bool = True) -> Occurrences:
        """The n-gram occurrences of each sentence, of the sizes this model was trained on."""
        return features(text, spans, self.word_sizes, self.char_sizes, stem_sizes=self.stem_sizes, places=places)

    def probabilities(
        self, text: str, spans: Sequence[tuple[int, int]], marks: Sequence[tuple[int, str]] = ()
    ) -> np.ndarray:
        """For each sentence, the probability of each category (columns in CATEGORIES' order). ``marks`` are
        (sentence index, name) of what the rules said; names the model was not trained with weigh nothing."""
        result = np.empty((len(spans), len(CATEGORIES)), dtype=np.float64)
        # the spans as one array, read once rather than once per slice by each part of the scoring
        bounds = _bounds(spans)
        for begin, end in _slices(spans):
            result[begin:end] = self._scores(text, bounds[begin:end])
        # Each mark once, in the order given: a set's order changes with every process's string hashing, and
        # with it the last digit of a sentence's sum of several marks' weights.
        self._add_marks(result, dict.fromkeys(marks))
        return 1.0 / (1.0 + np.exp(-result))

    def _add_marks(self, scores: np.ndarray, marks: Collection[tuple[int, str]]) -> None:
        """Adds each mark's weights to its sentence's scores, all at once: a long report has tens of
        thousands of them. Names the model was not trained with weigh nothing."""
        rows = self.marks
        pairs = [(sentence, rows[name]) for sentence, name in marks if name in rows]
        if pairs:
            sentences, weights = np.array(pairs, dtype=np.intp).T
            np.add.at(scores, sentences, self.mark_weights[weights])

    def _scores(self, text: str, spans: Spans) -> np.ndarray:
        grams = _grams(text, spans, self.word_sizes, self.char_sizes, self.stem_sizes, False)
        scores = self._ngram_scores(grams, len(spans))
        if self._reads_context:
            words = [(sentence, bucket) for sentence, bucket, block, *_ in grams if block == WORD]
            for sentences, name in _contexts(text, spans, words if self.word_sizes == WORD_SIZES else None):
                row = self.marks.get(name)
                if row is not None:  # a context the model was not trained with weighs nothing
                    scores[sentences] += self.mark_weights[row]
        return scores

    def _ngram_scores(self, grams: list[Grams], count: int) -> np.ndarray:
        """Per sentence, the sum over blocks of the idf-weighted n-grams' weights, each block divided by its
        length. Each part (one block and n-gram size) is summed as it comes, never joined to the others."""
        sums = np.zeros((count, len(BLOCKS), self._columns.shape[0]), dtype=np.float64)
        runs = None
        for sentence, bucket, block, *_ in grams:
            # Every n-gram is summed, those never seen too: their row of zeros adds nothing, and leaving them
            # out cost more (a mask and two copies) than it saved. Parts of one size of words and stems share
            # their sentences, so the runs of one sentence are found once for both.
            if runs is None or runs[0] is not sentence:
                runs = (sentence, *_runs(sentence))
            _add_by(sums[:, block], runs[1], runs[2], self._position.take(bucket).astype(np.intp), self._columns)
        length = np.sqrt(sums[:, :, :1])
        scores = np.divide(sums[:, :, 1:], length, out=np.zeros_like(sums[:, :, 1:]), where=length > 0).sum(axis=1)
        return scores + self.bias

    def weighed(
        self, text: str, items: Sequence[tuple[tuple[int, int], str]], most: int = 3
    ) -> list[list[tuple[int, int]]]:
        """For each (sentence span, category), the spans of the words that weighed most towards the category,
        best first. The sentences are read together, a slice at a time, and the best words of every item are
        chosen together: a long report has thousands of them."""
        spans = sorted({span for span, _ in items})
        if not spans:
            return []
        index = {span: number for number, span in enumerate(spans)}
        # The sentences asked for are copied out one after another, each with a space after it, and only that
        # copy is read: the findings shown are a few sentences of a long report, and a slice of the text
        # itself would read every sentence between them. The space keeps a word from running on into the
        # next sentence, and is read as part of its sentence, so the sentences are end to end, which features
        # read faster than sentences with gaps between them.
        starts = np.fromiter((start for start, _ in spans), dtype=np.int64, count=len(spans))
        lengths = np.fromiter((end - start + 1 for start, end in spans), dtype=np.int64, count=len(spans))
        copied_starts = np.cumsum(lengths) - lengths
        copy = " ".join([text[start:end] for start, end in spans]) + " "
        copied = list(zip(copied_starts.tolist(), (copied_starts + lengths).tolist(), strict=True))
        columns = sorted({CATEGORIES.index(category) for _, category in items})
        parts = [self._credits(copy, copied[begin:end], begin, columns) for begin, end in _slices(copied)]
        word_starts, word_ends, word_sentence, credit = (np.concatenate(column) for column in zip(*parts, strict=True))
        if not len(word_starts):
            return [[] for _ in items]
        shift = (starts - copied_starts)[word_sentence]
        word_starts, word_ends = word_starts + shift, word_ends + shift
        first = np.searchsorted(word_sentence, np.arange(len(spans)), side="left")
        last = np.searchsorted(word_sentence, np.arange(len(spans)), side="right")
        # every (item, word of its sentence) pair with the word's credit towards the item's category
        numbers = np.fromiter((index[span] for span, _ in items), dtype=np.int64, count=len(items))
        columns = np.fromiter((CATEGORIES.index(category) for _, category in items), dtype=np.int64, count=len(items))
        counts = last[numbers] - first[numbers]
        item = np.repeat(np.arange(len(items)), counts)
        word = first[numbers][item] + np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        value = credit[word, columns[item]]
        # per item, the words of positive credit, most first (ties in the order of the words), at most ``most``
        positive = value > 0
        item, word, value = item[positive], word[positive], value[positive]
        # the pairs come by item and, within one, by word: a stable sort keeps ties in the order of the words
        order = np.lexsort((-value, item))
        item, word = item[order], word[order]
        # each pair's place among its item's: items come in runs, so the place counts from the run's start
        runs = np.flatnonzero(np.concatenate(([True], item[1:] != item[:-1])))
        rank = np.arange(len(item)) - np.repeat(runs, np.diff(np.append(runs, len(item))))
        best = rank < most
        result: list[list[tuple[int, int]]] = [[] for _ in items]
        for number, start, end in zip(
            item[best].tolist(), word_starts[word[best]].tolist(), word_ends[word[best]].tolist(), strict=True
        ):
            result[number].append((start, end))
        return result

    def _credits(
        self, text: str, spans: Sequence[tuple[int, int]], offset: int, columns: Collection[int]
    ) -> tuple[np.ndarray, ...]:
        """The words of a slice's sentences (starts, ends, sentence numbers counted from ``offset``) and each
        word's credit towards the categories in ``columns`` (the others are left at zero): what the n-grams
        starting in it add to the sentence's score. The sentences are end to end, each ending in a space (as
        ``weighed`` copies them), so the words the n-grams read are those found here."""
        word_starts, word_ends, word_sentence = _words_of(text, spans)
        # a row per category, so that each category's credits are added to one contiguous row
        credit = np.zeros((len(CATEGORIES), len(word_starts)), dtype=np.float64)
        if not len(word_starts):
            return word_starts, word_ends, word_sentence, credit.T
        # each word's number by the character it starts at: an n-gram of words or stems starts at a word
        first = spans[0][0]
        number_at = np.zeros(spans[-1][1] - first, dtype=np.intp)
        number_at[word_starts - first] = np.arange(len(word_starts))
        parts = []
        for sentence, bucket, block, start, _ in _grams(
            text, spans, self.word_sizes, self.char_sizes, self.stem_sizes, True
        ):
            # every n-gram, those never seen too (their row of zeros adds nothing), as scoring reads them
            parts.append((sentence, self._position.take(bucket).astype(np.intp), block, start))
        # Each block's length per sentence, summed over the block's n-grams in the order of the text.
        lengths = {}
        for part in BLOCKS:
            chosen = [(sentence, rows) for sentence, rows, block, _ in parts if block == part]
            if chosen:
                sentences = np.concatenate([sentence for sentence, _ in chosen])
                weights = np.concatenate([self._columns[0].take(rows) for _, rows in chosen])
                length = np.sqrt(np.bincount(sentences, weights=weights, minlength=len(spans)))
                lengths[part] = np.maximum(length, 1e-12)
        for sentence, rows, block, starts in parts:
            # An n-gram of words or stems starts at a word of its sentence, and no two of one size at the same
            # word, so its share is added in place; a character n-gram may start between words, or several
            # in one word.
            if block == CHAR:
                owner = np.searchsorted(word_starts, starts, side="right") - 1
                owned = (owner >= 0) & (word_sentence[np.maximum(owner, 0)] == sentence)
                owner, sentence, rows = owner[owned], sentence[owned], rows[owned]
            else:
                owner = number_at[starts - first]
            length = lengths[block][sentence]
            for column in columns:
                share = self._columns[column + 1].take(rows) / length
                if block == CHAR:
                    credit[column] += np.bincount(owner, weights=share, minlength=len(word_starts))
                else:
                    credit[column][owner] += share
        return word_starts, word_ends, word_sentence + offset, credit.T


def _bounds(spans: Sequence[tuple[int, int]] | np.ndarray) -> np.ndarray:
    """The spans as an array of (start, end) rows; an array of them as it is."""
    return np.asarray(spans, dtype=np.int64).reshape(-1, 2)


def _slices(spans: Sequence[tuple[int, int]]):
    """(begin, end) indices of runs of sentences spanning about ``SLICE`` characters each, so the arrays of
    one run stay small whatever the size of the text."""
    begin = 0
    while begin < len(spans):
        end = begin + 1
        while end < len(spans) and spans[end][1] - spans[begin][0] <= SLICE:
            end += 1
        yield begin, end
        begin = end


def _words_of(text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The words of every sentence as the features see them (runs of ASCII letters and digits, none
    running past its sentence), as arrays of starts, ends and sentence numbers, read a slice at a time
    rather than sentence by sentence: a long report has hundreds of thousands of words."""
    parts = []
    for begin, end in _slices(spans):
        first = spans[begin][0]
        letters = _word_symbols(text[first : spans[end - 1][1]])
        starts = np.fromiter((s - first for s, _ in spans[begin:end]), dtype=np.int64, count=end - begin)
        ends = np.fromiter((e - first for _, e in spans[begin:end]), dtype=np.int64, count=end - begin)
        # only characters inside a sentence count
        inside = np.bincount(starts, minlength=len(letters) + 1) - np.bincount(ends, minlength=len(letters) + 1)
        word = (letters != 0) & (np.cumsum(inside)[:-1] > 0)
        before = np.concatenate(([False], word[:-1]))
        after = np.concatenate((word[1:], [False]))
        filled = ends > starts
        before[starts[filled]] = False  # a sentence's first word starts with it
        after[ends[filled] - 1] = False  # and its last ends with it
        word_starts = np.flatnonzero(word & ~before)
        word_ends = np.flatnonzero(word & ~after) + 1
        sentence = np.searchsorted(starts, word_starts, side="right") - 1 + begin
        parts.append((word_starts + first, word_ends + first, sentence))
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def _runs(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values of ``group`` starts, and its value."""
    if not len(group):  # a text too short for n-grams of this size
        return np.zeros(0, dtype=np.intp), group
    cuts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
    return cuts, group[cuts]


def _add_by(sums: np.ndarray, cuts: np.ndarray, owners: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> None:
    """Adds to each group's row of ``sums`` (a sentence's) the sum of each of ``columns`` at ``rows``. Rows
    come in runs of one group (n-grams in text order; ``_runs`` of their groups), so each run is summed in one
    ``reduceat`` pass and added where its group's row is; a column at a time, since gathering and summing one
    contiguous column costs half as much as rows of them. ``rows`` are of numpy's index type, and the
    columns of float64, what the sums are kept in: any other is converted again for every column."""
    if not len(rows):
        return
    for number, column in enumerate(columns):
        sums[owners, number] += np.add.reduceat(column.take(rows), cuts)


@functools.cache
def shipped_model() -> SentenceModel | None:
    """The model that ships with casereview, loaded once per process; None when the file is missing."""
    return SentenceModel.load() if MODEL_FILE.is_file() else None
