"""Wording checks made when a text is saved and read on every page view.

A text's check is stored under the text's digest with the fingerprint of the rules and sentence model that
made it. Pages ask
for the checks of the texts they show in one query; a check that is missing or was made under other rules
(the rules changed since) is made once, stored and shown. ``recheck`` does that for every saved text ahead
of time, after an upgrade that changed the rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.apps import apps
from django.db import DatabaseError, transaction

from casereview.language import RuleSet, check_text, fingerprint, shipped_rules

from .models import StoredCheck, digest
from .results import FORMAT, CheckSummary, Wording, shown, stored_result, summarised

logger = logging.getLogger(__name__)

Key = TypeVar("Key", bound=Hashable)

# Every saved text that pages show with its wording check: (model label, field).
CHECKED_TEXTS = (
    ("purpose.purposestatement", "text"),
    ("purpose.communication", "summary"),
    ("concerns.concern", "description"),
    ("findings.finding", "statement"),
)


def _checked(text: str, rules: RuleSet) -> StoredCheck:
    return StoredCheck(digest=digest(text), rules=fingerprint(rules), result=stored_result(check_text(text, rules)))


def _keep(checks: list[StoredCheck]) -> None:
    StoredCheck.objects.bulk_create(
        checks, update_conflicts=True, unique_fields=["digest"], update_fields=["rules", "result"]
    )


def store_check(text: str) -> None:
    """Check the text and keep the result. Call when the text is saved, inside the saving transaction, so
    the record and its check commit together."""
    _keep([_checked(text, shipped_rules())])


def store_checks(texts: Iterable[str]) -> None:
    """``store_check`` for many texts at once (an imported review's), each distinct text checked once."""
    rules = shipped_rules()
    _keep([_checked(text, rules) for text in dict.fromkeys(texts)])


def _stored_results(texts: Mapping[Key, str], rules: RuleSet) -> dict[Key, dict]:
    """The stored result of each text's check, read in one query. A text with no check under the current
    rules is checked now and its check stored, once, for every later view."""
    return _results_by_digest(
        {key: digest(text) for key, text in texts.items()}, lambda keys: {key: texts[key] for key in keys}, rules
    )


def _results_by_digest(
    digests: Mapping[Key, str], read_texts: Callable[[Collection[Key]], Mapping[Key, str]], rules: RuleSet
) -> dict[Key, dict]:
    """The stored result of the check of each text, found by the text's digest; ``read_texts`` is asked only for
    the texts that have no check under the current rules, which are checked now and stored."""
    results = _current_results(set(digests.values()), rules)
    by_key = {key: results[found] for key, found in digests.items() if found in results}
    lacking = [key for key in digests if key not in by_key]
    if lacking:
        texts = read_texts(lacking)
        # By the text's own digest: a record restored from a backup made before it kept one has an empty digest.
        own = {key: digest(texts[key]) for key in lacking}
        results = _current_results(set(own.values()), rules)
        missing: dict[str, StoredCheck] = {}
        for key in lacking:
            if own[key] not in results and own[key] not in missing:
                missing[own[key]] = _checked(texts[key], rules)
        if missing:
            _keep_if_possible(list(missing.values()))
            results.update({found: check.result for found, check in missing.items()})
        by_key.update({key: results[own[key]] for key in lacking})
    return {key: by_key[key] for key in digests}


def _current_results(digests: set[str], rules: RuleSet) -> dict[str, dict]:
    return {
        found: result
        for found, result in StoredCheck.objects.filter(digest__in=digests, rules=fingerprint(rules)).values_list(
            "digest", "result"
        )
        if result.get("format") == FORMAT
    }


def stored_wordings(texts: Mapping[Key, str]) -> dict[Key, Wording]:
    """The stored check of each text, by the caller's key, marked in the text for showing it in full."""
    rules = shipped_rules()
    results = _stored_results(texts, rules)
    return {key: shown(text, results[key], rules) for key, text in texts.items()}


def stored_summaries(texts: Mapping[Key, str]) -> dict[Key, CheckSummary]:
    """The verdict and counts of each text's stored check, for documents that mention a text in one line."""
    return {key: summarised(result) for key, result in _stored_results(texts, shipped_rules()).items()}


def stored_summaries_by_digest(
    digests: Mapping[Key, str], read_texts: Callable[[Collection[Key]], Mapping[Key, str]]
) -> dict[Key, CheckSummary]:
    """The verdict and counts of each text's stored check, for pages that mention a text in one line, found by
    the digest its record keeps: no text is read unless its check is missing (the rules changed), when
    ``read_texts`` gives those texts, by key."""
    results = _results_by_digest(digests, read_texts, shipped_rules())
    return {key: summarised(result) for key, result in results.items()}


def stored_wording(text: str) -> Wording:
    return stored_wordings({0: text})[0]


def _keep_if_possible(checks: list[StoredCheck]) -> None:
    # A page that had to make a check still shows it when storing fails (another writer holding SQLite's
    # lock past the timeout): the next view stores it instead. Reading must never fail for a cache.
    try:
        with transaction.atomic():
            _keep(checks)
    except DatabaseError:
        logger.warning("Could not store %d wording checks; they will be made again on the next view", len(checks))


def draft_wording(text: str) -> Wording:
    """The check of a draft that is not saved (the live check while typing): made now, not stored. The
    caller bounds the text's length; the findings marked are bounded here as for every check."""
    rules = shipped_rules()
    return shown(text, stored_result(check_text(text, rules)), rules)


# --- after the rules change --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recheck:
    texts: int  # saved texts with a wording check
    made: int  # checks made now: missing, or made under other rules
    removed: int  # stored checks no saved text uses any more


def _saved_texts() -> Iterator[str]:
    for label, field in CHECKED_TEXTS:
        yield from apps.get_model(label).objects.values_list(field, flat=True).iterator(chunk_size=200)


def recheck(progress: Callable[[str], None] = lambda message: None, batch: int = 50) -> Recheck:
    """Make the check of every saved text that has none under the current rules, and remove the checks no
    saved text uses any more. Texts are read in two passes, never all held at once.

    A text saved while this runs is checked by its own save; one whose check this removes as unused in
    that moment is checked again when a page first shows it.
    """
    rules = shipped_rules()
    current = set(
        StoredCheck.objects.filter(rules=fingerprint(rules), result__format=FORMAT).values_list("digest", flat=True)
    )
    in_use: set[str] = set()
    to_make = 0
    for text in _saved_texts():
        found = digest(text)
        if found not in in_use and found not in current:
            to_make += 1
        in_use.add(found)
    progress(f"{len(in_use):,} saved texts; {to_make:,} to check under the current rules.")
    made = 0
    pending: list[StoredCheck] = []
    for text in _saved_texts():
        found = digest(text)
        if found in current:
            continue
        current.add(found)
        pending.append(_checked(text, rules))
        if len(pending) == batch:
            _keep(pending)
            made += len(pending)
            pending = []
            progress(f"Checked {made:,} of {to_make:,}.")
    if pending:
        _keep(pending)
        made += len(pending)
        progress(f"Checked {made:,} of {to_make:,}.")
    unused = [found for found in StoredCheck.objects.values_list("digest", flat=True) if found not in in_use]
    for start in range(0, len(unused), 500):
        StoredCheck.objects.filter(digest__in=unused[start : start + 500]).delete()
    return Recheck(texts=len(in_use), made=made, removed=len(unused))
