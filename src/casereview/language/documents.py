"""Text out of the documents reviews are written in: .txt, .md, .html, .docx and .pdf."""

from __future__ import annotations

import io
import logging
import struct
from html.parser import HTMLParser
from pathlib import Path

from . import pdf_reader

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")

# What a Word document (a zip) may unpack to, read from the zip's directory before any part is unpacked. A real
# report is a few MB of XML; a "zip bomb" is a small file built to unpack until the computer runs out of memory.
MAX_PART_BYTES = 25 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 1000
# Real document parts shrink 5 to 30 times when zipped; a part that shrank more than this was made to expand.
MAX_RATIO = 200
RATIO_APPLIES_FROM = 1024 * 1024
# The work one PDF may ask of `casereview lint`: more is a file to split, not a report to read.
MAX_PDF_PAGES = 2000
MAX_TEXT_CHARS = 10_000_000
# A PDF is a program for PDFium to run, and PDFium sets no bounds of its own: a 1 MB file can hold a stream that
# inflates to gigabytes, or a page of millions of drawing operations. So PDFs are opened in a process of their
# own with a ceiling on its memory and time, and only the answer comes back. The largest real PDF we read (20 MB,
# 2,000 pages, 10 million characters) needs a fraction of either.
PDF_MEMORY_BYTES = 512 * 1024 * 1024
PDF_SECONDS = 20
_PDF_TOO_LARGE = (
    f"this PDF is too large to check: opening it needs more than {PDF_MEMORY_BYTES // (1024 * 1024):,} MB of memory "
    f"or {PDF_SECONDS} seconds, far more than any real report, so it may be damaged or built to overwhelm the "
    "computer: save it again as a PDF (for example with Print to PDF) or split it into smaller files"
)

_END_OF_DIRECTORY = b"PK\x05\x06"

_log = logging.getLogger(__name__)


