"""``casereview lint``: check documents and folders from the command line."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import TextIO

from .check import Finding, check_text
from .documents import SUPPORTED, UnreadableDocument, read_document
from .model import Category, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Options:
    categories: frozenset[Category]
    min_severity: Severity
    fail_on: Severity | None
    output: str  # "text" or "json"
    # Findings worth a second look are always in the JSON (with their kind); in the text only when asked.
    second_looks: bool = False


def files_under(paths: Sequence[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every supported file named or inside a named folder, and the paths that could not be used."""
    found, problems = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        elif path.is_file():
            found.append(path)
        elif path.exists():  # a device or a pipe
            problems.append((name, "this is not a file or a folder"))
        else:
            problems.append((name, "no such file or folder"))
    return found, problems


def shown(finding: Finding, options: Options) -> bool:
    if finding.category not in options.categories:
        return False
    if finding.second_look and options.output == "text" and not options.second_looks:
        return False
    return finding.category is Category.LEARNING or finding.severity.rank >= options.min_severity.rank


def fails(finding: Finding, options: Options) -> bool:
    return (
        options.fail_on is not None
        and finding.is_problem
        and finding.category in options.categories
        and finding.severity.rank >= options.fail_on.rank
    )


def _progress(stream: TextIO, done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
    if done == total:
        stream.write("\r" + " " * (width + 24) + "\r")
    stream.flush()


def run(paths: Sequence[str], options: Options, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    files, missing = files_under(paths)
    unreadable = list(missing)
    results: list[tuple[Path, list[Finding], int]] = []
    show_progress = len(files) > 3 and err.isatty()
    # Only the findings of the categories shown are made, and second looks only where shown: by default
    # neither output shows learning signals, and text output no second look, most of a long report's findings.
    second_looks = options.output == "json" or options.second_looks
    for number, path in enumerate(files, 1):
        try:
            report = check_text(
                read_document(path), explain=True, categories=options.categories, second_looks=second_looks
            )
        except UnreadableDocument as error:
            unreadable.append((str(path), str(error)))
        else:
            results.append((path, [f for f in report.findings if shown(f, options)], report.words))
        if show_progress:
            _progress(err, number, len(files))
    failing = any(fails(f, options) for _, findings, _ in results for f in findings)
    if options.output == "json":
        _write_json(results, unreadable, out)
    else:
        out.write(_text_document(results, unreadable))
    for path, reason in unreadable:
        err.write(f"{path}: cannot check: {reason}\n")
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_CLEAN


# One finding (``Finding.as_dict``) as ``json.dumps(..., indent=2, ensure_ascii=False)`` lays it out in the
# document, eight spaces in, filled by one ``%`` per finding: a long report has a hundred thousand findings,
# and the standard library's indenting encoder runs in Python, a small piece at a time. A test checks that
# the two give the same bytes.
_FINDING = (
    "        {\n"
    '          "rule": %s,\n'
    '          "kind": %s,\n'
    '          "category": %s,\n'
    '          "severity": %s,\n'
    '          "start": %d,\n'
    '          "end": %d,\n'
    '          "line": %d,\n'
    '          "column": %d,\n'
    '          "matched": %s,\n'
    '          "quoted": %s,\n'
    '          "signal": %s,\n'
    '          "confidence": %s,\n'
    '          "weighed": %s\n'
    "        }"
)
_FILE = '    {\n      "path": %s,\n      "words": %d,\n      "findings": '
_WEIGHED_GAP = ",\n            "
# Findings laid out and written this many at a time: a long report's document is tens of MB, and building
# it whole, then copying it into its enclosing text, costs as much again in fresh memory.
_BATCH = 1000


def _write_json(results, unreadable, out: TextIO) -> None:
    """The JSON document: each file with its findings (each naming its rule), each rule's texts once, and
    the files that could not be checked; with a line break at the end."""
    encode = encode_basestring
    # what findings share (their rule, kind, category, severity and signal), encoded once
    shared: dict[tuple, tuple[str, ...]] = {}
    rules: dict[str, dict] = {}
    out.write('{\n  "files": ' + ("[\n" if results else "[]"))
    for number, (path, findings, words) in enumerate(results):
        out.write((",\n" if number else "") + _FILE % (encode(str(path)), words) + ("[\n" if findings else "[]"))
        for begin in range(0, len(findings), _BATCH):
            laid_out = []
            for finding in findings[begin : begin + _BATCH]:
                key = (finding.rule_id, finding.second_look, finding.category, finding.severity, finding.signal)
                parts = shared.get(key)
                if parts is None:
                    if finding.rule_id not in rules:
                        rules[finding.rule_id] = finding.rule_dict()
                    values = (finding.rule_id, finding.kind, finding.category.value, finding.severity.value)
                    signal = "null" if finding.signal is None else encode(finding.signal.value)
                    parts = shared[key] = (*map(encode, values), signal)
                weighed = finding.weighed
                laid_out.append(
                    _FINDING
                    % (
                        parts[0],
                        parts[1],
                        parts[2],
                        parts[3],
                        finding.start,
                        finding.end,
                        finding.line,
                        finding.column,
                        encode(finding.matched),
                        "true" if finding.quoted else "false",
                        parts[4],
                        _confidence(finding.confidence),
                        "[\n            " + _WEIGHED_GAP.join(map(encode, weighed)) + "\n          ]"
                        if weighed
                        else "[]",
                    )
                )
            out.write((",\n" if begin else "") + ",\n".join(laid_out))
        out.write(("\n      ]" if findings else "") + "\n    }")
    out.write(
        ("\n  ]" if results else "")
        + ',\n  "rules": '
        + _indented(dict(sorted(rules.items())))
        + ',\n  "unreadable": '
        + _indented([{"path": path, "reason": reason} for path, reason in unreadable])
        + "\n}\n"
    )


def _indented(value) -> str:
    """A value of the document's top level, as the standard library lays it out there (two spaces in)."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def _confidence(value: float | None) -> str:
    if value is None:
        return "null"
    value = round(value, 3)
    return float.__repr__(value) if math.isfinite(value) else json.dumps(value)


def _text_document(results, unreadable) -> str:
    """A line per finding and one to sum up, as one string: written at once, not a line at a time."""
    lines = []
    counts: Counter[str] = Counter()
    second_looks = 0
    for path, findings, _ in results:
        for finding in findings:
            lines.append(f"{path}:{finding.line}:{finding.column} {_described(finding)}")
            if finding.second_look:
                second_looks += 1
            else:
                counts[finding.category.value] += 1
    total = sum(counts.values())
    by_category = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    summary = (
        f"{len(results)} file{'s' if len(results) != 1 else ''} checked, {total} finding{'s' if total != 1 else ''}"
    )
    if by_category:
        summary += f" ({by_category})"
    if second_looks:
        summary += f", {second_looks} worth a second look"
    if unreadable:
        summary += f", {len(unreadable)} could not be checked"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _described(finding: Finding) -> str:
    """One finding on one line: its category, the words it is about, and what it says."""
    words = (
        ", ".join(f'"{" ".join(w.split())}"' for w in finding.weighed)
        if finding.weighed
        else f'"{" ".join(finding.matched.split())}"'
    )
    kind = ""
    if finding.second_look:
        kind = " second look" + (f" ({finding.confidence:.0%} sure)" if finding.confidence is not None else "")
    quoted = " (quoted, not the author's wording)" if finding.quoted else ""
    return f"{finding.category.value}{kind} {words}: {finding.message}{quoted}"
