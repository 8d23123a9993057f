"""Reading the documents reviews are written in, made here as real files."""

import io
import os
import subprocess
import sys
import time
import zipfile

import docx
import pytest

from casereview.language import check_text, documents
from casereview.language.documents import UnreadableDocument, read_document
from tests.conftest import docx_bytes, expanding_docx, pdf_bytes


def text_pdf(lines: list[str]) -> bytes:
    """A real one-page PDF with a text layer, written by hand (no PDF library writes text here)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def expanding_pdf(megabytes: int, where: str) -> bytes:
    """A real one-page PDF holding a stream that inflates to that many MB of blanks, a "PDF bomb" of about 1 KB
    per MB. ``where``: "content", the page's content stream (read for the text), or "page-tree", an object
    stream holding the page tree (read as soon as the pages are counted, so in a PDF 1.5 cross-reference stream)."""
    import zlib

    def inflating(head: bytes) -> bytes:
        squeeze = zlib.compressobj(9)
        start = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
        # A full flush starts the compressor afresh, so every MB of blanks packs to the same bytes: packed once
        # and repeated, a GB takes milliseconds to make rather than seconds.
        megabyte = squeeze.compress(b" " * (1024 * 1024)) + squeeze.flush(zlib.Z_FULL_FLUSH)
        return start + megabyte * megabytes + squeeze.flush()

    def stream(dictionary: bytes, data: bytes) -> bytes:
        return b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (dictionary, len(data), data)

    text = b"BT /F1 12 Tf 72 720 Td (The review is for learning.) Tj ET\n"
    page_tree = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: page_tree,
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: stream(b"", inflating(text) if where == "content" else zlib.compress(text)),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    if where == "page-tree":
        del objects[2]
        objects[6] = stream(b"/Type /ObjStm /N 1 /First 4", inflating(b"2 0 " + page_tree))
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    table = out.tell()
    if where == "content":
        out.write(b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, 6)))
        out.write(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % table)
        return out.getvalue()
    # cross-reference stream rows: type (0 free, 1 at an offset, 2 inside an object stream), field, generation
    rows = [(0, 0, 65535)] + [(2, 6, 0) if n == 2 else (1, offsets[n], 0) for n in range(1, 7)] + [(1, table, 0)]
    entries = b"".join(
        bytes([kind]) + field.to_bytes(4, "big") + generation.to_bytes(2, "big") for kind, field, generation in rows
    )
    out.write(b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(entries))
    out.write(entries + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % table)
    return out.getvalue()


def peak_memory_mb() -> float:
    """The most memory this process has held at once so far (PDFium's too, which tracemalloc does not see)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_word_document_is_read_with_its_tables(tmp_path):
    document = docx.Document()
    document.add_paragraph("The purpose of the review is learning and improvement.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Key episode 3"
    table.cell(0, 1).text = "The school failed to refer."
    document.add_paragraph("Closing paragraph.")
    path = tmp_path / "report.docx"
    document.save(path)
    text = read_document(path)
    assert text.index("learning and improvement") < text.index("The school failed to refer.") < text.index("Closing")
    assert {f.rule_id for f in check_text(text).findings} >= {"failed-to", "learning-purpose"}


def test_a_pdf_text_layer_is_read(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(text_pdf(["The warning signs were missed.", "The review is for learning and improvement."]))
    text = read_document(path)
    assert "The warning signs were missed." in text
    assert any(f.rule_id == "warning-signs" for f in check_text(text).findings)


def test_a_scanned_pdf_says_it_has_no_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(2))
    with pytest.raises(UnreadableDocument, match="no text layer .* scanned"):
        read_document(path)


def test_html_and_markdown_and_text(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><style>p{}</style><script>var blame='x'</script></head>"
        "<body><p>It was <b>obvious</b> that&nbsp;the risk was high.</p></body></html>"
    )
    assert "It was obvious that\xa0the risk was high." in read_document(tmp_path / "page.html")
    assert "blame" not in read_document(tmp_path / "page.html")
    (tmp_path / "notes.md").write_bytes("# Notes\r\n\r\nThe GP’s letter.".encode("utf-8-sig"))
    assert read_document(tmp_path / "notes.md").startswith("# Notes")


def test_unsupported_and_damaged_files_are_explained(tmp_path):
    (tmp_path / "report.odt").write_bytes(b"PK")
    with pytest.raises(UnreadableDocument, match="reads .txt"):
        read_document(tmp_path / "report.odt")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UnreadableDocument, match="not a Word document we can read"):
        read_document(tmp_path / "broken.docx")


# `casereview lint` that reports its peak memory when it ends. Read from /proc, not getrusage: a child's
# ru_maxrss starts from the memory of the process that started it (here all of pytest).
LINT_WITH_PEAK = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write(f"peak {int(line.split()[1]) // 1024} MB\\n")
atexit.register(peak)
sys.argv = ["casereview", "lint", *sys.argv[1:]]
runpy.run_module("casereview.cli", run_name="__main__")
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory is read from Linux's /proc")
def test_lint_refuses_a_word_document_that_expands_to_195_mb_without_unpacking_it(tmp_path):
    """It took 35 s and 4.5 GB before."""
    bomb = tmp_path / "report.docx"
    bomb.write_bytes(expanding_docx({"word/document.xml": 195}))
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", LINT_WITH_PEAK, str(bomb)], capture_output=True, text=True, timeout=60
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"{bomb}: cannot check: this Word document would unpack to 195 MB in one part (word/document.xml), more "
        "than the 25 MB casereview opens"
    )
    peak_mb = int(result.stderr.rsplit("peak ", 1)[1].split()[0])
    assert peak_mb < 100 and elapsed < 20, (peak_mb, elapsed)