class UnreadableDocument(ValueError):
    """The document cannot be checked; the message (a clause, to follow "cannot check: ") says why and what to do."""

    def sentence(self) -> str:
        """The message as a sentence of its own, for a page."""
        text = str(self)
        return text[:1].upper() + text[1:] + "."


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _declared_parts(data: bytes) -> int | None:
    """How many parts the zip's end record says it holds, read before zipfile builds an entry for each."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or len(data) - at < 22:
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


def check_unpacked_size(data: bytes) -> None:
    """Refuse a Word document that would unpack beyond any real one, before any part of it is unpacked.

    Reads only the zip's directory (the sizes it declares; zipfile never unpacks more than a part declares), so
    the cost is the same for a 195 MB bomb as for a letter. Raises UnreadableDocument saying what to do.
    """
    import zipfile  # here, not for every `casereview lint` of a text file

    parts = _declared_parts(data)
    if parts is not None and parts > MAX_PARTS:
        raise UnreadableDocument(
            f"this Word document is made of {parts:,} parts, more than the {MAX_PARTS:,} casereview opens (a real "
            "document has a few dozen), so it may be damaged or built to overwhelm the computer: open it in Word and "
            "save it again as .docx"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UnreadableDocument(
            "this file is not a Word document we can read (it may be damaged): save it again as .docx"
        ) from None
    if len(entries) > MAX_PARTS:
        raise UnreadableDocument(
            f"this Word document is made of {len(entries):,} parts, more than the {MAX_PARTS:,} casereview opens, "
            "so it may be damaged or built to overwhelm the computer: open it in Word and save it again as .docx"
        )
    total = 0
    for entry in entries:
        if entry.file_size > MAX_PART_BYTES:
            raise UnreadableDocument(
                f"this Word document would unpack to {_megabytes(entry.file_size)} in one part ({entry.filename}), "
                f"more than the {_megabytes(MAX_PART_BYTES)} casereview opens; a real document is far smaller, so "
                "it may be damaged or built to overwhelm the computer: open it in Word and save it again as .docx, "
                "or split it into smaller documents"
            )
        if entry.file_size >= RATIO_APPLIES_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise UnreadableDocument(
                f"this Word document has a part ({entry.filename}) that would expand "
                f"{entry.file_size // max(entry.compress_size, 1):,} times when opened, far more than any real "
                "document, so it may be built to overwhelm the computer: open it in Word and save it again as .docx"
            )
        total += entry.file_size
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(
            f"this Word document would unpack to {_megabytes(total)}, more than the "
            f"{_megabytes(MAX_UNPACKED_BYTES)} casereview opens: save a smaller copy (for example with smaller "
            "images), or split it into smaller documents"
        )


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

    check_unpacked_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of error on a damaged file
        raise UnreadableDocument(
            "this file is not a Word document we can read (it may be damaged): save it again as .docx"
        ) from None
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
    text = _read_pdf("text", data)
    if not text.strip():
        raise UnreadableDocument(
            "this PDF has no text layer (it is probably scanned): run it through text recognition (OCR), "
            "or check the original Word document instead"
        )
    return text


def pdf_pages(data: bytes) -> int:
    """How many pages the PDF has; UnreadableDocument if it cannot be opened, or not within bounds."""
    return int(_read_pdf("pages", data))


def _read_pdf(task: str, data: bytes) -> str:
    """``pdf_reader`` run on the PDF in a process of its own, bounded as PDF_MEMORY_BYTES and PDF_SECONDS say."""
    import threading

    limits = (PDF_MEMORY_BYTES, PDF_SECONDS, MAX_PDF_PAGES, MAX_TEXT_CHARS)
    reading = _forked if threading.active_count() == 1 else _started
    outcome = reading(task, data, limits)
    if outcome is None:  # out of time: stopped
        raise UnreadableDocument(_PDF_TOO_LARGE)
    status, answer, errors = outcome
    if status == pdf_reader.READ:
        return answer.decode("utf-8", errors="surrogatepass")
    if status == pdf_reader.REFUSED:
        raise UnreadableDocument(answer.decode("utf-8", errors="surrogatepass"))
    # Out of memory (a MemoryError, or PDFium aborting when an allocation fails) or of processor time (SIGXCPU).
    # Any other error would be a fault of ours or PDFium's, so what it said is kept for whoever reads the log.
    if status > 0 and b"MemoryError" not in errors:
        _log.warning("Reading a PDF stopped with status %s: %s", status, errors[-2000:].decode(errors="replace"))
    raise UnreadableDocument(_PDF_TOO_LARGE)


def _forked(task: str, data: bytes, limits: tuple[int, ...]) -> tuple[int, bytes, bytes] | None:
    """Read the PDF in a fork of this process: (exit status, answer, what went wrong), or None if out of time."""
    import faulthandler
    import os
    import select
    import signal
    import time
    import traceback

    import pypdfium2  # noqa: F401 - loaded once here, not by every fork

    answer_out, answer_in = os.pipe()
    errors_out, errors_in = os.pipe()
    child = os.fork()
    if child == 0:  # the fork: never returns, and leaves the parent's files, connections and exit handlers alone
        status = 1
        try:
            os.close(answer_out)
            os.close(errors_out)
            # What PDFium or Python would print (a crash report when PDFium aborts for want of memory) goes to
            # the parent with the outcome, not into the server's log or a test run's output.
            os.dup2(errors_in, 2)
            faulthandler.disable()
            status = pdf_reader.run(task, data, *limits, output=answer_in)
        except MemoryError:
            os.write(errors_in, b"MemoryError")
        except BaseException:
            os.write(errors_in, traceback.format_exc().encode(errors="replace"))
        finally:
            os._exit(status)
    os.close(answer_in)
    os.close(errors_in)
    received: dict[int, list[bytes]] = {answer_out: [], errors_out: []}
    open_ends = set(received)
    deadline = time.monotonic() + PDF_SECONDS
    try:
        while open_ends:
            ready, _, _ = select.select(list(open_ends), [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                return None
            for end in ready:
                chunk = os.read(end, 1 << 20)
                if chunk:
                    received[end].append(chunk)
                else:
                    open_ends.discard(end)
    finally:
        os.close(answer_out)
        os.close(errors_out)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status), b"".join(received[answer_out]), b"".join(received[errors_out])


def _started(task: str, data: bytes, limits: tuple[int, ...]) -> tuple[int, bytes, bytes] | None:
    """Read the PDF in a new Python process running ``pdf_reader``: as ``_forked`` says, a little slower."""
    import subprocess
    import sys

    try:
        done = subprocess.run(  # noqa: S603 - our own program, and the PDF goes in as data
            [sys.executable, "-I", str(Path(pdf_reader.__file__)), task, *(str(limit) for limit in limits)],
            input=data,
            capture_output=True,
            timeout=PDF_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed it
        return None
    return done.returncode, done.stdout, done.stderr


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
