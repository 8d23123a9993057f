"""The labelled language corpus beside the repository (``<repo>/../shared/language-corpus``), read by the
accuracy benchmark, the model's training script and the tests that need it.

The corpus is not part of casereview: where it is absent, callers say so and skip. Its test split is
only ever scored; nothing here hands test sentences to anything that learns or tunes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "language-corpus"
CORPUS_FILE = CORPUS_DIR / "corpus.jsonl"
# Real published sentences labelled by the corpus's GUIDE.md, kept in the repository: extra train rows only.
EXTRA_DIR = Path(__file__).resolve().parent / "data" / "train-extra"
SPLITS = ("train", "dev", "test")
MISSING = f"the language corpus is not at {CORPUS_DIR}: put it there (see the issue on the language check) to use it"


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    labels: frozenset[str]
    quoted: bool
    arguable: bool
    source_kind: str
    split: str
    document: str = ""
    extra: bool = False  # from the extra train files, not the corpus


def available() -> bool:
    return CORPUS_FILE.is_file()


def sentences(split: str) -> list[Sentence]:
    """Every sentence of one split, in the corpus's order."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    if not available():
        raise FileNotFoundError(MISSING)
    found = []
    with CORPUS_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["split"] != split:
                continue
            found.append(_sentence(row, split=split, document=row.get("document", "")))
    return found


def _sentence(row: dict, *, split: str, document: str, extra: bool = False) -> Sentence:
    return Sentence(
        id=row["id"],
        text=row["text"],
        labels=frozenset(row["labels"]),
        quoted=bool(row["quoted"]),
        arguable=bool(row["arguable"]),
        source_kind=row["source_kind"],
        split=split,
        document=document,
        extra=extra,
    )


def extra_sentences(folder: Path = EXTRA_DIR) -> list[Sentence]:
    """Every sentence of the extra train files (``*.jsonl`` in ``folder``, in the order of their names), as
    train sentences whose document is the page they come from (``address``): folds are dealt by page, as
    the corpus's are by document. None when the folder holds no file."""
    found = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                row = json.loads(line)
                found.append(_sentence(row, split="train", document=row["address"], extra=True))
    return found


def modelled_on_addresses() -> set[str]:
    """The address of every page a corpus sentence was modelled on, whatever its split: the published
    sentences held out from tuning must come from none of these pages. Only addresses are read here."""
    if not available():
        raise FileNotFoundError(MISSING)
    with CORPUS_FILE.open(encoding="utf-8") as lines:
        return {json.loads(line)["modelled_on"] for line in lines}
