"""Whatever bytes arrive as a document, reading it gives text or a clear reason, never a crash."""

from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.language.documents import UnreadableDocument, read_document
from tests.conftest import docx_bytes, pdf_bytes

PREFIXES = [b"", b"PK\x03\x04", b"%PDF-1.7\n", docx_bytes("A real letter")[:300], pdf_bytes(1)[:300], b"\xef\xbb\xbf"]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf"]),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=3000),
)
def test_any_bytes_read_as_text_or_refused_with_a_reason(tmp_path_factory, suffix, prefix, body):
    path = tmp_path_factory.mktemp("any") / f"document{suffix}"
    path.write_bytes(prefix + body)
    try:
        text = read_document(path)
    except UnreadableDocument as reason:
        assert str(reason)
    else:
        assert isinstance(text, str)
