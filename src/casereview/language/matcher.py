"""All rules compiled once into one matcher. Checking a text never loops over the rules in Python.

Hyperscan (Intel's multi-pattern engine) scans for every pattern in one pass. Where its wheel cannot be
installed (it is built for x86-64 Linux), Python's ``re`` runs each pattern in turn: far slower, but
everywhere, and with the same findings (one alternation of all patterns would be slower still, and
would report only one of several patterns matching at the same place).

Compiling the Hyperscan database takes seconds, so the compiled database is kept in a cache file (see
``cache_folder``) and loaded in milliseconds by the next process. One matcher serves every thread of a
process: each thread scans with its own scratch space.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import platform
import re
import secrets
import sys
import threading
import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
# Starts every cache file; a new layout of the file gets a new number, so old files are never misread.
_CACHE_HEADER = b"casereview compiled language rules 1\n"
# Each change of rules leaves a file of several megabytes; one not rewritten for this long is removed when
# another is written. A process still using older rules compiles them once more and writes them again.
STALE_AFTER_SECONDS = 7 * 24 * 3600

log = logging.getLogger(__name__)


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
        # Where the compiled patterns came from: "cache" (a file written by an earlier process) or "compiled"
        self.database_source = "compiled"
        self.cache_file: Path | None = None
        if prefer_hyperscan and hyperscan is not None:
            self.engine = "hyperscan"
            flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
            # sentence ends need no start offset, and tracking one costs
            plain = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8
            expressions = [regex.encode("utf-8") for regex in [*self.regexes, SENTENCE_END, NOT_A_SENTENCE_END]]
            self._database = self._cached_or_compiled(expressions, [flags] * len(self.regexes) + [plain, plain])
            # A scratch space serves one scan at a time. Each thread clones its own from this one, which never
            # scans, so two requests checking wording at once never share one.
            self._prototype_scratch = hyperscan.Scratch(self._database)
            self._scratches = threading.local()
        else:
            self.engine = "re"
            self._compiled = [re.compile(regex, re.IGNORECASE) for regex in self.regexes]
            self._sentence_end = re.compile(SENTENCE_END)
            self._not_sentence_end = re.compile(NOT_A_SENTENCE_END, re.IGNORECASE)

    def _cached_or_compiled(self, expressions: list[bytes], flags: list[int]) -> hyperscan.Database:
        folder = cache_folder()
        if folder is not None:
            # Everything a compiled database depends on: a change to any of it names another file.
            key = repr((hyperscan.__version__, sys.platform, platform.machine(), expressions, flags))
            self.cache_file = folder / f"rules-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.hsdb"
            database = _read_database(self.cache_file)
            if database is not None:
                self.database_source = "cache"
                return database
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions), flags=flags
        )
        if self.cache_file is not None:
            _write_database(self.cache_file, database)
        return database

    def _scratch(self) -> hyperscan.Scratch:
        scratch = getattr(self._scratches, "scratch", None)
        if scratch is None:
            scratch = self._scratches.scratch = self._prototype_scratch.clone()
        return scratch

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

        self._database.scan(data, match_event_handler=on_match, scratch=self._scratch())
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


def _read_database(path: Path) -> hyperscan.Database | None:
    """The database in a cache file, or None when there is none we can trust (then it is compiled again)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.info("Cannot read the compiled language rules in %s (%s): compiling them.", path, error)
        return None
    digest_end = len(_CACHE_HEADER) + hashlib.sha256().digest_size
    digest, payload = data[len(_CACHE_HEADER) : digest_end], data[digest_end:]
    # Hyperscan's own checks let some damaged bytes through, so the file carries a digest of the database.
    if not data.startswith(_CACHE_HEADER) or hashlib.sha256(payload).digest() != digest:
        log.info("The compiled language rules in %s are damaged: compiling them again.", path)
        return None
    try:
        return hyperscan.loadb(payload, hyperscan.HS_MODE_BLOCK)
    except hyperscan.error as error:  # another Hyperscan version or processor wrote it
        log.info("The compiled language rules in %s do not fit this machine (%r): compiling them again.", path, error)
        return None


def _write_database(path: Path, database: hyperscan.Database) -> None:
    payload = hyperscan.dumpb(database)
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
