"""Findings that recur across a partnership's reviews, kept rather than matched on every view.

A review's findings are matched (``casereview.themes.recurrence``) against the findings of every review of the
partnership that began before it, and the matches are kept (``StoredRecurrence``) with a fingerprint of what they
were made from (``RecurrenceState``): the matching's own fingerprint and, for the review and each earlier one, how
many findings it has and when they last changed. Saving or removing a finding changes the fingerprint of its own
review and of every later one, so ``refresh`` makes exactly those again, inside the saving transaction. A review
whose fingerprint differs on a view (a review imported, a date changed so that another review now comes first,
the matching changed on an upgrade) is matched then, once, and kept.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import Count, F, Max, TextField, Window
from django.db.models.functions import Cast, RowNumber

from casereview.themes import recurrence as engine

from ..accounts.models import Partnership
from ..reviews.models import Review
from .models import Finding, RecurrenceState, StoredRecurrence

logger = logging.getLogger(__name__)

# (finding id, earlier finding id, score, shared words, shared theme ids)
Kept = tuple[int, int, float, list[str], list[str]]


def started_on(review: Review) -> datetime.date:
    """When a review began, for telling an earlier review from a later one: the decision to review; before one
    is recorded, the day the local authority became aware of the incident (where the statutory clocks of a
    child's review start), then the referral or notification; failing all of them, the day it was registered."""
    return (
        review.decision_date
        or review.aware_date
        or review.notification_date
        or review.initiation_date
        or review.created_at.date()
    )


def fingerprints(partnership: Partnership) -> dict[int, str]:
    """The fingerprint each review with findings should have its recurrences kept under, from two small queries."""
    # With the partnership: the related manager reads each review's, and would ask once per review for it.
    reviews = {
        review.pk: review
        for review in partnership.reviews.only(
            "pk", "partnership", "decision_date", "aware_date", "notification_date", "initiation_date", "created_at"
        )
    }
    counts = {
        row["review_id"]: row
        for row in Finding.objects.filter(review__partnership=partnership)
        .values("review_id")
        .annotate(count=Count("pk"), last=Max("recorded_at"), top=Max("pk"))
    }
    began = {pk: started_on(review) for pk, review in reviews.items()}
    method = engine.fingerprint()
    # Each review's part written once, not once for every review it is earlier than: a partnership of some hundred
    # reviews wrote it tens of thousands of times on every view of a findings page.
    parts = [
        (other, began[other], f"{other}:{row['count']}:{row['top']}:{row['last'].isoformat()}")
        for other, row in sorted(counts.items())
    ]
    result = {}
    for pk in counts:
        made_from = [method, str(pk)] + [part for other, start, part in parts if other == pk or start < began[pk]]
        result[pk] = hashlib.sha256("|".join(made_from).encode()).hexdigest()
    return result


def _stale(partnership: Partnership, review_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The reviews (of ``review_ids``, or all) whose kept recurrences are not those of their findings now, with
    the fingerprint they should have."""
    wanted = fingerprints(partnership)
    if review_ids is not None:
        chosen = set(review_ids)
        wanted = {pk: value for pk, value in wanted.items() if pk in chosen}
    kept = dict(RecurrenceState.objects.filter(review_id__in=wanted).values_list("review_id", "fingerprint"))
    return {pk: value for pk, value in wanted.items() if kept.get(pk) != value}


def _matched(partnership: Partnership, review_ids: Iterable[int]) -> dict[int, list[Kept]]:
    """Each review's findings matched now against those of the reviews that began before it."""
    findings = list(
        Finding.objects.filter(review__partnership=partnership).values_list("pk", "review_id", "statement", "themes")
    )
    # With the partnership, as in ``fingerprints``.
    began = {
        review.pk: started_on(review)
        for review in partnership.reviews.only(
            "pk", "partnership", "decision_date", "aware_date", "notification_date", "initiation_date", "created_at"
        )
    }
    # Read once for all the reviews: a change to an early review's finding matches every later review again.
    read = engine.Findings(
        {pk: statement for pk, _, statement, _ in findings}, {pk: found_themes for pk, _, _, found_themes in findings}
    )
    # The findings in the order their reviews began, so that those of the reviews before one are the first few
    # (given to the matching in the order read, as ever).
    by_start = sorted(range(len(findings)), key=lambda place: began[findings[place][1]])
    starts = [began[findings[place][1]] for place in by_start]
    of_review: dict[int, list[int]] = defaultdict(list)
    for pk, review, _, _ in findings:
        of_review[review].append(pk)
    result: dict[int, list[Kept]] = {}
    for review_id in review_ids:
        new = of_review[review_id]
        before = sorted(by_start[: bisect.bisect_left(starts, began[review_id])])
        earlier = [findings[place][0] for place in before]
        matches = read.recurring(new, earlier)
        result[review_id] = [
            (match.finding, match.earlier, match.score, list(match.shared_words), list(match.shared_themes))
            for match in matches
        ]
    return result


def _keep(matched: dict[int, list[Kept]], fingerprint_of: dict[int, str]) -> None:
    # Only what changed is written: a change to an early review's finding matches every later review again, and
    # their tens of thousands of matches are nearly all as they were.
    wanted = {
        (finding, earlier): (score, words, themes)
        for kept in matched.values()
        for finding, earlier, score, words, themes in kept
    }
    gone = []
    # The kept words as the database writes them out (the JSON Django wrote, and PostgreSQL's text of it, are alike
    # for these lists of plain words), compared with the wanted ones written the same way: decoding tens of
    # thousands of lists took longer than the rest of the comparison. A list written otherwise is only kept again.
    for pk, finding, earlier, score, words, themes in StoredRecurrence.objects.filter(
        finding__review_id__in=matched
    ).values_list(
        "pk",
        "finding_id",
        "earlier_id",
        "score",
        Cast("shared_words", TextField()),
        Cast("shared_themes", TextField()),
    ):
        same = wanted.get((finding, earlier))
        if same is not None and same[0] == score and json.dumps(same[1]) == words and json.dumps(same[2]) == themes:
            del wanted[finding, earlier]
        else:
            gone.append(pk)
    StoredRecurrence.objects.filter(pk__in=gone).delete()
    StoredRecurrence.objects.bulk_create(
        StoredRecurrence(finding_id=finding, earlier_id=earlier, score=score, shared_words=words, shared_themes=themes)
        for (finding, earlier), (score, words, themes) in wanted.items()
    )
    states = {state.review_id: state for state in RecurrenceState.objects.filter(review_id__in=matched)}
    for state in states.values():
        state.fingerprint = fingerprint_of[state.review_id]
    RecurrenceState.objects.bulk_update(states.values(), ["fingerprint"])
    RecurrenceState.objects.bulk_create(
        RecurrenceState(review_id=review_id, fingerprint=fingerprint_of[review_id])
        for review_id in matched
        if review_id not in states
    )


def refresh(partnership: Partnership) -> None:
    """Match again the reviews whose findings, or earlier reviews' findings, changed. Call inside the transaction
    that saved or removed a finding, after it did, so the finding and its recurrences commit together."""
    # One refresh of a partnership at a time: two at once would each clear and refill the same reviews' matches.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()
    stale = _stale(partnership)
    if stale:
        _keep(_matched(partnership, stale), stale)


@dataclass(frozen=True)
class Rematch:
    partnerships: int
    reviews: int  # reviews with findings
    matched: int  # of them, matched again now
    kept: int  # recurrences kept, in all the partnerships, once done


def rematch(progress: Callable[[str], None] = lambda message: None, *, every: bool = False) -> Rematch:
    """Match again, and keep, every partnership's reviews whose kept recurrences are stale (after an upgrade that
    changed the matching, all of them), or with ``every`` all reviews whatever they were kept under. One transaction
    per partnership, which saving a finding there waits for."""
    reviews = matched = 0
    partnerships = list(Partnership.objects.order_by("name"))
    for partnership in partnerships:
        with transaction.atomic():
            Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()
            wanted = fingerprints(partnership)
            stale = wanted if every else _stale(partnership)
            if stale:
                _keep(_matched(partnership, stale), stale)
        reviews += len(wanted)
        matched += len(stale)
        progress(f"{partnership.name}: {len(stale):,} of {len(wanted):,} reviews with findings matched again.")
    return Rematch(len(partnerships), reviews, matched, StoredRecurrence.objects.count())


def keep_fresh(partnership: Partnership, review: Review | None = None) -> dict[int, list[Kept]]:
    """Match again, and keep, the reviews (``review``, or all) whose kept recurrences are stale. Returns the matches
    of any review the database would not let us keep, so that a page can still show them."""
    stale = _stale(partnership, None if review is None else [review.pk])
    if not stale:
        return {}
    fresh = _matched(partnership, stale)
    try:
        with transaction.atomic():
            Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()
            _keep(fresh, stale)
    except DatabaseError:
        logger.warning("Could not keep the recurrences of %d reviews; they will be matched again", len(stale))
        return fresh
    return {}


def _rows(partnership: Partnership, review: Review | None, unkept: dict[int, list[Kept]]):
    rows = StoredRecurrence.objects.filter(finding__review__partnership=partnership).exclude(
        finding__review_id__in=unkept
    )
    return rows if review is None else rows.filter(finding__review=review)


def _closest(kept: Kept) -> tuple:
    return (-kept[2], kept[0], kept[1])


def kept_recurrences(
    partnership: Partnership,
    review: Review | None = None,
    *,
    unkept: dict[int, list[Kept]] | None = None,
    finding_ids: Iterable[int] | None = None,
    shown: int | None = None,
) -> list[Kept]:
    """The recurrences of ``review``'s findings (or of every review's; of ``finding_ids`` only, if given), closest
    first, at most ``shown`` for each finding, as kept. ``unkept`` is what ``keep_fresh`` returned; without it,
    stale reviews are matched and kept first."""
    unkept = keep_fresh(partnership, review) if unkept is None else unkept
    rows = _rows(partnership, review, unkept)
    wanted = None if finding_ids is None else set(finding_ids)
    if wanted is not None:
        rows = rows.filter(finding_id__in=wanted)
    if shown is not None:
        # Only the closest few of each finding leave the database, however many earlier findings it matches.
        rows = rows.alias(
            place=Window(RowNumber(), partition_by=[F("finding_id")], order_by=[F("score").desc(), F("earlier_id")])
        ).filter(place__lte=shown)
    found: list[Kept] = [
        (finding, earlier, score, words, themes)
        for finding, earlier, score, words, themes in rows.values_list(
            "finding_id", "earlier_id", "score", "shared_words", "shared_themes"
        )
    ]
    extra = sorted(
        (kept for matches in unkept.values() for kept in matches if wanted is None or kept[0] in wanted), key=_closest
    )
    if shown is not None:
        placed: dict[int, int] = defaultdict(int)
        for kept in extra:
            placed[kept[0]] += 1
            if placed[kept[0]] <= shown:
                found.append(kept)
    else:
        found.extend(extra)
    found.sort(key=_closest)  # the closest first, whichever review they are of
    return found


def match_counts(
    partnership: Partnership, review: Review | None = None, *, unkept: dict[int, list[Kept]] | None = None
) -> dict[int, tuple[int, float]]:
    """For each finding (of ``review``, or of every review) that repeats an earlier one: how many earlier findings
    it matches and how closely the best does, counted by the database rather than by listing them."""
    unkept = keep_fresh(partnership, review) if unkept is None else unkept
    counts = {
        row["finding_id"]: (row["count"], row["best"])
        for row in _rows(partnership, review, unkept)
        .order_by()
        .values("finding_id")
        .annotate(count=Count("pk"), best=Max("score"))
    }
    for matches in unkept.values():
        for finding, _, score, _, _ in matches:
            count, best = counts.get(finding, (0, 0.0))
            counts[finding] = (count + 1, max(best, score))
    return counts
