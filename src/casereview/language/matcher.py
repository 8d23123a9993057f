"""All rules compiled once into one matcher. Checking a text never loops over the rules in Python.

Hyperscan (Intel's multi-pattern engine) scans for every pattern in one pass at hundreds of MB/s. Where
its wheel cannot be installed (it is built for x86-64 Linux), one alternation in Python's ``re`` does
the same job, far more slowly but everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised on platforms without the wheel
    hyperscan = None


@dataclass(frozen=True)
class RawMatch:
    pattern_index: int
    start: int  # character offsets into the text
    end: int


class Matcher:
    """Finds every pattern in a text. ``engine`` says which implementation runs."""

    def __init__(self, regexes: Sequence[str], *, prefer_hyperscan: bool = True):
        self.regexes = list(regexes)
        if prefer_hyperscan and hyperscan is not None:
            self.engine = "hyperscan"
            self._database = hyperscan.Database()
            flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
            self._database.compile(
                expressions=[regex.encode("utf-8") for regex in self.regexes],
                ids=list(range(len(self.regexes))),
                elements=len(self.regexes),
                flags=[flags] * len(self.regexes),
            )
        else:
            self.engine = "re"
            self._combined = re.compile(
                "|".join(f"(?P<p{i}>{regex})" for i, regex in enumerate(self.regexes)), re.IGNORECASE
            )

    def scan(self, text: str) -> list[RawMatch]:
        """Every match, sorted by start; for one pattern starting at one place, the longest."""
        if self.engine == "hyperscan":
            return self._scan_hyperscan(text)
        return [
            RawMatch(int(match.lastgroup[1:]), match.start(), match.end()) for match in self._combined.finditer(text)
        ]

    def _scan_hyperscan(self, text: str) -> list[RawMatch]:
        data = text.encode("utf-8")
        longest: dict[tuple[int, int], int] = {}

        def on_match(pattern_index: int, start: int, end: int, flags: int, context: object) -> None:
            key = (pattern_index, start)
            if end > longest.get(key, -1):
                longest[key] = end

        self._database.scan(data, match_event_handler=on_match)
        spans = sorted((start, end, index) for (index, start), end in longest.items())
        if not text.isascii():
            spans = _bytes_to_characters(data, spans)
        return [RawMatch(index, start, end) for start, end, index in spans]


def _bytes_to_characters(data: bytes, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Turn UTF-8 byte offsets into character offsets, decoding each stretch of the text once."""
    offsets = sorted({offset for start, end, _ in spans for offset in (start, end)})
    characters: dict[int, int] = {}
    previous_byte, previous_char = 0, 0
    for offset in offsets:
        previous_char += len(data[previous_byte:offset].decode("utf-8", errors="replace"))
        previous_byte = offset
        characters[offset] = previous_char
    return [(characters[start], characters[end], index) for start, end, index in spans]
