"""North Partnership's action plan: every open action across its reviews, overdue first, filtered by agency,
review, theme and status with a plain GET form, and downloaded as a Word document (real headings and a table) or
a CSV file whose cells no spreadsheet runs as formulas. Dev of South sees none of it."""

import csv
import datetime
import io
import re

import docx
import pytest
from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import services
from casereview.workspace.findings.models import OPEN_STATUSES, ImprovementAction, Status
from casereview.workspace.findings.plan import agencies_of

from .pages import submit, text_of


def plan_path(reviews) -> str:
    return f"/partnerships/{reviews['Child H'].partnership_id}/actions/"


def supervision_audits(recommendation, count: int) -> None:
    """Actions of the kind years of reviews leave behind: one agency's, due from a month on, one a day."""
    first_due = timezone.localdate() + datetime.timedelta(days=30)
    ImprovementAction.objects.bulk_create(
        ImprovementAction(
            recommendation=recommendation,
            description=f"Audit supervision records, sample {number:03}",
            agency="Northshire Council",
            responsible="Head of service",
            due_on=first_due + datetime.timedelta(days=number),
        )
        for number in range(1, count + 1)
    )


def test_open_actions_overdue_first(client, people, reviews):
    client.force_login(people["carl"])
    response = client.get(plan_path(reviews))
    page = text_of(response)
    assert response.status_code == 200
    assert "3 actions, 1 overdue" in page
    overdue = page.index("Add a missed-contacts flag")
    assert overdue < page.index("Record missed health contacts") < page.index("Agree a protocol")
    assert "Make families whose contact has stopped" not in page  # done: not open


def test_the_filters_are_a_get_form_that_works_without_script(client, people, reviews):
    client.force_login(people["bo"])
    response = submit(client, plan_path(reviews), {"agency": "Northtown NHS Trust", "status": "all"})
    page = text_of(response)
    assert response.status_code == 200
    assert "Add a missed-contacts flag" in page and "Make families whose contact has stopped" in page
    assert "Agree a protocol" not in page
    by_theme = text_of(client.get(plan_path(reviews), {"theme": "information-sharing", "status": "all"}))
    assert "Write to all primary schools" in by_theme  # Child L's, which rests on an information-sharing finding
    by_review = text_of(client.get(plan_path(reviews), {"review": str(reviews["Child L"].pk), "status": "done"}))
    assert "Write to all primary schools" in by_review and "Add a missed-contacts flag" not in by_review


def test_the_csv_neutralises_formula_cells(client, people, reviews):
    child_h = reviews["Child H"]
    services.add_action(
        people["amina"],
        child_h.recommendations.get(number=2),
        description='=HYPERLINK("http://example.org","click")',
        agency="Northshire Council",
        responsible="+44 1234 567890",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    client.force_login(people["amina"])
    response = client.get(plan_path(reviews), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Review", "Recommendation", "Action"]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://example.org","click")' in cells and "'+44 1234 567890" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert AuditEvent.objects.filter(kind="download", object_type="actionplan").exists()


def test_the_word_document_has_headings_and_a_table(client, people, reviews):
    client.force_login(people["amina"])
    response = client.get(plan_path(reviews), {"format": "docx", "agency": "Northtown NHS Trust"})
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Action plan of North Partnership"),
        ("Heading 2", "Overdue (1)"),
        ("Heading 2", "Not overdue (0)"),
    ]
    assert "agency: Northtown NHS Trust" in document.paragraphs[1].text
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells][:3] == ["Review", "Rec.", "Action"]
    assert table.rows[1].cells[2].text == "Add a missed-contacts flag to the health visiting record."


def test_another_partnership_sees_nothing(client, people, reviews):
    client.force_login(people["dev"])
    assert client.get(plan_path(reviews)).status_code == 404
    assert client.get(plan_path(reviews), {"format": "csv"}).status_code == 404
    assert client.get(plan_path(reviews), {"page": "2"}).status_code == 404
    south = client.get(f"/partnerships/{reviews['Child S'].partnership_id}/actions/", {"status": "all"})
    assert south.status_code == 200 and "No actions match" in text_of(south)


def test_a_done_action_leaves_the_open_plan(client, people, reviews):
    action = reviews["Child H"].recommendations.get(number=2).actions.get(agency="Northtown Primary School")
    services.update_action(
        people["amina"],
        action,
        status=Status.DONE,
        not_doing_reason="",
        done_on=timezone.localdate(),
        done_evidence="Log headings in use.",
    )
    client.force_login(people["amina"])
    assert "Record missed health contacts" not in text_of(client.get(plan_path(reviews)))


