"""The report as a tagged PDF (PDF/UA-1) through WeasyPrint, from the HTML of ``reports/report.html``.

WeasyPrint fetches whatever a page links to. A report holds people's words about children, so nothing is
fetched from anywhere but casereview's own static files: ``StaticOnly`` refuses every other address, and the
refusal is logged rather than followed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .document import Document, printable

logger = logging.getLogger(__name__)

STATIC = (Path(__file__).resolve().parents[1] / "static" / "casereview").resolve()
_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class Refused(ValueError):
    """An address the report may not fetch from."""


class StaticOnly(URLFetcher):
    """A fetcher that reads only files of casereview's own static folder, and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            logger.warning("A report tried to fetch %s: refused", url[:200])
            raise Refused(f"Reports fetch nothing from outside casereview: {url[:200]}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(STATIC) or path.suffix not in _TYPES or not path.is_file():
            logger.warning("A report tried to read %s: refused", path)
            raise Refused(f"Reports read only casereview's own static files, not {path}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _TYPES[path.suffix]})


def css_string(text: str) -> str:
    """The text as the inside of a CSS string: letters, digits and spaces as they are, anything else escaped.
    Nothing in the result is special to HTML either, so the template's escaping leaves it as it is."""
    return "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in text)


def report_html(document: Document) -> str:
    document = document.rewritten(printable)
    return render_to_string(
        "reports/report.html",
        {
            "document": document,
            "contents": document.headings(deepest=3),
            "blocks": document.anchored(),
            "header": css_string(document.partnership),
        },
    )


_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def report_pdf(document: Document, *, laid_out: Callable[[int], None] = lambda _: None) -> bytes:
    """The document as a PDF/UA-1 file: tagged, titled, in British English, with contents and page numbers.
    ``laid_out`` is told the number of pages once they are laid out, before the file is written."""
    html = HTML(string=report_html(document), base_url=STATIC.as_uri() + "/", url_fetcher=StaticOnly())
    pages = html.render(**_OPTIONS)
    laid_out(len(pages.pages))
    return pages.write_pdf(**_OPTIONS)
