"""The quality-marker self-assessment across North Partnership's reviews, for the board's annual report.

Amina, business manager, reads it on its page and downloads it as Word; the audit trail records the download.
"""

from __future__ import annotations

import io

import docx

from casereview.markers import Judgement, get_framework
from casereview.workspace.audit.models import AuditEvent, EventKind
from casereview.workspace.reports.selfassessment import marker_title, self_assessment

from ..conftest import download_name
from .pages import text_of


def rows_of(document: docx.Document, first_column: str) -> dict[str, list[str]]:
    """The rows of the Word tables whose heading row starts with ``first_column``, by their first cell."""
    rows = {}
    for table in document.tables:
        if table.rows[0].cells[0].text == first_column:
            for row in table.rows[1:]:
                cells = [cell.text for cell in row.cells]
                rows[cells[0]] = cells[1:]
    return rows


def test_each_marker_counts_the_reviews_that_judged_it_and_partial_markers_say_so(client, reviews, people):
    client.force_login(people["amina"])
    north = reviews["Child H"].partnership
    response = client.get(f"/partnerships/{north.pk}/self-assessment.docx")
    assert response.status_code == 200
    assert download_name(response) == "North Partnership - quality marker self-assessment.docx"
    document = docx.Document(io.BytesIO(response.content))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "SAR Quality Markers",
        "SCR Quality Markers",
        "Findings, recommendations and actions",
    ]
    scr = get_framework("scr-quality-markers")
    markers = rows_of(document, "Marker")
    scr_reviews = [
        review for review in reviews.values() if review.partnership == north and review.framework_id == scr.id
    ]
    for marker in scr.markers:
        assert marker_title(marker) in markers, marker.title
    partial = [marker for marker in scr.markers if not marker.is_complete]
    assert partial and all(marker_title(marker).endswith("(held in part)") for marker in partial)
    # Child H's board members' marker is judged met; no other North review judged it.
    advising = markers[marker_title(scr.marker("advising-board-members"))]
    assert advising == ["1", "0", "0", str(len(scr_reviews) - 1)]
    by_review = rows_of(document, "Review")
    child_h = next(cells for name, cells in by_review.items() if name.startswith("Child H"))
    assert child_h == ["1", "0", "0", str(len(scr.markers) - 1)]
    assert not any(name.startswith("Child S") for name in by_review)  # South's review is not North's
    event = AuditEvent.objects.filter(kind=EventKind.DOWNLOAD, object_type="selfassessment").latest("pk")
    assert event.user == people["amina"] and event.partnership == north


def test_the_page_shows_the_same_tables_and_links_the_download(client, reviews, people):
    north = reviews["Child H"].partnership
    client.force_login(people["bea"])
    register = client.get("/reviews/")
    assert "Quality marker self-assessment of North Partnership" in text_of(register)
    page = client.get(f"/partnerships/{north.pk}/self-assessment/")
    assert page.status_code == 200
    text = text_of(page)
    assert "SCR Quality Markers: how many reviews judged each marker met, partly met or not met" in text
    assert "3. Advising board members" in text and "(held in part)" in text
    assert f'href="/partnerships/{north.pk}/self-assessment.docx"' in page.content.decode()


def test_no_review_judged_is_counted_as_not_judged_and_archived_reviews_are_left_out(reviews):
    north = reviews["Child H"].partnership
    document = self_assessment(north)
    text = document.text()
    assert "Archived reviews are left out" in text
    assert "Child H" in text
    from django.utils import timezone

    reviews["Child H"].__class__.objects.filter(pk=reviews["Child H"].pk).update(archived_at=timezone.now())
    assert "Child H" not in self_assessment(north).text()
    assert Judgement.NOT_JUDGED.label  # the column a review with no judgement counts in


def test_each_review_s_findings_recommendations_and_actions_are_summed_up(reviews):
    """The learning markers' evidence across the reviews, in the words of the marker pages."""
    from casereview.workspace.findings.services import actions_evidence, evidence_lines, recommendations_evidence
    from casereview.workspace.reports.selfassessment import self_assessment

    child_h = reviews["Child H"]
    document = self_assessment(child_h.partnership)
    table = next(block for block in document.blocks if getattr(block, "caption", "").startswith("Findings, recomm"))
    assert table.columns == ("Review", "Findings", "Recommendations", "Actions")
    row = next(row for row in table.rows if row[0] == "Child H")
    assert row[1].startswith("3 findings recorded.")
    assert row[2] == "\n".join(evidence_lines(recommendations_evidence(child_h)))
    assert row[3] == "\n".join(evidence_lines(actions_evidence(child_h)))
    assert "1 overdue." in row[3]
    quiet = next(row for row in table.rows if row[0] == "Child R")
    assert quiet[1:] == ("No findings recorded yet.", "No recommendations made yet.", "No actions planned yet.")
