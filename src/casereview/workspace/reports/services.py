"""Making the board report and the self-assessment files, their names, and recording each one taken out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser

from ..accounts.models import Partnership
from ..audit.services import record_taken_out, write_taken_out
from ..reviews.models import Review
from . import content, selfassessment
from .forms import FORMATS
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
    # What the audit trail says when the file leaves casereview.
    partnership: Partnership
    review: Review | None
    what: str
    description: str


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
    return ReportFile(
        f"{review.reference} - board report.{file_format}",
        CONTENT_TYPES[file_format],
        data,
        partnership=review.partnership,
        review=review,
        what="boardreport",
        description=f"Board report of {review.reference} as {FORMATS[file_format]}, {options.describe()}",
    )


def self_assessment_file(partnership: Partnership, *, made_by: AbstractBaseUser | None = None) -> ReportFile:
    document = selfassessment.self_assessment(partnership, made_by=made_by)
    return ReportFile(
        f"{partnership.name} - quality marker self-assessment.docx",
        CONTENT_TYPES["docx"],
        report_docx(document),
        partnership=partnership,
        review=None,
        what="selfassessment",
        description=f"Quality marker self-assessment of {partnership.name} as Word",
    )


def take_out(report: ReportFile, *, to: Path | None = None) -> None:
    """Record in the audit trail that the report left casereview, downloaded from a page; or, given ``to``, write
    it to that file (from the command line), which appears only together with its entry. ``NotWritten`` says why
    a file could not be written."""
    entry = {
        "partnership": report.partnership,
        "review": report.review,
        "what": report.what,
        "object_id": str(report.review.pk if report.review is not None else report.partnership.pk),
        "description": report.description,
    }
    if to is None:
        record_taken_out(**entry)
    else:
        write_taken_out(to, report.content, **entry)
