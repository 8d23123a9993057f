"""A cheap test that rules out most runs of a context regular expression before they start.

The context checks run a dozen regular expressions over a few words either side of every match, and
Python's ``re`` tries each of them at every position: most of the check's time on a large text. Nearly
every such expression can only match where one of a few words stands ("not", " was", "rather than"),
and ``in`` finds a word in a string many times faster than ``re`` runs an expression over it. So each
expression is read once for the words any match of it must hold, and ``search`` runs it only where one
word of each such set is present. The findings are exactly those of the plain expression: the words are
derived from the expression itself, so a change to it cannot leave the test behind.

The words are looked for in the searched text lowered, with each run of whitespace made one space (so
``\\s+was`` needs " was", not every "was" inside a word), except words the expression matches in exact
case ("IT"), looked for as they are. The test is only made on ASCII text: with ``re.IGNORECASE`` a few
non-ASCII letters match ASCII ones (the Kelvin sign matches "k", the long s "s"), which lowering does not
reproduce; any other text runs the expression as it is.

Where the words are present, the expression runs compiled for speed (``quick``), not as written: Python's
engine skips an alternative at once when its first character cannot match, but only when that character
is tested in exact case, and it tries every alternative in turn. So each alternation's alternatives that
begin with the same character are joined under it, and the first character of each is tested as the set of
characters ``re.IGNORECASE`` matches to it. The expression matches at the same places (a search may report
another alternative's span there, so callers read only whether it matched), two to three times faster.
An expression that begins with a word boundary and a choice of words (``\\b(?:not|never|...)``) is
rewritten further (``_letter_first``) so that the engine can tell from a place's character alone whether
any alternative starts there, and skips the others in a C loop: most of the expressions read before a
match, 1.3 to 3 times faster again where they run (most runs are ruled out by the words first, so the
exceptions as a whole gain about 4%).
"""

from __future__ import annotations

import re
import re._compiler as regex_compiler
import re._parser as regex_parser
import sys
from functools import cache
from itertools import product

# Beyond this many spellings, a run of literals and alternations is not spelt out (it would test too many).
_MOST_SPELLINGS = 64
# How many sets of required words a test checks: each must have one present. Two prune nearly all runs.
_MOST_SETS = 2
_PURE = (regex_parser.LITERAL, regex_parser.BRANCH, regex_parser.SUBPATTERN, regex_parser.AT, regex_parser.IN)
# A set of more words than this is looked for as pieces of them (``_covered``), none shorter than this.
_MOST_WORDS = 12
_SHORTEST_PIECE = 4
_WHITESPACE_RUN = re.compile(r"\s+")
_SPACES = re.compile(" +")


