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

from .check import EXPLAIN_PROBLEMS, Finding, check_text, rule_dicts
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
    # The words that weighed most with the model, for the findings shown: text output shows second looks
    # only when asked, and finding the words costs as much as the model's scoring.
    explain = True if options.output == "json" or options.second_looks else EXPLAIN_PROBLEMS
    for number, path in enumerate(files, 1):
        try:
            report = check_text(read_document(path), explain=explain)
        except UnreadableDocument as error:
            unreadable.append((str(path), str(error)))
        else:
            results.append((path, [f for f in report.findings if shown(f, options)], report.words))
        if show_progress:
            _progress(err, number, len(files))
    failing = any(fails(f, options) for _, findings, _ in results for f in findings)
    if options.output == "json":
        # each rule's texts once, however many findings it has: a long report has thousands
        rules = rule_dicts(f for _, findings, _ in results for f in findings)
        document = {
            "files": [
                {"path": str(path), "words": words, "findings": [f.as_dict() for f in findings]}
                for path, findings, words in results
            ],
            "rules": dict(sorted(rules.items())),
            "unreadable": [{"path": path, "reason": reason} for path, reason in unreadable],
        }
        out.write(indented_json(document))
        out.write("\n")
    else:
        _write_text(results, unreadable, out)
    for path, reason in unreadable:
        err.write(f"{path}: cannot check: {reason}\n")
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def indented_json(value, pad: str = "") -> str:
    """What ``json.dumps(value, indent=2, ensure_ascii=False)`` gives, for the dictionaries (with string
    keys), lists, strings, numbers, booleans and None that lint writes, several times faster: the standard
    library encodes with indentation in Python, one small piece at a time, and a long report has a hundred
    thousand findings. A test checks the two give the same text."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = pad + "  "
    if type(value) is dict and all(type(key) is str for key in value):
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            scalar = _SCALARS.get(type(item))
            items.append(f"{inner}{encode_basestring(key)}: {scalar(item) if scalar else indented_json(item, inner)}")
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if type(value) is list or type(value) is tuple:
        if not value:
            return "[]"
        records = _records_json(value, inner)
        if records is not None:
            return "[\n" + records + "\n" + pad + "]"
        items = []
        for item in value:
            scalar = _SCALARS.get(type(item))
            items.append(inner + (scalar(item) if scalar else indented_json(item, inner)))
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    # anything else (infinity, subclasses, keys that are not strings): as the standard library writes it
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)


def _records_json(records, pad: str) -> str | None:
    """The items of a list of dictionaries with the same keys, each holding strings, numbers, booleans, None
    or lists of those (lint's findings), as ``indented_json`` writes them at ``pad``: every value is encoded
    by the standard library's C encoder in one call, one value a line (an encoded value holds no line
    break), and only laid out here. None for any other list."""
    if type(records[0]) is not dict:
        return None
    keys = list(records[0])
    if not all(type(key) is str for key in keys):
        return None
    values = []
    for record in records:
        if type(record) is not dict or list(record) != keys:
            return None
        for value in record.values():
            if type(value) is list:
                if not all(type(item) in _SCALARS for item in value):
                    return None
                values.extend(value)
            elif type(value) in _SCALARS:
                values.append(value)
            else:
                return None
    if not values:
        return None
    encoded = json.dumps(values, ensure_ascii=False, separators=("\n", ":"))[1:-1].split("\n")
    inner, deeper = pad + "  ", pad + "    "
    named = [f"{inner}{encode_basestring(key)}: " for key in keys]
    laid_out, at = [], 0
    for record in records:
        parts = []
        for name, value in zip(named, record.values(), strict=True):
            if type(value) is list:
                count = len(value)
                if count:
                    items = ",\n".join([deeper + item for item in encoded[at : at + count]])
                    parts.append(f"{name}[\n{items}\n{inner}]")
                else:
                    parts.append(name + "[]")
                at += count
            else:
                parts.append(name + encoded[at])
                at += 1
        laid_out.append(pad + "{\n" + ",\n".join(parts) + "\n" + pad + "}")
    return ",\n".join(laid_out)


def _float(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else json.dumps(value)


_SCALARS = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


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
