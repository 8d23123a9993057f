"""Learning across a partnership's reviews: how often each theme and causation category appears, with the findings
side by side; findings that recur (kept by ``recurrence`` when findings are saved) with what was done about the
earlier ones; and the annual report's section on reviews, as Word."""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import docx
from django.core.paginator import Page, Paginator

from casereview.causation import shipped_models

from ..accounts.models import Partnership
from ..reports.document import printable
from ..reviews.models import Review, ReviewType
from .models import Finding, ImprovementAction, Recommendation, Response, Status
from .recurrence import Kept, keep_fresh, kept_recurrences, match_counts, started_on
from .services import theme_names

# Findings named beside a theme or category; the rest are counted.
FINDINGS_NAMED = 5


@dataclass(frozen=True)
class Tally:
    """One theme or category: the findings coded to it, in the order of their reviews."""

    id: str
    name: str
    findings: list[Finding]

    @property
    def reviews(self) -> list[str]:
        return list(dict.fromkeys(finding.review.reference for finding in self.findings))

    @property
    def named(self) -> list[Finding]:
        """The findings shown by name beside the tally: a large partnership has hundreds under one theme."""
        return self.findings[:FINDINGS_NAMED]


def partnership_findings(partnership: Partnership) -> list[Finding]:
    """Every finding of the partnership with what a tally shows of it: a partnership of some years has thousands,
    and making each with every field of its review took longer than the rest of the page."""
    return list(
        Finding.objects.filter(review__partnership=partnership)
        .select_related("review")
        .only("number", "statement", "themes", "categories", "causation_model_id", "review__reference")
        .order_by("review__reference", "number")
    )


def theme_tallies(partnership: Partnership, findings: list[Finding] | None = None) -> list[Tally]:
    """Each theme with findings, most often first."""
    findings = partnership_findings(partnership) if findings is None else findings
    names = theme_names(partnership)
    by_theme: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        for theme in finding.themes:
            by_theme[theme].append(finding)
    tallies = [Tally(theme, names.get(theme, theme), found) for theme, found in by_theme.items()]
    return sorted(tallies, key=lambda tally: (-len(tally.findings), tally.name))


def category_tallies(partnership: Partnership, findings: list[Finding] | None = None) -> list[tuple[str, list[Tally]]]:
    """For each causation model findings were coded to, its categories with findings, most often first."""
    findings = partnership_findings(partnership) if findings is None else findings
    by_model: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        for category in finding.categories:
            by_model[finding.causation_model_id][category].append(finding)
    models = shipped_models()
    result = []
    for model_id, categories in by_model.items():
        model = models.get(model_id)
        if model is None:
            continue
        names = {category.id: category.name for category in model.categories}
        tallies = [Tally(code, names.get(code, code), found) for code, found in categories.items()]
        result.append((model.title, sorted(tallies, key=lambda tally: (-len(tally.findings), tally.name))))
    return result


# How many of a finding's earlier matches a page shows beside it, closest first; the rest are a link away.
SHOWN = 3
# Findings found before, per page of learning across reviews, and matches per page of one finding's.
FINDINGS_PER_PAGE = 25
MATCHES_PER_PAGE = 20


@dataclass(frozen=True)
class Recurrence:
    """A finding that repeats an earlier review's finding, why the match was made, and what was done before: the
    earlier finding's actions, open ones first (so the overdue lead), then those closed."""

    finding: Finding
    earlier: Finding
    score: float
    shared_words: tuple[str, ...]
    shared_themes: tuple[str, ...]
    earlier_actions: list[ImprovementAction]

    @property
    def action_counts(self) -> list[tuple[str, int]]:
        """How many of the earlier actions have each status, in the order an action moves through them."""
        counted = Counter(action.status for action in self.earlier_actions)
        return [(status.label.lower(), counted[status]) for status in Status if counted[status]]

    def overdue(self, today: datetime.date) -> int:
        return sum(action.is_overdue(today) for action in self.earlier_actions)


@dataclass(frozen=True)
class FoundBefore:
    """A finding with the closest of the earlier findings it repeats, and how many it repeats in all."""

    finding: Finding
    closest: list[Recurrence]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.closest)


