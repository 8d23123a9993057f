"""Every finding the language check gives on the corpus's train and dev text and on the repository's own
labelled sentences, written out in full, so that a change meant only to make the check faster can be
shown to change nothing: dump before, dump after, compare the files byte for byte.

Run: .venv/bin/python benchmarks/language_findings_dump.py OUT.jsonl [--quick]
Then: cmp before.jsonl after.jsonl (or diff them to see what moved).

What it dumps: each split's text (five sentences a paragraph) checked whole, with the model (and the words
that weighed most) and with the rules alone; the same text repeated with typographic quotes and line
endings a real file has (so the two-pass scan and the byte-to-character offsets run); each sentence alone;
what the rules say of each sentence as the model's training reads it; and ``casereview lint``'s text and
JSON output for the split's text. The test split is never read.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import language_corpus  # noqa: E402

from casereview.language import check_text  # noqa: E402
from casereview.language.check import rule_features  # noqa: E402
from casereview.language.lint import Options, run  # noqa: E402
from casereview.language.model import Category, Severity  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "language"


def finding_row(finding) -> list:
    return [
        finding.rule_id,
        finding.category.value,
        finding.severity.value,
        finding.start,
        finding.end,
        finding.line,
        finding.column,
        finding.matched,
        list(finding.sentence_span),
        finding.message,
        finding.explanation,
        finding.source,
        finding.suggestion,
        finding.quoted,
        finding.signal.value if finding.signal else None,
        finding.kind,
        repr(finding.confidence),
        list(finding.weighed),
    ]


def report_row(name: str, text: str, **options) -> dict:
    report = check_text(text, **options)
    return {
        "name": name,
        "words": report.words,
        "rates": {category.value: repr(rate) for category, rate in report.rates.items()},
        "verdict": None if report.verdict is None else report.as_dict()["verdict"],
        "findings": [finding_row(finding) for finding in report.findings],
    }


def texts(quick: bool) -> list[tuple[str, list[str]]]:
    """(name, sentences) of each body of text."""
    found = []
    for file in sorted(DATA.glob("*.yaml")):
        found.append((file.stem, [item["text"] for item in yaml.safe_load(file.read_text("utf-8"))["sentences"]]))
    if language_corpus.available():
        for split in ("dev", "train"):  # never the test split
            found.append((split, [sentence.text for sentence in language_corpus.sentences(split)]))
    else:
        print(f"Only the repository's own sentences: {language_corpus.MISSING}.", file=sys.stderr)
    if quick:
        found = [(name, sentences[:300]) for name, sentences in found]
    return found


def awkward(sentences: list[str]) -> str:
    """The sentences as a real file has them: curly quotes, Windows line endings, blank-line runs, tabs."""
    parts = []
    for number, sentence in enumerate(sentences):
        if number % 7 == 3:
            sentence = f"\u201c{sentence}\u201d"
        elif number % 11 == 5:
            sentence = sentence.replace(" ", "\t", 1)
        parts.append(sentence)
        parts.append("\r\n\r\n" if number % 5 == 4 else ("\n\n\n" if number % 13 == 12 else " "))
    return "Zo\u00eb\u2019s review. " + "".join(parts)


def lint_output(text: str, *, output: str, second_looks: bool) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "text.txt"
        path.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        options = Options(
            categories=frozenset(Category),
            min_severity=Severity.INFO,
            fail_on=Severity.WARNING,
            output=output,
            second_looks=second_looks,
        )
        code = run([str(path)], options, out, err)
        return f"exit {code}\n" + out.getvalue().replace(str(path), "FILE") + err.getvalue().replace(str(path), "FILE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--quick", action="store_true", help="the first 300 sentences of each body only")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:

        def write(row: dict) -> None:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")

        for name, sentences in texts(args.quick):
            paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
            whole = "\n\n".join(paragraphs)
            write(report_row(f"{name} whole, model", whole, explain=True))
            write(report_row(f"{name} whole, rules alone", whole, model=False))
            write(report_row(f"{name} awkward, model", awkward(sentences), explain=True))
            write(report_row(f"{name} awkward x3, model", "\n\n".join([awkward(sentences)] * 3)))
            for number, sentence in enumerate(sentences):
                write(report_row(f"{name} {number}", sentence, explain=True))
                write({"name": f"{name} {number} features", "features": sorted(rule_features(sentence))})
            for output in ("text", "json"):
                for second_looks in (False, True):
                    write(
                        {
                            "name": f"{name} lint {output} second looks {second_looks}",
                            "output": lint_output(whole, output=output, second_looks=second_looks),
                        }
                    )
    print(f"Written: {args.out}")


if __name__ == "__main__":
    main()
