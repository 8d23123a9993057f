"""A report as a plain document: headings, paragraphs, facts, tables and lists, in order.

This is the one template both outputs follow: the PDF's HTML and the Word file are each made by walking the same
blocks, so the two cannot say different things. No Django here: the content is gathered elsewhere.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"  # what the PDF's template tells blocks apart by
    text: str
    level: int  # 1 for a section, 2 and 3 within it


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    note: bool = False  # a remark about the record rather than the record (set apart, in italics)


@dataclass(frozen=True)
class Facts:
    """Name and value pairs, as a two-column table whose first column heads each row."""

    kind: ClassVar[str] = "facts"

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption and column headings; the first cell of each row heads the row."""

    kind: ClassVar[str] = "table"

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Items:
    kind: ClassVar[str] = "items"
    items: tuple[str, ...]


Block = Heading | Paragraph | Facts | Table | Items


@dataclass(frozen=True)
class Document:
    title: str
    partnership: str  # in every page's header
    made_at: datetime.datetime
    introduction: tuple[str, ...]  # paragraphs under the title, before the contents
    blocks: tuple[Block, ...]
    kind: str = "Board report"  # what the file is, for its properties
    author: str = ""

    def headings(self, deepest: int = 3) -> list[tuple[str, Heading]]:
        """The headings down to ``deepest`` with the anchor each has in the PDF, for the table of contents."""
        return [
            (anchor, block)
            for anchor, block in self.anchored()
            if isinstance(block, Heading) and block.level <= deepest
        ]

    def anchored(self) -> list[tuple[str, Block]]:
        """Each block with an anchor; a heading's is its place among the headings, which the contents link to."""
        result, count = [], 0
        for block in self.blocks:
            if isinstance(block, Heading):
                count += 1
                result.append((f"h{count}", block))
            else:
                result.append(("", block))
        return result

    def rewritten(self, change: Callable[[str], str]) -> Document:
        """The document with ``change`` applied to every piece of text in it (replacing names by roles)."""
        return replace(
            self,
            title=change(self.title),
            introduction=tuple(change(text) for text in self.introduction),
            blocks=tuple(_rewrite(block, change) for block in self.blocks),
        )

    def text(self) -> str:
        """Every piece of text in reading order, one a line: what a reader of either output reads."""
        parts = [self.partnership, self.title, *self.introduction]
        for block in self.blocks:
            parts.extend(_texts(block))
        return "\n".join(parts)


def _rewrite(block: Block, change: Callable[[str], str]) -> Block:
    if isinstance(block, Heading | Paragraph):
        return replace(block, text=change(block.text))
    if isinstance(block, Facts):
        return Facts(tuple((change(name), change(value)) for name, value in block.rows))
    if isinstance(block, Table):
        return Table(
            change(block.caption),
            tuple(change(column) for column in block.columns),
            tuple(tuple(change(cell) for cell in row) for row in block.rows),
        )
    return Items(tuple(change(item) for item in block.items))


def _texts(block: Block) -> list[str]:
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, Facts):
        return [text for row in block.rows for text in row]
    if isinstance(block, Table):
        return [block.caption, *block.columns, *(cell for row in block.rows for cell in row)]
    return list(block.items)


# Characters XML 1.0 cannot hold (both outputs are XML inside): control characters other than tab and line
# breaks, which a paste can bring into a record.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: str) -> str:
    return _NOT_IN_XML.sub("", text)


def paragraphs(text: str) -> list[str]:
    """A record's text as the paragraphs its writer made: split at blank lines, single line breaks kept."""
    text = printable(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()] if text else []


@dataclass
class Builder:
    """Collects blocks in order; each section of a report adds its own."""

    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int) -> None:
        self.blocks.append(Heading(text, level))

    def paragraph(self, text: str, *, note: bool = False) -> None:
        for part in paragraphs(text):
            self.blocks.append(Paragraph(part, note))

    def facts(self, rows: list[tuple[str, str]]) -> None:
        self.blocks.append(Facts(tuple(rows)))

    def table(self, caption: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        self.blocks.append(Table(caption, columns, tuple(rows)))

    def items(self, items: list[str]) -> None:
        if items:
            self.blocks.append(Items(tuple(items)))
