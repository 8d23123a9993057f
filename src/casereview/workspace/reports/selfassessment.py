"""The quality-marker self-assessment of a partnership for the board's annual report: how each marker stands
across all its reviews (met, partly met, not met, not judged), as a document for the Word output.

A marker casereview holds only in part is shown as such: its judgements rest on the partnership's copy of the
whole published marker, not only the questions held here. Names of people never appear in it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from casereview.markers import Judgement, get_framework

from ..accounts.models import Membership, Partnership
from ..assessments.models import MarkerJudgement
from ..findings import services as findings
from ..jinja import format_date
from ..reviews.models import Review
from .document import Builder, Document

ORDER = (Judgement.MET, Judgement.PARTLY_MET, Judgement.NOT_MET, Judgement.NOT_JUDGED)
COLUMNS = ("Met", "Partly met", "Not met", "Not judged")


def marker_title(marker) -> str:
    title = f"{marker.number}. {marker.title}"
    return f"{title} (held in part)" if not marker.is_complete else title


def judgements_of(reviews: list[Review]) -> dict[int, dict[str, Judgement]]:
    """Each review's judgement of each marker of its own framework, in one query (a missing one is not judged)."""
    framework_of = {review.pk: review.framework_id for review in reviews}
    found: dict[int, dict[str, Judgement]] = defaultdict(dict)
    for review_id, framework_id, marker_id, judgement in MarkerJudgement.objects.filter(
        review_id__in=list(framework_of)
    ).values_list("review_id", "framework_id", "marker_id", "judgement"):
        if framework_of[review_id] == framework_id:
            found[review_id][marker_id] = Judgement(judgement)
    return found


def _learning(reviews: list[Review], out: Builder) -> None:
    """What each review found and what is done about it: the evidence the learning markers rest on, in the words
    the marker pages give it."""
    out.heading("Findings, recommendations and actions", 1)
    out.paragraph(
        "For each review: its findings, the board's responses to its recommendations, and the progress and impact "
        "of the actions on them. The markers on improvement action, the board's response and implementation rest "
        "on these records."
    )
    rows = []
    for review in reviews:
        rows.append(
            (
                review.reference,
                *(
                    "\n".join(findings.evidence_lines(found))
                    for found in (
                        findings.findings_evidence(review),
                        findings.recommendations_evidence(review),
                        findings.actions_evidence(review),
                    )
                ),
            )
        )
    out.table(
        "Findings, recommendations and actions of each review",
        ("Review", "Findings", "Recommendations", "Actions"),
        rows,
    )


def self_assessment(partnership: Partnership, *, made_by: AbstractBaseUser | None = None) -> Document:
    reviews = list(Review.objects.filter(partnership=partnership, archived_at__isnull=True).order_by("reference"))
    judged = judgements_of(reviews)
    by_framework: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_framework[review.framework_id].append(review)
    out = Builder()
    for framework_id, framework_reviews in sorted(by_framework.items()):
        framework = get_framework(framework_id)
        out.heading(framework.short_title, 1)
        count = len(framework_reviews)
        out.paragraph(
            f"{count} review{'s' if count != 1 else ''} under the {framework.title} ({framework.publisher}, "
            f"{framework.year}): {', '.join(review.reference for review in framework_reviews)}."
        )
        out.heading("Each marker across the reviews", 2)
        rows, totals = [], Counter()
        for marker in framework.markers:
            counts = Counter(judged[review.pk].get(marker.id, Judgement.NOT_JUDGED) for review in framework_reviews)
            totals.update(counts)
            rows.append((marker_title(marker), *(str(counts[judgement]) for judgement in ORDER)))
        rows.append(("All markers", *(str(totals[judgement]) for judgement in ORDER)))
        out.table(
            f"{framework.short_title}: how many reviews judged each marker met, partly met or not met",
            ("Marker", *COLUMNS),
            rows,
        )
        partial = [marker for marker in framework.markers if not marker.is_complete]
        if partial:
            out.paragraph(
                f"{len(partial)} of the {len(framework.markers)} markers are held by casereview only in part "
                "(marked “held in part”): their judgements rest on the partnership's copy of the whole "
                "published marker.",
                note=True,
            )
        out.heading("Each review", 2)
        review_rows = []
        for review in framework_reviews:
            counts = Counter(judged[review.pk].get(marker.id, Judgement.NOT_JUDGED) for marker in framework.markers)
            review_rows.append(
                (
                    f"{review.reference}\n{review.get_review_type_display()}, {review.get_stage_display().lower()}",
                    *(str(counts[judgement]) for judgement in ORDER),
                )
            )
        out.table(f"{framework.short_title}: markers of each review by judgement", ("Review", *COLUMNS), review_rows)
    if reviews:
        _learning(reviews, out)
    else:
        out.paragraph("The partnership has no review on its register yet.")
    made_at = timezone.localtime()
    role = Membership.objects.filter(user=made_by, partnership=partnership).first() if made_by is not None else None
    introduction = (
        f"How each quality marker stands across the reviews on {partnership.name}'s register, for the board's "
        f"annual report. Made on {format_date(made_at.date())}. Archived reviews are left out.",
    )
    return Document(
        title="Quality marker self-assessment",
        partnership=partnership.name,
        made_at=made_at,
        introduction=introduction,
        blocks=tuple(out.blocks),
        kind="Quality marker self-assessment",
        author=role.get_role_display() if role is not None else partnership.name,
    )
