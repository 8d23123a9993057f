"""The board report of a review: the PDF and the Word file hold the same record, read back as a reader would.

Amina, business manager of North Partnership, downloads Child H's report for the board; Bea, its lead reviewer,
may too; Carl, an observer, may not; Dev of South Partnership cannot even find it.
"""

from __future__ import annotations

import collections
import ctypes
import io
import re
import zlib

import docx
import pypdfium2
import pytest
from PIL import ImageChops

from casereview.markers import Answer, Judgement
from casereview.workspace.assessments.models import IndicatorAnswer, MarkerJudgement
from casereview.workspace.audit.models import AuditEvent, EventKind
from casereview.workspace.purpose.models import Party
from casereview.workspace.purpose.services import current_statement
from casereview.workspace.reports.content import Options, board_report
from casereview.workspace.reports.sections import Section
from casereview.workspace.reports.services import board_report_file

from ..conftest import download_name
from .pages import text_of


def flat(text: str) -> str:
    """Text with any run of white space as one space: lines break differently in a PDF, a table and a record."""
    return re.sub(r"\s+", " ", text).strip()


def squeezed(text: str) -> str:
    """Text without any white space: a word too long for a line is broken across lines in the PDF."""
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    pdf = pypdfium2.PdfDocument(content)
    try:
        return flat(" ".join(page.get_textpage().get_text_range() for page in pdf))
    finally:
        pdf.close()


def docx_text(content: bytes) -> str:
    """The Word file's words in reading order: its header, then paragraphs and tables as they come."""
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for section in document.sections for paragraph in section.header.paragraphs]
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            parts.extend(cell.text for row in item.rows for cell in row.cells)
        else:
            parts.append(item.text)
    return flat("\n".join(parts))


@pytest.fixture(scope="module")
def child_h_outputs(django_db_setup, django_db_blocker):
    """Child H's full report in both files, made once: making a PDF takes seconds."""
    from casereview.workspace.reviews.models import Review

    with django_db_blocker.unblock():
        review = Review.objects.get(reference="Child H")
        return {
            file_format: board_report_file(review, Options(), file_format).content for file_format in ("pdf", "docx")
        }


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_both_files_hold_every_marker_answer_judgement_and_the_purpose_statement(reviews, child_h_outputs, file_format):
    review = reviews["Child H"]
    text = (pdf_text if file_format == "pdf" else docx_text)(child_h_outputs[file_format])
    assert "North Partnership" in text and "Child H: board report" in text
    for marker in review.framework.markers:
        assert flat(f"{marker.number}. {marker.title}") in text, marker.title
    answers = IndicatorAnswer.objects.filter(review=review).exclude(answer=Answer.NOT_ANSWERED.value)
    assert answers.exists()
    for answer in answers:
        marker = review.framework.marker(answer.marker_id)
        indicator = marker.indicator(answer.indicator_id)
        assert flat(indicator.text) in text
        assert flat(answer.evidence) in text
    assert flat("Partly") in text and "Yes" in text
    judgement = MarkerJudgement.objects.get(review=review, marker_id="advising-board-members")
    assert flat(judgement.rationale) in text
    assert "3. Advising board members Judgement Met" in text
    statement = current_statement(review)
    assert flat(statement.text) in text
    # A marker casereview holds only in part says so, as the pages do.
    assert "Not yet judged (marker held in part)" in text
    # Concerns about one person's practice are never in the report.
    for concern in review.concerns.all():
        assert flat(concern.description) not in text


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_both_files_hold_each_finding_recommendation_and_action_of_child_h(reviews, child_h_outputs, file_format):
    from casereview.workspace.findings.models import ImprovementAction

    review = reviews["Child H"]
    text = (pdf_text if file_format == "pdf" else docx_text)(child_h_outputs[file_format])
    findings = list(review.findings.all())
    recommendations = list(review.recommendations.all())
    actions = list(ImprovementAction.objects.filter(recommendation__review=review).select_related("impact"))
    assert (len(findings), len(recommendations), len(actions)) == (3, 2, 4)
    assert "Findings, recommendations and actions" in text
    for finding in findings:
        assert flat(finding.statement) in text and flat(finding.evidence) in text
    # Coded to Learning Together's categories and the themes, by name; each with its wording check's verdict.
    assert "Human-tool operation (SCIE Learning Together" in text
    assert "Neglect and acts of omission" in text and "Information sharing" in text
    assert text.count("Wording check Nothing found") == 3
    for recommendation in recommendations:
        assert flat(recommendation.text) in text
        assert recommendation.get_response_display() in text
        if recommendation.response_reason:
            assert flat(recommendation.response_reason) in text
    for action in actions:
        assert flat(action.description) in text and flat(action.responsible) in text
        assert flat(action.agency) in text
        if action.done_evidence:
            assert flat(action.done_evidence) in text
        if action.recorded_impact is not None:
            assert flat(action.impact.what_changed) in text and flat(action.impact.how_known) in text
    assert "(overdue)" in text


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_the_learning_markers_show_what_the_records_show_as_their_pages_do(reviews, child_h_outputs, file_format):
    """SCR markers 15, 16 and 18 show the recommendations and actions under the questions that name them."""
    from casereview.workspace.findings.services import actions_evidence, evidence_lines, recommendations_evidence

    review = reviews["Child H"]
    text = (pdf_text if file_format == "pdf" else docx_text)(child_h_outputs[file_format])
    recommendations = flat(" ".join(evidence_lines(recommendations_evidence(review))))
    actions = flat(" ".join(evidence_lines(actions_evidence(review))))
    assert text.count(f"What the records show: {recommendations}") == 2  # 15 q1, 16 q3
    assert text.count(f"What the records show: {actions}") == 5  # 16 q5 and q6, 18 q1, q3 and q4


