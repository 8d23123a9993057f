"""Making the board report and the self-assessment files, and their names."""

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
