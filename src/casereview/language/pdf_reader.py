"""Reads one PDF in a process of its own, which ``documents`` starts: bounds its own memory and processor time,
reads the PDF and writes the answer to a pipe.

The process is a fork of the one asking when that one runs a single thread (a fork costs milliseconds, and PDFium
is loaded already); otherwise this file is run on its own (``python -I pdf_reader.py``, the PDF on standard
input), loading only itself and PDFium, because forking a process whose other threads may be inside PDFium or
holding a lock could leave the copy stuck. Its exit status says how it went: READ (the answer follows),
REFUSED (the reason, for the user, follows) or anything else (stopped for want of memory or time, or a fault).
"""

from __future__ import annotations

import os
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


def run(task: str, data: bytes, memory_bytes: int, seconds: int, max_pages: int, max_chars: int, output: int) -> int:
    """In the process reading the PDF: bound it, then write the answer (or the reason) to the file descriptor
    ``output``; the exit status to end the process with."""
    with open("/proc/self/statm") as statm:  # what the process has mapped already (Linux; counted in pages)
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = mapped + memory_bytes if hard == resource.RLIM_INFINITY else min(mapped + memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    # The parent's timeout ends this process; the processor limit ends it too should the parent be stopped first.
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    try:
        answer, status = read(task, data, max_pages, max_chars), READ
    except Refused as refused:
        answer, status = str(refused), REFUSED
    remaining = memoryview(answer.encode("utf-8", errors="surrogatepass"))
    while remaining:
        remaining = remaining[os.write(output, remaining) :]
    return status


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.stdin.buffer.read(), *(int(number) for number in sys.argv[2:]), output=1))
