"""Making the board report and the self-assessment files, finding a review by its reference, and their names."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from ..accounts.models import Partnership
from ..reviews.models import Review
from . import content, selfassessment
from .word import report_docx

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class ReportFile:
    name: str
    content_type: str
    content: bytes


def board_report_file(
    review: Review, options: content.Options, file_format: str, *, made_by: AbstractBaseUser | None = None
) -> ReportFile:
    """The review's board report as a PDF or Word file, named after the review as the register shows it."""
    document = content.board_report(review, options, made_by=made_by)
    if file_format == "pdf":
        from .pdf import report_pdf  # WeasyPrint loads pango: only when a PDF is asked for

        data = report_pdf(document)
    else:
        data = report_docx(document)
    return ReportFile(f"{review.reference} - board report.{file_format}", CONTENT_TYPES[file_format], data)


def self_assessment_file(partnership: Partnership, *, made_by: AbstractBaseUser | None = None) -> ReportFile:
    document = selfassessment.self_assessment(partnership, made_by=made_by)
    return ReportFile(
        f"{partnership.name} - quality marker self-assessment.docx", CONTENT_TYPES["docx"], report_docx(document)
    )


class NotFound(LookupError):
    """No review, or more than one, answers to what was given: the message says which and what to do."""


def find_review(given: str, partnership: str | None = None) -> Review:
    """The review whose reference (as in the register, any case) or id is ``given``, within the partnership
    named if one is. Raises NotFound with a message saying what was found instead."""
    reviews = Review.objects.select_related("partnership")
    if partnership:
        reviews = reviews.filter(partnership__name__iexact=partnership.strip())
        if not Partnership.objects.filter(name__iexact=partnership.strip()).exists():
            names = ", ".join(Partnership.objects.values_list("name", flat=True)) or "none yet"
            raise NotFound(f'There is no partnership called "{partnership}". Partnerships: {names}.')
    found = list(reviews.filter(reference__iexact=given.strip()))
    if not found and given.strip().isdigit():
        found = list(reviews.filter(pk=int(given.strip())))
    if not found:
        raise NotFound(
            f'No review has the reference or id "{given}"'
            + (f" in {partnership}" if partnership else "")
            + '. Give the reference as the register shows it, like "Child H", or the review\'s id.'
        )
    if len(found) > 1:
        where = "; ".join(f"{review.partnership.name} (id {review.pk})" for review in found)
        raise NotFound(
            f'More than one review has the reference "{given}": {where}. Give the review\'s id, or name the '
            "partnership with --partnership."
        )
    return found[0]