def with_parts(extra: dict[str, bytes], level: int = 6) -> bytes:
    """A real Word document with more parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes("Dear colleague,"))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            lambda: expanding_docx({f"word/part{n}.xml": 24 for n in range(5)}),
            r"would unpack to 12\d MB, more than the 100 MB casereview opens",
        ),
        (lambda: with_parts({"word/media/blank.bin": bytes(4 * 1024 * 1024)}, level=9), "would expand 1,0"),
        (lambda: with_parts({f"word/extra{n}.xml": b"<a/>" for n in range(1000)}), "made of 1,0"),
    ],
    ids=["too much in all", "expands too far", "too many parts"],
)
def test_a_word_document_built_to_overwhelm_is_refused_before_it_is_unpacked(tmp_path, make, says):
    path = tmp_path / "report.docx"
    path.write_bytes(make())
    with pytest.raises(UnreadableDocument, match=says):
        read_document(path)


def test_a_pdf_is_checked_up_to_2000_pages(tmp_path):
    path = tmp_path / "bundle.pdf"
    path.write_bytes(pdf_bytes(2001))
    with pytest.raises(UnreadableDocument, match="this PDF has 2,001 pages, more than the 2,000 .* split it"):
        read_document(path)


def test_a_pdf_with_more_text_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 40)
    path = tmp_path / "report.pdf"
    path.write_bytes(text_pdf(["The warning signs were missed.", "The review is for learning and improvement."]))
    with pytest.raises(UnreadableDocument, match="more than 40 characters of text"):
        read_document(path)


@pytest.mark.parametrize("where", ["content", "page-tree"])
def test_a_pdf_built_to_overwhelm_is_refused_within_bounded_memory_and_time(tmp_path, where):
    path = tmp_path / "report.pdf"
    path.write_bytes(expanding_pdf(1024, where))  # 1 MB that inflates to 1 GB
    before = peak_memory_mb()
    started = time.perf_counter()

    with pytest.raises(UnreadableDocument, match="this PDF is too large to check: opening it needs more than 512 MB"):
        read_document(path)

    # PDFium took 1.5 GB and 9 s of this process for a bomb of 1.5 GB, and hung for minutes on 300 MB of text
    assert peak_memory_mb() - before < 100
    assert time.perf_counter() - started < documents.PDF_SECONDS + 5


def test_a_pdf_built_to_overwhelm_is_refused_in_a_process_running_threads_too(tmp_path):
    """A process with other threads (a threaded server) reads PDFs in a new process rather than a fork of itself."""
    import threading

    path = tmp_path / "report.pdf"
    path.write_bytes(expanding_pdf(1024, "page-tree"))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pytest.raises(UnreadableDocument, match="this PDF is too large to check"):
            read_document(path)
        path.write_bytes(expanding_pdf(1, "content"))
        assert "The review is for learning." in read_document(path)
    finally:
        stop.set()
        other.join()


def test_a_pdf_whose_streams_inflate_within_bounds_is_read(tmp_path):
    for where in ("content", "page-tree"):
        path = tmp_path / f"{where}.pdf"
        path.write_bytes(expanding_pdf(1, where))
        assert "The review is for learning." in read_document(path)