def recurrences(
    partnership: Partnership,
    *,
    review: Review | None = None,
    finding_ids: Iterable[int] | None = None,
    shown: int | None = None,
    unkept: dict[int, list[Kept]] | None = None,
) -> list[Recurrence]:
    """Findings (of ``review``, or of every review; of ``finding_ids`` only, if given) that match a finding of a
    review that began earlier, closest first, at most ``shown`` for each finding, as kept when the findings were
    saved (``recurrence``)."""
    return _hydrated(
        partnership,
        kept_recurrences(partnership, review, unkept=unkept, finding_ids=finding_ids, shown=shown),
    )


def _hydrated(partnership: Partnership, kept: list[Kept]) -> list[Recurrence]:
    if not kept:
        return []
    names = theme_names(partnership)
    by_pk = Finding.objects.select_related("review").in_bulk({pk for item in kept for pk in item[:2]})
    actions: dict[int, list[ImprovementAction]] = defaultdict(list)
    earlier_ids = {item[1] for item in kept}
    for action in (
        ImprovementAction.objects.filter(recommendation__finding_links__finding_id__in=earlier_ids)
        # With its impact: the page shows each earlier action's, and would otherwise ask once per action.
        .select_related("recommendation", "impact")
        .prefetch_related("recommendation__finding_links")
        .distinct()
        .order_by("due_on", "pk")
    ):
        for link in action.recommendation.finding_links.all():
            if link.finding_id in earlier_ids:
                actions[link.finding_id].append(action)
    for listed in actions.values():
        listed.sort(key=lambda action: not action.is_open)  # stable: by due date within open and closed
    return [
        Recurrence(
            finding=by_pk[finding],
            earlier=by_pk[earlier],
            score=score,
            shared_words=tuple(words),
            shared_themes=tuple(names.get(theme, theme) for theme in themes),
            earlier_actions=actions[earlier],
        )
        for finding, earlier, score, words, themes in kept
    ]


def _found_before(
    partnership: Partnership, counts: dict[int, tuple[int, float]], ids: list[int], unkept: dict[int, list[Kept]]
) -> list[FoundBefore]:
    grouped: dict[int, list[Recurrence]] = defaultdict(list)
    for found in recurrences(partnership, finding_ids=ids, shown=SHOWN, unkept=unkept):
        grouped[found.finding.pk].append(found)
    return [FoundBefore(grouped[pk][0].finding, grouped[pk], counts[pk][0]) for pk in ids if grouped[pk]]


def found_before_in(review: Review) -> dict[int, FoundBefore]:
    """For each finding of ``review`` that repeats earlier ones, the closest few and how many in all: a fixed
    number of queries, however many earlier findings match."""
    unkept = keep_fresh(review.partnership, review)
    counts = match_counts(review.partnership, review, unkept=unkept)
    return {item.finding.pk: item for item in _found_before(review.partnership, counts, list(counts), unkept)}


def found_before_page(
    partnership: Partnership, number: object, *, findings: list[Finding], theme: str = ""
) -> tuple[Page, list[FoundBefore]]:
    """One page of the partnership's findings that repeat earlier ones (coded to ``theme``, if given), those with
    the closest match first, each with its closest few; ``findings`` are those of ``partnership_findings``."""
    unkept = keep_fresh(partnership)
    counts = match_counts(partnership, unkept=unkept)
    if theme:
        coded = {finding.pk for finding in findings if theme in finding.themes}
        counts = {pk: value for pk, value in counts.items() if pk in coded}
    ordered = sorted(counts, key=lambda pk: (-counts[pk][1], pk))
    page = Paginator(ordered, FINDINGS_PER_PAGE).get_page(number)
    return page, _found_before(partnership, counts, list(page.object_list), unkept)


def matches_page(finding: Finding, number: object) -> Page:
    """One page of every earlier finding that ``finding`` repeats, closest first, with what was done about each."""
    partnership = finding.review.partnership
    kept = kept_recurrences(partnership, finding.review, finding_ids=[finding.pk])
    page = Paginator(kept, MATCHES_PER_PAGE).get_page(number)
    page.object_list = _hydrated(partnership, list(page.object_list))
    return page


# --- the annual report ---------------------------------------------------------------------------------------