def test_the_sar_learning_markers_show_the_findings_and_the_whole_marker_records(reviews):
    """SAR marker 13 shows the findings under its question; marker 15 names findings, recommendations and
    actions for the whole marker."""
    from casereview.workspace.findings.services import evidence_lines, findings_evidence

    review = reviews["Adult M"]
    assert review.framework_id == "sar-quality-markers"
    document = board_report(review, Options(sections=frozenset({Section.MARKERS})))
    findings_line = " ".join(evidence_lines(findings_evidence(review)))
    cells = [cell for block in document.blocks if hasattr(block, "columns") for row in block.rows for cell in row]
    assert any(cell.endswith(f"What the records show: {findings_line}") for cell in cells)
    facts = [row for block in document.blocks if type(block).__name__ == "Facts" for row in block.rows]
    names = {name for name, _ in facts}
    assert {
        "What the records show: findings",
        "What the records show: recommendations",
        "What the records show: actions",
    } <= names


def test_a_review_with_no_findings_says_so_and_the_section_can_be_left_out(reviews):
    from casereview.workspace.reviews.models import Review

    quiet = Review.objects.exclude(findings__isnull=False).filter(partnership=reviews["Child H"].partnership).first()
    assert quiet is not None
    text = board_report(quiet, Options(sections=frozenset({Section.FINDINGS}))).text()
    assert "The review has no findings, recommendations or actions recorded yet." in text
    left_out = board_report(reviews["Child H"], Options(sections=frozenset({Section.MARKERS}))).text()
    assert "Left out of this report:" in left_out and "Findings, recommendations and actions: the learning" in left_out
    assert reviews["Child H"].findings.first().statement not in left_out


def test_a_known_name_typed_as_the_person_responsible_is_replaced_by_their_role(reviews, people):
    from casereview.workspace.findings import services as findings
    from casereview.workspace.findings.models import ImprovementAction

    review = reviews["Child H"]
    action = ImprovementAction.objects.filter(recommendation__review=review).order_by("pk").first()
    findings.change_action(
        people["amina"],
        action,
        description=action.description,
        agency=action.agency,
        responsible="Bea Lewis",
        due_on=action.due_on,
    )
    by_name = board_report(review, Options(sections=frozenset({Section.FINDINGS}))).text()
    assert "Person responsible\nBea Lewis" in by_name
    by_role = board_report(review, Options(sections=frozenset({Section.FINDINGS}), by_role=True)).text()
    assert "Person responsible\n[Lead reviewer]" in by_role and "Bea" not in by_role
    assert "Named nurse for safeguarding" in by_role  # a role typed as the person responsible stays


