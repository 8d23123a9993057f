"""All rules compiled once into one matcher. Checking a text never loops over the rules in Python.

Hyperscan (Intel's multi-pattern engine) scans for every pattern in one pass. Where its wheel cannot be
installed (it is built for x86-64 Linux), Python's ``re`` runs each pattern in turn: far slower, but
everywhere, and with the same findings (one alternation of all patterns would be slower still, and
would report only one of several patterns matching at the same place).

Finding where a match starts costs Hyperscan half its speed, and most of the text has no match at all. So
a large text is scanned once for where matches end only, then each stretch of text holding a match end is
scanned again, alone, with start offsets. The stretch reaches back far enough that no match can begin
before it: a pattern's words hold no whitespace, so a match spans at most as many runs of whitespace as
the pattern has gaps (``whitespace_runs``). The findings are exactly those of one scan with start offsets.

Compiling the Hyperscan databases takes seconds, so they are kept in a cache file (see ``cache_folder``),
with each pattern's whitespace runs, and loaded in milliseconds by the next process. One matcher serves
every thread of a process: each thread scans with its own scratch spaces.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import platform
import re
import re._parser as regex_parser
import secrets
import sys
import threading
import time
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

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

CACHE_VARIABLE = "CASEREVIEW_CACHE_DIR"
# The one kind of character a str may hold and UTF-8 cannot (a lone surrogate): a caller's text may carry one
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Starts every cache file; a new layout of the file gets a new number, so old files are never misread.
_CACHE_HEADER = b"casereview compiled language rules 3\n"
# Texts up to this size are scanned once, with start offsets: two passes cost more than they save.
ONE_PASS_BYTES = 16 * 1024
# Each change of rules leaves a file of several megabytes; one not rewritten for this long is removed when
# another is written. A process still using older rules compiles them once more and writes them again.
STALE_AFTER_SECONDS = 7 * 24 * 3600

log = logging.getLogger(__name__)


class RawMatch(NamedTuple):
    """One match. A named tuple: a large text has tens of thousands, and a tuple is made several times faster
    than a frozen dataclass."""

    pattern_index: int
    start: int  # character offsets into the text
    end: int
    byte_start: int  # the same, in the scan's own offsets (see OffsetMap)
    byte_end: int


class PatternRefused(ValueError):
    """Hyperscan refused the pattern at ``index`` (for example "Pattern is too large."), which ``re`` accepts."""

    def __init__(self, index: int, reason: str):
        self.index = index
        self.reason = reason
        super().__init__(f"pattern {index}: {reason}")


def _refused(expressions: list[bytes], flags: list[int], error: Exception) -> Exception:
    """Which expression Hyperscan refused: its error does not say, so each is compiled alone until one fails.
    Only ever run when compiling has already failed."""
    for index, (expression, flag) in enumerate(zip(expressions, flags, strict=True)):
        try:
            hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
                expressions=[expression], ids=[0], elements=1, flags=[flag]
            )
        except hyperscan.error as alone:
            return PatternRefused(index, str(alone))
    return error


class Matcher:
    """Finds every pattern in a text. ``engine`` says which implementation runs."""

    def __init__(self, regexes: Sequence[str], *, prefer_hyperscan: bool = True):
        self.regexes = list(regexes)
        # Where the compiled patterns came from: "cache" (a file written by an earlier process) or "compiled"
        self.database_source = "compiled"
        self.cache_file: Path | None = None
        if prefer_hyperscan and hyperscan is not None:
            self.engine = "hyperscan"
            caseless = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8
            rules = [regex.encode("utf-8") for regex in self.regexes]
            sentences = [SENTENCE_END.encode("utf-8"), NOT_A_SENTENCE_END.encode("utf-8")]
            # How far back a match ending at a place can start, in runs of whitespace, per pattern: kept in the
            # cache file beside the databases (parsing the patterns takes a tenth of a second)
            self._runs: list[float] | None = None
            # three databases: match ends only (fast), matches with their start, and sentence ends
            self._ends, self._database, self._sentences = self._cached_or_compiled(
                [
                    (rules, [caseless] * len(rules)),
                    (rules, [caseless | hyperscan.HS_FLAG_SOM_LEFTMOST] * len(rules)),
                    (sentences, [caseless] * len(sentences)),
                ]
            )
            # A scratch space serves one scan at a time. Each thread clones its own from these, which never
            # scan, so two requests checking wording at once never share one.
            self._prototype_scratches = tuple(
                hyperscan.Scratch(database) for database in (self._ends, self._database, self._sentences)
            )
            self._scratches = threading.local()
        else:
            self.engine = "re"
            self._compiled = [re.compile(regex, re.IGNORECASE) for regex in self.regexes]
            self._sentence_end = re.compile(SENTENCE_END)
            self._not_sentence_end = re.compile(NOT_A_SENTENCE_END, re.IGNORECASE)

    def _cached_or_compiled(self, wanted: list[tuple[list[bytes], list[int]]]) -> list[hyperscan.Database]:
        """The databases for each (expressions, flags), from the cache file when it holds them."""
        folder = cache_folder()
        if folder is not None:
            # Everything a compiled database depends on: a change to any of it names another file.
            key = repr((hyperscan.__version__, sys.platform, platform.machine(), wanted))
            self.cache_file = folder / f"rules-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.hsdb"
            read = _read_databases(self.cache_file, len(wanted), len(self.regexes))
            if read is not None:
                self.database_source = "cache"
                databases, self._runs = read
                return databases
        databases = []
        for expressions, flags in wanted:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            try:
                database.compile(
                    expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions), flags=flags
                )
            except hyperscan.error as error:
                raise _refused(expressions, flags, error) from error
            databases.append(database)
        if self.cache_file is not None:
            _write_databases(self.cache_file, databases, self.whitespace_runs())
        return databases

    def _scratch(self) -> tuple[hyperscan.Scratch, ...]:
        scratches = getattr(self._scratches, "scratches", None)
        if scratches is None:
            scratches = self._scratches.scratches = tuple(s.clone() for s in self._prototype_scratches)
        return scratches

    def whitespace_runs(self) -> list[float]:
        """Per pattern, the most runs of whitespace one match can hold (infinity when unbounded)."""
        if self._runs is None:
            self._runs = [whitespace_runs(regex_parser.parse(regex)) for regex in self.regexes]
        return self._runs

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
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: scanned as U+FFFD, one character for one, so offsets hold
            data = _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")
        ends_scratch, starts_scratch, sentences_scratch = self._scratch()
        sentence_ends: list[int] = []
        abbreviations: set[int] = set()

        def on_sentence(pattern_index: int, start: int, end: int, flags: int, context: object) -> None:
            if pattern_index:
                abbreviations.add(end)
            else:
                sentence_ends.append(end)

        self._sentences.scan(data, match_event_handler=on_sentence, scratch=sentences_scratch)
        if abbreviations:
            sentence_ends = [end for end in sentence_ends if end not in abbreviations]
        longest = self._matches(data, starts_scratch) if len(data) <= ONE_PASS_BYTES else None
        if longest is None:
            longest = self._matches_in_two_passes(data, ends_scratch, starts_scratch)
        spans = sorted((start, end, index) for (index, start), end in longest.items())
        if text.isascii():
            return [RawMatch(index, start, end, start, end) for start, end, index in spans], sentence_ends, IDENTITY
        offsets = OffsetMap(text, data)
        # every offset converted in one walk through the text, and kept as marks for the sentence ends
        places = sorted({start for start, _, _ in spans} | {end for _, end, _ in spans})
        chars = offsets.remember(places)
        char_of = dict(zip(places, chars, strict=True))
        matches = [RawMatch(index, char_of[start], char_of[end], start, end) for start, end, index in spans]
        return matches, sentence_ends, offsets

    def _matches(
        self, data: bytes, scratch: hyperscan.Scratch, base: int = 0, wanted: set | None = None, seen: set | None = None
    ) -> dict:
        """Per (pattern, start): the furthest end of a match, from one scan with start offsets. Offsets are
        moved by ``base``; with ``wanted`` (a set of (pattern, end)), only matches ending there count, and
        each is added to ``seen``."""
        longest: dict[tuple[int, int], int] = {}

        def on_match(pattern_index: int, start: int, end: int, flags: int, context: object) -> None:
            end += base
            if wanted is not None:
                if (pattern_index, end) not in wanted:
                    return
                seen.add((pattern_index, end))
            key = (pattern_index, start + base)
            if end > longest.get(key, -1):
                longest[key] = end

        self._database.scan(data, match_event_handler=on_match, scratch=scratch)
        return longest

    def _matches_in_two_passes(self, data: bytes, ends_scratch, starts_scratch) -> dict:
        """What ``_matches`` gives for the whole text, scanning with start offsets only around match ends."""
        ends: list[tuple[int, int]] = []
        self._ends.scan(
            data, match_event_handler=lambda index, _, end, *__: ends.append((end, index)), scratch=ends_scratch
        )
        if not ends:
            return {}
        runs = self.whitespace_runs()
        wanted = {(index, end) for end, index in ends}
        windows: list[tuple[int, int]] = []
        for end, index in sorted(ends):
            begin = _window_start(data, end, runs[index])
            # the character after the end too, so a word boundary there reads as in the whole text
            stop = end + 1
            while stop < len(data) and data[stop] & 0xC0 == 0x80:
                stop += 1
            # overlapping stretches are scanned as one
            while windows and begin <= windows[-1][1]:
                earlier_begin, earlier_stop = windows.pop()
                begin, stop = min(begin, earlier_begin), max(stop, earlier_stop)
            windows.append((begin, stop))
        longest = self._matches_in_windows(data, windows, starts_scratch, wanted)
        # Every match end of the first pass is found again, with its start, unless the text defeats the bound
        # on how far back a match reaches; then the whole text is scanned with start offsets, as for a short one.
        if longest is None:
            return self._matches(data, starts_scratch)
        return longest

    def _matches_in_windows(self, data: bytes, windows: list[tuple[int, int]], scratch, wanted: set) -> dict | None:
        """``_matches`` for the wanted (pattern, end) pairs, scanning only the windows, or None when a wanted
        end is not found there with its start.

        The windows are scanned together, in one call (a call costs far more than a short window's bytes),
        joined by a single space. No wanted match can start in an earlier window or in the space: it would
        hold one more run of whitespace than its pattern allows (the window starts just inside the run
        before the furthest it can hold, or just after a one-character run, and the space is one more). A
        match that does so all the same means the bound failed, and the caller scans the whole text. Before
        each window stands a space, where the window alone had nothing: either reads as a non-word
        character, so a word boundary at the window's start reads the same."""
        offsets: list[int] = []  # where each window starts in the joined bytes
        shifts: list[int] = []  # what to add to an offset in the joined bytes to give one in the text
        at = 0
        for begin, stop in windows:
            offsets.append(at)
            shifts.append(begin - at)
            at += stop - begin + 1
        joined = b" ".join([data[begin:stop] for begin, stop in windows])
        lengths = [stop - begin for begin, stop in windows]
        longest: dict[tuple[int, int], int] = {}
        found: set[tuple[int, int]] = set()
        crossed = []

        def on_match(pattern_index: int, start: int, end: int, flags: int, context: object) -> None:
            # the window holding the match's last byte
            window = bisect_right(offsets, end - 1) - 1
            if end - offsets[window] > lengths[window]:
                return  # it ends in the space after a window: no match of the text ends there
            shift = shifts[window]
            key = (pattern_index, end + shift)
            if key not in wanted:
                return
            if start < offsets[window]:
                crossed.append(key)
                return
            found.add(key)
            place = (pattern_index, start + shift)
            if end + shift > longest.get(place, -1):
                longest[place] = end + shift

        self._database.scan(joined, match_event_handler=on_match, scratch=scratch)
        if crossed or found != wanted:
            return None
        return longest


def _window_start(data: bytes, end: int, runs: float) -> int:
    """A place from which a scan finds every match ending at ``end`` of a pattern holding at most ``runs``
    runs of whitespace: just inside the run before those, so a word boundary reads there as in the whole
    text. 0 when there are not that many runs before the end."""
    if runs == float("inf"):
        return 0
    reach = 64 * (int(runs) + 2)
    while True:
        begin = max(0, end - reach)
        # split from the right on runs of ASCII whitespace (Hyperscan's \s), at most runs + 1 times
        parts = data[begin:end].rsplit(None, int(runs) + 1)
        if len(parts) == int(runs) + 2 and parts[0]:
            # the head ends where the furthest run begins; one character into the run is safe
            return begin + len(parts[0]) + 1
        if begin == 0:
            return 0
        reach *= 4


def whitespace_runs(parsed) -> float:
    """The most runs of whitespace a match of a parsed regular expression can hold: an upper bound, which
    counts anything that might match whitespace."""
    total = 0.0
    for op, value in parsed:
        if op is regex_parser.AT:
            continue
        if op is regex_parser.BRANCH:
            total += max(whitespace_runs(branch) for branch in value[1])
        elif op is regex_parser.SUBPATTERN:
            total += whitespace_runs(value[-1])
        elif op in (regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT):
            _, most, item = value
            inner = whitespace_runs(item)
            if inner and _only_space(item):
                total += 1  # one run of whitespace, however long
            elif inner:
                total += float("inf") if most == regex_parser.MAXREPEAT else most * inner
        elif op is regex_parser.LITERAL:
            total += chr(value) in _WHITESPACE
        elif op is regex_parser.IN:
            total += _class_has_space(value)
        else:
            total += 1  # anything else (any character, a negated literal) may be whitespace
    return total


_WHITESPACE = " \t\n\v\f\r"  # what Hyperscan's \s matches without HS_FLAG_UCP
_NO_SPACE = (regex_parser.CATEGORY_WORD, regex_parser.CATEGORY_DIGIT, regex_parser.CATEGORY_NOT_SPACE)


def _class_has_space(items) -> bool:
    for op, value in items:
        if op is regex_parser.LITERAL and chr(value) not in _WHITESPACE:
            continue
        if op is regex_parser.RANGE and not any(value[0] <= ord(c) <= value[1] for c in _WHITESPACE):
            continue
        if op is regex_parser.CATEGORY and value in _NO_SPACE:
            continue
        return True  # whitespace, a negated class, or something else that may hold it
    return False


def _only_space(parsed) -> bool:
    """Whether every character a parsed expression matches is whitespace (``\\s``, ``[ \\t]``)."""
    for op, value in parsed:
        name = str(op)
        if name == "IN" and value == [(regex_parser.CATEGORY, regex_parser.CATEGORY_SPACE)]:
            continue
        if name == "LITERAL" and chr(value) in _WHITESPACE:
            continue
        return False
    return bool(parsed)


def cache_folder() -> Path | None:
    """Where compiled rules are kept between processes: ``CASEREVIEW_CACHE_DIR`` when set, otherwise the
    user's cache folder (``$XDG_CACHE_HOME/casereview`` or ``~/.cache/casereview``). None when there is no
    home folder to put it in."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG specification says to ignore a relative path
        return Path(xdg) / "casereview"
    try:
        return Path.home() / ".cache" / "casereview"
    except RuntimeError:  # no HOME and no entry in the password database
        return None


def _read_databases(path: Path, count: int, patterns: int) -> tuple[list[hyperscan.Database], list[float]] | None:
    """The databases in a cache file and the whitespace runs of each of the ``patterns``, or None when there
    are none we can trust (then they are compiled again)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.info("Cannot read the compiled language rules in %s (%s): compiling them.", path, error)
        return None
    digest_end = len(_CACHE_HEADER) + hashlib.sha256().digest_size
    digest, payload = data[len(_CACHE_HEADER) : digest_end], data[digest_end:]
    # Hyperscan's own checks let some damaged bytes through, so the file carries a digest of the databases.
    if not data.startswith(_CACHE_HEADER) or hashlib.sha256(payload).digest() != digest:
        log.info("The compiled language rules in %s are damaged: compiling them again.", path)
        return None
    databases, at = [], 0
    try:
        for _ in range(count):
            size = int.from_bytes(payload[at : at + 8], "little")
            if size <= 0 or at + 8 + size > len(payload):
                raise ValueError("a database's length runs past the end of the file")
            databases.append(hyperscan.loadb(payload[at + 8 : at + 8 + size], hyperscan.HS_MODE_BLOCK))
            at += 8 + size
        # then the runs, as JSON: null for an unbounded number
        runs = [float("inf") if runs is None else float(runs) for runs in json.loads(payload[at:])]
        if len(runs) != patterns:
            raise ValueError(f"the file gives the runs of {len(runs)} patterns, not {patterns}")
    except (hyperscan.error, ValueError, TypeError) as error:  # another Hyperscan version or processor wrote it
        log.info("The compiled language rules in %s do not fit this machine (%r): compiling them again.", path, error)
        return None
    return databases, runs


def _write_databases(path: Path, databases: list[hyperscan.Database], runs: list[float]) -> None:
    payload = b"".join(len(dump).to_bytes(8, "little") + dump for dump in map(hyperscan.dumpb, databases))
    payload += json.dumps([None if math.isinf(r) else r for r in runs]).encode("utf-8")
    write_cache_file(path, _CACHE_HEADER + hashlib.sha256(payload).digest() + payload)


def write_cache_file(path: Path, data: bytes) -> None:
    """Keep a file for the next process. A process reading the file at the same time sees the old file or
    the new one whole, never part of one: the bytes go to a file of their own, which then replaces it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # created new (never following a planted link), readable as the umask allows, like any cache file
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
        _remove_stale(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        log.warning(
            "Cannot keep the compiled language rules in %s (%s), so each process compiles them, which takes "
            "seconds. Set %s to a folder this user can write.",
            path.parent,
            error.strerror or error,
            CACHE_VARIABLE,
        )


def _remove_stale(kept: Path) -> None:
    """Remove the other files of the same kind, and temporary files a killed process left, once they are a
    week old."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    prefix = kept.name.split("-", 1)[0]
    for other in [*kept.parent.glob(f"{prefix}-*{kept.suffix}"), *kept.parent.glob(f".{prefix}-*.tmp")]:
        with contextlib.suppress(OSError):  # another process may have removed it first
            if other != kept and other.stat().st_mtime < cutoff:
                other.unlink()


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

    def many_to_char(self, offsets: Sequence[int]) -> list[int]:
        """Offsets in ascending order, converted in one walk: far faster than one by one."""
        if self._identity:
            return list(offsets)
        data, result, byte, char = self._data, [], 0, 0
        for offset in offsets:
            char += len(data[byte:offset].decode("utf-8", errors="replace"))
            byte = offset
            result.append(char)
        return result

    def remember(self, offsets: Sequence[int]) -> list[int]:
        """``many_to_char`` of offsets in strictly ascending order, each then kept as a mark, so converting
        an offset near one of them later decodes only from there. Only for a map not used yet."""
        chars = self.many_to_char(offsets)
        if not self._identity and len(self._byte_marks) == 1 and offsets and offsets[0] > 0:
            self._byte_marks += offsets
            self._char_marks += chars
        return chars

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
