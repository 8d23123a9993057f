"""Text out of the documents reviews are written in: .txt, .md, .html, .docx and .pdf."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


class UnreadableDocument(ValueError):
    """The document cannot be checked; the message says why and what to do."""


class _TextOfHtml(HTMLParser):
    """Visible text of an HTML page, block elements on their own lines; scripts and styles dropped."""

    _BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "td",
        "th",
        "dt",
        "dd",
        "pre",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "template"):
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order, a blank line between paragraphs."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of error on a damaged file
        raise UnreadableDocument("this is not a Word document we can read: save it again as .docx") from None
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            blocks.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    blocks.append(cell.text)
    return "\n\n".join(block for block in blocks if block.strip())


def pdf_text(data: bytes) -> str:
    """The PDF's text layer, page by page. A scanned PDF has none, and says so."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise UnreadableDocument("this PDF cannot be read: it may be damaged or protected by a password") from None
    try:
        pages = []
        for page in pdf:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
    finally:
        pdf.close()
    text = "\n\n".join(pages).replace("\r\n", "\n")
    if not text.strip():
        raise UnreadableDocument(
            "this PDF has no text layer (it is probably scanned): run it through text recognition (OCR), "
            "or check the original Word document instead"
        )
    return text


def read_document(path: str | Path) -> str:
    """The text of a document, by its extension; UnreadableDocument explains a file that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableDocument(
            f"casereview reads {', '.join(SUPPORTED)} files, not {suffix or 'files without an extension'}"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableDocument(f"the file cannot be opened ({error.strerror})") from None
    if suffix == ".docx":
        return docx_text(data)
    if suffix == ".pdf":
        return pdf_text(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return html_text(text) if suffix in (".html", ".htm") else text
