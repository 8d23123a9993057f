"""Across North Partnership's reviews: how often each theme and category appears with the findings side by side;
Child H's third finding repeats Child L's (health and school not sharing what each knew), and both Child H's
findings page and the partnership's page say so, with what was done about it before; the annual report section
downloads as a Word document."""

import datetime
import io

import docx
from django.utils import timezone

from casereview.workspace.audit.models import AuditEvent
from casereview.workspace.findings import across

from .pages import submit, text_of


def test_themes_and_categories_are_counted_with_their_findings(client, people, reviews):
    north = reviews["Child H"].partnership
    themes = {tally.name: tally for tally in across.theme_tallies(north)}
    assert len(themes["Information sharing"].findings) == 3
    assert themes["Information sharing"].reviews == ["Child H", "Child L"]
    assert len(themes["Neglect and acts of omission"].findings) == 3
    [(title, categories)] = across.category_tallies(north)
    assert title == "SCIE Learning Together underlying patterns"
    assert categories[0].name == "Multi-agency working in assessment and longer-term work"
    assert len(categories[0].findings) == 2
    client.force_login(people["pam"])
    response = client.get(f"/partnerships/{north.pk}/learning-across-reviews/")
    page = text_of(response)
    assert response.status_code == 200
    assert "Information sharing 3 Child H, Child L" in page


def test_child_hs_finding_was_found_before_in_child_l_with_what_was_done(client, people, reviews):
    child_h = reviews["Child H"]
    found = across.recurrences(child_h.partnership, review=child_h)
    pairs = [(r.finding.number, r.earlier.review.reference, r.earlier.number) for r in found]
    # The third finding is the closest; the first (missed health appointments) shares enough to be flagged too;
    # the second, about supervision, does not.
    assert pairs[0] == (3, "Child L", 1) and set(pairs) <= {(3, "Child L", 1), (1, "Child L", 1)}
    assert "attendance" in found[0].shared_words and "Information sharing" in found[0].shared_themes
    client.force_login(people["carl"])
    page = text_of(client.get(f"/reviews/{child_h.pk}/findings/"))
    assert "This was found before: Child L, finding 1" in page
    assert "This is what was done: Write to all primary schools" in page and "Done" in page
    assert across.recurrences(child_h.partnership, review=reviews["Child L"]) == []  # Child L came first


def test_the_annual_report_section_is_a_word_document(client, people, reviews):
    north = reviews["Child H"].partnership
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    client.force_login(people["bo"])
    response = submit(client, f"/partnerships/{north.pk}/annual-report/", {"kind": "children", "year": str(year)})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == f"Child safeguarding practice reviews: April {year} to March {year + 1}"
    assert "What was done about their findings" in headings and "Findings not acted on, and why" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    concluded = datetime.date(2026, 8, 21)
    if datetime.date(year, 4, 1) <= concluded:
        assert "Child L (Local Child Safeguarding Practice Review (LCSPR)), concluded 21 August 2026." in text
        table = document.tables[0]
        assert table.rows[1].cells[0].text == "Child L"
        assert "Write to all primary schools" in table.rows[1].cells[3].text
    assert "Child H (Serious Case Review (SCR))." in text  # in progress
    assert AuditEvent.objects.filter(kind="download", object_type="annualreport").exists()


def test_a_not_accepted_recommendation_is_in_the_report_with_its_reason(people, reviews):
    from casereview.workspace.findings import services

    child_l = reviews["Child L"]
    services.save_recommendation(
        people["amina"],
        child_l,
        text="Every school should employ a health liaison officer.",
        findings=[child_l.findings.first()],
        to_board=True,
        agencies=[],
        made_on=datetime.date(2026, 8, 21),
        response="not_accepted",
        response_reason="Health liaison sits with school nursing, which already covers every school.",
    )
    content = across.annual_report_docx(child_l.partnership, kind="children", start_year=2026)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "Child L, recommendation 2 (not accepted): Health liaison sits with school nursing" in text


def test_a_bad_year_is_refused_on_the_page(client, people, reviews):
    client.force_login(people["amina"])
    response = client.get(
        f"/partnerships/{reviews['Child H'].partnership_id}/annual-report/",
        {"kind": "adults", "year": "1066", "format": "docx"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_another_partnership_sees_none_of_it(client, people, reviews):
    north = reviews["Child H"].partnership_id
    client.force_login(people["dev"])
    assert client.get(f"/partnerships/{north}/learning-across-reviews/").status_code == 404
    assert client.get(f"/partnerships/{north}/annual-report/", {"kind": "adults", "year": "2026"}).status_code == 404