def test_the_pdf_is_tagged_titled_and_numbered_with_contents_and_the_partnership_in_every_header(
    reviews, child_h_outputs
):
    content = child_h_outputs["pdf"]
    pdf = pypdfium2.PdfDocument(content)
    try:
        assert pypdfium2.raw.FPDFCatalog_IsTagged(pdf.raw)
        assert pdf.get_metadata_dict()["Title"] == "Child H: board report"
        size = pypdfium2.raw.FPDFCatalog_GetLanguage(pdf.raw, None, 0)
        language = (ctypes.c_ushort * (size // 2))()
        pypdfium2.raw.FPDFCatalog_GetLanguage(pdf.raw, language, size)
        assert bytes(language).decode("utf-16-le").rstrip("\0") == "en-GB"
        pages = [flat(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()
    for number, page in enumerate(pages, 1):
        assert page.endswith(f"North Partnership Page {number} of {len(pages)}"), number
    contents = pages[0]
    assert "Contents" in contents
    # The contents give each section's page: the page it is on.
    register_page = next(
        number for number, page in enumerate(pages, 1) if "Register entry and timescales Anonymised" in page
    )
    assert re.search(rf"Register entry and timescales \.+ ?{register_page}\b", contents)


def _catalog_objects(content: bytes) -> bytes:
    """The PDF's objects as text to read: those written plainly and those packed in compressed streams (object
    streams hold the catalog), one after the other. Enough to find a key; not a PDF parser."""
    parts = [content]
    for found in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(found.group(1)))
        except zlib.error:
            continue  # an image or font compressed otherwise
    return b"\n".join(parts)


def _element_type(element) -> str:
    size = pypdfium2.raw.FPDF_StructElement_GetType(element, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pypdfium2.raw.FPDF_StructElement_GetType(element, buffer, size)
    return buffer.raw.decode("utf-16-le").rstrip("\0")


def _structure_types(content: bytes) -> collections.Counter:
    """How many structure elements of each type the PDF's pages hold (each page's part of the structure tree)."""
    found = collections.Counter()

    def walk(element) -> None:
        found[_element_type(element)] += 1
        for index in range(pypdfium2.raw.FPDF_StructElement_CountChildren(element)):
            child = pypdfium2.raw.FPDF_StructElement_GetChildAtIndex(element, index)
            if child:
                walk(child)

    pdf = pypdfium2.PdfDocument(content)
    try:
        for page in pdf:
            tree = pypdfium2.raw.FPDF_StructTree_GetForPage(page.raw)
            try:
                for index in range(pypdfium2.raw.FPDF_StructTree_CountChildren(tree)):
                    walk(pypdfium2.raw.FPDF_StructTree_GetChildAtIndex(tree, index))
            finally:
                pypdfium2.raw.FPDF_StructTree_Close(tree)
            page.close()
    finally:
        pdf.close()
    return found


def test_the_pdf_has_the_structure_a_screen_reader_reads(reviews, child_h_outputs):
    """What veraPDF would check first for PDF/UA, read from the file itself: a structure tree marked as tagged, the
    title shown as the window's title, the language, and headings tagged by level: the report's title H1, its
    sections H2 (and the contents), their parts H3, each marker H4, none skipped."""
    content = child_h_outputs["pdf"]
    objects = _catalog_objects(content)
    assert re.search(rb"/StructTreeRoot \d+ 0 R", objects) and b"/Type /StructTreeRoot" in objects
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked true", objects)
    assert re.search(rb"/ViewerPreferences\s*<<\s*/DisplayDocTitle true", objects)
    assert b"/ParentTree" in objects  # marked content on the pages leads back to its element
    document = board_report(reviews["Child H"], Options())
    levels = collections.Counter(block.level for block in document.blocks if block.kind == "heading")
    types = _structure_types(content)
    assert types["H1"] == 1
    assert (types["H2"], types["H3"], types["H4"]) == (levels[1] + 1, levels[2], levels[3])  # + "Contents"
    assert not types["H5"] and not types["H6"]
    assert types["Table"] and types["TH"] and types["L"] and types["Link"]


def test_the_word_file_has_real_headings_and_tables(child_h_outputs, reviews):
    document = docx.Document(io.BytesIO(child_h_outputs["docx"]))
    headings = {(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs}
    assert ("Heading 1", "Register entry and timescales") in headings
    assert ("Heading 1", "Clarity of purpose") in headings
    assert ("Heading 2", "Review setup") in headings
    assert ("Heading 3", "5. Clarity of purpose") in headings
    questions = [table for table in document.tables if table.rows[0].cells[0].text == "Question"]
    assert len(questions) >= 5
    assert [cell.text for cell in questions[0].rows[0].cells] == ["Question", "Answer", "Evidence"]
    # The heading row repeats on each page Word breaks the table across.
    assert questions[0].rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert document.sections[0].header.paragraphs[0].text == "North Partnership"
    assert document.core_properties.title == "Child H: board report"


def _names_of_people(review) -> set[str]:
    from django.contrib.auth import get_user_model

    names = set()
    for user in get_user_model().objects.filter(memberships__partnership=review.partnership):
        names.update(part for part in (user.first_name, user.last_name) if part)
    for party in Party.objects.filter(review=review):
        names.update(party.name.split())
    return names


def test_names_replaced_by_roles_leave_no_name_in_either_file(reviews, people):
    from casereview.workspace.assessments import services as assessments
    from casereview.workspace.purpose import services as purpose
    from casereview.workspace.purpose.models import PartyGroup

    review = reviews["Child H"]
    amina, bea = people["amina"], people["bea"]
    purpose.add_party(
        amina,
        review,
        group=PartyGroup.PRACTITIONERS,
        role="Health visitor",
        organisation="Northtown NHS Trust",
        name="Zoë Łukasiewicz-Ó Briain",
    )
    marker = review.framework.marker("clarity-of-purpose")
    saved = IndicatorAnswer.objects.get(review=review, marker_id=marker.id, indicator_id="q1")
    assessments.save_answer(
        bea,
        review,
        marker,
        marker.indicator("q1"),
        answer=Answer.PARTLY,
        evidence="Zoë Łukasiewicz-Ó Briain had the letter; Bea Lewis and Amina met her. Łukasiewicz-Ó confirmed.",
        seen_version=saved.version,
    )
    names = _names_of_people(review)
    assert {"Bea", "Lewis", "Amina", "Hussain", "Zoë", "Łukasiewicz-Ó", "Briain"} <= names
    options = Options(by_role=True)
    for file_format, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(board_report_file(review, options, file_format).content)
        left = {name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)}
        assert not left, (file_format, left)
        assert "[Health visitor] had the letter; [Lead reviewer] and [Business manager] met her." in text
        assert "Answered by the lead reviewer" in text
        assert "Health visitor (Northtown NHS Trust)" in text


def test_a_review_with_every_field_at_its_longest_and_non_ascii_names_renders_both_files(reviews, people, caplog):
    """Every text at the longest its form takes, names in scripts beyond ASCII and words too long for a line."""
    import datetime

    from casereview.workspace.assessments import services as assessments
    from casereview.workspace.clocks import services as clocks
    from casereview.workspace.purpose import services as purpose
    from casereview.workspace.purpose.models import Channel, CircumstanceKind, PartyGroup
    from casereview.workspace.reviews.models import ReviewType, Stage
    from casereview.workspace.reviews.services import create_review

    amina = people["amina"]
    north = reviews["Child H"].partnership
    reference = ("Enfant Ø " + "Ł" * 100)[:100]
    review = create_review(
        amina,
        north,
        reference=reference,
        review_type=ReviewType.LCSPR,
        stage=Stage.ANALYSIS,
        framework_id="scr-quality-markers",
        incident_date=datetime.date(2026, 1, 5),
        notification_date=datetime.date(2026, 1, 6),
        decision_date=datetime.date(2026, 2, 2),
        initiation_date=datetime.date(2026, 2, 9),
        publication_date=None,
        lead_reviewer=people["bea"],
    )
    unbroken = "Ŵ" * 300  # no place to break a line: it must wrap, not run off the page
    long_text = (f"Évaluation «{unbroken}» " + "Practitioners were supported to speak openly. " * 500)[:20000]
    purpose.save_statement(amina, review, ("The review is for learning and improvement, not blame. " * 400)[:20000])
    party = purpose.add_party(
        amina,
        review,
        group=PartyGroup.PRACTITIONERS,
        role=("Travailleuse sociale " * 20)[:200],
        organisation=("Gwasanaethau Cymdeithasol Ŵ " * 20)[:200],
        name=("Siobhán Ní Dhuibhir-Øyvind Ольга Αθηνά " * 10)[:200],
    )
    purpose.save_communication(
        amina,
        review,
        communication=None,
        date=datetime.date(2026, 2, 10),
        channel=Channel.LETTER,
        parties=[party],
        groups=[PartyGroup.BOARD.value],
        summary=long_text[:50000],
        attachment=None,
        explained_purpose=True,
        receipt_confirmed=False,
        receipt_not_needed=("Handed over at the briefing. " * 200)[:2000],
    )
    circumstance = purpose.save_circumstance(
        amina,
        review,
        kind=CircumstanceKind.MEDIA,
        description=long_text[:10000],
        identified_on=datetime.date(2026, 2, 3),
        acknowledged_on=datetime.date(2026, 2, 4),
        acknowledged_how=long_text[:10000],
        acknowledged_to=("Ysgrifennydd y Bwrdd " * 20)[:300],
    )
    clocks.record_step(
        amina,
        review,
        "publish-report",
        done_on=datetime.date(2026, 11, 20),
        lateness_reason=long_text[:5000],
        circumstance=circumstance,
    )
    marker = review.framework.marker("clarity-of-purpose")
    for indicator in marker.answerable_indicators:
        assessments.save_answer(amina, review, marker, indicator, answer=Answer.YES, evidence=long_text, seen_version=0)
    assessments.save_judgement(
        people["bea"],
        review,
        marker,
        judgement=Judgement.PARTLY_MET,
        rationale=long_text,
        confirmation=long_text,
        seen_version=0,
    )
    for file_format, read in (("pdf", pdf_text), ("docx", docx_text)):
        made = board_report_file(review, Options(), file_format)
        text = read(made.content)
        assert squeezed(reference) in squeezed(text), file_format
        assert "Siobhán Ní Dhuibhir-Øyvind Ольга Αθηνά" in text
        assert squeezed(f"Évaluation «{unbroken}»") in squeezed(text)
        assert text.count("Practitioners were supported to speak openly.") > 400
        assert made.name == f"{reference} - board report.{file_format}"
    # Every character had a glyph in the fonts the README names: none printed as an empty box.
    assert not [record for record in caplog.records if "notdef" in record.getMessage()]


def test_a_word_file_whose_title_and_author_are_longer_than_word_keeps_is_still_made(reviews, people):
    """Word keeps at most 255 characters in a document's title and author. By role, every part of a known name in
    the reference becomes that person's role, so a long reference can grow far past it, as can the full name of
    someone whose first and last names are at their longest: the file is made, and its text keeps all of it."""
    from django.contrib.auth import get_user_model

    from casereview.workspace.purpose import services as purpose
    from casereview.workspace.purpose.models import PartyGroup
    from casereview.workspace.reviews.models import Review

    get_user_model().objects.filter(username="amina").update(
        first_name=("Åsa-Siobhán " * 20)[:150], last_name=("Ní Dhuibhir-Øyvind " * 20)[:150]
    )
    Review.objects.filter(pk=reviews["Child H"].pk).update(reference=("Siobhán " * 20)[:100])
    amina = get_user_model().objects.get(username="amina")
    review = Review.objects.get(pk=reviews["Child H"].pk)
    role = ("Travailleuse sociale principale " * 10)[:200]
    purpose.add_party(
        amina, review, group=PartyGroup.PRACTITIONERS, role=role, organisation="Northshire Council", name="Siobhán Ní"
    )
    for options in (Options(), Options(by_role=True)):
        made = board_report_file(review, options, "docx", made_by=amina)
        document = docx.Document(io.BytesIO(made.content))
        properties = document.core_properties
        assert 0 < len(properties.title) <= 255 and 0 < len(properties.author) <= 255
        title = next(paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "Title")
        assert title.endswith(": board report")
        assert (role in title) == options.by_role
        assert properties.title[:-1] in title


def test_sections_left_out_are_not_in_the_report_and_it_says_so(reviews):
    review = reviews["Child H"]
    document = board_report(review, Options(sections=frozenset({Section.MARKERS})))
    text = document.text()
    assert "Clarity of purpose: statement" in text  # named among the sections left out
    assert "Purpose statement" not in [block.text for block in document.blocks if hasattr(block, "level")]
    assert current_statement(review).text not in text
    assert "Steps and timescales" not in text
    assert "5. Clarity of purpose" in text


# --- the pages ------------------------------------------------------------------------------------------------


def _report_form(client, review):
    from .pages import forms_of

    page = client.get(f"/reviews/{review.pk}/report/")
    assert page.status_code == 200
    return next(form for form in forms_of(page) if form.action and form.action.endswith("/report/jobs/"))


def _asked_and_made(client, form, data):
    """Submit the report form, make the job as its process does, and take the file from the page that shows it."""
    from casereview.workspace.reports import jobs
    from casereview.workspace.reports.models import ReportJob

    asked = client.post(form.action, data)
    assert asked.status_code == 302
    job = ReportJob.objects.latest("pk")
    assert asked["Location"] == f"/partnerships/{job.partnership_id}/reports/{job.pk}/"
    assert jobs.run(job.pk) == "done"
    page = client.get(asked["Location"])
    assert page.status_code == 200 and "The report is ready" in text_of(page)
    return client.get(f"{asked['Location']}file/")


def test_amina_downloads_the_word_report_named_after_the_review_and_the_trail_records_it(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["amina"])
    detail = client.get(f"/reviews/{review.pk}/")
    assert "Board report of Child H" in text_of(detail)
    form = _report_form(client, review)
    data = form.data()
    assert set(data["sections"]) == {section.value for section in Section}
    assert data["names"] == "names" and data["format"] == "pdf"
    response = _asked_and_made(client, form, {**data, "format": "docx", "names": "roles", "sections": ["markers"]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download_name(response) == "Child H - board report.docx"
    text = docx_text(response.content)
    assert "5. Clarity of purpose" in text and "Bea" not in text
    event = AuditEvent.objects.filter(kind=EventKind.DOWNLOAD, object_type="boardreport").latest("pk")
    assert event.user == people["amina"] and event.review == review
    assert event.description.startswith("Board report of Child H as Word (.docx), names replaced by roles; left out:")


def test_bea_the_lead_reviewer_downloads_the_pdf(client, reviews, people):
    review = reviews["Child H"]
    client.force_login(people["bea"])
    form = _report_form(client, review)
    response = _asked_and_made(client, form, form.data())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert download_name(response) == "Child H - board report.pdf"
    assert "Child H: board report" in pdf_text(response.content)


def test_a_report_with_no_section_asks_for_one_and_keeps_the_other_choices(client, reviews, people):
    from casereview.workspace.reports.models import ReportJob

    review = reviews["Child H"]
    client.force_login(people["amina"])
    form = _report_form(client, review)
    data = {**form.data(), "names": "roles", "format": "docx"}
    data.pop("sections")
    response = client.post(form.action, data)
    assert response.status_code == 400
    assert "Choose at least one section for the report" in text_of(response)
    from .pages import forms_of

    again = next(f for f in forms_of(response) if f.action and f.action.endswith("/report/jobs/"))
    assert again.data()["names"] == "roles" and again.data()["format"] == "docx"
    assert not ReportJob.objects.exists()
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()


def test_carl_the_observer_is_refused_and_dev_of_south_finds_nothing(client, reviews, people):
    from casereview.workspace.reports.models import ReportJob

    review = reviews["Child H"]
    client.force_login(people["carl"])
    assert client.get(f"/reviews/{review.pk}/report/").status_code == 403
    refused = client.post(
        f"/reviews/{review.pk}/report/jobs/", {"sections": "markers", "names": "names", "format": "docx"}
    )
    assert refused.status_code == 403
    assert "business managers and lead reviewers" in text_of(refused)
    assert "Board report of" not in text_of(client.get(f"/reviews/{review.pk}/"))
    client.force_login(people["dev"])
    assert client.get(f"/reviews/{review.pk}/report/").status_code == 404
    gone = client.post(
        f"/reviews/{review.pk}/report/jobs/", {"sections": "markers", "names": "names", "format": "docx"}
    )
    assert gone.status_code == 404
    assert not ReportJob.objects.exists()
    assert not AuditEvent.objects.filter(object_type="boardreport").exists()


# --- nothing fetched from the network -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "http://198.51.100.7/track.png",
        "https://example.org/font.woff2",
        "ftp://198.51.100.7/x.css",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://198.51.100.7/share/report.css",
    ],
)
def test_the_pdf_fetches_nothing_but_its_own_static_files(address):
    from casereview.workspace.reports.pdf import Refused, StaticOnly

    with pytest.raises(Refused):
        StaticOnly().fetch(address)


def test_its_own_stylesheet_is_read_and_a_path_out_of_the_static_folder_is_refused():
    from casereview.workspace.reports.pdf import STATIC, Refused, StaticOnly

    found = StaticOnly().fetch((STATIC / "report.css").as_uri())
    assert found.content_type == "text/css" and b"@page" in found.read()
    with pytest.raises(Refused):
        StaticOnly().fetch(STATIC.as_uri() + "/../templates/reports/report.html")


def test_an_image_a_record_could_name_is_never_fetched(caplog):
    """Even if markup reached the HTML (it cannot: every record is escaped), WeasyPrint asks our fetcher."""
    from weasyprint import HTML

    from casereview.workspace.reports.pdf import STATIC, StaticOnly

    html = '<p>x</p><img src="http://198.51.100.7/beacon.png"><link rel="stylesheet" href="https://example.org/a.css">'
    HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=StaticOnly()).write_pdf()
    refused = [record.getMessage() for record in caplog.records if "refused" in record.getMessage()]
    assert any("198.51.100.7" in message for message in refused)
    assert any("example.org" in message for message in refused)


def test_record_text_that_looks_like_markup_is_printed_as_text(reviews):
    from casereview.workspace.reports.document import Document, Paragraph
    from casereview.workspace.reports.pdf import report_html

    document = Document(
        title='<img src="http://198.51.100.7/x.png">',
        partnership='North "Partnership" </style><script>',
        made_at=board_report(reviews["Child H"], Options()).made_at,
        introduction=(),
        blocks=(Paragraph('<link rel="stylesheet" href="http://198.51.100.7/a.css">'),),
    )
    html = report_html(document)
    assert "<img" not in html and '<link rel="stylesheet" href="http' not in html
    assert "</style><script>" not in html


def test_the_pdf_says_everything_in_black_and_grey_so_it_prints_the_same_in_black_and_white(reviews, child_h_outputs):
    pdf = pypdfium2.PdfDocument(child_h_outputs["pdf"])
    try:
        for number in (0, 2, 4):  # the contents, a marker's table, the purpose records
            red, green, blue = pdf[number].render(scale=0.5).to_pil().convert("RGB").split()
            # A grey pixel has the same red, green and blue: the differences are blank everywhere.
            assert ImageChops.difference(red, green).getbbox() is None, number
            assert ImageChops.difference(green, blue).getbbox() is None, number
    finally:
        pdf.close()


def test_a_known_name_is_replaced_in_any_case_and_across_a_line_break_and_an_unknown_one_is_not(reviews, people):
    from casereview.workspace.reports.people import Naming

    naming = Naming(reviews["Child H"], by_role=True)
    text = "BEA LEWIS met\nAmina\n Hussain; Lewis agreed. Dr Okafor sent apologies. Mr Unregistered spoke."
    assert naming.text(text) == (
        "[Lead reviewer] met\n[Business manager]; [Lead reviewer] agreed. Dr [Board member] sent apologies. "
        "Mr Unregistered spoke."
    )
    assert Naming(reviews["Child H"], by_role=False).text(text) == text
