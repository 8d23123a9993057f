"""The held-out set of verbatim published sentences (``benchmarks/data/published-sentences.jsonl``): the
second measure of the language checker, on text that neither the corpus nor anyone tuning the checker has
seen. See ``benchmarks/data/README-published-sentences.md`` for how it was gathered and labelled.

It is only ever scored: never read its sentences to change a rule, a threshold or the model, and never
train on it. ``language_accuracy.py --published`` prints the scores; nothing lists its sentences.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DATA_FILE = Path(__file__).resolve().parent / "data" / "published-sentences.jsonl"
# The categories of the corpus's labelling guide (GUIDE.md); a sentence with none of them is labelled none.
LABELS = ("counterfactual", "hindsight", "judgemental", "blame", "learning")
# The corpus's source kinds, and "research" for studies and encyclopaedia pages about reviews.
SOURCE_KINDS = ("review", "briefing", "dhr", "national", "inspection", "inquiry", "news", "guidance", "research")
FIELDS = ("id", "text", "labels", "quoted", "arguable", "note", "address", "title", "source_kind")
ID_PATTERN = re.compile(r"pub-\d{4}")


@dataclass(frozen=True)
class PublishedSentence:
    id: str
    text: str
    labels: frozenset[str]
    quoted: bool
    arguable: bool
    note: str
    address: str
    title: str
    source_kind: str


def problems(path: Path = DATA_FILE) -> list[str]:
    """What is wrong with the file, one line each, naming the line; empty when it is well-formed."""
    found: list[str] = []
    ids: set[str] = set()
    texts: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                found.append(f"line {number}: not JSON ({error.msg})")
                continue
            wrong = row_problems(row, ID_PATTERN, "pub-0001", SOURCE_KINDS)
            where = f"line {number} ({row['id']})" if isinstance(row, dict) and "id" in row else f"line {number}"
            found += [f"{where}: {problem}" for problem in wrong]
            if wrong and wrong[0].startswith("fields must be"):
                continue
            if isinstance(row["id"], str):
                if row["id"] in ids:
                    found.append(f"{where}: id used twice")
                ids.add(row["id"])
            if isinstance(row["text"], str):
                if row["text"] in texts:
                    found.append(f"{where}: the same sentence twice")
                texts.add(row["text"])
    return found


def row_problems(
    row: object,
    id_pattern: re.Pattern,
    id_example: str,
    source_kinds: tuple[str, ...],
    *,
    required: tuple[str, ...] = ("text", "note", "title"),
) -> list[str]:
    """What is wrong with one row's fields, in a labelled file of this format (the held-out sentences here, the
    extra training files in ``data/train-extra``): empty when they are well-formed. Ids and texts repeated
    across rows are for the caller to find."""
    if not isinstance(row, dict) or tuple(row) != FIELDS:
        return [f"fields must be {', '.join(FIELDS)} in that order"]
    found: list[str] = []
    if not isinstance(row["id"], str) or not id_pattern.fullmatch(row["id"]):
        found.append(f"id must look like {id_example}")
    for name in required:
        if not isinstance(row[name], str) or not row[name].strip():
            found.append(f"{name} is empty")
    labels = row["labels"]
    if not isinstance(labels, list) or any(label not in LABELS for label in labels):
        found.append(f"labels must be a list drawn from {', '.join(LABELS)} (empty for none)")
    elif len(set(labels)) != len(labels):
        found.append("a label given twice")
    for name in ("quoted", "arguable"):
        if not isinstance(row[name], bool):
            found.append(f"{name} must be true or false")
    address = urlsplit(row["address"]) if isinstance(row["address"], str) else None
    if address is None or address.scheme not in ("http", "https") or not address.netloc:
        found.append("address must be the page's http(s) URL")
    if row["source_kind"] not in source_kinds:
        found.append(f"source_kind must be one of {', '.join(source_kinds)}")
    return found


def sentences(path: Path = DATA_FILE) -> list[PublishedSentence]:
    """Every sentence of the set, in file order."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [
        PublishedSentence(
            id=row["id"],
            text=row["text"],
            labels=frozenset(row["labels"]),
            quoted=row["quoted"],
            arguable=row["arguable"],
            note=row["note"],
            address=row["address"],
            title=row["title"],
            source_kind=row["source_kind"],
        )
        for row in rows
    ]