ADULT_TYPES = (ReviewType.SAR_MANDATORY, ReviewType.SAR_DISCRETIONARY)
CHILD_TYPES = (ReviewType.SCR, ReviewType.RAPID_REVIEW, ReviewType.LCSPR)
REPORTS = {
    "adults": ("Safeguarding Adults Reviews", ADULT_TYPES),
    "children": ("Child safeguarding practice reviews", CHILD_TYPES),
}


def financial_year(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The financial year (1 April to 31 March) beginning in ``start_year``: the year a board reports on."""
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


def _concluded_on(review: Review) -> datetime.date | None:
    return review.publication_date or review.closed_on


def annual_report_docx(partnership: Partnership, *, kind: str, start_year: int) -> bytes:
    """The annual report's section on reviews: those concluded in the year and those in progress, what was done
    about their findings, and the findings not acted on and why (Care Act 2014, Schedule 2, paragraph 4, for a
    Safeguarding Adults Board; the children's partnership's yearly report has the same shape)."""
    title, types = REPORTS[kind]
    first, last = financial_year(start_year)
    reviews = list(partnership.reviews.filter(review_type__in=types).order_by("reference"))
    concluded = [r for r in reviews if (_concluded_on(r) is not None and first <= _concluded_on(r) <= last)]
    in_progress = [r for r in reviews if _concluded_on(r) is None and started_on(r) <= last]
    recommendations = list(
        Recommendation.objects.filter(review__in=concluded)
        .select_related("review")
        .prefetch_related("actions")
        .order_by("review__reference", "number")
    )
    document = docx.Document()
    # Named once: python-docx looks a style's name up among every style of the document for each paragraph given it,
    # a third of the time of a year of a large partnership's reviews.
    bullet_style = document.styles["List Bullet"].style_id

    def bullet(text: str) -> None:
        document.add_paragraph(printable(text))._p.style = bullet_style

    document.add_heading(f"{title}: {first:%B %Y} to {last:%B %Y}", level=1)
    document.add_paragraph(printable(f"{partnership.name}. Made with casereview from the reviews' records."))

    document.add_heading(f"Reviews concluded in the year ({len(concluded)})", level=2)
    for review in concluded:
        label = ReviewType(review.review_type).label
        bullet(f"{review.reference} ({label}), concluded {_concluded_on(review):%-d %B %Y}.")
    if not concluded:
        document.add_paragraph("None.")
    document.add_heading(f"Reviews in progress ({len(in_progress)})", level=2)
    for review in in_progress:
        bullet(f"{review.reference} ({ReviewType(review.review_type).label}).")
    if not in_progress:
        document.add_paragraph("None.")

    document.add_heading("What was done about their findings", level=2)
    if not recommendations:
        document.add_paragraph("No recommendations were recorded for the reviews concluded in the year.")
    else:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["Review", "Recommendation", "Response", "Actions"], strict=True):
            cell.text = text
        for recommendation in recommendations:
            cells = table.add_row().cells
            cells[0].text = printable(recommendation.review.reference)
            cells[1].text = printable(f"{recommendation.number}. {recommendation.text}")
            cells[2].text = Response(recommendation.response).label if recommendation.response else "Awaiting"
            # A paste from Word can bring characters a .docx cannot hold (its line break is \x0b).
            cells[3].text = printable(
                "\n".join(
                    f"{action.agency}: {action.description} ({Status(action.status).label.lower()})"
                    for action in recommendation.actions.all()
                )
                or "None planned"
            )

    document.add_heading("Findings not acted on, and why", level=2)
    reasons = []
    for recommendation in recommendations:
        if recommendation.response in (Response.NOT_ACCEPTED, Response.ACCEPTED_IN_PART):
            reasons.append(
                f"{recommendation.review.reference}, recommendation {recommendation.number} "
                f"({Response(recommendation.response).label.lower()}): {recommendation.response_reason}"
            )
        for action in recommendation.actions.all():
            if action.status == Status.NOT_DOING:
                reasons.append(
                    f"{recommendation.review.reference}, recommendation {recommendation.number}, action of "
                    f"{action.agency} not being done: {action.not_doing_reason}"
                )
    for reason in reasons:
        bullet(reason)
    if not reasons:
        document.add_paragraph("Every recommendation was accepted and no action was set aside.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
