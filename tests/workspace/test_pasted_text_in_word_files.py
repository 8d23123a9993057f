"""Text pasted from Word or a web page can carry control characters (Word's manual line break is a vertical
tab, \\x0b) that XML 1.0, and so a .docx file, cannot hold. The form keeps them; the action plan and the annual
report section must still download, with the text and without those characters, as the board report and the
letters already do."""

import datetime
import io

import docx
from django.utils import timezone

from casereview.workspace.findings import services

PASTED = "Add a flag\x0bto the records system\x0c for missed contacts"


def _words(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_the_action_plan_downloads_as_word_with_pasted_text(client, people, reviews):
    child_h = reviews["Child H"]
    services.add_action(
        people["amina"],
        child_h.recommendations.get(number=2),
        description=PASTED,
        agency="Northshire\x0bCouncil",
        responsible="Head of\x01 service",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    client.force_login(people["amina"])
    response = client.get(f"/partnerships/{child_h.partnership_id}/actions/", {"format": "docx"})
    assert response.status_code == 200
    words = _words(response.content)
    assert "Add a flagto the records system for missed contacts" in words
    assert "Head of service" in words


def test_the_annual_report_downloads_as_word_with_pasted_text(client, people, reviews):
    child_l = reviews["Child L"]
    services.save_recommendation(
        people["amina"],
        child_l,
        text="Every school\x0bshould have a named health contact.",
        findings=[child_l.findings.first()],
        to_board=True,
        agencies=[],
        made_on=datetime.date(2026, 8, 21),
        response="not_accepted",
        response_reason="Health liaison\x0bsits with school nursing.",
    )
    client.force_login(people["amina"])
    response = client.get(
        f"/partnerships/{child_l.partnership_id}/annual-report/", {"kind": "children", "year": "2026", "format": "docx"}
    )
    assert response.status_code == 200
    words = _words(response.content)
    assert "Every schoolshould have a named health contact." in words
    assert "Health liaisonsits with school nursing." in words
