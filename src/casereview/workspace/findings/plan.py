"""The partnership's action plan: every action across its reviews, overdue first, filtered, as a page, a CSV file
and a Word document."""

from __future__ import annotations

import copy
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from django.core.paginator import Page, Paginator
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..accounts.models import Partnership
from ..audit.services import spreadsheet_cell
from ..reports.document import printable
from .models import OPEN_STATUSES, ImprovementAction, ProgressNote, RecommendationFinding, Status
from .services import theme_names

# What the status filter offers besides each status: the open ones (the default) and everything.
OPEN = "open"
ALL = "all"
STATUS_FILTERS = [(OPEN, "Open (not started or in progress)"), *Status.choices, (ALL, "All")]
# Rows on one page of the plan: a partnership of some years has hundreds of actions; the downloads hold them all.
ACTIONS_PER_PAGE = 50


@dataclass(frozen=True)
class PlanRow:
    action: ImprovementAction
    review_id: int
    review: str
    recommendation: int
    themes: tuple[str, ...]
    overdue: bool


def plan_rows(
    partnership: Partnership,
    *,
    today: datetime.date,
    agency: str = "",
    review_id: int | None = None,
    theme: str = "",
    status: str = OPEN,
) -> list[PlanRow]:
    """The partnership's actions matching the filters, overdue first and then by due date. Three queries,
    whatever the number of actions."""
    # Every field of each action, but of its recommendation and review only what a row shows: the plan of a large
    # partnership made thousands of reviews with all their fields, most of the page's time.
    actions = (
        ImprovementAction.objects.filter(recommendation__review__partnership=partnership)
        .select_related("recommendation__review")
        .only(
            *(field.name for field in ImprovementAction._meta.concrete_fields),
            "recommendation__number",
            "recommendation__review__reference",
        )
    )
    if status == OPEN:
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif status != ALL:
        actions = actions.filter(status=status)
    if agency:
        actions = actions.filter(agency__iexact=agency)
    if review_id:
        actions = actions.filter(recommendation__review_id=review_id)
    actions = list(actions)
    themes: dict[int, set[str]] = defaultdict(set)
    links = RecommendationFinding.objects.filter(
        recommendation_id__in={action.recommendation_id for action in actions}
    ).values_list("recommendation_id", "finding__themes")
    for recommendation_id, finding_themes in links:
        themes[recommendation_id].update(finding_themes or ())
    names = theme_names(partnership)
    rows = [
        PlanRow(
            action=action,
            review_id=action.recommendation.review_id,
            review=action.recommendation.review.reference,
            recommendation=action.recommendation.number,
            themes=tuple(sorted(names.get(item, item) for item in themes[action.recommendation_id])),
            overdue=action.is_overdue(today),
        )
        for action in actions
        if not theme or theme in themes[action.recommendation_id]
    ]
    rows.sort(key=lambda row: (not row.overdue, row.action.due_on, row.review, row.recommendation, row.action.pk))
    return rows


def page_of(rows: list[PlanRow], number: object) -> Page:
    """One page of the plan's rows; a page number out of range, or not a number, gives the nearest page."""
    return Paginator(rows, ACTIONS_PER_PAGE).get_page(number)


def agencies_of(partnership: Partnership) -> list[str]:
    """Every agency named on an action of the partnership, for the filter."""
    names = ImprovementAction.objects.filter(recommendation__review__partnership=partnership).values_list(
        "agency", flat=True
    )
    return sorted(set(names), key=str.casefold)


CSV_HEADER = [
    "Review",
    "Recommendation",
    "Action",
    "Agency",
    "Person responsible",
    "Due",
    "Status",
    "Overdue",
    "Themes",
    "Latest progress",
]


def _status_label(action: ImprovementAction) -> str:
    return Status(action.status).label


def csv_rows(rows: list[PlanRow]) -> Iterator[list[str]]:
    """The plan as spreadsheet rows, each cell plain text that no spreadsheet will run as a formula."""
    yield CSV_HEADER
    latest = _latest_notes(rows)
    for row in rows:
        yield [
            spreadsheet_cell(value)
            for value in (
                row.review,
                row.recommendation,
                row.action.description,
                row.action.agency,
                row.action.responsible,
                row.action.due_on.isoformat(),
                _status_label(row.action),
                "Yes" if row.overdue else "No",
                "; ".join(row.themes),
                latest.get(row.action.pk, ""),
            )
        ]


def _latest_notes(rows: list[PlanRow]) -> dict[int, str]:
    latest: dict[int, str] = {}
    for note in ProgressNote.objects.filter(action_id__in=[row.action.pk for row in rows]).order_by("noted_on", "pk"):
        latest[note.action_id] = f"{note.noted_on:%-d %B %Y}: {note.text}"
    return latest


def plan_docx(partnership: Partnership, rows: list[PlanRow], *, today: datetime.date, filters: str) -> bytes:
    """The plan as a Word document: a title, what it shows, and a table with a heading row that repeats."""
    document = docx.Document()
    document.add_heading(printable(f"Action plan of {partnership.name}"), level=1)
    document.add_paragraph(printable(f"As at {today:%-d %B %Y}. {filters}"))
    overdue = [row for row in rows if row.overdue]
    others = [row for row in rows if not row.overdue]
    latest = _latest_notes(rows)
    for title, part in (("Overdue", overdue), ("Not overdue", others)):
        document.add_heading(f"{title} ({len(part)})", level=2)
        if not part:
            document.add_paragraph("None.")
            continue
        table = document.add_table(rows=1, cols=7)
        table.style = "Table Grid"
        header = ["Review", "Rec.", "Action", "Agency and person responsible", "Due", "Status", "Latest progress"]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _repeat_header(table.rows[0])
        # Every row starts as the same empty row: copied, not made by python-docx element by element.
        blank = table.add_row()._tr
        table._tbl.remove(blank)
        for row in part:
            added = copy.deepcopy(blank)
            table._tbl.append(added)
            values = [
                row.review,
                str(row.recommendation),
                row.action.description,
                f"{row.action.agency}\n{row.action.responsible}",
                f"{row.action.due_on:%-d %B %Y}",
                _status_label(row.action),
                latest.get(row.action.pk, ""),
            ]
            for cell, text in zip(added.tc_lst, values, strict=True):
                # A paste from Word can bring characters a .docx cannot hold (its line break is \x0b).
                _write(cell, printable(text))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_CONTROLS = re.compile(r"([\t\r\n])")


def _write(cell, text: str) -> None:
    """Put ``text`` in a new table cell (its ``w:tc`` element) as ``cell.text = text`` would: runs of text, a tab,
    a line break. python-docx reads the text one character at a time, most of the time of a plan of some years."""
    run = OxmlElement("w:r")
    for piece in _CONTROLS.split(text):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece in ("\r", "\n"):
            run.append(OxmlElement("w:br"))
        elif piece:
            words = OxmlElement("w:t")
            words.text = piece
            if len(piece.strip()) < len(piece):
                words.set(qn("xml:space"), "preserve")
            run.append(words)
    cell.p_lst[0].append(run)


def _repeat_header(row) -> None:
    """Mark the table's first row as its heading row, repeated on each page and read as headings."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def describe_filters(*, agency: str, review: str, theme: str, status: str) -> str:
    labels = dict(STATUS_FILTERS)
    parts = [f"Status: {labels.get(status, status).lower()}"]
    if agency:
        parts.append(f"agency: {agency}")
    if review:
        parts.append(f"review: {review}")
    if theme:
        parts.append(f"theme: {theme}")
    return "Showing " + "; ".join(parts) + "."