class Prefiltered:
    """A compiled expression with ``search`` that first looks for the words any match must hold."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        # sets of words: in every match, at least one word of each set (lowered, but for words in exact case)
        self.required: tuple[tuple[str, ...], ...] = required_words(pattern)
        # each set split into the words looked for lowered and those looked for in exact case
        self._split = tuple(
            (tuple(w for w in words if not _has_upper(w)), tuple(w for w in words if _has_upper(w)))
            for words in self.required
        )
        # An expression anchored to the start of the text searched is tried at that one place only, which
        # costs less than looking for its words (for the nouns after a match, a third as much)
        if _anchored(pattern):
            self._split = ()
        self._exact_case = any(exact for _, exact in self._split)
        # compiled when first needed: a short text needs few of them, and compiling all adds to start-up
        self._search = None

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        if self._split:
            read = _read(string, pos, endpos, self._exact_case)
            if read is not None:
                lowered, exact = read
                for lower_words, exact_words in self._split:
                    # map and any loop in C: several times faster than a loop in Python
                    if not any(map(lowered.__contains__, lower_words)) and not (
                        exact_words and any(map(exact.__contains__, exact_words))
                    ):
                        return None
        search = self._search
        if search is None:  # two threads may both compile it: either gives the same expression
            search = self._search = quick(self.pattern).search
        return search(string, pos, endpos)


def _anchored(pattern: re.Pattern) -> bool:
    """Whether every match of the expression starts at the start of the text searched (``^``, ``\\A``)."""
    parsed = regex_parser.parse(pattern.pattern, pattern.flags)
    first = parsed.data[0] if parsed.data else None
    starts = (regex_parser.AT_BEGINNING, regex_parser.AT_BEGINNING_STRING)
    return first is not None and first[0] is regex_parser.AT and first[1] in starts and not pattern.flags & re.MULTILINE


# The last text read, as (string, pos, endpos, lowered, exact): the checks of one match read the same few
# words with one expression after another. One tuple, replaced whole, so threads never see half of one; it
# holds the string, so no other string can take its identity.
_last: tuple = ("", 0, 0, "", None)


def _read(string: str, pos: int, endpos: int, exact_case: bool) -> tuple[str, str | None] | None:
    """The part of the string searched, with each run of whitespace made one space: lowered, and (when
    ``exact_case``) as it is. None when it is not ASCII."""
    global _last
    last = _last
    if last[0] is string and last[1] == pos and last[2] == endpos and (last[4] is not None or not exact_case):
        return None if last[3] is None else (last[3], last[4])
    part = string[pos:endpos] if pos or endpos < len(string) else string
    if not part.isascii():
        _last = (string, pos, endpos, None, None)
        return None
    # only tabs, line breaks and doubled spaces need the (slower) replacement
    if not part.isprintable() or "  " in part:
        part = _WHITESPACE_RUN.sub(" ", part)
    lowered, exact = part.lower(), part if exact_case else None
    _last = (string, pos, endpos, lowered, exact)
    return lowered, exact


def quick(pattern: re.Pattern) -> re.Pattern:
    """The expression compiled to match at the same places as ``pattern``, with its alternations rewritten
    so Python's engine rules out most alternatives by one character test (see the module's docstring). The
    match found at a place may be another alternative's. Its ``pattern`` attribute is None."""
    if pattern.flags & (re.ASCII | re.LOCALE):  # the case sets below are those of Unicode matching
        return pattern
    parsed = regex_parser.parse(pattern.pattern, pattern.flags)
    caseless = bool(pattern.flags & re.IGNORECASE)
    rewritten = _first_in_exact_case(_joined(_letter_first(parsed, caseless)), caseless)
    return regex_compiler.compile(rewritten, pattern.flags)


# How many alternatives ``_letter_first`` may spell out: beyond it, the expression is left as it was.
_MOST_ALTERNATIVES = 400
# ... and how many copies of what follows a group it may make, spelling the group out
_MOST_COPIES = 8
# ... and how many characters may start them: the more do, the fewer places are skipped, and each place
# tried costs a little more than before (on the context expressions, 27 were slower, 17 faster)
_MOST_FIRST_CHARACTERS = 20
# A word boundary before a letter just matched: the character before it is no word character (or there is
# none). The same test as ``\b`` there, since a letter is a word character.
_BOUNDARY_BEHIND = regex_parser.parse(r"(?<!\w.)").data[0]


def _letter_first(parsed, caseless: bool):
    """``\\b(word|word|...)...`` rewritten so that it begins with an alternation whose every alternative
    starts with one letter in exact case: the word boundary moved after that letter (as a look behind),
    and the rest of each alternative under the expression's case. Python's engine then skips, in one
    C loop, every place whose character starts no alternative, instead of trying the expression there:
    1.3 to 3 times faster on the few words before a match. The same strings match at the same places
    (a group's span may differ, and no caller reads one). Any other expression is returned as it was."""
    data = parsed.data
    if len(data) < 2 or data[0] != (regex_parser.AT, regex_parser.AT_BOUNDARY):
        return parsed
    if _refers_back(parsed):  # spelling the alternatives out drops their groups, which a reference needs
        return parsed
    by_letter: dict[str, list] = {}
    alternatives = _spelt_alternatives([data[1]])
    if alternatives is None or len(alternatives) > _MOST_ALTERNATIVES:
        return parsed
    for alternative in alternatives:
        if not alternative:  # an empty alternative starts with no letter: any place may match
            return parsed
        op, value = alternative[0]
        if op is not regex_parser.LITERAL or not _is_ascii_letter(value):
            return parsed
        letter = chr(value).lower() if caseless else chr(value)
        by_letter.setdefault(letter, []).append(alternative[1:])
    state, branches = parsed.state, []
    for letter, rests in by_letter.items():
        rest = [(regex_parser.BRANCH, (None, [regex_parser.SubPattern(state, r) for r in rests]))]
        inner = regex_parser.SubPattern(state, rest)
        for char in ignorecase_matches(letter) if caseless else (letter,):
            body = [
                (regex_parser.LITERAL, ord(char)),
                _BOUNDARY_BEHIND,
                (regex_parser.SUBPATTERN, (None, re.IGNORECASE if caseless else 0, 0, inner)),
            ]
            branches.append(regex_parser.SubPattern(state, body))
    if len(branches) > _MOST_FIRST_CHARACTERS:
        return parsed
    exact = regex_parser.SubPattern(state, [(regex_parser.BRANCH, (None, branches))])
    head = (regex_parser.SUBPATTERN, (None, 0, re.IGNORECASE if caseless else 0, exact))
    return regex_parser.SubPattern(state, [head, *data[2:]])


