"""The pattern language of rule files, compiled to regular expressions both Hyperscan and ``re`` accept.

A pattern is words separated by spaces; whitespace between words matches any run of whitespace, line
breaks included. Each word may be:

- ``fail``: the word itself, in any case;
- ``fail+``: the word in all its forms (fail, fails, failed, failing);
- ``(a|an|the)``: one of several words (each may carry ``+``);
- ``@role``: any entry of the file's lexicon ``role`` (entries may be several words);
- ``_``: any one word;
- ``...``: up to four words, any (only between two other words);
- ``@role's``: the word or entry, with or without a possessive ('s or s');
- any of these followed by ``?``: optional;
- a plain word may end in a comma, which must then follow it: ``clearly,`` (as in "Clearly, the ...").

Apostrophes match straight and typographic quotes alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

APOSTROPHE = "['\u2018\u2019]"
WORD = "[A-Za-z\u00c0-\u024f]+(?:['\u2018\u2019][A-Za-z]+)?"  # real characters: Hyperscan reads no \u escapes
GAP = r"\s+"


class PatternError(ValueError):
    pass


def inflections(word: str) -> list[str]:
    """Regular forms of an English verb or noun: over-generating is harmless, missing a form is not."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word + "d"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    # longest first, so an alternation tries "failed" before "fail"; then by spelling, so the order (and the
    # rules' fingerprint) is the same in every process, whatever order the set iterates in
    return sorted(forms, key=lambda form: (-len(form), form))


def _literal(text: str) -> str:
    return re.escape(text).replace("'", APOSTROPHE).replace(r"\ ", GAP)


def _word(term: str, lexicons: Mapping[str, tuple[str, ...]]) -> str:
    if term == "_":
        return WORD
    if term.startswith("@"):
        name = term[1:]
        if name not in lexicons:
            raise PatternError(f"the lexicon '@{name}' is not defined in this file's lexicons")
        entries = sorted(lexicons[name], key=len, reverse=True)
        return "(?:" + "|".join(_word(entry.strip(), lexicons) for entry in entries) + ")"
    if term.startswith("(") and term.endswith(")"):
        choices = [choice for choice in term[1:-1].split("|")]
        if not all(choices):
            raise PatternError(f"'{term}' has an empty choice")
        return "(?:" + "|".join(_term_regex(choice, lexicons) for choice in choices) + ")"
    if " " in term.strip():
        return GAP.join(_word(part, lexicons) for part in term.split())
    if term.endswith("+"):
        stem = term[:-1]
        if not re.fullmatch(r"[A-Za-z']+", stem):
            raise PatternError(f"'{term}': only a plain word can take all its forms")
        return "(?:" + "|".join(_literal(form) for form in inflections(stem.lower())) + ")"
    if not re.fullmatch(r"[A-Za-z0-9'\-]+,?", term):
        raise PatternError(f"'{term}' is not a word, a (choice|list), an @lexicon or _")
    return _literal(term)


def _terms(pattern: str) -> list[str]:
    """Split on spaces, keeping (a|b c) groups and lexicon entries whole."""
    terms, depth, current = [], 0, ""
    for char in pattern.strip():
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise PatternError("a ')' has no '(' before it")
        if char == " " and depth == 0:
            if current:
                terms.append(current)
            current = ""
        else:
            current += char
    if depth:
        raise PatternError("a '(' is not closed")
    if current:
        terms.append(current)
    if not terms:
        raise PatternError("the pattern is empty")
    return terms


POSSESSIVE = f"(?:{APOSTROPHE}s|s{APOSTROPHE})?"


def _term_regex(term: str, lexicons: Mapping[str, tuple[str, ...]]) -> str:
    if term.endswith("'s") and len(term) > 2:
        return f"(?:{_word(term[:-2], lexicons)}){POSSESSIVE}"
    return f"(?:{_word(term, lexicons)})"


def compile_pattern(pattern: str, lexicons: Mapping[str, tuple[str, ...]]) -> str:
    """The regular expression for a pattern, bounded by word boundaries.

    Whitespace belongs to the optional word it separates, so a match never starts or ends on a space.
    """
    terms = _terms(pattern)
    if terms[0] == "..." or terms[-1] == "...":
        raise PatternError("'...' must stand between two words")
    parts = []
    for term in terms:
        if term == "...":
            parts.append((f"(?:{GAP}\\S+){{0,4}}", None))
            continue
        optional = term.endswith("?") and len(term) > 1
        parts.append((_term_regex(term[:-1] if optional else term, lexicons), optional))
    if all(optional is not False for _, optional in parts):
        raise PatternError("every word is optional, so the pattern could match nothing")
    regex, need_gap = "", False
    for body, optional in parts:
        if optional is None:  # the gap carries its own whitespace
            regex += body
        elif optional:
            regex += f"(?:{GAP}{body})?" if need_gap else f"(?:{body}{GAP})?"
        else:
            regex += (GAP if need_gap else "") + body
            need_gap = True
    return rf"\b{regex}\b"
