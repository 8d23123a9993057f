"""All rules compiled once into one matcher. Checking a text never loops over the rules in Python.

Hyperscan (Intel's multi-pattern engine) scans for every pattern in one pass. Where its wheel cannot be
installed (it is built for x86-64 Linux), Python's ``re`` runs each pattern in turn: far slower, but
everywhere, and with the same findings (one alternation of all patterns would be slower still, and
would report only one of several patterns matching at the same place).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised on platforms without the wheel
    hyperscan = None


# Candidate sentence ends, found in the same pass: end punctuation (closing quotes and brackets allowed)
# then whitespace, or a blank line. Each match ends just after the first whitespace character.
_CLOSING_THEN_SPACE = "[\"'\u201d\u2019)\\]]*\\s"  # real quote characters: Hyperscan reads no \u escapes
SENTENCE_END = r"[.!?]" + _CLOSING_THEN_SPACE + r"|\n[ \t]*\n"
# Full stops that close an abbreviation ("e.g.", "Dr.") end no sentence; matched with the same end offset.
ABBREVIATIONS = (
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "e.g",
    "i.e",
    "etc",
    "p",
    "pp",
    "para",
    "paras",
    "no",
    "vs",
    "cf",
    "st",
    "fig",
    "ch",
    "sec",
    "approx",
    "ref",
    "vol",
    "ed",
    "eds",
    "al",
)
NOT_A_SENTENCE_END = r"\b(?:" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")\." + _CLOSING_THEN_SPACE


@dataclass(frozen=True)
class RawMatch:
    pattern_index: int
    start: int  # character offsets into the text
    end: int
    byte_start: int  # the same, in the scan's own offsets (see OffsetMap)
    byte_end: int


class Matcher:
    """Finds every pattern in a text. ``engine`` says which implementation runs."""

    def __init__(self, regexes: Sequence[str], *, prefer_hyperscan: bool = True):
        self.regexes = list(regexes)
        self._sentence_id = len(self.regexes)
        self._abbreviation_id = len(self.regexes) + 1
        if prefer_hyperscan and hyperscan is not None:
            self.engine = "hyperscan"
            self._database = hyperscan.Database()
            flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
            # sentence ends need no start offset, and tracking one costs
            plain = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8
            expressions = [*self.regexes, SENTENCE_END, NOT_A_SENTENCE_END]
            self._database.compile(
                expressions=[regex.encode("utf-8") for regex in expressions],
                ids=list(range(len(expressions))),
                elements=len(expressions),
                flags=[flags] * len(self.regexes) + [plain, plain],
            )
        else:
            self.engine = "re"
            self._compiled = [re.compile(regex, re.IGNORECASE) for regex in self.regexes]
            self._sentence_end = re.compile(SENTENCE_END)
            self._not_sentence_end = re.compile(NOT_A_SENTENCE_END, re.IGNORECASE)

    def scan(self, text: str) -> tuple[list[RawMatch], list[int], OffsetMap]:
        """Every match in character offsets, sorted by start (for one pattern starting at one place, the
        longest); the sentence ends, in order, in the scan's own offsets; and the map from those to
        character offsets. Converting only the sentence ends a caller uses saves converting them all."""
        if self.engine == "hyperscan":
            return self._scan_hyperscan(text)
        matches = sorted(
            (
                RawMatch(index, match.start(), match.end(), match.start(), match.end())
                for index, regex in enumerate(self._compiled)
                for match in regex.finditer(text)
            ),
            key=lambda match: (match.start, match.end, match.pattern_index),
        )
        abbreviations = {match.end() for match in self._not_sentence_end.finditer(text)}
        ends = [m.end() for m in self._sentence_end.finditer(text) if m.end() not in abbreviations]
        return matches, ends, IDENTITY

    def _scan_hyperscan(self, text: str) -> tuple[list[RawMatch], list[int], OffsetMap]:
        data = text.encode("utf-8")
        longest: dict[tuple[int, int], int] = {}
        sentence_ends: list[int] = []
        abbreviations: set[int] = set()
        sentence_id, abbreviation_id = self._sentence_id, self._abbreviation_id

        def on_match(pattern_index: int, start: int, end: int, flags: int, context: object) -> None:
            if pattern_index == sentence_id:
                sentence_ends.append(end)
                return
            if pattern_index == abbreviation_id:
                abbreviations.add(end)
                return
            key = (pattern_index, start)
            if end > longest.get(key, -1):
                longest[key] = end

        self._database.scan(data, match_event_handler=on_match)
        if abbreviations:
            sentence_ends = [end for end in sentence_ends if end not in abbreviations]
        spans = sorted((start, end, index) for (index, start), end in longest.items())
        if text.isascii():
            return [RawMatch(index, start, end, start, end) for start, end, index in spans], sentence_ends, IDENTITY
        offsets = OffsetMap(text, data)
        matches = [
            RawMatch(index, offsets.to_char(start), offsets.to_char(end), start, end) for start, end, index in spans
        ]
        return matches, sentence_ends, offsets


class OffsetMap:
    """Converts between UTF-8 byte offsets (what Hyperscan reports) and character offsets (what Python
    slices by).

    It remembers the offsets it has converted as marks, and converts a new one by decoding only from the
    nearest mark before it. Findings are converted in order, so the whole text is decoded about once.
    """

    def __init__(self, text: str = "", data: bytes = b""):
        self._text, self._data = text, data
        self._byte_marks, self._char_marks = [0], [0]
        self._identity = not data or text.isascii()

    def newlines(self, text: str, start: int, end: int) -> int:
        """Line breaks between two of the scan's offsets: counted in the bytes, which is faster."""
        return self._data.count(b"\n", start, end) if not self._identity else text.count("\n", start, end)

    def _mark(self, byte_offset: int, char_offset: int) -> None:
        if byte_offset > self._byte_marks[-1]:
            self._byte_marks.append(byte_offset)
            self._char_marks.append(char_offset)

    def to_char(self, offset: int) -> int:
        if self._identity:
            return offset
        index = bisect_right(self._byte_marks, offset) - 1
        base = self._byte_marks[index]
        char = self._char_marks[index] + len(self._data[base:offset].decode("utf-8", errors="replace"))
        self._mark(offset, char)
        return char

    def to_byte(self, offset: int) -> int:
        if self._identity:
            return offset
        index = bisect_right(self._char_marks, offset) - 1
        base = self._char_marks[index]
        byte = self._byte_marks[index] + len(self._text[base:offset].encode("utf-8", errors="replace"))
        self._mark(byte, offset)
        return byte


IDENTITY = OffsetMap()