def test_a_download_with_a_filter_that_is_refused_is_not_the_whole_plan(client, people, reviews):
    client.force_login(people["bo"])
    for wanted in ("csv", "docx"):
        response = client.get(plan_path(reviews), {"theme": "no-such-theme", "status": "all", "format": wanted})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "Select a valid choice" in text_of(response)
    assert not AuditEvent.objects.filter(kind="download", object_type="actionplan").exists()


def test_an_agency_typed_in_another_case_is_the_same_agency_in_the_filter_and_the_files(client, people, reviews):
    child_h = reviews["Child H"]
    added = services.add_action(
        people["amina"],
        child_h.recommendations.get(number=1),
        description="Audit the missed-contacts flag.",
        agency="northtown  NHS trust ",
        responsible="Named nurse",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert added.agency == "Northtown NHS Trust"  # as Nia's membership and the earlier actions spell it
    named = [name for name in agencies_of(child_h.partnership) if name.casefold() == "northtown nhs trust"]
    assert named == ["Northtown NHS Trust"]
    client.force_login(people["nia"])
    assert "northtown NHS trust" not in client.get(plan_path(reviews)).content.decode()
    response = client.get(plan_path(reviews), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row[3] for row in rows[1:] if row[3].casefold() == "northtown nhs trust"} == {"Northtown NHS Trust"}


def test_a_long_plan_is_paged_with_links_that_keep_the_filter(client, people, reviews):
    """Years of reviews leave hundreds of actions: the page shows them fifty at a time, with plain links to the
    other pages that keep the filter, and the downloads still hold every action the filter chooses."""
    supervision_audits(reviews["Child H"].recommendations.get(number=2), 70)
    client.force_login(people["carl"])
    first = client.get(plan_path(reviews), {"agency": "Northshire Council"})
    page = text_of(first)
    assert first.status_code == 200
    total = ImprovementAction.objects.filter(agency="Northshire Council", status__in=OPEN_STATUSES).count()
    assert f"{total} actions" in page and "1 to 50 on this page" in page
    assert "sample 001" in page and "sample 070" not in page
    assert "<title>Action plan (page 1 of 2)" in first.content.decode()
    second_link = re.search(r'href="([^"]*page=2[^"]*)"', first.content.decode()).group(1).replace("&amp;", "&")
    assert "agency=Northshire" in second_link
    second = client.get(second_link)
    assert second.status_code == 200
    assert "sample 070" in text_of(second) and "sample 001" not in text_of(second)
    assert f"51 to {total} on this page" in text_of(second)
    download = client.get(plan_path(reviews), {"agency": "Northshire Council", "format": "csv", "page": "2"})
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 1 + total


@pytest.mark.parametrize("stray", ["label", "path", "utm_source"])
def test_a_parameter_the_plan_does_not_know_is_left_off_its_links_rather_than_failing(client, people, reviews, stray):
    """An address copied from an email or a bookmark may carry more than the filter: the plan shows as filtered."""
    supervision_audits(reviews["Child H"].recommendations.get(number=2), 60)
    client.force_login(people["carl"])
    answer = client.get(plan_path(reviews), {"agency": "Northshire Council", stray: "x"})
    assert answer.status_code == 200
    assert "sample 001" in text_of(answer)
    links = re.findall(r'href="([^"]*(?:page=2|format=csv)[^"]*)"', answer.content.decode())
    assert links and all("agency=Northshire" in link and f"{stray}=" not in link for link in links)


def test_the_word_document_keeps_each_actions_line_breaks_and_tabs(client, people, reviews):
    child_h = reviews["Child H"]
    services.add_action(
        people["amina"],
        child_h.recommendations.get(number=2),
        description="Audit supervision records:\n\tfirst the duty team,\n\tthen the  out-of-hours team ",
        agency="Northshire Council",
        responsible="Head of service",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    client.force_login(people["amina"])
    response = client.get(plan_path(reviews), {"format": "docx", "agency": "Northshire Council"})
    assert response.status_code == 200
    cells = [cell.text for table in docx.Document(io.BytesIO(response.content)).tables for cell in table.rows[1].cells]
    assert "Audit supervision records:\n\tfirst the duty team,\n\tthen the  out-of-hours team" in cells
    assert "Northshire Council\nHead of service" in cells
