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
