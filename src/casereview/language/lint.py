"""``casereview lint``: check documents and folders from the command line."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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
    for number, path in enumerate(files, 1):
        try:
            report = check_text(read_document(path), explain=True)
        except UnreadableDocument as error:
            unreadable.append((str(path), str(error)))
        else:
            results.append((path, [f for f in report.findings if shown(f, options)], report.words))
        if show_progress:
            _progress(err, number, len(files))
    failing = any(fails(f, options) for _, findings, _ in results for f in findings)
    if options.output == "json":
        # each rule's texts once, however many findings it has: a long report has thousands
        rules = {f.rule_id: f.rule_dict() for _, findings, _ in results for f in findings}
        json.dump(
            {
                "files": [
                    {"path": str(path), "words": words, "findings": [f.as_dict() for f in findings]}
                    for path, findings, words in results
                ],
                "rules": dict(sorted(rules.items())),
                "unreadable": [{"path": path, "reason": reason} for path, reason in unreadable],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        _write_text(results, unreadable, out)
    for path, reason in unreadable:
        err.write(f"{path}: cannot check: {reason}\n")
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _write_text(results, unreadable, out: TextIO) -> None:
    counts: Counter[str] = Counter()
    second_looks = 0
    for path, findings, _ in results:
        for finding in findings:
            out.write(f"{path}:{finding.line}:{finding.column} {_described(finding)}\n")
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
    out.write(summary + "\n")


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
