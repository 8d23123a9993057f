"""Reads one PDF in a process of its own, which ``documents`` starts: bounds its own memory and processor time
before PDFium is loaded, reads the PDF from standard input and writes the answer to standard output.

Run as a file (``python -I pdf_reader.py``), not imported, so that the process loads only this file and PDFium,
not the language rules. Its exit status says how it went: READ (the answer follows), REFUSED (the reason, for
the user, follows) or anything else (stopped for want of memory or time, or PDFium failed).
"""

from __future__ import annotations

import resource
import sys

READ = 0
REFUSED = 3

UNREADABLE = "this PDF cannot be read: it may be damaged or protected by a password"


class Refused(ValueError):
    """The PDF is not one to check; the message says why and what to do."""


def read(task: str, data: bytes, max_pages: int, max_chars: int) -> str:
    """Its number of pages (task "pages"), or its text layer page by page (task "text")."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise Refused(UNREADABLE) from None
    try:
        if task == "pages":
            return str(len(pdf))
        if len(pdf) > max_pages:
            raise Refused(
                f"this PDF has {len(pdf):,} pages, more than the {max_pages:,} casereview checks in one file: "
                "split it into smaller files"
            )
        pages = []
        characters = 0
        for page in pdf:
            text_page = page.get_textpage()
            # Counted before the text is taken out, so a page of millions of characters is refused unread.
            characters += text_page.count_chars()
            if characters > max_chars:
                text_page.close()
                page.close()
                raise Refused(
                    f"this PDF holds more than {max_chars:,} characters of text, more than casereview checks "
                    "in one file: split it into smaller files"
                )
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
    finally:
        pdf.close()
    return "\n\n".join(pages).replace("\r\n", "\n")


def main(task: str, memory_bytes: int, seconds: int, max_pages: int, max_chars: int) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The parent's timeout ends this process; the processor limit ends it too should the parent be stopped first.
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    data = sys.stdin.buffer.read()
    try:
        answer, status = read(task, data, max_pages, max_chars), READ
    except Refused as refused:
        answer, status = str(refused), REFUSED
    sys.stdout.buffer.write(answer.encode("utf-8", errors="surrogatepass"))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *(int(number) for number in sys.argv[2:])))
