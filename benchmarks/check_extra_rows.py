"""Check a file of extra training sentences before it joins ``benchmarks/data/train-extra``.

Run: .venv/bin/python benchmarks/check_extra_rows.py NEW.jsonl [NEW2.jsonl ...]

Says, row by row, what keeps a row out, and exits 1 if anything does: a field missing or of the wrong kind, a
label the guide does not have, an id used twice; a page (``address``) of the corpus's dev or test split, of the
held-out published sentences, or of another extra file (each page belongs to one file, so the folds by page stay
apart); a run of eight words shared with a held-out published sentence, a dev or test sentence of the corpus, or a
sentence of another extra file (the same story copied from another page). The dev and test sentences are read
only to keep them out of training. Needs ``../shared/language-corpus``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import language_corpus  # noqa: E402
import published_sentences  # noqa: E402

RUN = 8  # words in a row that mark the same sentence, or a copy of the same story
SOURCE_KINDS = ("review", "briefing", "dhr", "national", "inspection", "inquiry", "news", "guidance")
ID_PATTERN = re.compile(r"extra-[a-z]+-\d{4}")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def runs(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _held_out() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Pages no extra row may come from (address: why), and the runs of words no extra row may share."""
    pages: dict[str, str] = {}
    words: dict[tuple[str, ...], str] = {}
    with language_corpus.CORPUS_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["split"] in ("dev", "test"):
                pages[row["modelled_on"]] = f"a page the corpus's {row['split']} split was modelled on"
                for run in runs(row["text"]):
                    words[run] = f"corpus {row['split']} sentence {row['id']}"
    for sentence in published_sentences.sentences():
        pages[sentence.address] = f"the page of held-out published sentence {sentence.id}"
        for run in runs(sentence.text):
            words[run] = f"held-out published sentence {sentence.id}"
    return pages, words


def _other_files(checked: list[Path]) -> tuple[dict[str, str], dict[tuple[str, ...], str], set[str]]:
    pages: dict[str, str] = {}
    words: dict[tuple[str, ...], str] = {}
    ids: set[str] = set()
    resolved = {path.resolve() for path in checked}
    for path in sorted(language_corpus.EXTRA_DIR.glob("*.jsonl")):
        if path.resolve() in resolved:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                ids.add(row["id"])
                pages[row["address"]] = f"{path.name} ({row['id']})"
                for run in runs(row["text"]):
                    words[run] = f"{path.name} row {row['id']}"
    return pages, words, ids


def problems(paths: list[Path]) -> list[str]:
    held_pages, held_words = _held_out()
    other_pages, other_words, other_ids = _other_files(paths)
    found: list[str] = []
    seen_ids: set[str] = set()
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                found.append(f"{where}: not JSON ({error.msg}); write one JSON object a line")
                continue
            wrong = published_sentences.row_problems(
                row, ID_PATTERN, "extra-bx-0001", SOURCE_KINDS, required=("text", "title")
            )
            if wrong and wrong[0].startswith("fields must be"):
                found.append(f"{where}: {wrong[0]}")
                continue
            row_id = row["id"]
            found += [f"{where} {row_id}: {problem}" for problem in wrong]
            if isinstance(row_id, str):
                if row_id in seen_ids or row_id in other_ids:
                    found.append(f"{where}: id {row_id} is used already; give each row an id of its own")
                seen_ids.add(row_id)
            if row["address"] in held_pages:
                found.append(f"{where} {row_id}: from {held_pages[row['address']]}; drop the page's rows")
            elif row["address"] in other_pages:
                found.append(
                    f"{where} {row_id}: the page is used by {other_pages[row['address']]}; drop the page's rows"
                )
            held = next((held_words[run] for run in runs(row["text"]) if run in held_words), None)
            copied = next((other_words[run] for run in runs(row["text"]) if run in other_words), None)
            if held:
                found.append(f"{where} {row_id}: shares {RUN} words in a row with {held}; drop the page's rows")
            elif copied:
                found.append(f"{where} {row_id}: shares {RUN} words in a row with {copied}; drop the row")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if not language_corpus.available():
        print(language_corpus.MISSING, file=sys.stderr)
        return 2
    found = problems(args.files)
    for problem in found:
        print(problem)
    rows = sum(1 for path in args.files for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{rows} rows checked: {'no problem' if not found else f'{len(found)} problems'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
