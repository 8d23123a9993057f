"""The report as a Word document: real headings (Heading 1 to 3) and real tables, from the same blocks as the PDF.

A table's first row repeats on every page and is marked as its header, each table carries its caption for
screen readers, every page's header names the partnership and its footer the page number; the contents are a
Word field that Word fills in when the file is opened.
"""

from __future__ import annotations

import io

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..purpose.letters import LANGUAGE, set_language
from .document import Document, Facts, Heading, Items, Paragraph, Table, printable

_A4 = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(2.0)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (a page number, the contents) in the paragraph, with the text shown until Word updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


# What comes after updateFields in Word's settings, in the order the schema sets: Word refuses a file whose
# settings are out of order.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _update_fields_on_opening(word) -> None:
    """Word fills in the contents (and the page count) when the file is opened, asking first."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings = word.settings.element
    names = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS} | {qn("m:mathPr")}
    following = next((child for child in settings if child.tag in names), None)
    if following is None:
        settings.append(update)
    else:
        following.addprevious(update)


def _lines(paragraph, text: str, *, bold: bool = False) -> None:
    """The text into a paragraph, its line breaks kept as line breaks."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        if bold:
            run.bold = True
        if number < len(lines) - 1:
            run.add_break()


def _mark_header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    keep = OxmlElement("w:cantSplit")
    properties.append(keep)


def _caption(table, caption: str) -> None:
    """The table's caption as Word's accessibility checker reads it (alternative text title)."""
    properties = table._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption[:255])
    properties.append(element)


def _fill(cell, text: str, *, bold: bool = False) -> None:
    _lines(cell.paragraphs[0], text, bold=bold)


def _table(document, caption: str, columns: tuple[str, ...] | None, rows) -> None:
    if caption:
        label = document.add_paragraph(style="Caption")
        _lines(label, caption)
        label.paragraph_format.keep_with_next = True
    width = len(columns) if columns else 2
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if caption:
        _caption(table, caption)
    if columns:
        header = table.add_row()
        _mark_header_row(header)
        for cell, text in zip(header.cells, columns, strict=True):
            _fill(cell, text, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for position, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _fill(cell, text, bold=position == 0 and columns is None)
    document.add_paragraph()


# Word keeps at most this many characters in a document property (title, author, subject, category).
_PROPERTY_LENGTH = 255


def _property(value: str) -> str:
    """A document property as Word keeps it: a longer one (a long reference with names replaced by roles, say)
    is cut, with an ellipsis; the document's own text holds the whole of it."""
    return value if len(value) <= _PROPERTY_LENGTH else value[: _PROPERTY_LENGTH - 1] + "\u2026"


def report_docx(document: Document) -> bytes:
    """The document as a .docx file: A4, British English, headings and tables as Word's own."""
    document = document.rewritten(printable)
    word = docx.Document()
    set_language(word)
    word.styles["Normal"].font.size = Pt(10.5)
    section = word.sections[0]
    section.page_width, section.page_height = _A4
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, _MARGIN)
    section.header.paragraphs[0].text = document.partnership
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")

    word.add_paragraph(document.partnership)
    word.add_heading(document.title, level=0)
    for text in document.introduction:
        _lines(word.add_paragraph(), text)
    if any(isinstance(block, Heading) for block in document.blocks):
        word.add_paragraph("Contents", style="TOC Heading" if "TOC Heading" in word.styles else None)
        _field(word.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', "The contents appear when Word updates the file.")
        _update_fields_on_opening(word)

    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            _lines(paragraph, block.text)
            if block.note:
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, Facts):
            _table(word, "", None, block.rows)
        elif isinstance(block, Table):
            _table(word, block.caption, block.columns, block.rows)
        elif isinstance(block, Items):
            for item in block.items:
                _lines(word.add_paragraph(style="List Bullet"), item)

    properties = word.core_properties
    properties.title = _property(document.title)
    properties.author = _property(document.author)
    properties.last_modified_by = _property(document.author)
    properties.category = _property(document.kind)
    properties.subject = _property(document.partnership)
    properties.comments = ""
    properties.keywords = ""
    properties.language = LANGUAGE
    properties.created = document.made_at
    properties.modified = document.made_at
    properties.revision = 1
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