def _refers_back(parsed) -> bool:
    """Whether the expression anywhere matches again what a group matched, or tests whether a group did."""
    for op, value in parsed.data:
        if op in (regex_parser.GROUPREF, regex_parser.GROUPREF_EXISTS):
            return True
        parts = value if isinstance(value, (tuple, list)) else (value,)
        for part in parts:
            nested = part if isinstance(part, list) else [part]
            if any(isinstance(p, regex_parser.SubPattern) and _refers_back(p) for p in nested):
                return True
    return False


def _spelt_alternatives(sequence: list) -> list[list] | None:
    """The sequence as alternatives, each beginning with what it matches first: a leading group or
    alternation (with no change of flags) spelt out into its alternatives, each followed by the rest, until
    each begins with something else. None when there would be too many."""
    if not sequence:
        return [[]]
    op, value = sequence[0]
    if op is regex_parser.BRANCH:
        heads = [list(branch.data) for branch in value[1]]
    elif op is regex_parser.SUBPATTERN and value[1] == 0 and value[2] == 0:
        heads = [list(value[3].data)]
    else:
        return [list(sequence)]
    if len(heads) > _MOST_COPIES and len(sequence) > 1:
        return None  # each alternative would carry its own copy of what follows: slower, not faster
    alternatives: list[list] = []
    for head in heads:
        spelt = _spelt_alternatives(head + list(sequence[1:]))
        if spelt is None or len(alternatives) + len(spelt) > _MOST_ALTERNATIVES:
            return None
        alternatives += spelt
    return alternatives


def _joined(parsed):
    """Alternatives that begin with the same literal character joined under it: ``no|not|never`` becomes
    ``n(?:o|ot|ever)``. The same strings match; only the order in which alternatives are tried changes."""
    state, data = parsed.state, []
    for op, value in parsed.data:
        if op is regex_parser.BRANCH:
            # by first literal character (the rest of each alternative), or by place (the whole alternative)
            alternatives: dict[tuple[str, int], list] = {}
            for place, branch in enumerate(map(_joined, value[1])):
                if branch.data and branch.data[0][0] is regex_parser.LITERAL:
                    alternatives.setdefault(("literal", branch.data[0][1]), []).append(branch.data[1:])
                else:
                    alternatives[("other", place)] = [branch.data]
            branches = []
            for (kind, key), rests in alternatives.items():
                if kind == "other":
                    body = rests[0]
                elif len(rests) == 1:
                    body = [(regex_parser.LITERAL, key), *rests[0]]
                else:
                    inner = [(regex_parser.BRANCH, (None, [regex_parser.SubPattern(state, rest) for rest in rests]))]
                    body = [
                        (regex_parser.LITERAL, key),
                        (regex_parser.SUBPATTERN, (None, 0, 0, regex_parser.SubPattern(state, inner))),
                    ]
                branches.append(regex_parser.SubPattern(state, body))
            data.append((op, (None, branches)))
        elif op is regex_parser.SUBPATTERN:
            data.append((op, (*value[:3], _joined(value[3]))))
        elif op in (regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT):
            data.append((op, (value[0], value[1], _joined(value[2]))))
        else:  # lookarounds stay as written: a lookbehind's width must stay fixed
            data.append((op, value))
    return regex_parser.SubPattern(state, data)


def _first_in_exact_case(parsed, caseless: bool):
    """Under ``re.IGNORECASE``, each alternative's first letter written as the set of characters it matches,
    tested in exact case, which lets the engine skip the alternative with one test."""
    state, data = parsed.state, []
    for op, value in parsed.data:
        if op is regex_parser.BRANCH and caseless:
            branches = []
            for branch in value[1]:
                branch = _first_in_exact_case(branch, caseless)
                first = branch.data[0] if branch.data else None
                if first is not None and first[0] is regex_parser.LITERAL and _is_ascii_letter(first[1]):
                    cases = [(regex_parser.LITERAL, ord(char)) for char in ignorecase_matches(chr(first[1]))]
                    exact = regex_parser.SubPattern(state, [(regex_parser.IN, cases)])
                    branch = regex_parser.SubPattern(
                        state, [(regex_parser.SUBPATTERN, (None, 0, re.IGNORECASE, exact)), *branch.data[1:]]
                    )
                branches.append(branch)
            data.append((op, (None, branches)))
        elif op is regex_parser.SUBPATTERN:
            _, add_flags, del_flags, inner = value
            inner_caseless = (caseless or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            data.append((op, (*value[:3], _first_in_exact_case(inner, inner_caseless))))
        elif op in (regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT):
            data.append((op, (value[0], value[1], _first_in_exact_case(value[2], caseless))))
        else:
            data.append((op, value))
    return regex_parser.SubPattern(state, data)


def _is_ascii_letter(code: int) -> bool:
    return code < 0x80 and chr(code).isalpha()


# Characters other than an ASCII letter's two cases that re.IGNORECASE may match to it: those whose lowercase
# is an ASCII letter (the dotted capital I, the Kelvin sign) and the letters the engine adds to a case.
_OTHER_CASES = "\u0130\u212a" + "".join(
    chr(other) for code in range(ord("a"), ord("z") + 1) for other in regex_compiler._EXTRA_CASES.get(code, ())
)


@cache
def ignorecase_matches(letter: str) -> tuple[str, ...]:
    """Every character ``re.IGNORECASE`` matches to an ASCII letter ("k": k, K and the Kelvin sign)."""
    candidates = {letter.lower(), letter.upper(), *_OTHER_CASES}
    return tuple(sorted(char for char in candidates if re.fullmatch(re.escape(letter), char, re.IGNORECASE)))


def prefiltered(regex: str, flags: int = 0) -> Prefiltered:
    """``re.compile``, with the test before each search."""
    return Prefiltered(re.compile(regex, flags))


def required_words(pattern: re.Pattern) -> tuple[tuple[str, ...], ...]:
    """Sets of words of which every match of the expression holds at least one from each set; the most
    selective first. Empty when nothing is certain."""
    parsed = regex_parser.parse(pattern.pattern, pattern.flags)
    caseless = bool(pattern.flags & re.IGNORECASE)
    candidates = [_covered(_shortest(words)) for words in _candidates(parsed, caseless)]
    # the longest shortest word prunes most; then the fewest words, which are quickest to look for
    candidates.sort(key=_selectivity)
    return tuple(candidates[:_MOST_SETS])


def _selectivity(words: tuple[str, ...]) -> tuple:
    # a shortest word of four characters ("not ") is rare enough: then the fewest words
    return (-min(4, *map(len, words)), len(words), -min(map(len, words)), words)


def _has_upper(word: str) -> bool:
    return word != word.lower()


def _shortest(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words without those holding another of them: where "did not accept" stands, so does "not"."""
    return tuple(word for word in words if not any(other in word and other != word for other in words))


def _covered(words: tuple[str, ...]) -> tuple[str, ...]:
    """Few beginnings of the words such that each word starts with one, in place of many words: looking for
    72 phrases of a negation costs more than the expression saves, and most start "not ". Chosen greedily,
    the beginning of most words first. (Beginnings, not any piece: endings such as "ing" are everywhere.)"""
    if len(words) <= _MOST_WORDS:
        return words
    left, pieces = set(words), []
    while left:
        counts: dict[str, int] = {}
        for word in left:
            for length in range(_SHORTEST_PIECE, len(word) + 1):
                counts[word[:length]] = counts.get(word[:length], 0) + 1
        if not counts:  # words shorter than a piece stay as they are
            pieces += sorted(left)
            break
        best = max(sorted(counts), key=lambda piece: (counts[piece], len(piece)))
        pieces.append(best)
        left = {word for word in left if best not in word}
    return _shortest(tuple(sorted(pieces)))


def _candidates(sequence, caseless: bool) -> list[tuple[str, ...]]:
    """Each set of words one of which every match of the sequence holds, found among its parts."""
    found: list[tuple[str, ...]] = []
    run: set[str] = {""}  # the spellings of the consecutive parts spelt out so far

    def close_run() -> None:
        words = {_SPACES.sub(" ", word) for word in run}
        if "" not in words and " " not in words:
            found.append(tuple(sorted(words)))
        run.clear()
        run.add("")

    for op, value in sequence:
        spelt = _spellings([(op, value)], caseless) if op in _PURE else _whitespace(op, value)
        if spelt is not None and len(spelt) * len(run) <= _MOST_SPELLINGS:
            _extend(run, spelt)
            continue
        close_run()
        if spelt is not None:  # too many spellings to join to the run: on their own
            _extend(run, spelt)
            continue
        if op is regex_parser.SUBPATTERN:
            found += _candidates(value[-1], _caseless(value, caseless))
        elif op is regex_parser.BRANCH:
            found += _either(value[1], caseless)
        elif op in (regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT) and value[0] >= 1:
            found += _candidates(value[2], caseless)
    close_run()
    return found


def _extend(run: set[str], spelt: tuple[str, ...]) -> None:
    joined = _join(run, spelt)
    run.clear()
    run.update(joined)


def _join(firsts, seconds) -> set[str]:
    """Every spelling of one part followed by the next. Words in exact case stay so only when joined to
    others in exact case (or to no letters): otherwise the whole is looked for lowered."""
    joined = set()
    for first, second in product(firsts, seconds):
        exact = (_has_upper(first) or not _has_letter(first)) and (_has_upper(second) or not _has_letter(second))
        joined.add(first + second if exact else (first + second).lower())
    return joined


def _has_letter(word: str) -> bool:
    return any(char.isalpha() for char in word)


def _caseless(subpattern, caseless: bool) -> bool:
    _, add_flags, del_flags, _ = subpattern
    return bool((caseless or add_flags & re.IGNORECASE) and not del_flags & re.IGNORECASE)


def _whitespace(op, value) -> tuple[str, ...] | None:
    """One space for a run of one or more whitespace characters (``\\s+``), which the text read has as one."""
    repeated = op in (regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT) and value[0] >= 1
    return (" ",) if repeated and _spellings(value[2], True) == (" ",) else None


def _either(branches, caseless: bool) -> list[tuple[str, ...]]:
    """A set of words every match of one of the branches holds: one set from each branch, joined."""
    words: set[str] = set()
    for branch in branches:
        sets = [_shortest(words) for words in _candidates(branch, caseless)]
        if not sets:
            return []
        words |= set(min(sets, key=_selectivity))
    return [tuple(sorted(words))]


def _spellings(sequence, caseless: bool) -> tuple[str, ...] | None:
    """Every string the sequence can match, when it is made only of ASCII characters, whitespace, choices
    of them and boundaries, and there are few enough; otherwise None. Whitespace is spelt as a space;
    letters lowered where case does not matter."""
    spellings: set[str] = {""}
    for op, value in sequence:
        if op is regex_parser.AT:  # a boundary matches no character: the words either side touch
            continue
        choices: tuple[str, ...] | None
        if op is regex_parser.LITERAL:
            if value > 0x7F:  # under IGNORECASE some non-ASCII letters match ASCII ones: not spelt out
                return None
            char = chr(value)
            choices = (" " if char.isspace() else char.lower() if caseless else char,)
        elif op is regex_parser.IN:
            choices = (" ",) if value == [(regex_parser.CATEGORY, regex_parser.CATEGORY_SPACE)] else None
        elif op is regex_parser.SUBPATTERN:
            choices = _spellings(value[-1], _caseless(value, caseless))
        elif op is regex_parser.BRANCH:
            choices = ()
            for branch in value[1]:
                spelt = _spellings(branch, caseless)
                if spelt is None:
                    return None
                choices += spelt
        else:
            choices = _whitespace(op, value)
        if choices is None:
            return None
        spellings = _join(spellings, choices)
        if len(spellings) > _MOST_SPELLINGS:
            return None
    return tuple(sorted(spellings))
